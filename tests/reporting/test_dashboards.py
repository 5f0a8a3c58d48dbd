"""Dashboards: who opens which (others' territories 404), figures of a coordinator's territory
only, national totals that are the sum of the départements', CSV downloads holding exactly the
tables' cells, small counts suppressed for a viewer outside their scope, and the cache dropped
when a fact changes.

The world: 2026 entries into PIC actions — 7 people living in the Rhône (3 of whom exited to a
CDI), 2 in Paris, 6 in the Bouches-du-Rhône; one more Rhône person entered in 2025."""

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import reverse

from reporting import cache
from reporting.dictionary import Filters, compute

from ..beneficiaries.factories import BeneficiaryFactory, EnrolmentFactory, PathwayStepFactory
from ..conftest import in_english
from ..programmes.factories import ActionFactory
from .html import figures

YEAR = {"period": "year", "year": "2026"}
PERIOD = Filters(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))


@pytest.fixture
def client(client):
    return in_english(client)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test computes its own figures: entries cached by an earlier test are dropped."""
    cache.bump()


def entered(department, action, n, *, exited_to_job=0, entry_date=datetime.date(2026, 2, 2)):
    """`n` people living in `department`, entered in `action` on `entry_date`; the first
    `exited_to_job` of them exited on 30 June with a CDI starting that day."""
    people = []
    for index in range(n):
        person = BeneficiaryFactory(department=department, referent_organisation=action.operator)
        if index < exited_to_job:
            enrolment = EnrolmentFactory(
                beneficiary=person,
                action=action,
                exited=True,
                referral_date=entry_date,
                entry_date=entry_date,
                exit_date=datetime.date(2026, 6, 30),
            )
            PathwayStepFactory(enrolment=enrolment, job=True, start_date=datetime.date(2026, 6, 30))
        else:
            EnrolmentFactory(
                beneficiary=person,
                action=action,
                in_progress=True,
                referral_date=entry_date,
                entry_date=entry_date,
            )
        people.append(person)
    return people


@pytest.fixture
def world(departments, rhone_operator, national_user, rhone_user, paris_user, operator_user):
    rhone, paris, bouches = departments["69"], departments["75"], departments["13"]
    rhone_action = ActionFactory(
        title="Bâtir en Rhône", operator=rhone_operator, departments=[rhone]
    )
    paris_action = ActionFactory(title="Cuisines de Paris", departments=[paris])
    bouches_action = ActionFactory(title="Port de Marseille", departments=[bouches])
    entered(rhone, rhone_action, 7, exited_to_job=3)
    entered(rhone, rhone_action, 1, entry_date=datetime.date(2025, 5, 5))
    entered(paris, paris_action, 2)
    entered(bouches, bouches_action, 6)
    return SimpleNamespace(
        rhone=rhone,
        paris=paris,
        bouches=bouches,
        rhone_action=rhone_action,
        paris_action=paris_action,
        national=national_user,
        rhone_user=rhone_user,
        paris_user=paris_user,
        operator=operator_user,
    )


def page(client, user, name, *args, **query):
    client.force_login(user)
    response = client.get(reverse(f"reporting:{name}", args=args), {**YEAR, **query})
    assert response.status_code == 200, response.status_code
    return response


def key_figure(response, code):
    """The "Period" cell of key figure `code`, as the key figures' table shows it."""
    table = figures(response).tables["key-figures-table"]
    labels = {row[0]: row for row in table["rows"]}
    from reporting.dictionary import get

    return labels[str(get(code).label)][1]


def rows(response, table_id):
    """{row label: cells} of the data table `table_id` of the page."""
    table = figures(response).tables[f"{table_id}-table"]
    return {row[0]: row[1:] for row in table["rows"]}


def test_a_coordinator_sees_their_territory_only(client, world):
    response = page(client, world.rhone_user, "dashboard-department", "69")
    rhone = Filters(start=PERIOD.start, end=PERIOD.end, departments=frozenset({world.rhone.pk}))
    assert compute("entries", rhone).total == 7
    assert key_figure(response, "entries") == "7"
    assert key_figure(response, "sortie_dynamique") == "3"
    # National staff read the same figures on the same page.
    assert key_figure(page(client, world.national, "dashboard-department", "69"), "entries") == "7"
    # Breakdowns count the Rhône's people only: 7 men (the factory's).
    assert rows(response, "by-sex") == {"Male": ["7", "8", "3", "3"], "Total": ["7", "8", "3", "3"]}
    assert rows(response, "by-programme")["Total"] == ["7", "8", "3", "3"]


