"""Notifications by e-mail: at once or in one daily digest at the recipient's hour (Paris time,
across daylight-saving changes), in their language, title and link only, each notification
e-mailed once; a mail server that refuses is tried again, then the e-mail is marked failed with
its reason and shown to national staff."""

import datetime
import socket
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.emailing import record_digests
from notifications.kinds import ReminderKind
from notifications.models import (
    MAX_ATTEMPTS,
    DigestSetting,
    MessageKind,
    Notification,
    NotificationPreference,
    OutgoingMessage,
)
from notifications.preferences import EmailMode
from notifications.tasks import send_digests, send_unsent
from notifications.unsubscribe import read_token

from ..conftest import in_english
from ..factories import UserFactory
from .factories import notify

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


def prefer(user, mode, *kinds):
    for kind in kinds or ReminderKind.values:
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"email_mode": mode}
        )


def age(minutes):
    OutgoingMessage.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=minutes))


def opening(notification, settings):
    """The link an e-mail gives to `notification`: its page in the centre, which reads it."""
    return f"{settings.SITE_URL}/notifications/{notification.pk}/"


@pytest.fixture
def recipient(db):
    return UserFactory(email="coordinatrice@rhone.gouv.fr", first_name="Amélie", language="fr")


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """notify(), its e-mails sent once the delivering transaction commits."""

    def delivered(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return notify(*args, **kwargs)

    return delivered


@pytest.fixture
def digests(django_capture_on_commit_callbacks):
    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return record_digests(now)

    return run


# --- At once ------------------------------------------------------------------------------------


def test_an_immediate_email_says_what_the_notification_says_in_french(
    recipient, deliver, mailoutbox, settings
):
    prefer(recipient, EmailMode.IMMEDIATE, ReminderKind.FOLLOW_UP_DUE)

    notification = deliver(recipient, title="Suivi à 6 mois — parcours n° 42")

    (mail,) = mailoutbox
    assert mail.to == ["coordinatrice@rhone.gouv.fr"]
    assert "Suivi à 6 mois — parcours n° 42" in mail.subject
    assert mail.body.startswith("Bonjour Amélie,")
    assert "L’équipe Tremplin" in mail.body
    assert opening(notification, settings) in mail.body
    message = OutgoingMessage.objects.get()
    assert (message.kind, message.sent_at is not None, message.language) == (
        MessageKind.NOTIFICATION,
        True,
        "fr",
    )
    assert notification.email.message == message


def test_an_immediate_email_follows_the_recipients_language(recipient, deliver, mailoutbox):
    recipient.language = "en"
    recipient.save()
    prefer(recipient, EmailMode.IMMEDIATE)
    deliver(recipient)
    assert mailoutbox[0].body.startswith("Hello Amélie,")
    assert "The Tremplin team" in mailoutbox[0].body


def test_an_email_holds_the_title_and_link_only(recipient, deliver, mailoutbox, settings):
    """No personal data of beneficiaries in e-mails: the body is the greeting, the title, the
    link and the unsubscribe and preference links, nothing else about the object."""
    prefer(recipient, EmailMode.IMMEDIATE)
    notification = deliver(recipient, title="Relance — parcours n° 7")
    body = mailoutbox[0].body
    links = [line for line in body.splitlines() if "://" in line]
    assert links[0] == opening(notification, settings)
    assert [link.split("/")[3] for link in links[1:]] == ["notifications", "notifications"]
    assert recipient.email not in body
    assert recipient.last_name not in body


def test_an_immediate_email_carries_its_unsubscribe_headers(recipient, deliver, mailoutbox):
    prefer(recipient, EmailMode.IMMEDIATE)
    deliver(recipient, ReminderKind.LEAD_WAITING)
    headers = mailoutbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = headers["List-Unsubscribe"].strip("<>")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert read_token(token) == (recipient.pk, ["lead_waiting"])
    assert link in mailoutbox[0].body


def test_no_email_when_the_recipient_wants_none_and_never_later(
    recipient, deliver, digests, mailoutbox
):
    prefer(recipient, EmailMode.NONE)
    notification = deliver(recipient, created_at=paris(2026, 3, 2, 6))
    assert mailoutbox == []
    assert notification.email.message is None
    # Choosing the digest afterwards does not e-mail what came before.
    prefer(recipient, EmailMode.DIGEST)
    assert digests(paris(2026, 3, 2, 9)) == []
    assert mailoutbox == []


# --- The daily digest --------------------------------------------------------------------------


def test_two_notifications_make_one_digest_sent_once(
    recipient, deliver, digests, mailoutbox, settings
):
    """The default is the digest at 08:00, Paris time."""
    first = deliver(recipient, created_at=paris(2026, 3, 2, 6), title="Suivi — parcours n° 1")
    second = deliver(
        recipient,
        ReminderKind.CONVENTION_ENDING_30,
        created_at=paris(2026, 3, 2, 7, 30),
        title="Convention — n° 9",
    )
    assert mailoutbox == []

    assert digests(paris(2026, 3, 2, 7, 59)) == []
    (message,) = digests(paris(2026, 3, 2, 8, 0))

    (mail,) = mailoutbox
    assert mail.subject.startswith("Tremplin") and " 2 " in mail.subject
    assert first.title in mail.body and second.title in mail.body
    assert opening(first, settings) in mail.body and opening(second, settings) in mail.body
    assert message.key == f"digest:accounts.user:{recipient.pk}:2026-03-02:user-{recipient.pk}"
    assert {first.email.message, second.email.message} == {message}
    token = mail.extra_headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[1]
    assert read_token(token) == (recipient.pk, ["convention_ending_30", "follow_up_due"])

    # The task again, the same hour or later that day: nothing more.
    assert digests(paris(2026, 3, 2, 8, 10)) == []
    assert digests(paris(2026, 3, 2, 15)) == []
    assert len(mailoutbox) == 1
    assert OutgoingMessage.objects.count() == 1


def test_a_notification_read_in_the_app_before_the_digest_is_not_e_mailed(
    recipient, deliver, digests, mailoutbox
):
    deliver(recipient, created_at=paris(2026, 3, 2, 6), title="Déjà lue")
    unread = deliver(recipient, created_at=paris(2026, 3, 2, 7), title="Pas encore lue")
    Notification.objects.filter(title="Déjà lue").update(read_at=paris(2026, 3, 2, 7, 30))

    digests(paris(2026, 3, 2, 8))

    (mail,) = mailoutbox
    assert unread.title in mail.body and "Déjà lue" not in mail.body


def test_a_digests_link_reads_the_notification_then_leads_to_its_page(
    recipient, deliver, digests, mailoutbox, client, settings
):
    """Following a link of the e-mail reads that notification in the app (no later digest
    lists it) and leads to its object's page; signed out, the link asks to sign in first and
    comes back to it."""
    first = deliver(recipient, created_at=paris(2026, 3, 2, 6), title="Suivi — parcours n° 1")
    second = deliver(recipient, created_at=paris(2026, 3, 2, 7), title="Suivi — parcours n° 2")
    digests(paris(2026, 3, 2, 8))
    (mail,) = mailoutbox
    link = next(
        line.strip() for line in mail.body.splitlines() if line.strip() == opening(first, settings)
    )
    path = link.removeprefix(settings.SITE_URL)

    signed_out = client.get(path)
    assert signed_out.status_code == 302
    assert signed_out.url == f"{reverse('accounts:login')}?next={path}"

    client.force_login(recipient)
    response = client.get(path)
    assert (response.status_code, response.url) == (302, first.url)
    first.refresh_from_db(), second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


def test_a_notification_after_the_digest_hour_waits_for_the_next_day(
    recipient, deliver, digests, mailoutbox
):
    deliver(recipient, created_at=paris(2026, 3, 2, 7), title="Avant 8 h")
    later = deliver(recipient, created_at=paris(2026, 3, 2, 8, 30), title="Après 8 h")

    digests(paris(2026, 3, 2, 9))
    assert "Avant 8 h" in mailoutbox[0].body and "Après 8 h" not in mailoutbox[0].body
    assert digests(paris(2026, 3, 2, 23)) == []

    digests(paris(2026, 3, 3, 8))
    assert len(mailoutbox) == 2
    assert "Après 8 h" in mailoutbox[1].body and "Avant 8 h" not in mailoutbox[1].body
    later.refresh_from_db()
    assert later.email.message.key.endswith(":2026-03-03:user-" + str(recipient.pk))


def test_the_hourly_task_sends_each_user_whose_hour_has_come(
    mailoutbox, deliver, django_capture_on_commit_callbacks
):
    """The task reads the Paris hour itself: a digest at midnight is always due; one at 23:00
    only in the last hour of the day."""
    early = UserFactory(email="tot@tremplin.test")
    late = UserFactory(email="tard@tremplin.test")
    DigestSetting.objects.create(user=early, digest_hour=0)
    DigestSetting.objects.create(user=late, digest_hour=23)
    deliver(early, created_at=timezone.now() - datetime.timedelta(days=1))
    deliver(late, created_at=timezone.now() - datetime.timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        sent = send_digests.delay().get()

    expected = {"tot@tremplin.test"}
    if timezone.localtime().hour == 23:
        expected.add("tard@tremplin.test")
    assert sent == len(expected)
    assert {mail.to[0] for mail in mailoutbox} == expected


@pytest.mark.parametrize(
    ("now_utc", "due"),
    [
        # Winter (UTC+1): 08:00 in Paris is 07:00 UTC.
        (datetime.datetime(2026, 3, 28, 6, 30), False),
        (datetime.datetime(2026, 3, 28, 7, 0), True),
        # The clocks go forward on 29 March: 08:00 in Paris is 06:00 UTC.
        (datetime.datetime(2026, 3, 29, 5, 30), False),
        (datetime.datetime(2026, 3, 29, 6, 0), True),
        # Summer, then back to winter time on 25 October.
        (datetime.datetime(2026, 10, 24, 6, 0), True),
        (datetime.datetime(2026, 10, 25, 6, 30), False),
        (datetime.datetime(2026, 10, 25, 7, 0), True),
    ],
)
def test_the_digest_hour_is_paris_time_across_daylight_saving(
    recipient, deliver, digests, mailoutbox, now_utc, due
):
    now = now_utc.replace(tzinfo=datetime.UTC)
    deliver(recipient, created_at=now - datetime.timedelta(hours=12))
    digests(now)
    assert len(mailoutbox) == int(due)


def test_a_digest_hour_the_clocks_skip_or_repeat_sends_one_digest(
    recipient, deliver, digests, mailoutbox
):
    DigestSetting.objects.create(user=recipient, digest_hour=2)
    # 29 March 2026: 02:00 never happens in Paris (01:59 CET, then 03:00 CEST).
    deliver(recipient, created_at=paris(2026, 3, 28, 20))
    assert digests(datetime.datetime(2026, 3, 29, 0, 59, tzinfo=datetime.UTC)) == []  # 01:59
    assert len(digests(datetime.datetime(2026, 3, 29, 1, 0, tzinfo=datetime.UTC))) == 1  # 03:00
    # 25 October 2026: 02:00–03:00 happens twice (CEST, then CET): one digest.
    deliver(recipient, created_at=paris(2026, 10, 24, 20))
    assert len(digests(datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC))) == 1
    deliver(recipient, created_at=paris(2026, 10, 25, 0, 10))
    assert digests(datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC)) == []
    assert len(mailoutbox) == 2


