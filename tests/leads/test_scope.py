"""Who may open the pipeline: role × lead in Rhône → list, detail and update answers."""

import pytest
from django.urls import reverse

from .factories import LeadFactory


@pytest.fixture
def rhone_lead(departments):
    return LeadFactory(department=departments["69"], organisation__name="Rhône Traiteur")


@pytest.mark.parametrize(
    ("viewer", "list_status", "detail_status"),
    [
        ("national", 200, 200),
        ("rhone", 200, 200),
        ("paris", 200, 404),
        ("operator", 403, 404),
        ("company", 403, 404),
    ],
)
def test_the_pipeline_answers_by_role_and_territory(
    client, users, rhone_lead, viewer, list_status, detail_status
):
    client.force_login(users[viewer])
    listing = client.get(reverse("leads:lead-list"))
    assert listing.status_code == list_status
    if list_status == 200:
        assert ("Rhône Traiteur" in listing.content.decode()) == (detail_status == 200)
    assert client.get(rhone_lead.get_absolute_url()).status_code == detail_status
    update = client.post(
        reverse("leads:lead-update", args=[rhone_lead.pk]), {"status": "contacted", "notes": ""}
    )
    assert update.status_code == (302 if detail_status == 200 else 404)
    rhone_lead.refresh_from_db()
    assert rhone_lead.status == ("contacted" if detail_status == 200 else "new")


@pytest.mark.parametrize(
    "url",
    [
        reverse("leads:lead-list"),
        reverse("leads:lead-detail", args=[1]),
        reverse("leads:lead-update", args=[1]),
        reverse("reporting:funnel"),
    ],
)
def test_anonymous_visitors_are_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [("national", 200), ("rhone", 200), ("paris", 200), ("operator", 403), ("company", 403)],
)
def test_only_national_and_territorial_staff_see_the_funnel(client, users, viewer, expected):
    client.force_login(users[viewer])
    assert client.get(reverse("reporting:funnel")).status_code == expected


def test_the_public_form_needs_no_sign_in(client, db):
    assert client.get(reverse("leads:interest-form")).status_code == 200
    assert client.get(reverse("leads:interest-thanks")).status_code == 200
