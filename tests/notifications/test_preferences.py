"""Notification e-mail preferences on "my account", and the unsubscribe links of e-mails: a
signed token stops one user's e-mails of the kinds it names, without signing in; a token
tampered with answers 404; the in-app notifications stay."""

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client as DjangoClient
from django.urls import reverse

from notifications.kinds import ReminderKind
from notifications.models import DigestSetting, NotificationPreference
from notifications.preferences import (
    DEFAULT_DIGEST_HOUR,
    DEFAULT_EMAIL_MODE,
    EmailMode,
    digest_hour,
    email_modes,
)
from notifications.unsubscribe import SALT, make_token

from ..conftest import in_english
from ..factories import UserFactory
from .factories import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    return in_english(client)


def unsubscribe(token):
    return reverse("notifications:unsubscribe", args=[token])


def test_the_defaults_are_the_digest_at_eight(operator_user):
    assert DEFAULT_EMAIL_MODE == EmailMode.DIGEST and DEFAULT_DIGEST_HOUR == 8
    assert set(email_modes(operator_user).values()) == {"digest"}
    assert digest_hour(operator_user) == 8


def test_my_account_leads_to_the_preferences(client, operator_user):
    client.force_login(operator_user)
    html = client.get(reverse("accounts:account")).content.decode()
    assert reverse("notifications:preferences") in html


def test_the_preference_page_shows_each_kind_and_saves_the_choices(client, operator_user):
    client.force_login(operator_user)
    url = reverse("notifications:preferences")

    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    for kind in ReminderKind:
        assert f'<label for="id_{kind.value}" class="fr-label">' in html
        assert str(kind.label) in html
    assert '<option value="digest" selected>In the daily digest</option>' in html
    assert '<option value="8" selected>08:00</option>' in html
    assert "My account" in html  # the breadcrumb

    data = dict.fromkeys(ReminderKind.values, "digest")
    data.update(follow_up_overdue="immediate", data_entry="none", digest_hour="18")
    response = client.post(url, data)

    assert response.status_code == 302
    modes = email_modes(operator_user)
    assert modes["follow_up_overdue"] == "immediate"
    assert modes["data_entry"] == "none"
    assert modes["lead_waiting"] == "digest"
    assert DigestSetting.objects.get(user=operator_user).digest_hour == 18
    html = client.get(url).content.decode()
    assert "Your notification preferences have been saved." in html
    assert '<option value="18" selected>18:00</option>' in html


def test_the_preference_page_refuses_an_unknown_mode_or_hour(client, operator_user):
    client.force_login(operator_user)
    data = dict.fromkeys(ReminderKind.values, "digest")
    data.update(data_entry="sometimes", digest_hour="24")
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"data_entry", "digest_hour"}
    assert not NotificationPreference.objects.exists()


def test_the_preference_page_needs_signing_in(client):
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 302


def test_an_unsubscribe_link_asks_then_stops_those_emails_without_signing_in(
    client, operator_user, mailoutbox, django_capture_on_commit_callbacks
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # a visitor reading English
    NotificationPreference.objects.create(
        user=operator_user, kind=ReminderKind.LEAD_WAITING, email_mode=EmailMode.IMMEDIATE
    )
    url = unsubscribe(make_token(operator_user, ["lead_waiting"]))

    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Company interest waiting for an answer" in html
    assert 'method="post"' in html
    assert email_modes(operator_user)["lead_waiting"] == "immediate"  # GET changes nothing

    response = client.post(url)
    assert response.status_code == 200
    assert "will no longer receive e-mails about" in response.content.decode()
    modes = email_modes(operator_user)
    assert modes["lead_waiting"] == "none"
    assert modes["follow_up_due"] == "digest"

    # The in-app notification stays; no e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(operator_user, ReminderKind.LEAD_WAITING)
    assert notification.pk and notification.email.message is None
    assert mailoutbox == []


def test_the_one_click_unsubscribe_needs_no_csrf_token(operator_user):
    """RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the header's link."""
    client = DjangoClient(enforce_csrf_checks=True)
    url = unsubscribe(make_token(operator_user, ["data_entry", "event_tomorrow"]))
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    modes = email_modes(operator_user)
    assert (modes["data_entry"], modes["event_tomorrow"]) == ("none", "none")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: signing.dumps({"u": 1, "k": ["data_entry"]}, salt="another.salt"),
        lambda token: signing.dumps({"u": 1, "k": ["not_a_kind"]}, salt=SALT),
        lambda token: "nonsense",
    ],
)
def test_a_tampered_token_answers_404(client, operator_user, tamper):
    token = tamper(make_token(operator_user, ["data_entry"]))
    assert client.get(unsubscribe(token)).status_code == 404
    assert client.post(unsubscribe(token)).status_code == 404
    assert not NotificationPreference.objects.exists()


def test_a_token_stops_its_own_users_emails_whoever_opens_it(client, operator_user):
    other = UserFactory()
    client.force_login(other)
    client.post(unsubscribe(make_token(operator_user, ["data_entry"])))
    assert email_modes(operator_user)["data_entry"] == "none"
    assert email_modes(other)["data_entry"] == "digest"


def test_a_token_for_a_deactivated_account_answers_404(client, operator_user):
    token = make_token(operator_user, ["data_entry"])
    operator_user.is_active = False
    operator_user.save()
    assert client.get(unsubscribe(token)).status_code == 404
