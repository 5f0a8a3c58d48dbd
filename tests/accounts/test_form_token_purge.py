"""Spent form tokens are kept a day, then purged by beat's daily task."""

import datetime

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts.models import FormSubmission
from accounts.tasks import purge_spent_form_tokens

pytestmark = pytest.mark.django_db


def test_tokens_older_than_a_day_are_purged_and_recent_ones_kept():
    now = timezone.now()
    old = FormSubmission.objects.create(token="old", result_url="/a/")
    recent = FormSubmission.objects.create(token="recent", result_url="/b/")
    FormSubmission.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(hours=25))
    FormSubmission.objects.filter(pk=recent.pk).update(
        created_at=now - datetime.timedelta(hours=23)
    )

    assert purge_spent_form_tokens.delay().get() == 1
    assert list(FormSubmission.objects.values_list("token", flat=True)) == ["recent"]
    assert purge_spent_form_tokens.delay().get() == 0


def test_beat_runs_the_purge_every_day():
    task = PeriodicTask.objects.get(task="accounts.tasks.purge_spent_form_tokens")
    assert (task.interval.every, task.interval.period) == (1, "days")
    assert task.enabled
