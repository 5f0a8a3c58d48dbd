"""Notifications for the inbox's tests: rows for the centre, and reminders delivered through
the real path (recorded once, then delivered with their e-mails)."""

import datetime
import itertools

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from notifications.inbox import deliver_many
from notifications.kinds import ReminderKind
from notifications.models import Notification, Reminder

_due_dates = itertools.count()


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    kind = ReminderKind.FOLLOW_UP_DUE
    title = factory.Sequence(lambda n: f"Suivi à 6 mois — parcours n° {n}")
    url = "/programmes/"


def notify(user, kind=ReminderKind.FOLLOW_UP_DUE, *, about=None, title=None, created_at=None):
    """Record a reminder of `kind` to `user` about `about` (default: the user's account) and
    deliver it as the sweep does; returns its Notification."""
    about = about or user
    number = next(_due_dates)
    reminder = Reminder(
        kind=kind,
        content_type=ContentType.objects.get_for_model(about),
        object_id=about.pk,
        recipient=user,
        due_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
        title=title or f"Suivi à 6 mois — parcours n° {number}",
        url=f"/programmes/?parcours={number}",
        created_at=created_at or timezone.now(),
    )
    (notification,) = deliver_many(Reminder.objects.record([reminder]))
    return notification
