"""The sent-once key and delivery: a reminder recorded twice is inserted once, and only the
insertion is delivered as a notification."""

import datetime

from django.contrib.contenttypes.models import ContentType

from notifications.inbox import deliver, deliver_many
from notifications.kinds import ReminderKind
from notifications.models import Notification, Reminder


def reminder(user, about, day=datetime.date(2026, 3, 29)):
    return Reminder(
        kind=ReminderKind.DATA_ENTRY,
        content_type=ContentType.objects.get_for_model(about),
        object_id=about.pk,
        recipient=user,
        due_date=day,
        title="Monthly data entry — organisation #1",
        url="/",
    )


def test_a_key_is_recorded_once_and_only_its_recorder_delivers_it(operator_user, rhone_operator):
    first = Reminder.objects.record([reminder(operator_user, rhone_operator)])
    again = Reminder.objects.record(
        [reminder(operator_user, rhone_operator), reminder(operator_user, rhone_operator)]
    )
    assert len(first) == 1 and first[0].pk and again == []
    assert first[0].due_date == datetime.date(2026, 3, 29)

    notification = deliver(first[0])
    assert Notification.objects.get() == notification
    assert notification.user == operator_user
    assert notification.kind == ReminderKind.DATA_ENTRY
    assert notification.reminder_id == first[0].pk
    assert Notification.objects.visible_to(operator_user).unread().count() == 1


def test_another_due_date_is_another_reminder(operator_user, rhone_operator):
    recorded = Reminder.objects.record(
        [
            reminder(operator_user, rhone_operator, datetime.date(2026, 3, 1)),
            reminder(operator_user, rhone_operator, datetime.date(2026, 4, 1)),
        ]
    )
    assert len(deliver_many(recorded)) == 2


def test_a_user_sees_only_their_notifications(operator_user, national_user, rhone_operator):
    deliver_many(Reminder.objects.record([reminder(operator_user, rhone_operator)]))
    assert not Notification.objects.visible_to(national_user).exists()


def test_a_delivered_notification_keeps_the_reminders_time(operator_user, rhone_operator):
    """What the INSERT returns is read as Django reads a row: on SQLite a timestamp comes back
    as naive UTC text, which was taken for Paris time, so the notification was dated an hour
    (two in summer) before its reminder and could fall into the wrong day's digest."""
    sent_at = datetime.datetime(2026, 7, 1, 8, 30, tzinfo=datetime.UTC)
    unsaved = reminder(operator_user, rhone_operator)
    unsaved.created_at = sent_at
    (recorded,) = Reminder.objects.record([unsaved])
    assert recorded.created_at == sent_at
    (notification,) = deliver_many([recorded])
    notification.refresh_from_db()
    assert notification.created_at == sent_at == Reminder.objects.get().created_at
