"""Notices of events: who is told of what, recorded in the event's transaction and sent once
it commits."""

from django.db import transaction
from django.dispatch import receiver

from accounts.signals import user_invited
from partners.leads.coordinators import coordinators_of, national_staff
from partners.leads.signals import lead_submitted

from .models import MessageKind, OutgoingMessage
from .tasks import send_messages


def send_on_commit(messages):
    ids = [message.pk for message in messages if message.sent_at is None]
    if not ids:
        return

    def queue_sending():
        send_messages.delay(ids)

    # Robust: with the broker down the event still succeeds, and beat's retry sends them.
    transaction.on_commit(queue_sending, robust=True)


@receiver(lead_submitted)
def record_lead_notices(sender, lead, language, **kwargs):
    """The coordinators of the lead's département (national staff when it has none) are told of
    it; the company's contact gets an acknowledgement in the language they used."""
    # The submission time tells a lead from another that reused its id (a restored database).
    version = lead.submitted_at.timestamp()
    recipients = list(coordinators_of(lead.department)) or list(national_staff())
    messages = [
        OutgoingMessage.objects.record(
            MessageKind.LEAD_NEW, lead, version, user=user, email=user.email
        )
        for user in recipients
    ]
    if lead.contact and lead.contact.email:
        messages.append(
            OutgoingMessage.objects.record(
                MessageKind.LEAD_RECEIVED,
                lead,
                version,
                email=lead.contact.email,
                language=language,
            )
        )
    send_on_commit(messages)


@receiver(user_invited)
def record_invitation(sender, user, invited_at, **kwargs):
    """The invited person gets their link; inviting them again (another date) sends another."""
    send_on_commit(
        [
            OutgoingMessage.objects.record(
                MessageKind.INVITATION, user, invited_at.timestamp(), user=user, email=user.email
            )
        ]
    )
