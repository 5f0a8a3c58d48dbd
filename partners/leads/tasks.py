"""E-mails of the lead pipeline: the coordinators of a new lead's département are told of it,
and the company's contact gets an acknowledgement.

Each e-mail is sent once per lead and recipient: a key in the cache is taken before sending
and given back if sending fails, so a task run twice (or retried) sends nothing twice.
"""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .coordinators import coordinators_of, national_staff
from .privacy import privacy_contact

logger = logging.getLogger(__name__)

#: How long a sent e-mail is remembered; far longer than any retry.
SENT_KEY_TIMEOUT = 30 * 24 * 3600

RETRY = {
    "autoretry_for": (smtplib.SMTPException, ConnectionError),
    "retry_backoff": True,
    "max_retries": 5,
}


def _lead(lead_id):
    from partners.models import Lead

    return (
        Lead.objects.filter(pk=lead_id)
        .select_related("organisation", "department", "contact")
        .first()
    )


def _send_once(key, subject_template, body_template, context, recipient, language):
    """Render in `language` and send, unless this e-mail was already sent."""
    if not cache.add(key, True, SENT_KEY_TIMEOUT):
        return False
    try:
        with translation.override(language):
            subject = " ".join(render_to_string(subject_template, context).split())
            body = render_to_string(body_template, context)
        send_mail(subject, body, None, [recipient])
    except Exception:
        cache.delete(key)
        raise
    return True


def _key(kind, lead, recipient):
    # The submission time tells a lead from another that reused its id (a restored database).
    return f"leads:{kind}:{lead.pk}:{lead.submitted_at.timestamp()}:{recipient}"


@shared_task(**RETRY)
def notify_new_lead(lead_id):
    """Tell the coordinators of the lead's département (national staff when it has none)."""
    lead = _lead(lead_id)
    if lead is None:
        logger.info("Lead %s not notified: it no longer exists.", lead_id)
        return 0
    recipients = list(coordinators_of(lead.department)) or list(national_staff())
    context = {"lead": lead, "link": f"{settings.SITE_URL}{lead.get_absolute_url()}"}
    sent = 0
    for user in recipients:
        sent += _send_once(
            _key("new", lead, user.pk),
            "partners/email/lead_new_subject.txt",
            "partners/email/lead_new_body.txt",
            {**context, "user": user},
            user.email,
            user.language,
        )
    logger.info("Lead %s: %s of %s recipients notified.", lead.pk, sent, len(recipients))
    return sent


@shared_task(**RETRY)
def acknowledge_interest(lead_id, language):
    """Confirm to the company's contact that their interest reached DIAIR."""
    lead = _lead(lead_id)
    if lead is None or lead.contact is None or not lead.contact.email:
        logger.info("Lead %s not acknowledged: no contact e-mail address.", lead_id)
        return False
    sent = _send_once(
        _key("received", lead, lead.contact.pk),
        "partners/email/lead_received_subject.txt",
        "partners/email/lead_received_body.txt",
        {"lead": lead, "contact": lead.contact, "privacy_contact": privacy_contact()},
        lead.contact.email,
        language,
    )
    logger.info("Lead %s: acknowledgement %s.", lead.pk, "sent" if sent else "already sent")
    return sent
