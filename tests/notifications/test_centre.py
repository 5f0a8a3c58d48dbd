"""The notification centre and the header's bell: each user reads and marks their own
notifications only (another's answers 404), filters them, and the bell's count comes from an
htmx fragment, never costing the page a query. Notifications are kept twelve months."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from notifications.kinds import ReminderKind
from notifications.models import Notification
from notifications.tasks import delete_old_notifications

from ..conftest import in_english
from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    return in_english(client)


def test_the_bell_counts_the_users_unread_notifications_only(client, operator_user, national_user):
    NotificationFactory.create_batch(3, user=operator_user)
    NotificationFactory(user=operator_user, read_at=timezone.now())
    NotificationFactory.create_batch(2, user=national_user)
    client.force_login(operator_user)

    response = client.get(reverse("notifications:bell"), headers={"HX-Request": "true"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # a fragment, swapped into the header
    assert '<span class="fr-sr-only">, 3 unread notifications</span>' in html
    assert 'aria-hidden="true">3</span>' in html
    assert reverse("notifications:notification-list") in html


def test_the_bell_without_unread_notifications_shows_no_number(client, operator_user):
    NotificationFactory(user=operator_user, read_at=timezone.now())
    client.force_login(operator_user)
    html = client.get(reverse("notifications:bell"), headers={"HX-Request": "true"}).content
    assert b"unread" not in html and b"fr-badge" not in html


def test_the_bell_outside_htmx_leads_to_the_centre(client, operator_user):
    client.force_login(operator_user)
    response = client.get(reverse("notifications:bell"))
    assert response.status_code == 302
    assert response.url == reverse("notifications:notification-list")


def test_a_signed_out_bell_stops_polling(client):
    response = client.get(reverse("notifications:bell"), headers={"HX-Request": "true"})
    assert response.status_code == 286  # htmx stops polling
    assert response.content == b""


def test_every_page_polls_the_bell_with_htmx_under_the_csp(client, operator_user):
    client.force_login(operator_user)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert f'hx-get="{reverse("notifications:bell")}"' in html
    assert 'hx-trigger="load, every 60s"' in html
    nonce = response.wsgi_request.csp_nonce
    assert f'src="/static/django_htmx/htmx-2.min.js" nonce="{nonce}"' in html
    csp = response.headers["Content-Security-Policy"]
    assert f"'nonce-{nonce}'" in csp and "unsafe-eval" not in csp and "unsafe-inline" not in csp
    # htmx would add an inline style and evaluate code: both are off, as the CSP requires.
    assert '"includeIndicatorStyles": false, "allowEval": false' in html


def test_the_centre_lists_the_users_notifications_with_their_links(
    client, operator_user, national_user
):
    mine = NotificationFactory(user=operator_user, title="Convention ending — #12", url="/c/12/")
    theirs = NotificationFactory(user=national_user, title="Lead waiting — #4")
    client.force_login(operator_user)

    response = client.get(reverse("notifications:notification-list"))

    html = response.content.decode()
    assert response.status_code == 200
    opening = reverse("notifications:notification-open", args=[mine.pk])
    assert f'<a href="{opening}"><strong>{mine.title}</strong></a>' in html
    assert theirs.title not in html
    assert "1 notification" in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", {"due unread", "due read", "convention unread"}),
        ("?kind=convention_ending_30", {"convention unread"}),
        ("?read=false", {"due unread", "convention unread"}),
        ("?read=true", {"due read"}),
        ("?kind=follow_up_due&read=false", {"due unread"}),
    ],
)
def test_the_centre_filters_by_kind_and_read(client, operator_user, query, shown):
    NotificationFactory(user=operator_user, title="due unread")
    NotificationFactory(user=operator_user, title="due read", read_at=timezone.now())
    NotificationFactory(
        user=operator_user, title="convention unread", kind=ReminderKind.CONVENTION_ENDING_30
    )
    client.force_login(operator_user)
    response = client.get(reverse("notifications:notification-list") + query)
    titles = {n.title for n in response.context["object_list"]}
    assert titles == shown


def test_the_centre_is_paginated(client, operator_user):
    NotificationFactory.create_batch(settings.PAGE_SIZE + 1, user=operator_user)
    client.force_login(operator_user)
    first = client.get(reverse("notifications:notification-list"))
    second = client.get(reverse("notifications:notification-list") + "?page=2")
    assert len(first.context["object_list"]) == settings.PAGE_SIZE
    assert len(second.context["object_list"]) == 1


def test_marking_the_last_unread_of_a_page_read_comes_back_to_a_page_that_exists(
    client, operator_user
):
    NotificationFactory.create_batch(settings.PAGE_SIZE + 1, user=operator_user)
    client.force_login(operator_user)
    unread_page_2 = reverse("notifications:notification-list") + "?read=false&page=2"
    [last] = client.get(unread_page_2).context["object_list"]

    response = client.post(
        reverse("notifications:notification-read", args=[last.pk]),
        {"next": unread_page_2},
        follow=True,
    )

    assert response.status_code == 200
    assert len(response.context["object_list"]) == settings.PAGE_SIZE
    assert response.context["page_obj"].number == 1


def test_marking_all_read_from_a_later_page_of_unread_comes_back_to_an_empty_list(
    client, operator_user
):
    NotificationFactory.create_batch(settings.PAGE_SIZE + 1, user=operator_user)
    client.force_login(operator_user)
    response = client.post(
        reverse("notifications:notification-read-all"),
        {"next": reverse("notifications:notification-list") + "?read=false&page=2"},
        follow=True,
    )
    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    assert "No notification matches these filters." in response.content.decode()


def test_an_empty_centre_says_what_comes_there(client, operator_user):
    client.force_login(operator_user)
    html = client.get(reverse("notifications:notification-list")).content.decode()
    assert "No notification yet. Tremplin tells you here" in html


def test_the_centre_needs_signing_in(client):
    response = client.get(reverse("notifications:notification-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_marking_one_read(client, operator_user):
    notification = NotificationFactory(user=operator_user)
    client.force_login(operator_user)
    url = reverse("notifications:notification-read", args=[notification.pk])

    assert client.get(url).status_code == 405
    response = client.post(url, {"next": reverse("notifications:notification-list") + "?page=1"})

    assert response.status_code == 302
    assert response.url == reverse("notifications:notification-list") + "?page=1"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_read_goes_back_to_our_own_pages_only(client, operator_user):
    notification = NotificationFactory(user=operator_user)
    client.force_login(operator_user)
    url = reverse("notifications:notification-read", args=[notification.pk])
    response = client.post(url, {"next": "https://example.com/"})
    assert response.url == reverse("notifications:notification-list")


def test_another_users_notification_answers_404(client, operator_user, national_user):
    theirs = NotificationFactory(user=national_user)
    client.force_login(operator_user)
    response = client.post(reverse("notifications:notification-read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_all_read_marks_the_users_own_only(client, operator_user, national_user):
    NotificationFactory.create_batch(2, user=operator_user)
    theirs = NotificationFactory(user=national_user)
    client.force_login(operator_user)

    response = client.post(reverse("notifications:notification-read-all"))

    assert response.status_code == 302
    assert not Notification.objects.filter(user=operator_user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    html = client.get(reverse("notifications:notification-list")).content.decode()
    assert "All your notifications are marked as read." in html
    assert "Mark all as read" not in html


def test_notifications_are_kept_twelve_months(operator_user):
    now = timezone.now()
    kept = NotificationFactory(user=operator_user)
    NotificationFactory(user=operator_user, created_at=now - datetime.timedelta(days=366))
    almost = NotificationFactory(user=operator_user, created_at=now - datetime.timedelta(days=360))

    assert delete_old_notifications.delay().get() == 1

    assert set(Notification.objects.all()) == {kept, almost}


def test_the_cleanup_and_the_digests_are_scheduled_by_beat_in_paris_time():
    tasks = {task.task: task.crontab for task in PeriodicTask.objects.select_related("crontab")}
    cleanup = tasks["notifications.tasks.delete_old_notifications"]
    digests = tasks["notifications.tasks.send_digests"]
    assert (cleanup.hour, cleanup.minute, str(cleanup.timezone)) == ("3", "30", "Europe/Paris")
    assert (digests.hour, digests.minute, str(digests.timezone)) == ("*", "0", "Europe/Paris")


def test_opening_a_notification_reads_it_and_leads_to_its_object(client, operator_user):
    notification = NotificationFactory(user=operator_user, url="/conventions/12/")
    client.force_login(operator_user)

    response = client.get(reverse("notifications:notification-open", args=[notification.pk]))

    assert response.status_code == 302 and response.url == "/conventions/12/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_another_users_notification_answers_404(client, operator_user, national_user):
    theirs = NotificationFactory(user=national_user, url="/conventions/12/")
    client.force_login(operator_user)
    response = client.get(reverse("notifications:notification-open", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_notification_linking_off_the_site_opens_the_centre(client, operator_user):
    notification = NotificationFactory(user=operator_user, url="https://elsewhere.example/")
    client.force_login(operator_user)
    response = client.get(reverse("notifications:notification-open", args=[notification.pk]))
    assert response.url == reverse("notifications:notification-list")