def test_notifications_e_mailed_at_once_are_not_in_the_digest(
    recipient, deliver, digests, mailoutbox
):
    prefer(recipient, EmailMode.IMMEDIATE, ReminderKind.LEAD_WAITING)
    deliver(recipient, ReminderKind.LEAD_WAITING, created_at=paris(2026, 3, 2, 6), title="Vite")
    deliver(recipient, created_at=paris(2026, 3, 2, 6), title="Plus tard")
    digests(paris(2026, 3, 2, 8))
    immediate, digest = mailoutbox
    assert "Vite" in immediate.body
    assert "Plus tard" in digest.body and "Vite" not in digest.body


def test_a_deactivated_user_gets_no_digest(recipient, deliver, digests, mailoutbox):
    deliver(recipient, created_at=paris(2026, 3, 2, 6))
    recipient.is_active = False
    recipient.save()
    assert digests(paris(2026, 3, 2, 9)) == []
    assert mailoutbox == []


def test_the_digest_is_in_the_recipients_language(recipient, deliver, digests, mailoutbox):
    in_english_user = UserFactory(first_name="Ann", language="en")
    deliver(recipient, created_at=paris(2026, 3, 2, 6))
    deliver(in_english_user, created_at=paris(2026, 3, 2, 6))
    digests(paris(2026, 3, 2, 8))
    bodies = {mail.to[0]: mail.body for mail in mailoutbox}
    assert bodies[recipient.email].startswith("Bonjour Amélie,")
    assert bodies[in_english_user.email].startswith("Hello Ann,")


