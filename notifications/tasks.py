"""Sending outgoing messages. Each is sent by one worker at a time (its row is locked while the
mail server answers) and marked sent only once the server accepted it; what failed stays unsent
with its error and is tried again by `send_unsent`, run by beat. Arguments and logs hold ids
only: addresses and names stay in the database."""

import logging
from collections import Counter

from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .content import NothingToSend, after_sent, compose
from .models import MAX_ATTEMPTS, OutgoingMessage

logger = logging.getLogger(__name__)

#: Messages tried by one run of send_unsent; the next run takes the rest.
BATCH_SIZE = 200


def send(message_id):
    """Send one message unless it is sent, being sent, or moot; True if it went out."""
    with transaction.atomic():
        message = (
            OutgoingMessage.objects.unsent()
            .select_for_update(skip_locked=True, of=("self",))
            .filter(pk=message_id)
            .select_related("user")
            .first()
        )
        if message is None:
            return False
        message.attempts += 1
        try:
            with transaction.atomic():  # a database error while composing spares the row
                subject, body = compose(message)
            send_mail(subject, body, None, [message.email])
        except NothingToSend as reason:
            message.attempts = max(message.attempts, MAX_ATTEMPTS)
            message.last_error = str(reason)
            logger.info("Outgoing message %s dropped: nothing to send.", message.pk)
        except Exception as error:
            message.last_error = f"{type(error).__name__}: {error}"
            logger.warning(
                "Outgoing message %s not sent (attempt %s): %s.",
                message.pk,
                message.attempts,
                type(error).__name__,
            )
        else:
            message.sent_at = timezone.now()
            message.last_error = ""
            after_sent(message)
        message.save(update_fields=["attempts", "last_error", "sent_at"])
    return message.sent_at is not None


@shared_task
def send_messages(message_ids):
    """Send the messages recorded with an event; running it again sends nothing twice."""
    sent = sum(send(message_id) for message_id in message_ids)
    logger.info("Outgoing messages %s: %s of %s sent.", message_ids, sent, len(message_ids))
    return sent


@shared_task
def send_unsent():
    """Try again the messages a first attempt did not send (mail server down, worker lost)."""
    ids = list(
        OutgoingMessage.objects.due_for_retry()
        .order_by("created_at")
        .values_list("pk", flat=True)[:BATCH_SIZE]
    )
    return send_messages(ids) if ids else 0


@shared_task
def run_reminders():
    """The daily sweep of reminders (beat, editable in the admin): every rule for today in
    Europe/Paris, each reminder recorded and delivered once. No arguments: nothing personal
    travels through the broker. Running it again, or two at once, sends nothing twice."""
    from .reminders import sweep
    from .reminders.base import paris_today

    today = paris_today()
    outcomes = sweep(today, wet_run=True)
    sent = Counter(outcome.rule for outcome in outcomes if outcome.state == "sent")
    logger.info(
        "Reminders for %s: %s sent (%s).",
        today.isoformat(),
        sum(sent.values()),
        ", ".join(f"{rule}: {n}" for rule, n in sorted(sent.items())) or "none",
    )
    return sum(sent.values())