@pytest.mark.parametrize(
    ("user", "url", "expected"),
    [
        ("rhone_user", ("dashboard-department", "75"), 404),
        ("rhone_user", ("dashboard-region", "11"), 404),  # Île-de-France
        ("rhone_user", ("dashboard-region", "84"), 404),  # a région not wholly theirs
        ("rhone_user", ("dashboard-department", "69"), 200),
        ("paris_user", ("dashboard-department", "69"), 404),
        ("national", ("dashboard-region", "84"), 200),
        ("national", ("dashboard-department", "75"), 200),
        ("operator", ("dashboard-department", "69"), 403),
        ("operator", ("dashboard-national",), 403),
        ("operator", ("dashboard-programme", "PIC"), 200),
        ("rhone_user", ("dashboard-programme", "PIC"), 200),
    ],
)
def test_who_opens_which_dashboard(client, world, user, url, expected):
    client.force_login(getattr(world, user))
    name, *args = url
    assert client.get(reverse(f"reporting:{name}", args=args)).status_code == expected


def test_actions_are_opened_within_scope(client, world):
    client.force_login(world.operator)
    own = reverse("reporting:dashboard-action", args=[world.rhone_action.pk])
    other = reverse("reporting:dashboard-action", args=[world.paris_action.pk])
    assert client.get(own, YEAR).status_code == 200
    assert client.get(other, YEAR).status_code == 404
    response = client.get(own, YEAR)
    assert key_figure(response, "entries") == "7"
    # Their own organisation's action: its people are theirs, nothing is suppressed.
    assert "suppression-notice" not in response.content.decode()


def test_company_contacts_see_their_own_organisation_only(client, world, company_user):
    client.force_login(company_user)
    assert client.get(reverse("reporting:dashboard-national")).status_code == 403
    assert client.get(reverse("reporting:dashboard-index")).status_code == 403
    response = client.get(reverse("reporting:dashboard-companies"), YEAR)
    assert response.status_code == 200
    tables = figures(response).tables
    # Their organisation's key figures, none of the territories' funnel.
    assert set(tables) == {"key-figures-table"}
    assert "funnel" not in response.content.decode()


def test_national_totals_are_the_sum_of_the_departements(client, world):
    response = page(client, world.national, "dashboard-national")
    by_department = rows(response, "by-department")
    total = by_department.pop("Total")
    assert by_department["Rhône"][0] == "7"
    assert by_department["Paris"][0] == "2"
    # Entries, people followed, exits, sorties dynamiques: additive.
    for column in range(4):
        assert sum(int(cells[column]) for cells in by_department.values()) == int(total[column])
    assert total[0] == key_figure(response, "entries") == "15"
    by_region = rows(response, "by-region")
    assert by_region.pop("Total") == total
    assert sum(int(cells[0]) for cells in by_region.values()) == 15


