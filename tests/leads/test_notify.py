"""The lead e-mails are recorded with the lead, one per recipient, and each is sent once."""

import pytest
from django.utils import translation

from notifications.models import OutgoingMessage
from notifications.tasks import send_messages
from partners.leads.signals import lead_submitted
from partners.models import Lead

from .factories import LeadFactory


@pytest.fixture
def lead(departments):
    return LeadFactory(department=departments["69"], organisation__name="Rhône Traiteur")


def announce(lead, capture, language="fr"):
    """What the partnership form does once the lead is saved."""
    with capture(execute=True):
        lead_submitted.send(Lead, lead=lead, language=language)


def test_the_coordinators_and_the_contact_are_each_emailed_once(
    lead, rhone_user, auvergne_coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    announce(lead, django_capture_on_commit_callbacks)
    announce(lead, django_capture_on_commit_callbacks)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [rhone_user.email, auvergne_coordinator.email, lead.contact.email]
    )
    messages = OutgoingMessage.objects.all()
    assert sorted(message.kind for message in messages) == ["lead_new", "lead_new", "lead_received"]
    assert all(message.sent_at and message.attempts == 1 for message in messages)
    assert send_messages.delay([message.pk for message in messages]).get() == 0
    assert len(mailoutbox) == 3


def test_each_coordinator_gets_their_own_e_mail(
    lead, rhone_user, auvergne_coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    announce(lead, django_capture_on_commit_callbacks)
    notices = [mail for mail in mailoutbox if mail.to != [lead.contact.email]]
    assert len(notices) == 2
    assert all(len(mail.to) == 1 for mail in notices)
    assert all("\n" not in mail.subject for mail in notices)
    assert all(lead.get_absolute_url() in mail.body for mail in notices)


def test_the_acknowledgement_speaks_the_visitor_s_language(
    lead, mailoutbox, django_capture_on_commit_callbacks
):
    announce(lead, django_capture_on_commit_callbacks, language="en")
    (acknowledgement,) = mailoutbox
    with translation.override("en"):
        assert "Thank you" in acknowledgement.body


def test_no_acknowledgement_without_a_contact_address(
    lead, mailoutbox, django_capture_on_commit_callbacks
):
    lead.contact.email = ""
    lead.contact.save()
    announce(lead, django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert not OutgoingMessage.objects.exists()


def test_a_lead_deleted_before_sending_is_dropped_with_its_reason(
    lead, rhone_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lead_submitted.send(Lead, lead=lead, language="fr")
    lead.delete()
    for callback in callbacks:
        callback()
    assert mailoutbox == []
    assert set(OutgoingMessage.objects.values_list("last_error", flat=True)) == {
        "The lead no longer exists."
    }
    assert not OutgoingMessage.objects.due_for_retry().exists()
