"""The real asynchronous path: a view queues a task on commit, a Celery worker process takes it
from Redis and does its work against the same database."""

import re
import time

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from accounts.models import User
from notifications.models import OutgoingMessage
from notifications.tasks import send_unsent

from .leads.test_interest_form import form_data

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


def test_lead_notices_are_sent_once_by_a_real_worker(
    client, celery_worker_process, departments, rhone_user
):
    response = client.post(reverse("leads:interest-form"), form_data(departments))
    assert response.status_code == 302

    deadline = time.monotonic() + 30
    while OutgoingMessage.objects.unsent().exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    messages = OutgoingMessage.objects.all()
    assert sorted(message.kind for message in messages) == ["lead_new", "lead_received"]
    assert all(message.sent_at and message.attempts == 1 for message in messages)
    # The retry, run by the same worker, finds nothing left to send.
    assert send_unsent.delay().get(timeout=30) == 0
    recipients = sorted(
        line
        for path in wait_for_file(celery_worker_process)
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    )
    assert recipients == sorted(["To: camille.martin@brasserie.test", f"To: {rhone_user.email}"])


def test_reminders_are_swept_once_by_a_real_worker(celery_worker_process, rhone_operator):
    """Two sweeps queued at once (a retried task, beat restarted) are taken by the worker from
    Redis: the reminder is delivered once."""
    from django.utils import timezone

    from notifications.models import Notification
    from notifications.tasks import run_reminders

    from .beneficiaries.factories import BeneficiaryFactory, EnrolmentFactory
    from .factories import MembershipFactory
    from .programmes.factories import ActionFactory

    operator = MembershipFactory(role="operator", organisation=rhone_operator).user
    exit_date = timezone.localdate() - relativedelta(months=6)
    EnrolmentFactory(
        beneficiary=BeneficiaryFactory(referent_organisation=rhone_operator),
        action=ActionFactory(operator=rhone_operator),
        status="exited",
        referral_date=exit_date - relativedelta(months=3),
        entry_date=exit_date - relativedelta(months=2),
        exit_date=exit_date,
        exit_reason="completed",
    )
    first, second = run_reminders.delay(), run_reminders.delay()
    assert sorted([first.get(timeout=60), second.get(timeout=60)]) == [0, 1]
    assert Notification.objects.filter(user=operator).count() == 1
