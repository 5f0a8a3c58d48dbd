"""Signing in by e-mail, language preference, and the brute-force lockout."""

from axes.models import AccessAttempt
from django.urls import reverse

from ..factories import PASSWORD, UserFactory


def test_sign_in_by_email_opens_the_home_page(client, rhone_user):
    response = client.post(
        reverse("accounts:login"),
        {"username": rhone_user.email.upper(), "password": PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert response.context["user"] == rhone_user
    assert "Rhône (69)" in response.content.decode()


def test_wrong_password_shows_an_error_and_does_not_sign_in(client, rhone_user):
    response = client.post(
        reverse("accounts:login"), {"username": rhone_user.email, "password": "nope"}
    )
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    assert "fr-alert--error" in response.content.decode()


def test_repeated_failures_lock_the_account_out(client, rhone_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": rhone_user.email, "password": "x"})
    response = client.post(
        reverse("accounts:login"), {"username": rhone_user.email, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_one_account_one_failure_counter_whatever_the_letter_case(client, db, settings):
    """Field case: wrong passwords typed as Rhone@…, rHone@… counted apart, and the right
    password typed as RHONE@… signing in while the account was locked."""
    UserFactory(email="rhone@tremplin.test")
    spellings = ["Rhone@tremplin.test", "rHone@tremplin.test", " RHONE@Tremplin.test "]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": spellings[attempt % len(spellings)], "password": "x"},
        )
    assert AccessAttempt.objects.get().username == "rhone@tremplin.test"
    response = client.post(
        reverse("accounts:login"), {"username": "RHONE@tremplin.test", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_my_account_changes_name_and_language(client, paris_user):
    client.force_login(paris_user)
    response = client.post(
        reverse("accounts:account"),
        {"first_name": "Paule", "last_name": "Dupont", "language": "en"},
        follow=True,
    )
    assert response.status_code == 200
    paris_user.refresh_from_db()
    assert (paris_user.first_name, paris_user.language) == ("Paule", "en")
    assert '<html lang="en"' in response.content.decode()
    assert paris_user.history.count() >= 2


def test_language_switcher_sets_the_page_language(client, db):
    response = client.post(
        reverse("accounts:set-language"),
        {"language": "en", "next": "/comptes/connexion/"},
        follow=True,
    )
    assert '<html lang="en"' in response.content.decode()
    response = client.post(
        reverse("accounts:set-language"),
        {"language": "fr", "next": "/comptes/connexion/"},
        follow=True,
    )
    assert '<html lang="fr"' in response.content.decode()
    assert "Se connecter" in response.content.decode()