def test_csv_downloads_equal_the_tables(client, world):
    response = page(client, world.national, "dashboard-national")
    shown = figures(response)
    assert len(shown.downloads) == len(shown.tables) >= 6
    for url in shown.downloads:
        table_id = url.rsplit("table=", 1)[1]
        download = client.get(url)
        assert download.status_code == 200
        assert download["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in download["Content-Disposition"]
        text = download.content.decode("utf-8-sig")
        lines = list(csv.reader(io.StringIO(text), delimiter=";"))
        table = shown.tables[f"{table_id}-table"]
        assert lines == [table["header"], *table["rows"]], table_id


def test_an_unknown_table_is_not_found(client, world):
    client.force_login(world.national)
    url = reverse("reporting:dashboard-national")
    assert client.get(url, {"format": "csv", "table": "nope"}).status_code == 404


def test_a_csv_download_keeps_the_scope(client, world):
    client.force_login(world.rhone_user)
    url = reverse("reporting:dashboard-department", args=["75"])
    assert client.get(url, {"format": "csv", "table": "key-figures"}).status_code == 404
    url = reverse("reporting:dashboard-department", args=["69"])
    lines = client.get(url, {**YEAR, "format": "csv", "table": "by-programme"})
    assert "Paris" not in lines.content.decode("utf-8-sig")


def test_small_counts_are_suppressed_outside_ones_scope(client, world):
    coordinator = page(client, world.rhone_user, "dashboard-national")
    assert "suppression-notice" in coordinator.content.decode()
    by_department = rows(coordinator, "by-department")
    # Paris counts 2 entries: "< 5" for the Rhône's coordinator, with another cell of the
    # column so that the total does not give it away; their own Rhône is shown.
    assert by_department["Paris"][0] == "< 5"
    hidden = [cells[0] for cells in by_department.values() if cells[0] in ("< 5", "secret")]
    assert len(hidden) >= 2
    csv_text = client.get(
        reverse("reporting:dashboard-national"), {**YEAR, "format": "csv", "table": "by-department"}
    ).content.decode("utf-8-sig")
    assert "< 5" in csv_text

    national = page(client, world.national, "dashboard-national")
    assert rows(national, "by-department")["Paris"][0] == "2"
    assert "suppression-notice" not in national.content.decode()


def test_a_coordinators_own_small_count_protects_no_other(
    client, departments, rhone_operator, rhone_user, national_user
):
    """Rhône counts 3 entries, Paris 2, Bouches-du-Rhône 6. Both small cells read "< 5", but
    the Rhône's coordinator knows their own 3: were the 6 shown, the column's total (11)
    minus 6 minus 3 would give Paris's 2 back. So the 6 is hidden too; national staff read
    every count."""
    rhone, paris, bouches = departments["69"], departments["75"], departments["13"]
    entered(rhone, ActionFactory(operator=rhone_operator, departments=[rhone]), 3)
    entered(paris, ActionFactory(departments=[paris]), 2)
    entered(bouches, ActionFactory(departments=[bouches]), 6)

    coordinator = rows(page(client, rhone_user, "dashboard-national"), "by-department")
    entries = {name: cells[0] for name, cells in coordinator.items()}
    assert entries == {"Rhône": "< 5", "Paris": "< 5", "Bouches-du-Rhône": "secret", "Total": "11"}
    # The CSV download hides the same cells.
    download = client.get(
        reverse("reporting:dashboard-national"), {**YEAR, "format": "csv", "table": "by-department"}
    )
    lines = csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";")
    assert {line[0]: line[1] for line in lines if line[0] in entries} == entries

    national = rows(page(client, national_user, "dashboard-national"), "by-department")
    assert {name: cells[0] for name, cells in national.items()} == {
        "Rhône": "3",
        "Paris": "2",
        "Bouches-du-Rhône": "6",
        "Total": "11",
    }


def test_the_cache_is_dropped_when_a_fact_changes(
    client, world, django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = page(client, world.national, "dashboard-department", "69")
    assert key_figure(first, "entries") == "7"
    # The same page again comes from the cache: its figures and its filters' options cost no
    # query (the session, the user and their scope, the département of the page do).
    url = reverse("reporting:dashboard-department", args=["69"])
    with django_assert_num_queries(5):
        assert key_figure(client.get(url, YEAR), "entries") == "7"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        entered(world.rhone, world.rhone_action, 1)
    assert key_figure(page(client, world.national, "dashboard-department", "69"), "entries") == "8"


def test_the_period_and_breakdown_filters(client, world):
    # 2025: the one Rhône person who entered then.
    response = page(client, world.national, "dashboard-department", "69", year="2025")
    assert key_figure(response, "entries") == "1"
    response = page(
        client, world.national, "dashboard-department", "69", period="quarter", quarter="1"
    )
    assert key_figure(response, "entries") == "7"
    response = page(client, world.national, "dashboard-department", "69", breakdown="age_band")
    assert "by-age-band-table" in figures(response).tables
    # Invalid input falls back to the defaults instead of failing.
    response = page(client, world.national, "dashboard-national", year="abc", period="nope")
    assert key_figure(response, "entries") == "15"


def test_the_index_lists_what_the_user_may_open(client, world):
    response = page(client, world.rhone_user, "dashboard-index")
    content = response.content.decode()
    assert reverse("reporting:dashboard-department", args=["69"]) in content
    assert reverse("reporting:dashboard-department", args=["75"]) not in content
    assert reverse("reporting:dashboard-national") in content
    operator = page(client, world.operator, "dashboard-index").content.decode()
    assert reverse("reporting:dashboard-action", args=[world.rhone_action.pk]) in operator
    assert reverse("reporting:dashboard-national") not in operator


def test_a_transaction_drops_the_cache_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        entered(world.rhone, world.rhone_action, 3, exited_to_job=1)
    assert [callback for callback in callbacks if callback is cache.bump] == [cache.bump]
