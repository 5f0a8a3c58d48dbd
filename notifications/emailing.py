"""Notifications by e-mail, as each recipient chose per kind of reminder (notifications.
preferences): at once, one e-mail per notification, or in one daily digest at their hour (Paris
time). Each e-mail is an OutgoingMessage (stored, keyed, sent by the workers with retries) and
says what the notification says, title and link only: a title never holds a beneficiary's
name, and nothing else about a person goes into an e-mail."""

import datetime
import itertools
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import MessageKind, OutgoingMessage, message_key
from .preferences import (
    DEFAULT_DIGEST_HOUR,
    DEFAULT_EMAIL_MODE,
    DigestSetting,
    EmailMode,
    NotificationPreference,
)
from .unsubscribe import unsubscribe_url

logger = logging.getLogger(__name__)


class NotificationEmail(models.Model):
    """How one notification went by e-mail: the message that carried it (its own, or the day's
    digest), or no message when its recipient wanted no e-mail about its kind when it was
    delivered. A notification without one waits for its recipient's next digest; one with one
    is never e-mailed again (the primary key says so)."""

    notification = models.OneToOneField(
        "notifications.Notification",
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="email",
    )
    message = models.ForeignKey(
        OutgoingMessage,
        verbose_name=_("e-mail"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_emails",
    )

    class Meta:
        verbose_name = _("notification e-mail")
        verbose_name_plural = _("notification e-mails")

    def __str__(self):
        return str(self.message or _("No e-mail"))


def email_notifications(notifications):
    """Record what `notifications` (just delivered, Notification rows) owe by e-mail, per each
    recipient's choice for its kind: an OutgoingMessage each for those wanted at once (sent
    once the transaction commits), nothing yet for those waiting for the digest, and a mark
    "no e-mail" for the others. A constant number of queries whatever their number. Returns the
    messages recorded (OutgoingMessage list)."""
    from accounts.models import User

    from .notices import send_on_commit

    notifications = list(notifications)
    if not notifications:
        return []
    user_ids = {notification.user_id for notification in notifications}
    users = User.objects.in_bulk(user_ids)
    chosen = {
        (user_id, kind): mode
        for user_id, kind, mode in NotificationPreference.objects.filter(
            user__in=user_ids
        ).values_list("user_id", "kind", "email_mode")
    }
    content_type = ContentType.objects.get_for_model(notifications[0])
    at_once, unwanted = [], []
    for notification in notifications:
        user = users[notification.user_id]
        mode = chosen.get((user.pk, notification.kind), DEFAULT_EMAIL_MODE)
        if mode == EmailMode.NONE or not user.is_active:
            unwanted.append(notification)
        elif mode == EmailMode.IMMEDIATE:
            at_once.append(notification)
    keys = {
        message_key(MessageKind.NOTIFICATION, content_type, notification.pk, 0, user=user): (
            notification
        )
        for notification in at_once
        for user in [users[notification.user_id]]
    }
    OutgoingMessage.objects.bulk_create(
        [
            OutgoingMessage(
                kind=MessageKind.NOTIFICATION,
                content_type=content_type,
                object_id=notification.pk,
                user=users[notification.user_id],
                email=users[notification.user_id].email,
                language=users[notification.user_id].language,
                key=key,
            )
            for key, notification in keys.items()
        ],
        ignore_conflicts=True,
    )
    messages = list(OutgoingMessage.objects.filter(key__in=keys))
    NotificationEmail.objects.bulk_create(
        [NotificationEmail(notification=notification) for notification in unwanted]
        + [
            NotificationEmail(notification=keys[message.key], message=message)
            for message in messages
        ],
        ignore_conflicts=True,
    )
    send_on_commit(messages)
    return messages


def digest_cutoff(day, hour):
    """The aware datetime of `hour` o'clock on `day` in Europe/Paris (the time zone setting). An
    hour the clocks skip (2 o'clock on the last Sunday of March) reads as the next one."""
    naive = datetime.datetime.combine(day, datetime.time(hour))
    return timezone.make_aware(naive).astimezone(datetime.UTC)


def waiting_for_digest():
    """Notifications (queryset) not e-mailed yet and not read in the app yet, of active users,
    of a kind their recipient still wants by e-mail, each annotated with its recipient's
    `digest_hour` (Paris time). One already read needs no e-mail (docs/decisions.md)."""
    from .models import Notification

    mode = NotificationPreference.objects.filter(
        user=models.OuterRef("user_id"), kind=models.OuterRef("kind")
    ).values("email_mode")[:1]
    hour = DigestSetting.objects.filter(user=models.OuterRef("user_id")).values("digest_hour")[:1]
    return (
        Notification.objects.filter(email__isnull=True, read_at__isnull=True, user__is_active=True)
        .annotate(
            email_mode=Coalesce(models.Subquery(mode), models.Value(DEFAULT_EMAIL_MODE.value)),
            digest_hour=Coalesce(models.Subquery(hour), models.Value(DEFAULT_DIGEST_HOUR)),
        )
        .exclude(email_mode=EmailMode.NONE)
    )


def due_for_digest(now):
    """The notifications (queryset) that digests due at `now` (an aware datetime) list: those
    `waiting_for_digest` created before their recipient's digest hour today (Paris time), that
    hour reached, and no digest recorded for that recipient today."""
    local = timezone.localtime(now)
    today = local.date()
    # Today's digest of the user, whose key holds the date (OutgoingMessage.objects.record).
    todays_digest = OutgoingMessage.objects.filter(
        kind=MessageKind.DIGEST,
        user=models.OuterRef("user_id"),
        key__contains=f":{today.isoformat()}:",
    )
    due = models.Q()
    for digest_hour in range(local.hour + 1):
        due |= models.Q(digest_hour=digest_hour, created_at__lt=digest_cutoff(today, digest_hour))
    return waiting_for_digest().filter(due).exclude(models.Exists(todays_digest))


def record_digests(now=None):
    """Record today's digest of every user whose digest hour (Paris time) has come, listing
    their notifications not yet e-mailed, and send them once the transaction commits. Running it
    again the same day, or two runs at once, records nothing twice: a digest's key is its user
    and day, and a notification is carried by one message only. Returns the messages recorded."""
    from accounts.models import User

    from .notices import send_on_commit

    now = now or timezone.now()
    today = timezone.localtime(now).date()
    due_users = dict(
        due_for_digest(now).order_by().values_list("user_id", "digest_hour").distinct()
    )
    messages = []
    for user in User.objects.filter(pk__in=due_users).order_by("pk"):
        with transaction.atomic():
            message = OutgoingMessage.objects.record(
                MessageKind.DIGEST, user, today.isoformat(), user=user, email=user.email
            )
            if message.sent_at is not None:
                continue
            cutoff = digest_cutoff(today, due_users[user.pk])
            listed = (
                waiting_for_digest()
                .filter(user=user, created_at__lt=cutoff)
                .values_list("pk", flat=True)
            )
            NotificationEmail.objects.bulk_create(
                [NotificationEmail(notification_id=pk, message=message) for pk in listed],
                ignore_conflicts=True,
            )
            send_on_commit([message])
        messages.append(message)
    logger.info("Daily digests: %s recorded.", len(messages))
    return messages


def absolute(url):
    """`url` (a notification's link, usually a path) as a link that works from an e-mail."""
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def opening_link(notification):
    """The link of `notification` (a Notification) in an e-mail (str, absolute): its page in
    the notification centre (`notifications:notification-open`), which marks it read and leads
    to its object's page, as a click in the centre does. An e-mail's reader then finds it read
    in the app and in no later digest. The link holds the notification's id only, no personal
    data (the object's page checks scope itself)."""
    return absolute(reverse("notifications:notification-open", args=[notification.pk]))


def _recipient(message):
    from .content import NothingToSend

    if message.user is None or not message.user.is_active:
        raise NothingToSend("The recipient's account is gone or deactivated.")
    return message.user


def notification_content(message):
    """Template and context of the e-mail of one notification (MessageKind.NOTIFICATION)."""
    from .content import NothingToSend
    from .models import Notification

    user = _recipient(message)
    notification = Notification.objects.filter(pk=message.object_id, user=user).first()
    if notification is None:
        raise NothingToSend("The notification no longer exists.")
    return "notifications/email/notification", {
        "user": user,
        "notification": notification,
        "link": opening_link(notification),
        "unsubscribe_link": unsubscribe_url(user, [notification.kind]),
        "preferences_link": absolute(reverse("notifications:preferences")),
    }


def _digest_notifications(message):
    from .models import Notification

    return list(
        Notification.objects.filter(email__message=message, user=message.user_id).order_by(
            "kind", "created_at", "pk"
        )
    )


def digest_content(message):
    """Template and context of a daily digest (MessageKind.DIGEST): its notifications grouped
    by kind, each group with the link stopping e-mails of that kind."""
    from .content import NothingToSend
    from .kinds import ReminderKind

    user = _recipient(message)
    notifications = _digest_notifications(message)
    if not notifications:
        raise NothingToSend("No notification left to list.")
    groups = [
        {
            "label": ReminderKind(kind).label,
            "notifications": [
                {"title": notification.title, "link": opening_link(notification)}
                for notification in grouped
            ],
            "unsubscribe_link": unsubscribe_url(user, [kind]),
        }
        for kind, grouped in itertools.groupby(notifications, key=lambda n: n.kind)
    ]
    return "notifications/email/digest", {
        "user": user,
        "count": len(notifications),
        "groups": groups,
        "preferences_link": absolute(reverse("notifications:preferences")),
    }


def unsubscribe_headers(message):
    """List-Unsubscribe (RFC 2369) and its one-click POST (RFC 8058) for a notification or
    digest e-mail: they stop the e-mails of the kinds it is about."""
    if message.kind == MessageKind.DIGEST:
        kinds = {notification.kind for notification in _digest_notifications(message)}
    else:
        from .models import Notification

        kinds = set(
            Notification.objects.filter(pk=message.object_id).values_list("kind", flat=True)
        )
    if not kinds or message.user is None:
        return {}
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(message.user, kinds)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
