"""A form that creates something creates it once: field case, the public interest form posted
twice (a double click on a slow line, or Back then Send) made two leads and four e-mails."""

import datetime
import re

import pytest
from django.db.models import F
from django.urls import reverse

from accounts.models import User
from accounts.once import TOKEN_FIELD
from partners.models import Lead, Organisation

from .leads.test_interest_form import form_data


def token_of(page):
    return re.search(rf'name="{TOKEN_FIELD}" value="([0-9a-f]+)"', page).group(1)


def test_the_interest_form_sent_twice_makes_one_lead_and_shows_the_first_result(
    client, departments, rhone_user, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("leads:interest-form")
    token = token_of(client.get(url).content.decode())
    data = {**form_data(departments), TOKEN_FIELD: token}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == reverse("leads:interest-thanks")
    assert Lead.objects.count() == 1
    assert len(mailoutbox) == 2  # the coordinator and the company, once each
    assert token_of(client.get(url).content.decode()) != token


def test_back_then_send_with_a_fresh_page_keeps_the_first_lead(
    client, departments, rhone_user, mailoutbox, django_capture_on_commit_callbacks
):
    """Back re-fetches the form (a new token) and the browser fills the fields in again: the
    same contact's lead of the last minutes is that submission, not a new one."""
    url = reverse("leads:interest-form")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            token = token_of(client.get(url).content.decode())
            response = client.post(url, {**form_data(departments), TOKEN_FIELD: token})
            assert response.status_code == 302
            assert response.url == reverse("leads:interest-thanks")
    assert Lead.objects.count() == 1
    assert len(mailoutbox) == 2  # the coordinator and the company, once each


def test_the_same_contact_may_send_a_new_interest_later(
    client, departments, rhone_user, django_capture_on_commit_callbacks
):
    url = reverse("leads:interest-form")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**form_data(departments), TOKEN_FIELD: "a" * 32})
        Lead.objects.update(submitted_at=F("submitted_at") - datetime.timedelta(minutes=31))
        client.post(url, {**form_data(departments), TOKEN_FIELD: "b" * 32})
    assert Lead.objects.count() == 2


def test_a_form_with_errors_keeps_its_token_for_the_corrected_submission(
    client, departments, rhone_user
):
    url = reverse("leads:interest-form")
    token = token_of(client.get(url).content.decode())
    wrong = client.post(url, {**form_data(departments, siret="123"), TOKEN_FIELD: token})
    assert wrong.status_code == 200
    assert token_of(wrong.content.decode()) == token
    right = client.post(url, {**form_data(departments), TOKEN_FIELD: token})
    assert right.status_code == 302
    assert Lead.objects.count() == 1


def test_an_invitation_sent_twice_invites_once_and_opens_the_user_page(
    client, national_user, departments
):
    client.force_login(national_user)
    url = reverse("accounts:user-invite")
    data = {
        "email": "lea.martin@rhone.gouv.fr",
        "first_name": "Léa",
        "last_name": "Martin",
        "language": "fr",
        "role": "territorial",
        "departments": [departments["69"].pk],
        TOKEN_FIELD: token_of(client.get(url).content.decode()),
    }
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    invited = User.objects.get(email="lea.martin@rhone.gouv.fr")
    assert first.url == invited.get_absolute_url()
    assert second.redirect_chain == [(invited.get_absolute_url(), 302)]
    assert "already been sent" in second.content.decode() or "déjà" in second.content.decode()


@pytest.mark.parametrize(
    "url_name", ["partners:organisation-create", "programmes:programme-create"]
)
def test_every_create_form_carries_a_token(client, national_user, departments, url_name):
    client.force_login(national_user)
    assert token_of(client.get(reverse(url_name)).content.decode())


def test_an_organisation_sent_twice_is_created_once(client, national_user, departments):
    client.force_login(national_user)
    url = reverse("partners:organisation-create")
    data = {
        "name": "Menuiserie Lyonnaise",
        "kind": "company",
        "size_band": "10-49",
        "department": departments["69"].pk,
        TOKEN_FIELD: token_of(client.get(url).content.decode()),
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert Organisation.objects.count() == 1
