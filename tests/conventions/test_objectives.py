"""Convention objectives on the convention page: progress (computed by reporting, see
tests/reporting/test_progress.py) against the pro-rata pace, and adding, editing and deleting
them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import ConventionObjective

from ..beneficiaries.factories import PathwayStepFactory
from .factories import ConventionFactory, MobilisationActionFactory, ObjectiveFactory

MID_2026 = datetime.date(2026, 7, 2)  # 182 of the 364 days of the period


@pytest.fixture
def objective(orgs):
    convention = ConventionFactory(
        parties=[orgs["own_company"], orgs["national_company"]],
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    return ObjectiveFactory(convention=convention, target=100)


def test_expected_value_follows_a_steady_pace(objective):
    assert objective.expected_by(datetime.date(2025, 12, 1)) == 0
    assert objective.expected_by(MID_2026) == pytest.approx(50, abs=0.5)
    assert objective.expected_by(datetime.date(2027, 3, 1)) == 100


def test_the_convention_page_shows_progress_and_pace(client, rhone_user, orgs, departments):
    today = timezone.localdate()
    convention = ConventionFactory(
        parties=[orgs["own_company"]],
        departments=[departments["69"]],
        start_date=today - datetime.timedelta(days=50),
        end_date=today + datetime.timedelta(days=50),
    )
    behind = ObjectiveFactory(convention=convention, target=100)
    on_track = ObjectiveFactory(convention=convention, target=10, indicator="event_participants")
    MobilisationActionFactory(
        attendees=[orgs["own_company"]], participants=20, date=today - datetime.timedelta(days=5)
    )
    client.force_login(rhone_user)
    page = client.get(convention.get_absolute_url()).content.decode()
    assert f'id="objective-{behind.pk}-achieved" max="100" value="20"' in page
    assert f'id="objective-{behind.pk}-expected" max="100" value="50"' in page
    assert f'id="objective-{on_track.pk}-achieved" max="100" value="100"' in page
    assert page.count("Behind pace") == 1
    assert page.count("On track") == 1
    assert "style=" not in page


def test_an_exceeded_objective_shows_its_real_share_and_a_full_bar(
    client, rhone_user, orgs, departments
):
    convention = ConventionFactory(parties=[orgs["own_company"]], departments=[departments["69"]])
    objective = ObjectiveFactory(convention=convention, target=25)
    MobilisationActionFactory(
        attendees=[orgs["own_company"]], participants=34, date=objective.period_start
    )
    client.force_login(rhone_user)
    page = client.get(convention.get_absolute_url()).content.decode()
    assert "34 of 25 (136 %)" in page
    assert f'id="objective-{objective.pk}-achieved" max="100" value="100"' in page


def test_hires_are_counted_from_the_recorded_jobs_with_the_parties(
    client, rhone_user, orgs, departments
):
    today = timezone.localdate()
    convention = ConventionFactory(
        parties=[orgs["own_company"]],
        departments=[departments["69"]],
        start_date=today - datetime.timedelta(days=50),
        end_date=today + datetime.timedelta(days=50),
    )
    hires = ObjectiveFactory(convention=convention, target=30, indicator="hires")
    PathwayStepFactory(
        job=True,
        organisation=orgs["own_company"],
        start_date=today - datetime.timedelta(days=10),
        beneficiary__department=departments["69"],
        beneficiary__last_name="Gebremedhin",
    )
    client.force_login(rhone_user)
    page = client.get(convention.get_absolute_url()).content.decode()
    row = page.split(f'id="objective-{hires.pk}"')[1].split("</tr>")[0]
    assert "Not measured yet" not in row
    assert "1 of 30" in row
    assert f'id="objective-{hires.pk}-achieved"' in row
    assert "Behind pace" in row  # 1 where 15 were expected by now
    assert "Gebremedhin" not in page  # a count, never a name
    assert f'id="objective-{hires.pk}-expected" max="100" value="50"' in row


def objective_data(**overrides):
    return {
        "indicator": "hires",
        "target": "40",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "department": "",
        **overrides,
    }


def test_an_editor_adds_edits_and_deletes_an_objective(client, rhone_user, conventions):
    convention = conventions["rhone"]
    client.force_login(rhone_user)
    response = client.post(
        reverse("conventions:objective-create", args=[convention.pk]), objective_data()
    )
    assert response.status_code == 302
    assert response.url == convention.get_absolute_url()
    objective = ConventionObjective.objects.get(convention=convention)
    assert (objective.indicator, objective.target) == ("hires", 40)
    update_url = reverse("conventions:objective-update", args=[convention.pk, objective.pk])
    assert update_url in client.get(convention.get_absolute_url()).content.decode()
    response = client.post(update_url, objective_data(target="60"))
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.target == 60
    assert objective.history.count() == 2
    delete_url = reverse("conventions:objective-delete", args=[convention.pk, objective.pk])
    assert client.get(delete_url).status_code == 200
    assert client.post(delete_url).status_code == 302
    assert not ConventionObjective.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"target": "0"}, "target", "greater than or equal to 1"),
        ({"period_end": "2025-12-31"}, "period_end", "cannot be before its start"),
        ("paris", "department", "a département the convention covers"),
    ],
)
def test_invalid_objectives_are_refused(
    client, rhone_user, conventions, departments, overrides, field, message
):
    if overrides == "paris":
        overrides = {"department": departments["75"].pk}
    client.force_login(rhone_user)
    response = client.post(
        reverse("conventions:objective-create", args=[conventions["rhone"].pk]),
        objective_data(**overrides),
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not ConventionObjective.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"), [("national", 200), ("paris", 404), ("company", 404)]
)
@pytest.mark.parametrize(
    "url_name", ["conventions:objective-update", "conventions:objective-delete"]
)
def test_only_editors_change_objectives(sign_in, conventions, url_name, role, expected):
    objective = ObjectiveFactory(convention=conventions["rhone"])
    url = reverse(url_name, args=[conventions["rhone"].pk, objective.pk])
    assert sign_in(role).get(url).status_code == expected
    if expected == 404:
        assert sign_in(role).post(url, objective_data()).status_code == 404
        assert ConventionObjective.objects.filter(pk=objective.pk, target=100).exists()


def test_an_objective_is_reached_only_through_its_own_convention(sign_in, conventions):
    objective = ObjectiveFactory(convention=conventions["paris"])
    url = reverse("conventions:objective-update", args=[conventions["rhone"].pk, objective.pk])
    assert sign_in("territorial").get(url).status_code == 404
