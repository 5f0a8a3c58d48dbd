"""The convention list: filters in the URL, sorting, pagination, and a constant number of
queries whatever the number of conventions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ..factories import OrganisationFactory
from .factories import ConventionFactory

URL = reverse("conventions:convention-list")


def titles(response):
    return [convention.title for convention in response.context["object_list"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=draft", {"Brouillon Paris"}),
        ("scope=national", {"Nationale en cours"}),
        ("department=69", {"Rhône en cours"}),
        ("q=logistique", {"Rhône en cours"}),
        ("q=nationale", {"Nationale en cours"}),
        ("active=true", {"Rhône en cours", "Nationale en cours"}),
        ("active=false", {"Brouillon Paris"}),
    ],
)
def test_filters(client, national_user, orgs, departments, query, expected):
    if query.startswith("department="):
        query = f"department={departments['69'].pk}"
    ConventionFactory(
        title="Rhône en cours",
        active=True,
        parties=[orgs["other_rhone_company"], orgs["own_company"]],
        departments=[departments["69"]],
    )
    ConventionFactory(title="Nationale en cours", active=True, parties=[orgs["national_company"]])
    ConventionFactory(
        title="Brouillon Paris", parties=[orgs["paris_company"]], departments=[departments["75"]]
    )
    client.force_login(national_user)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert set(titles(response)) == expected


def test_sorting(client, national_user, orgs):
    for title, start in [("B", 3), ("A", 1), ("C", 2)]:
        ConventionFactory(
            title=title,
            parties=[orgs["national_company"]],
            start_date=datetime.date(2026, start, 1),
        )
    client.force_login(national_user)
    assert titles(client.get(f"{URL}?ordering=title")) == ["A", "B", "C"]
    assert titles(client.get(f"{URL}?ordering=-start_date")) == ["B", "C", "A"]


def test_the_list_pages_by_25(client, national_user, orgs):
    for n in range(27):
        ConventionFactory(title=f"Convention {n:02d}", parties=[orgs["national_company"]])
    client.force_login(national_user)
    first = client.get(f"{URL}?ordering=title")
    assert len(first.context["object_list"]) == 25
    assert "27 conventions" in first.content.decode()
    second = client.get(f"{URL}?ordering=title&page=2")
    assert titles(second) == ["Convention 25", "Convention 26"]


def _many(count, departments, party):
    today = timezone.localdate()
    for n in range(count):
        ConventionFactory(
            title=f"Convention {n}",
            parties=[party, OrganisationFactory(), OrganisationFactory()],
            departments=[departments["69"], departments["01"]],
            owner=None,
            start_date=today,
        )


@pytest.mark.parametrize("role", ["national", "territorial", "company"])
def test_queries_do_not_grow_with_the_page(sign_in, users, orgs, departments, role):
    client = sign_in(role)
    _many(2, departments, orgs["own_company"])
    client.get(URL)  # warm the session and the user's scope
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    _many(20, departments, orgs["own_company"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.context["object_list"]) == 22
    assert len(many) == len(few)


def test_the_list_offers_creation_only_to_those_who_may(sign_in, users):
    create_url = reverse("conventions:convention-create")
    assert create_url in sign_in("territorial").get(URL).content.decode()
    assert create_url not in sign_in("company").get(URL).content.decode()
