"""Who may open what in the registry: role × organisation in scope × out of scope."""

import pytest
from django.urls import reverse

from .factories import ContactFactory

ROLES = ["national", "territorial", "operator", "company", "no_role"]


@pytest.mark.parametrize(
    ("role", "organisation", "expected"),
    [
        ("national", "rhone_company", 200),
        ("national", "paris_company", 200),
        ("territorial", "rhone_company", 200),
        ("territorial", "rhone_operator", 200),
        ("territorial", "national_body", 200),
        ("territorial", "paris_company", 404),
        ("operator", "rhone_operator", 200),
        ("operator", "rhone_company", 404),
        ("company", "own_company", 200),
        ("company", "rhone_company", 404),
        ("company", "rhone_operator", 404),
        ("no_role", "rhone_company", 404),
    ],
)
def test_detail(sign_in, orgs, role, organisation, expected):
    response = sign_in(role).get(orgs[organisation].get_absolute_url())
    assert response.status_code == expected
    if expected == 200:
        assert orgs[organisation].name in response.content.decode()


@pytest.mark.parametrize(
    ("role", "organisation", "expected"),
    [
        ("national", "paris_company", 200),
        ("national", "national_body", 200),
        ("territorial", "rhone_company", 200),
        ("territorial", "national_body", 404),  # visible, but a national body is not theirs
        ("territorial", "paris_company", 404),
        ("paris", "rhone_company", 404),
        ("operator", "rhone_operator", 200),
        ("operator", "rhone_company", 404),
        ("company", "own_company", 404),
        ("no_role", "rhone_company", 404),
    ],
)
@pytest.mark.parametrize("url_name", ["partners:organisation-update", "partners:contact-create"])
def test_update_and_contact_create(sign_in, orgs, url_name, role, organisation, expected):
    url = reverse(url_name, args=[orgs[organisation].pk])
    assert sign_in(role).get(url).status_code == expected
    if expected == 404:
        assert sign_in(role).post(url, {"name": "Hijacked"}).status_code == 404


@pytest.mark.parametrize(
    ("role", "organisation", "expected"),
    [
        ("national", "paris_company", 200),
        ("territorial", "rhone_company", 200),
        ("territorial", "paris_company", 404),
        ("operator", "rhone_operator", 200),
        ("operator", "rhone_company", 404),
        ("company", "own_company", 404),
    ],
)
def test_contact_update(sign_in, orgs, role, organisation, expected):
    contact = ContactFactory(organisation=orgs[organisation])
    url = reverse("partners:contact-update", args=[contact.pk])
    assert sign_in(role).get(url).status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("national", 200), ("territorial", 200), ("operator", 403), ("company", 403)],
)
def test_only_national_and_territorial_staff_create(sign_in, orgs, role, expected):
    assert sign_in(role).get(reverse("partners:organisation-create")).status_code == expected


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        (
            "national",
            {"rhone_company", "paris_company", "national_body", "rhone_operator", "own_company"},
            set(),
        ),
        (
            "territorial",
            {"rhone_company", "national_body", "opco", "rhone_operator", "own_company"},
            {"paris_company"},
        ),
        ("paris", {"paris_company", "national_body"}, {"rhone_company", "rhone_operator"}),
        ("operator", {"rhone_operator"}, {"rhone_company", "paris_company", "national_body"}),
        ("company", {"own_company"}, {"rhone_company", "rhone_operator", "national_body"}),
        ("no_role", set(), {"rhone_company", "paris_company", "national_body"}),
    ],
)
def test_list_shows_only_scope(sign_in, orgs, role, visible, hidden):
    response = sign_in(role).get(reverse("partners:organisation-list"))
    assert response.status_code == 200
    listed = set(response.context["object_list"])
    assert {orgs[name] for name in visible} <= listed
    assert not {orgs[name] for name in hidden} & listed
    page = response.content.decode()
    for name in visible:
        assert f'href="{orgs[name].get_absolute_url()}"' in page


@pytest.mark.parametrize(
    ("role", "shows_button"),
    [("national", True), ("territorial", True), ("operator", False), ("company", False)],
)
def test_list_offers_creation_to_those_who_may(sign_in, orgs, role, shows_button):
    page = sign_in(role).get(reverse("partners:organisation-list")).content.decode()
    assert (reverse("partners:organisation-create") in page) is shows_button


def test_anonymous_visitors_are_sent_to_login(client, orgs):
    contact = ContactFactory(organisation=orgs["rhone_company"])
    organisation = orgs["rhone_company"].pk
    for url in [
        reverse("partners:organisation-list"),
        reverse("partners:organisation-create"),
        reverse("partners:organisation-detail", args=[organisation]),
        reverse("partners:organisation-update", args=[organisation]),
        reverse("partners:contact-create", args=[organisation]),
        reverse("partners:contact-update", args=[contact.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login"))
