"""The leads of a territory: counts by status, filters in the URL, sorting, and a number of
queries that does not grow with the page."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ..factories import MembershipFactory
from .factories import LeadFactory

URL = reverse("leads:lead-list")


def counts(response):
    """The status counts at the top of the page, as {status: count}."""
    return {row["status"]: row["count"] for row in response.context["status_counts"]} | {
        "late": response.context["late_count"]["count"]
    }


def names(response):
    return [lead.organisation.name for lead in response.context["object_list"]]


@pytest.fixture
def pipeline(departments, rhone_user):
    """Leads of Rhône in every status (one of them late), one of Ain and two of Paris."""
    long_ago = timezone.now() - datetime.timedelta(days=30)
    return {
        "late": LeadFactory(
            department=departments["69"], organisation__name="A Late", submitted_at=long_ago
        ),
        "new": LeadFactory(department=departments["69"], organisation__name="B New"),
        "contacted": LeadFactory(
            department=departments["69"],
            organisation__name="C Contacted",
            status="contacted",
            assignee=rhone_user,
        ),
        "qualified": LeadFactory(
            department=departments["69"], organisation__name="D Qualified", status="qualified"
        ),
        "convention": LeadFactory(
            department=departments["69"], organisation__name="E Convention", status="convention"
        ),
        "not_pursued": LeadFactory(
            department=departments["69"], organisation__name="F Dropped", not_pursued=True
        ),
        "ain": LeadFactory(department=departments["01"], organisation__name="G Ain"),
        "paris": LeadFactory(department=departments["75"], organisation__name="H Paris"),
        "paris_late": LeadFactory(
            department=departments["75"], organisation__name="I Paris Late", submitted_at=long_ago
        ),
    }


def test_a_coordinator_sees_the_counts_and_leads_of_their_territory(client, rhone_user, pipeline):
    client.force_login(rhone_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert counts(response) == {
        "new": 2,
        "contacted": 1,
        "qualified": 1,
        "convention": 1,
        "not_pursued": 1,
        "late": 1,
    }
    assert sorted(names(response)) == [
        "A Late",
        "B New",
        "C Contacted",
        "D Qualified",
        "E Convention",
        "F Dropped",
    ]
    page = response.content.decode()
    assert page.count("fr-badge--warning") == 1
    # Their only département is no choice: the filter is not offered.
    assert "department" not in response.context["filter"].form.fields


def test_national_staff_count_all_france(client, national_user, pipeline):
    client.force_login(national_user)
    response = client.get(URL)
    assert counts(response)["new"] == 5
    assert counts(response)["late"] == 2
    assert response.context["paginator"].count == 9


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=new", ["A Late", "B New"]),
        ("late=true", ["A Late"]),
        ("assignee={rhone}", ["C Contacted"]),
        ("assignee=null", ["A Late", "B New", "D Qualified", "E Convention", "F Dropped"]),
        ("status=qualified&ordering=-company", ["D Qualified"]),
    ],
)
def test_filters_live_in_the_url(client, rhone_user, pipeline, query, expected):
    client.force_login(rhone_user)
    response = client.get(f"{URL}?{query.format(rhone=rhone_user.pk)}")
    assert sorted(names(response)) == expected


def test_counts_follow_the_other_filters_and_link_to_each_status(
    client, national_user, departments, pipeline
):
    client.force_login(national_user)
    response = client.get(f"{URL}?department={departments['75'].pk}&status=contacted")
    assert names(response) == []
    assert counts(response) == {
        "new": 2,
        "contacted": 0,
        "qualified": 0,
        "convention": 0,
        "not_pursued": 0,
        "late": 1,
    }
    new_link = next(
        row["url"] for row in response.context["status_counts"] if row["status"] == "new"
    )
    assert f"department={departments['75'].pk}" in new_link
    assert "status=new" in new_link
    assert "status=contacted" not in new_link


def test_a_coordinator_cannot_filter_on_another_departement(
    client, rhone_user, departments, pipeline
):
    client.force_login(rhone_user)
    response = client.get(f"{URL}?department={departments['75'].pk}")
    # Their only département is no filter: the parameter is ignored, the scope stays theirs.
    assert "department" not in response.context["filter"].form.fields
    assert "H Paris" not in names(response)
    assert "H Paris" not in response.content.decode()


@pytest.mark.parametrize(
    ("ordering", "first"),
    [
        ("company", "A Late"),
        ("-company", "F Dropped"),
        ("submitted_at", "A Late"),
    ],
)
def test_the_list_sorts(client, rhone_user, pipeline, ordering, first):
    client.force_login(rhone_user)
    response = client.get(f"{URL}?ordering={ordering}")
    assert names(response)[0] == first


def render_counting_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries), response


def test_the_number_of_queries_does_not_grow_with_the_page(client, departments, national_user):
    client.force_login(national_user)
    assignees = [
        MembershipFactory(role="territorial", departments=[departments["69"]]).user
        for _ in range(3)
    ]
    for index in range(2):
        LeadFactory(department=departments["69"], assignee=assignees[index])
    few, response = render_counting_queries(client)
    assert len(response.context["object_list"]) == 2
    for index in range(30):
        LeadFactory(
            department=departments["75" if index % 2 else "13"], assignee=assignees[index % 3]
        )
    many, response = render_counting_queries(client)
    assert len(response.context["object_list"]) == 25
    assert many == few
    assert response.context["paginator"].num_pages == 2


def test_the_list_paginates_by_twenty_five(client, rhone_user, departments):
    for _ in range(26):
        LeadFactory(department=departments["69"])
    client.force_login(rhone_user)
    page = client.get(f"{URL}?page=2").content.decode()
    assert re.search(r'aria-current="page"[^>]*>2<', page)


def test_the_holiday_calendar_is_built_once_per_page_not_per_lead(
    client, national_user, pipeline, monkeypatch
):
    """Each row asks whether its lead is late: the calendar behind the answer is built once
    for each département calendar on the page, not once per row."""
    from partners.models import interest

    built = []
    france = interest.holidays.France

    def counting_france(*args, **kwargs):
        built.append(kwargs.get("subdiv"))
        return france(*args, **kwargs)

    interest._working_days_before.cache_clear()
    monkeypatch.setattr(interest.holidays, "France", counting_france)
    client.force_login(national_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == len(pipeline)
    # The count of late leads builds the national calendar and the local ones; rows reuse them.
    assert len(built) == len(set(built)) == 1 + len(set(interest.HOLIDAY_CALENDARS.values()))
