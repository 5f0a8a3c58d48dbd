"""The mobilisation funnel counts each step on a small known dataset, per territory, period
and sector, in a fixed number of queries. National events (no département) count in every
territory, as they do for convention objectives."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reporting import cache
from reporting.funnel import funnel

from ..factories import OrganisationFactory
from ..leads.factories import ConventionFactory, LeadFactory, MobilisationActionFactory

URL = reverse("reporting:funnel")
START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))


@pytest.fixture
def dataset(departments):
    """In 2026 unless said otherwise:
    - Rhône: two actions (one in 2025), reaching a hotel (hospitality) and a builder
      (construction, also at the Paris action); three leads (one qualified, one convention,
      one in 2025); a territorial convention with the hotel, and a draft one.
    - Paris: one action reaching the builder and a shop (no sector given), one new lead.
    - National: a webinar with no département; a national convention with the shop.
    """
    rhone, paris = departments["69"], departments["75"]
    hotel = OrganisationFactory(department=rhone, needs_sectors=["hospitality"])
    builder = OrganisationFactory(department=rhone, needs_sectors=["construction"])
    shop = OrganisationFactory(department=paris, needs_sectors=[])
    MobilisationActionFactory(departments=[rhone], attendees=[hotel, builder])
    MobilisationActionFactory(
        departments=[rhone], attendees=[hotel], date=datetime.date(2025, 11, 5)
    )
    MobilisationActionFactory(departments=[paris], attendees=[builder, shop])
    MobilisationActionFactory(departments=[], attendees=[shop])
    LeadFactory(
        department=rhone,
        sectors=["hospitality"],
        status="qualified",
        submitted_at=at(datetime.date(2026, 2, 2)),
    )
    LeadFactory(
        department=rhone,
        sectors=["hospitality", "cleaning"],
        status="convention",
        submitted_at=at(datetime.date(2026, 5, 4)),
    )
    LeadFactory(
        department=rhone, sectors=["construction"], submitted_at=at(datetime.date(2025, 6, 1))
    )
    LeadFactory(department=paris, sectors=["retail"], submitted_at=at(datetime.date(2026, 3, 3)))
    ConventionFactory(scope="territorial", departments=[rhone], parties=[hotel])
    ConventionFactory(scope="territorial", departments=[rhone], parties=[hotel], status="draft")
    ConventionFactory(parties=[shop], signed_on=datetime.date(2026, 9, 1))
    ConventionFactory(parties=[builder], signed_on=datetime.date(2025, 9, 1))


def steps(result):
    return {
        "actions": result.actions,
        "organisations": result.organisations,
        "interests": result.interests,
        "qualified": result.qualified,
        "conventions": result.conventions,
    }


def sector(result, code):
    row = next(row for row in result.sectors if row.code == code)
    return (row.organisations, row.interests, row.qualified, row.conventions)


def test_the_funnel_of_a_departement(dataset, departments):
    result = funnel(START, END, {departments["69"].pk})
    assert steps(result) == {
        "actions": 2,  # Rhône's and the national webinar
        "organisations": 3,  # the hotel, the builder, and the shop at the webinar
        "interests": 2,
        "qualified": 2,
        "conventions": 2,  # Rhône's signed one and the national one
    }
    assert sector(result, "hospitality") == (1, 2, 2, 1)
    assert sector(result, "construction") == (1, 0, 0, 0)
    assert sector(result, "cleaning") == (0, 1, 1, 0)
    assert sector(result, "") == (1, 0, 0, 1)  # the shop and the national convention name none


def test_a_national_event_counts_in_every_territory(dataset, departments):
    for code in ("69", "75"):
        webinar_only = funnel(START, END, {departments[code].pk})
        assert webinar_only.actions == 2, code
    assert funnel(START, END, {departments["13"].pk}).actions == 1  # the webinar alone


def test_the_funnel_of_all_france(dataset):
    result = funnel(START, END)
    assert steps(result) == {
        "actions": 3,
        "organisations": 3,
        "interests": 3,
        "qualified": 2,
        "conventions": 2,
    }
    assert sector(result, "retail") == (0, 1, 0, 0)
    assert sector(result, "") == (1, 0, 0, 1)


def test_the_period_moves_every_step(dataset, departments):
    result = funnel(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), {departments["69"].pk})
    assert steps(result) == {
        "actions": 1,
        "organisations": 1,
        "interests": 1,
        "qualified": 0,
        "conventions": 1,  # the national one signed in 2025
    }


def test_the_funnel_takes_five_queries_whatever_the_data(dataset, departments):
    with CaptureQueriesContext(connection) as queries:
        funnel(START, END)
    assert len(queries) == 5


def test_a_coordinator_sees_their_territory_by_default(client, rhone_user, departments, dataset):
    client.force_login(rhone_user)
    response = client.get(f"{URL}?start=2026-01-01&end=2026-12-31")
    assert response.status_code == 200
    assert steps(response.context["funnel"])["interests"] == 2
    page = response.content.decode()
    assert 'id="funnel-steps"' in page
    assert 'data-sector="hospitality"' in page
    territory = page.split('id="funnel-territory"')[1].split("</p>")[0]
    assert "Rhône (69)" in territory
    assert "Paris" not in territory
    form = response.context["form"]
    assert [d.code for d in form.fields["department"].queryset] == ["69"]
    assert list(form.fields["region"].queryset) == [departments["69"].region]


def test_a_coordinator_choosing_a_region_counts_only_their_departements(
    client, rhone_user, departments, dataset
):
    region = departments["69"].region  # Auvergne-Rhône-Alpes, which also holds Ain
    LeadFactory(department=departments["01"], submitted_at=at(datetime.date(2026, 6, 1)))
    client.force_login(rhone_user)
    response = client.get(f"{URL}?region={region.pk}&start=2026-01-01&end=2026-12-31")
    assert steps(response.context["funnel"])["interests"] == 2  # not Ain's lead


def test_a_coordinator_cannot_choose_another_departement(client, rhone_user, departments, dataset):
    client.force_login(rhone_user)
    response = client.get(f"{URL}?department={departments['75'].pk}")
    assert response.context["form"].has_error("department", "invalid_choice")
    assert response.context["funnel"] is None
    assert "fr-error-text" in response.content.decode()


def test_national_staff_see_all_france_over_the_current_year_by_default(
    client, national_user, departments
):
    this_year = timezone.localdate().year
    LeadFactory(department=departments["13"])
    LeadFactory(
        department=departments["75"],
        submitted_at=at(datetime.date(this_year - 1, 12, 31)),
    )
    client.force_login(national_user)
    response = client.get(URL)
    assert steps(response.context["funnel"])["interests"] == 1
    assert response.context["form"].cleaned_data["start"] == datetime.date(this_year, 1, 1)
    assert f'value="{this_year}-12-31"' in response.content.decode()
    assert response.context["territory"] is None  # all France


def test_an_end_before_the_start_is_a_field_error(client, national_user, db):
    client.force_login(national_user)
    response = client.get(f"{URL}?start=2026-06-01&end=2026-01-01")
    assert response.context["form"].has_error("end")
    assert response.context["funnel"] is None


def test_the_funnel_page_takes_the_same_queries_whatever_the_data(
    client, national_user, departments
):
    client.force_login(national_user)
    with CaptureQueriesContext(connection) as empty:
        client.get(f"{URL}?start=2026-01-01&end=2026-12-31")
    for _ in range(5):
        LeadFactory(department=departments["69"], submitted_at=at(datetime.date(2026, 2, 2)))
        MobilisationActionFactory(
            departments=[departments["69"]], attendees=[OrganisationFactory()]
        )
    cache.bump()  # what their commit does: the funnel cached above is dropped
    with CaptureQueriesContext(connection) as full:
        response = client.get(f"{URL}?start=2026-01-01&end=2026-12-31")
    assert steps(response.context["funnel"])["interests"] == 5
    assert len(full) == len(empty)
    # Nothing changed since: the same figures from the cache, without counting them again.
    with CaptureQueriesContext(connection) as cached:
        again = client.get(f"{URL}?start=2026-01-01&end=2026-12-31")
    assert again.context["funnel"] == response.context["funnel"]
    assert len(cached) == len(full) - 5
