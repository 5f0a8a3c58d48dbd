"""Background work of the accounts app."""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger(__name__)


@shared_task
def send_invitation(user_id):
    """E-mail an invited person the signed, expiring link with which they set their password.

    Running it again sends a fresh link, which does no harm; an account already activated gets
    nothing.
    """
    from .models import User

    user = User.objects.filter(pk=user_id).select_related("invited_by").first()
    if user is None or not user.is_invited:
        logger.info("Invitation %s not sent: no pending invitation.", user_id)
        return False
    path = reverse(
        "accounts:invitation-accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "link": f"{settings.SITE_URL}{path}",
        "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
    }
    with translation.override(user.language):
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_body.txt", context)
    send_mail(subject, body, None, [user.email])
    # The link's three days start now: the user page tells when it expires.
    User.objects.filter(pk=user.pk).update(invited_at=timezone.now())
    logger.info("Invitation sent to user %s.", user.pk)
    return True
