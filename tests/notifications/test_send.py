"""Outgoing messages are sent once, surely: the database, not a cache, remembers what went out;
what the mail server refused waits, with its error, for the next try."""

import datetime
import logging

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.models import User
from accounts.signals import user_invited
from notifications.models import MAX_ATTEMPTS, OutgoingMessage
from notifications.tasks import send_messages, send_unsent

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited():
    user = UserFactory(email="invitee@paris.gouv.fr", is_active=False)
    user.set_unusable_password()
    user.save()
    return user


def invite(user, capture, when=None):
    with capture(execute=True):
        user_invited.send(User, user=user, invited_at=when or user.date_joined)


def age(minutes):
    OutgoingMessage.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=minutes))


def test_a_second_run_and_a_flushed_cache_send_nothing_again(
    invited, mailoutbox, django_capture_on_commit_callbacks
):
    invite(invited, django_capture_on_commit_callbacks)
    message = OutgoingMessage.objects.get()
    assert (message.kind, message.email, message.user) == ("invitation", invited.email, invited)
    assert message.sent_at is not None
    cache.clear()
    age(60)
    assert send_messages.delay([message.pk]).get() == 0
    assert send_unsent.delay().get() == 0
    assert len(mailoutbox) == 1


def test_an_invitation_is_recorded_once_per_invitation_date(
    invited, mailoutbox, django_capture_on_commit_callbacks
):
    invite(invited, django_capture_on_commit_callbacks)
    invite(invited, django_capture_on_commit_callbacks)
    assert OutgoingMessage.objects.count() == 1
    invite(invited, django_capture_on_commit_callbacks, when=timezone.now())
    assert OutgoingMessage.objects.count() == 2
    assert len(mailoutbox) == 2


def test_a_refused_message_waits_with_its_error_and_the_retry_sends_it(
    invited, mailoutbox, django_capture_on_commit_callbacks, settings, mail_server_down
):
    invite(invited, django_capture_on_commit_callbacks)
    message = OutgoingMessage.objects.get()
    assert message.sent_at is None
    assert message.attempts == 1
    assert message.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"

    # Too recent for a retry: its first send may still be on its way.
    assert send_unsent.delay().get() == 0
    age(10)
    assert send_unsent.delay().get() == 0  # the server still refuses
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_unsent.delay().get() == 1

    message.refresh_from_db()
    assert message.sent_at is not None
    assert (message.attempts, message.last_error) == (3, "")
    assert [mail.to for mail in mailoutbox] == [[invited.email]]
    assert "/comptes/invitation/" in mailoutbox[0].body


def test_retries_stop_after_the_last_attempt(
    invited, django_capture_on_commit_callbacks, mail_server_down
):
    invite(invited, django_capture_on_commit_callbacks)
    age(10)
    for _attempt in range(MAX_ATTEMPTS + 2):
        send_unsent.delay().get()
    assert OutgoingMessage.objects.get().attempts == MAX_ATTEMPTS


def test_an_accepted_invitation_is_not_sent(
    invited, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user_invited.send(User, user=invited, invited_at=invited.date_joined)
    invited.set_password("Un-tremplin-vers-2027")
    invited.is_active = True
    invited.save()
    for callback in callbacks:
        callback()
    assert mailoutbox == []
    message = OutgoingMessage.objects.get()
    assert message.sent_at is None
    assert message.last_error.startswith("No pending invitation")


def test_logs_and_task_arguments_hold_ids_only(
    invited, django_capture_on_commit_callbacks, caplog, mail_server_down, monkeypatch
):
    queued = []
    monkeypatch.setattr(send_messages, "delay", lambda *args: queued.append(args))
    with caplog.at_level(logging.INFO, logger="notifications"):
        invite(invited, django_capture_on_commit_callbacks)
        send_unsent.delay().get()
        age(10)
        send_unsent.delay().get()
    assert queued == [([OutgoingMessage.objects.get().pk],)]
    assert caplog.records
    assert not any("@" in record.getMessage() for record in caplog.records)


def test_with_the_broker_down_the_invitation_waits_for_the_retry(
    invited, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("Redis is down")

    with monkeypatch.context() as patched:
        patched.setattr(send_messages, "delay", broker_down)
        invite(invited, django_capture_on_commit_callbacks)
    assert OutgoingMessage.objects.get().attempts == 0
    age(10)
    assert send_unsent.delay().get() == 1
    assert [mail.to for mail in mailoutbox] == [[invited.email]]
