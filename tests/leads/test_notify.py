"""The lead e-mails are sent once per recipient, whatever happens to the tasks."""

import smtplib

import pytest
from celery.exceptions import Retry

from partners.leads import tasks

from .factories import LeadFactory


@pytest.fixture
def lead(departments):
    return LeadFactory(department=departments["69"], organisation__name="Rhône Traiteur")


def test_running_the_tasks_twice_sends_each_e_mail_once(
    lead, rhone_user, auvergne_coordinator, mailoutbox
):
    assert tasks.notify_new_lead.delay(lead.pk).get() == 2
    assert tasks.notify_new_lead.delay(lead.pk).get() == 0
    assert tasks.acknowledge_interest.delay(lead.pk, "fr").get() is True
    assert tasks.acknowledge_interest.delay(lead.pk, "fr").get() is False
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [rhone_user.email, auvergne_coordinator.email, lead.contact.email]
    )


def test_a_failed_sending_is_sent_when_the_task_runs_again(
    lead, rhone_user, mailoutbox, monkeypatch
):
    def broken_send_mail(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection lost")

    with monkeypatch.context() as patched:
        patched.setattr(tasks, "send_mail", broken_send_mail)
        with pytest.raises(Retry):  # Celery schedules a retry
            tasks.notify_new_lead.delay(lead.pk)
    assert mailoutbox == []
    assert tasks.notify_new_lead.delay(lead.pk).get() == 1
    assert [mail.to for mail in mailoutbox] == [[rhone_user.email]]


def test_each_coordinator_gets_their_own_e_mail(lead, rhone_user, auvergne_coordinator, mailoutbox):
    tasks.notify_new_lead.delay(lead.pk)
    assert all(len(mail.to) == 1 for mail in mailoutbox)
    assert all("\n" not in mail.subject for mail in mailoutbox)
    assert all(lead.get_absolute_url() in mail.body for mail in mailoutbox)


def test_a_lead_deleted_before_the_task_runs_is_skipped(db, mailoutbox):
    assert tasks.notify_new_lead.delay(123456).get() == 0
    assert tasks.acknowledge_interest.delay(123456, "fr").get() is False
    assert mailoutbox == []


def test_no_acknowledgement_without_a_contact_address(lead, mailoutbox):
    lead.contact.email = ""
    lead.contact.save()
    assert tasks.acknowledge_interest.delay(lead.pk, "fr").get() is False
    assert mailoutbox == []