# --- A mail server down ------------------------------------------------------------------------


def test_a_refused_email_is_retried_then_failed_with_its_reason_for_national_staff(
    recipient, deliver, mail_server_down, client, national_user, operator_user
):
    prefer(recipient, EmailMode.IMMEDIATE)
    deliver(recipient)
    message = OutgoingMessage.objects.get()
    assert (message.sent_at, message.attempts) == (None, 1)
    assert not message.is_failed

    age(10)
    for _attempt in range(MAX_ATTEMPTS + 2):
        send_unsent.delay().get()

    message.refresh_from_db()
    assert message.attempts == MAX_ATTEMPTS
    assert message.is_failed
    assert message.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert list(OutgoingMessage.objects.failed()) == [message]

    client = in_english(client)
    url = reverse("notifications:failed-message-list")
    client.force_login(national_user)
    centre = client.get(reverse("notifications:notification-list")).content.decode()
    assert f'href="{url}"' in centre
    html = client.get(url).content.decode()
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in html
    assert recipient.email in html
    admin_list = client.get(
        reverse("admin:notifications_outgoingmessage_changelist"), {"delivery": "failed"}
    )
    assert recipient.email in admin_list.content.decode()
    client.force_login(operator_user)
    assert client.get(url).status_code == 403
    centre = client.get(reverse("notifications:notification-list")).content.decode()
    assert f'href="{url}"' not in centre


