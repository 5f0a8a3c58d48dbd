"""Background work of the accounts app."""

import datetime
import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)

#: How long a spent form token still turns a repeated POST into the first result: long enough
#: for Back then Send, a reload or a retry after a slow line.
FORM_TOKEN_LIFETIME = datetime.timedelta(days=1)


@shared_task
def purge_spent_form_tokens():
    """Delete the one-time form tokens (`FormSubmission`) older than FORM_TOKEN_LIFETIME, run
    daily by beat. Returns the number deleted; running it again deletes nothing more."""
    from .models import FormSubmission

    now = timezone.now()
    deleted, _by_model = FormSubmission.objects.filter(
        created_at__lt=now - FORM_TOKEN_LIFETIME
    ).delete()
    logger.info("Spent form tokens purged: %s.", deleted)
    return deleted
