"""Delivering reminders: each reminder recorded by a sweep becomes an in-app notification of its
recipient (and, by their preference, an e-mail: see the inbox's e-mail part)."""

from .models import Notification


def deliver_many(reminders):
    """Create the in-app notifications of `reminders` (Reminder rows just recorded, not yet
    delivered), in one query whatever their number. Returns the Notifications, in the same
    order. Call it in the transaction that recorded the reminders, so that a sweep killed in
    between leaves neither (the next sweep records and delivers them)."""
    return Notification.objects.bulk_create(
        [
            Notification(
                user_id=reminder.recipient_id,
                kind=reminder.kind,
                reminder=reminder,
                title=reminder.title,
                url=reminder.url,
                created_at=reminder.created_at,
            )
            for reminder in reminders
        ]
    )


def deliver(reminder):
    """Create the in-app notification of one recorded `reminder` (a Reminder) and return it
    (a Notification). See `deliver_many`."""
    return deliver_many([reminder])[0]
