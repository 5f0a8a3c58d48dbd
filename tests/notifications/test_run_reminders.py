"""The run_reminders command says what it would send (rule, object, recipient — never a
person's name) and, with --wet-run, what it sent; beat's schedule is in the admin."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from notifications.models import Notification, Reminder

from ..beneficiaries.factories import BeneficiaryFactory, EnrolmentFactory
from ..programmes.factories import ActionFactory


@pytest.fixture
def exited(rhone_operator, departments):
    action = ActionFactory(operator=rhone_operator, departments=[departments["69"]])
    person = BeneficiaryFactory(
        first_name="Mariam",
        last_name="Haidari",
        department=departments["69"],
        referent_organisation=rhone_operator,
    )
    return EnrolmentFactory(beneficiary=person, action=action, exited=True)


def run(*args):
    out = io.StringIO()
    call_command("run_reminders", *args, stdout=out)
    return out.getvalue()


def test_dry_run_then_wet_run(exited, operator_user):
    follow_up = exited.follow_ups.get(months=6)
    dry = run("--date", "2026-12-31")
    assert "to send  follow_up_due" in dry
    assert f"followup #{follow_up.pk}" in dry
    assert f"user #{operator_user.pk} {operator_user.email}" in dry
    assert "Mariam" not in dry and "Haidari" not in dry
    assert "Dry run, nothing written" in dry
    assert not Reminder.objects.exists()

    wet = run("--wet-run", "--date", "2026-12-31")
    assert "sent  follow_up_due" in wet and "follow_up_due sent: 1" in wet
    assert Notification.objects.get().user == operator_user

    again = run("--wet-run", "--date", "2026-12-31")
    assert "already sent" in again
    assert Notification.objects.count() == 1


def test_one_rule(exited, operator_user):
    assert "follow_up_due" not in run("--rule", "convention_ending_30", "--date", "2026-12-31")
    assert "follow_up_due" in run("--rule", "follow_up_due", "--date", "2026-12-31")


def test_the_day_defaults_to_today_in_paris(db):
    assert f"Reminders for {datetime.date.today().isoformat()[:4]}" in run()


def test_national_staff_edit_the_sweeps_schedule_in_the_admin(client, national_user):
    task = PeriodicTask.objects.get(task="notifications.tasks.run_reminders")
    assert task.crontab.hour == "7" and str(task.crontab.timezone) == "Europe/Paris"
    assert task.args == "[]" and task.kwargs == "{}"  # nothing personal through the broker
    client.force_login(national_user)
    page = client.get(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]))
    assert page.status_code == 200


def test_national_staff_read_the_reminders_sent_in_the_admin(client, exited, national_user):
    run("--wet-run", "--date", "2026-12-31")
    client.force_login(national_user)
    page = client.get(reverse("admin:notifications_reminder_changelist"))
    assert page.status_code == 200
    assert "follow_up_due" in page.content.decode() or "Follow-up due" in page.content.decode()
    assert "Haidari" not in page.content.decode()
