"""What each kind of outgoing message says, rendered when it is sent (an invitation's link is
made then, never stored)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partners.leads.privacy import privacy_contact
from partners.models import Lead

from .emailing import digest_content, notification_content, unsubscribe_headers
from .models import MessageKind


class NothingToSend(Exception):
    """What the message was about is gone or settled: it will never be sent."""


def _lead(message):
    lead = (
        Lead.objects.filter(pk=message.object_id)
        .select_related("organisation", "department", "contact")
        .first()
    )
    if lead is None:
        raise NothingToSend("The lead no longer exists.")
    return lead


def lead_new(message):
    lead = _lead(message)
    if message.user is None:
        raise NothingToSend("The recipient's account no longer exists.")
    return "partners/email/lead_new", {
        "lead": lead,
        "user": message.user,
        "link": f"{settings.SITE_URL}{lead.get_absolute_url()}",
    }


def lead_received(message):
    lead = _lead(message)
    return "partners/email/lead_received", {
        "lead": lead,
        "contact": lead.contact,
        "privacy_contact": privacy_contact(),
    }


def invitation(message):
    user = message.user
    if user is None or not user.is_invited:
        raise NothingToSend("No pending invitation: the account is gone or already active.")
    path = reverse(
        "accounts:invitation-accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return "accounts/email/invitation", {
        "user": user,
        "link": f"{settings.SITE_URL}{path}",
        "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
    }


def invitation_sent(message):
    """The invitation's link lives three days from now: the user page says until when."""
    type(message.user).objects.filter(pk=message.user_id).update(invited_at=message.sent_at)


CONTENT = {
    MessageKind.LEAD_NEW: lead_new,
    MessageKind.LEAD_RECEIVED: lead_received,
    MessageKind.INVITATION: invitation,
    MessageKind.NOTIFICATION: notification_content,
    MessageKind.DIGEST: digest_content,
}


#: What else changes once a message of a kind has gone out.
AFTER_SENT = {
    MessageKind.INVITATION: invitation_sent,
}


def after_sent(message):
    """Record what the sending of `message` changes elsewhere (nothing for most kinds)."""
    if message.kind in AFTER_SENT:
        AFTER_SENT[message.kind](message)


#: The headers a kind of message adds (the notifications' List-Unsubscribe).
HEADERS = {
    MessageKind.NOTIFICATION: unsubscribe_headers,
    MessageKind.DIGEST: unsubscribe_headers,
}


def headers(message):
    """The extra headers of `message` ({name: value}, empty for most kinds)."""
    return HEADERS[message.kind](message) if message.kind in HEADERS else {}


def compose(message):
    """The subject and body of `message`, in its language; NothingToSend when it is moot."""
    template, context = CONTENT[message.kind](message)
    with translation.override(message.language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    return subject, body
