"""The real asynchronous path of an import: the page queues the check on commit, a Celery
worker process reads the file from the private storage and writes the preview; the
confirmation queues the write, which the worker does in one transaction."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beneficiaries.imports.models import ImportJob
from beneficiaries.models import Beneficiary

from ...conftest import in_english
from .files import csv_bytes, rows

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shared_private_storage(settings, tmp_path, private_storage):
    """The worker process reads the uploads where the test's web side wrote them."""
    import os

    os.environ["PRIVATE_MEDIA_ROOT"] = str(private_storage)
    yield private_storage
    del os.environ["PRIVATE_MEDIA_ROOT"]


def wait_until(job, statuses, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.3)
    raise AssertionError(f"the import stayed {job.status}")


def test_a_worker_checks_then_writes_an_import(
    client, shared_private_storage, celery_worker_process, action, operator_user
):
    client = in_english(client)
    client.force_login(operator_user)
    client.post(
        reverse("beneficiaries:import-create"),
        {"action": action.pk, "file": SimpleUploadedFile("f.csv", csv_bytes(rows(50)))},
    )
    job = wait_until(ImportJob.objects.get(), {"checked", "failed"})
    assert (job.status, job.to_create, job.in_error) == ("checked", 50, 0), job.failure
    client.post(reverse("beneficiaries:import-confirm", args=[job.pk]))
    job = wait_until(job, {"done", "failed"})
    assert (job.status, job.created) == ("done", 50), job.failure
    assert Beneficiary.objects.count() == 50
    assert not any(shared_private_storage.rglob("*.csv"))
