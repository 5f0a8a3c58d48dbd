"""The real asynchronous path: a view queues a task on commit, a Celery worker process takes it
from Redis and does its work against the same database."""

import re
import time

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_for_file(folder, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(folder.iterdir())
        if files:
            time.sleep(0.2)  # let the worker finish writing
            return files
        time.sleep(0.2)
    return []


def test_invitation_is_emailed_by_a_real_worker(
    client, celery_worker_process, national_user, departments
):
    client.force_login(national_user)
    response = client.post(
        reverse("accounts:user-invite"),
        {
            "email": "invitee@paris.gouv.fr",
            "first_name": "Inès",
            "last_name": "Moreau",
            "language": "fr",
            "role": "territorial",
            "departments": [departments["75"].pk],
        },
    )
    assert response.status_code == 302

    files = wait_for_file(celery_worker_process)
    assert files, "the worker sent no e-mail within 30 s"
    message = files[0].read_text()
    assert "To: invitee@paris.gouv.fr" in message
    assert "Inès" in message
    path = re.search(r"/comptes/invitation/\S+/\S+/", message).group(0)

    page = client.get(path, follow=True)
    assert page.status_code == 200
    assert "new_password1" in page.content.decode()
    assert not User.objects.get(email="invitee@paris.gouv.fr").is_active
