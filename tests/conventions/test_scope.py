"""Who may open which convention: role × convention in scope × out of scope, on the list, the
page, the edit form and the signed documents."""

import pytest
from django.urls import reverse

from .factories import AmendmentFactory

DETAIL = [
    ("national", "rhone", 200),
    ("national", "paris", 200),
    ("territorial", "rhone", 200),
    ("territorial", "national", 200),
    ("territorial", "paris", 404),
    ("paris", "rhone", 404),
    ("paris", "national", 200),
    ("operator", "rhone", 404),
    ("operator", "national", 404),
    ("operator", "operator", 200),
    ("company", "rhone", 200),
    ("company", "national", 404),
    ("company", "operator", 404),
    ("other_company", "rhone", 404),
]


@pytest.mark.parametrize(("role", "convention", "expected"), DETAIL)
def test_detail(sign_in, conventions, role, convention, expected):
    response = sign_in(role).get(conventions[convention].get_absolute_url())
    assert response.status_code == expected
    if expected == 200:
        assert conventions[convention].title in response.content.decode()


@pytest.mark.parametrize(("role", "convention", "expected"), DETAIL)
def test_document_download(sign_in, conventions, role, convention, expected):
    url = reverse("conventions:document", args=[conventions[convention].pk])
    response = sign_in(role).get(url)
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(("role", "convention", "expected"), DETAIL)
def test_amendment_document_download(sign_in, conventions, role, convention, expected):
    amendment = AmendmentFactory(convention=conventions[convention])
    url = reverse("conventions:amendment-document", args=[amendment.pk])
    response = sign_in(role).get(url)
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("role", "convention", "expected"),
    [
        ("national", "rhone", 200),
        ("national", "national", 200),
        ("territorial", "rhone", 200),
        ("territorial", "national", 404),  # visible, but national conventions are DIAIR's
        ("territorial", "paris", 404),
        ("paris", "rhone", 404),
        ("paris", "national", 404),
        ("operator", "operator", 404),
        ("company", "rhone", 404),
        ("other_company", "rhone", 404),
    ],
)
@pytest.mark.parametrize(
    "url_name",
    [
        "conventions:convention-update",
        "conventions:amendment-create",
        "conventions:objective-create",
    ],
)
def test_editing_pages(sign_in, conventions, url_name, role, convention, expected):
    url = reverse(url_name, args=[conventions[convention].pk])
    assert sign_in(role).get(url).status_code == expected
    if expected == 404:
        assert sign_in(role).post(url, {"title": "Hijacked"}).status_code == 404


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("national", {"rhone", "national", "paris", "operator"}, set()),
        ("territorial", {"rhone", "national", "operator"}, {"paris"}),
        ("paris", {"national", "paris"}, {"rhone", "operator"}),
        ("operator", {"operator"}, {"rhone", "national", "paris"}),
        ("company", {"rhone"}, {"national", "paris", "operator"}),
        ("other_company", set(), {"rhone", "national", "paris", "operator"}),
    ],
)
def test_list_shows_only_scope(sign_in, conventions, role, visible, hidden):
    response = sign_in(role).get(reverse("conventions:convention-list"))
    assert response.status_code == 200
    page = response.content.decode()
    for name in visible:
        assert conventions[name].title in page
    for name in hidden:
        assert conventions[name].title not in page


@pytest.mark.parametrize(
    ("role", "expected"),
    [("national", 200), ("territorial", 200), ("operator", 403), ("company", 403)],
)
def test_only_national_and_territorial_staff_create(sign_in, users, role, expected):
    assert sign_in(role).get(reverse("conventions:convention-create")).status_code == expected


@pytest.mark.parametrize(
    "url",
    [
        lambda c: reverse("conventions:convention-list"),
        lambda c: reverse("conventions:convention-create"),
        lambda c: c.get_absolute_url(),
        lambda c: reverse("conventions:convention-update", args=[c.pk]),
        lambda c: reverse("conventions:document", args=[c.pk]),
    ],
)
def test_anonymous_visitors_are_sent_to_login(client, conventions, url):
    response = client.get(url(conventions["national"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_edit_link_only_for_editors(sign_in, conventions):
    update_url = reverse("conventions:convention-update", args=[conventions["rhone"].pk])
    assert (
        update_url
        in sign_in("territorial").get(conventions["rhone"].get_absolute_url()).content.decode()
    )
    assert (
        update_url
        not in sign_in("company").get(conventions["rhone"].get_absolute_url()).content.decode()
    )