def test_an_unreachable_mail_server_leaves_the_email_to_retry(
    recipient, deliver, settings, mailoutbox
):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    prefer(recipient, EmailMode.IMMEDIATE)

    deliver(recipient)

    message = OutgoingMessage.objects.get()
    assert message.sent_at is None
    assert message.last_error.startswith("ConnectionRefusedError")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    age(10)
    assert send_unsent.delay().get() == 1
    assert len(mailoutbox) == 1


def test_a_digest_refused_then_retried_lists_the_same_notifications_once(
    recipient, deliver, digests, mail_server_down, settings, mailoutbox
):
    deliver(recipient, created_at=paris(2026, 3, 2, 6), title="Une")
    deliver(recipient, created_at=paris(2026, 3, 2, 7), title="Deux")
    digests(paris(2026, 3, 2, 8))
    assert mailoutbox == []
    deliver(recipient, created_at=paris(2026, 3, 2, 7, 30), title="Trois")
    assert digests(paris(2026, 3, 2, 9)) == []  # today's digest is recorded, waiting

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    age(10)
    assert send_unsent.delay().get() == 1
    (mail,) = mailoutbox
    assert "Une" in mail.body and "Deux" in mail.body and "Trois" not in mail.body


# --- From the sweep ---------------------------------------------------------------------------


def test_a_swept_reminder_is_e_mailed_once_as_chosen_without_the_persons_name(
    rhone_operator, departments, operator_user, django_capture_on_commit_callbacks, mailoutbox
):
    """The real path: the sweep records a follow-up due on 31 December 2026 (an exit on 30 June)
    and delivers it; the operator wants those at once; a second sweep e-mails nothing more."""
    from notifications.reminders import sweep

    from ..beneficiaries.factories import BeneficiaryFactory, EnrolmentFactory
    from ..programmes.factories import ActionFactory

    action = ActionFactory(operator=rhone_operator, departments=[departments["69"]])
    person = BeneficiaryFactory(
        first_name="Zainab",
        last_name="Haidari",
        department=departments["69"],
        referent_organisation=rhone_operator,
    )
    EnrolmentFactory(beneficiary=person, action=action, exited=True)
    prefer(operator_user, EmailMode.IMMEDIATE, ReminderKind.FOLLOW_UP_DUE)

    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            sweep(datetime.date(2026, 12, 31), wet_run=True)

    (mail,) = mailoutbox
    assert mail.to == [operator_user.email]
    notification = operator_user.notifications.get()
    assert notification.title in mail.subject and notification.title in mail.body
    for text in (person.first_name, person.last_name, str(person.birth_date)):
        assert text not in mail.subject and text not in mail.body
