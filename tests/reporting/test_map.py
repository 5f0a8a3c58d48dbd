"""The map of France by département: every département drawn (overseas ones included, keyed by
INSEE code), each filled with the colour of the dictionary's figure on the DSFR scale, the same
figures in its table, small counts hidden outside a coordinator's territory, and a link only to
the dashboards the user may open."""

import datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from programmes.models import ActionStatus, Programme
from reporting import cache
from reporting.dictionary import compute
from reporting.map.geometry import OVERSEAS, drawn_codes, frames
from reporting.map.indicators import MAP_INDICATORS, year_filters
from reporting.map.scale import NO_DATA_COLOUR, RAMP_END, RAMP_START, SUPPRESSED_COLOUR, ramp
from territories.models import Department

from ..beneficiaries.factories import BeneficiaryFactory, EnrolmentFactory, PathwayStepFactory
from ..conftest import in_english
from ..programmes.factories import ActionFactory, TargetFactory
from .html import figures

pytestmark = pytest.mark.django_db


class MapShapes(HTMLParser):
    """Feed a page; then `shapes` ({INSEE code: [(fill, title, href or None)]}, one entry per
    drawing: Paris and its inner ring appear twice) and `legend` (list of fills)."""

    def __init__(self):
        super().__init__()
        self.shapes, self.legend = {}, []
        self._href = None
        self._shape = None
        self._title = None
        self._in_legend = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "tremplin-map__link" in (attrs.get("class") or ""):
            self._href = attrs["href"]
            self._code = attrs["data-code"]
        elif tag == "path":
            code = attrs.get("data-code") or self._code
            self._shape = [code, attrs["fill"], None, self._href]
        elif tag == "title" and self._shape is not None:
            self._title = []
        elif tag == "ul" and "tremplin-map__legend" in (attrs.get("class") or ""):
            self._in_legend = True
        elif tag == "rect" and self._in_legend:
            self.legend.append(attrs["fill"])

    def handle_endtag(self, tag):
        if tag == "title" and self._title is not None:
            self._shape[2] = "".join(self._title)
            self._title = None
        elif tag == "path" and self._shape is not None:
            code, fill, title, href = self._shape
            self.shapes.setdefault(code, []).append((fill, title, href))
            self._shape = None
        elif tag == "a":
            self._href = self._code = None
        elif tag == "ul":
            self._in_legend = False

    def handle_data(self, data):
        if self._title is not None:
            self._title.append(data)


def shapes(response):
    parser = MapShapes()
    parser._code = None
    parser.feed(response.content.decode())
    return parser


def exits(department, action, count, with_job):
    """`count` people of `department` who exited `action` in 2026, the first `with_job` of
    them with a CDI during it (a sortie dynamique)."""
    for index in range(count):
        person = BeneficiaryFactory(department=department)
        enrolment = EnrolmentFactory(beneficiary=person, action=action, exited=True)
        if index < with_job:
            PathwayStepFactory(enrolment=enrolment, job=True, start_date=datetime.date(2026, 5, 4))


@pytest.fixture
def exited(departments, rhone_operator):
    """Rhône: 6 exits, 4 of them sorties dynamiques; Paris: 2 exits, 1 into a job."""
    rhone = ActionFactory(operator=rhone_operator, departments=[departments["69"]])
    paris = ActionFactory(departments=[departments["75"]])
    exits(departments["69"], rhone, 6, 4)
    exits(departments["75"], paris, 2, 1)
    return rhone


def test_every_department_is_drawn_once_by_its_insee_code(departments):
    codes = set(Department.objects.values_list("code", flat=True))
    assert drawn_codes() == codes
    assert {"2A", "2B", "971", "972", "973", "974", "976"} <= drawn_codes()
    assert [frame.key for frame in frames()][-5:] == list(OVERSEAS)


def test_the_scale_is_the_dsfr_sequential_palette():
    colours = ramp(5)
    assert colours[0] == RAMP_START and colours[-1] == RAMP_END
    scale = MAP_INDICATORS["sortie_dynamique_rate"].scale
    assert scale.colour(0) == colours[0]
    assert scale.colour(66.7) == colours[3]
    assert scale.colour(100) == colours[4]
    assert scale.colour(None) == NO_DATA_COLOUR


def test_national_staff_see_the_dictionarys_figures_coloured_and_tabled(
    client, national_user, exited
):
    client = in_english(client)
    client.force_login(national_user)
    response = client.get(reverse("reporting:map"), {"year": 2026})
    assert response.status_code == 200
    expected = {
        row.key: row
        for row in compute("sortie_dynamique_rate", year_filters(2026), by="department").rows
    }
    indicator = MAP_INDICATORS["sortie_dynamique_rate"]
    drawn = shapes(response)
    for code in ("69", "75"):
        fill, title, _href = drawn.shapes[code][0]
        assert fill == indicator.scale.colour(expected[code].value)
    assert drawn.shapes["69"][0][1].endswith(": 66.7 %")
    assert (expected["69"].numerator, expected["69"].denominator) == (4, 6)
    table = {row[0]: row[1:] for row in figures(response).tables["map-table"]["rows"]}
    assert table["Rhône (69)"] == ["66.7 %", "4 / 6"]
    assert table["Paris (75)"] == ["50.0 %", "1 / 2"]
    assert table["Ain (01)"] == ["—", "—"]
    assert drawn.shapes["01"][0][0] == NO_DATA_COLOUR
    assert drawn.legend == [colour for colour, _label in indicator.scale.legend()]


def test_overseas_departments_are_drawn_in_their_insets(client, national_user, departments):
    client.force_login(national_user)
    drawn = shapes(client.get(reverse("reporting:map")))
    assert set(OVERSEAS) <= set(drawn.shapes)
    assert len(drawn.shapes) == 101
    assert len(drawn.shapes["75"]) == 2  # France, and the Paris inset


def map_rows(client, **query):
    """{row label: cells} of the map's table for 2026 as the logged-in user reads it."""
    response = client.get(reverse("reporting:map"), {"year": 2026, **query})
    return {row[0]: row[1:] for row in figures(response).tables["map-table"]["rows"]}


def test_small_counts_outside_a_coordinators_territory_are_hidden(
    client, national_user, rhone_user, exited, departments
):
    # As on the national dashboard: Paris's 1 / 2 read "< 5"; the Rhône's coordinator knows
    # their own 6 exits, which therefore protect nothing: the exits column (whose total the
    # dashboard shows) hides Bouches-du-Rhône's 8 instead. The Rhône's 4 sorties dynamiques
    # read "< 5" like any small count on a page about people outside the Rhône.
    exits(departments["13"], ActionFactory(departments=[departments["13"]]), 8, 5)
    client = in_english(client)
    client.force_login(rhone_user)
    response = client.get(reverse("reporting:map"), {"year": 2026})
    table = {row[0]: row[1:] for row in figures(response).tables["map-table"]["rows"]}
    assert table["Paris (75)"] == ["< 5", "< 5 / < 5"]
    assert table["Rhône (69)"] == ["< 5", "< 5 / 6"]
    # Its 5 sorties dynamiques too: the total (10) minus the Rhône's 4 minus 5 gives Paris's 1.
    assert table["Bouches-du-Rhône (13)"] == ["secret", "secret / secret"]
    assert shapes(response).shapes["75"][0][0] == SUPPRESSED_COLOUR
    assert "50.0" not in shapes(response).shapes["75"][0][1]
    csv = client.get(reverse("reporting:map"), {"year": 2026, "format": "csv", "table": "map"})
    assert "Paris (75);< 5;< 5;< 5" in csv.content.decode()
    assert "Rhône (69);< 5;< 5;6" in csv.content.decode()
    assert "fewer than 5 people" in response.content.decode()
    client.force_login(national_user)
    table = map_rows(client)
    assert table["Paris (75)"] == ["50.0 %", "1 / 2"]
    assert table["Rhône (69)"] == ["66.7 %", "4 / 6"]


def test_the_map_hides_the_cells_the_national_dashboard_hides(
    client, rhone_user, exited, departments
):
    # The reviewer's case: Vendée's 3 exits are hidden, so Loire-Atlantique's 7 are too (the
    # Pays de la Loire's 10 on the région table would give Vendée's back). The map used to
    # suppress on its own, outside the Rhône only and without the régions: it showed
    # Loire-Atlantique "5 / 7", hid it nowhere the dashboard did, and hid others it showed.
    loire_atlantique, vendee = (Department.objects.get(code=code) for code in ("44", "85"))
    exits(departments["13"], ActionFactory(departments=[departments["13"]]), 8, 5)
    exits(loire_atlantique, ActionFactory(departments=[loire_atlantique]), 7, 5)
    exits(vendee, ActionFactory(departments=[vendee]), 3, 0)
    cache.bump()  # the dashboard's tables of an earlier test are not this world's
    client = in_english(client)
    client.force_login(rhone_user)
    on_map = map_rows(client)
    dashboard = client.get(
        reverse("reporting:dashboard-national"), {"period": "year", "year": 2026}
    )
    by_department = {
        row[0]: row[1:] for row in figures(dashboard).tables["by-department-table"]["rows"]
    }
    assert on_map["Loire-Atlantique (44)"][0] == "secret"
    assert by_department["Loire-Atlantique"][2] == "secret"
    compared = 0
    for department in Department.objects.all():
        shown = on_map[str(department)]
        if department.name not in by_department:
            assert shown[0] not in ("< 5", "secret")
            continue
        # Columns: entries, people followed, exits, sorties dynamiques.
        _entries, _followed, exited_, dynamic = by_department[department.name]
        assert shown[1] == f"{dynamic} / {exited_}", department
        hidden = "< 5" in (dynamic, exited_) or "secret" in (dynamic, exited_)
        assert (shown[0] in ("< 5", "secret")) == hidden, department
        compared += 1
    assert compared == 5


def test_each_count_of_a_hidden_rate_keeps_its_own_reading(client, rhone_user, departments):
    # Isère: 1 sortie dynamique out of 6 exits. The 1 reads "< 5", the 6 stays 6. The Rhône's
    # 6 sorties dynamiques are their coordinator's own: hiding them would hide nothing from
    # them. What would give the 1 back is France's total (7) minus their 6: the national
    # dashboard hides that total, in its key figures and in every table.
    isere = Department.objects.get(code="38")
    exits(isere, ActionFactory(departments=[isere]), 6, 1)
    exits(departments["69"], ActionFactory(departments=[departments["69"]]), 10, 6)
    client = in_english(client)
    client.force_login(rhone_user)
    table = map_rows(client)
    assert table["Isère (38)"] == ["< 5", "< 5 / 6"]
    assert table["Rhône (69)"] == ["60.0 %", "6 / 10"]
    csv = client.get(reverse("reporting:map"), {"year": 2026, "format": "csv", "table": "map"})
    assert "Isère (38);< 5;< 5;6" in csv.content.decode()
    cache.bump()  # the dashboard's tables of an earlier test are not this world's
    dashboard = figures(
        client.get(reverse("reporting:dashboard-national"), {"period": "year", "year": 2026})
    )
    key = {row[0]: row[1] for row in dashboard.tables["key-figures-table"]["rows"]}
    assert key["Sorties dynamiques"] == key["Sortie dynamique rate"] == "secret"
    assert key["Exits"] == "16"  # 16 - 10: six outside the Rhône, shown
    by_department = dashboard.tables["by-department-table"]
    sorties = by_department["header"].index("Sorties dynamiques")
    assert by_department["rows"][-1][0] == "Total"
    assert by_department["rows"][-1][sorties] == "secret"
    rate = dashboard.tables["sortie-dynamique-rate-table"]["rows"][-1]
    assert rate == ["Total", "secret", "secret", "secret"]


def test_a_department_links_to_its_dashboard_only_for_who_may_see_it(
    client, national_user, rhone_user, departments
):
    client.force_login(national_user)
    drawn = shapes(client.get(reverse("reporting:map")))
    assert drawn.shapes["75"][0][2] == reverse("reporting:dashboard-department", args=["75"])
    assert drawn.shapes["971"][0][2] is not None
    client.force_login(rhone_user)
    drawn = shapes(client.get(reverse("reporting:map")))
    assert drawn.shapes["69"][0][2] == reverse("reporting:dashboard-department", args=["69"])
    assert drawn.shapes["75"][0][2] is None
    assert drawn.shapes["13"][0][2] is None


@pytest.mark.parametrize("role", ["operator_user", "company_user"])
def test_operators_and_company_contacts_may_not_open_the_map(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("reporting:map")).status_code == 403


def test_entries_against_target(client, national_user, departments, rhone_operator):
    action = ActionFactory(operator=rhone_operator, departments=[departments["69"]])
    TargetFactory(
        action=action,
        indicator="entries",
        value=10,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    for _index in range(5):
        EnrolmentFactory(
            beneficiary=BeneficiaryFactory(department=departments["69"]),
            action=action,
            entered=True,
        )
    client = in_english(client)
    client.force_login(national_user)
    response = client.get(
        reverse("reporting:map"), {"year": 2026, "indicator": "entries_against_target"}
    )
    entries = compute("entries", year_filters(2026), by="department").rows
    assert [row.value for row in entries if row.key == "69"] == [5]
    table = {row[0]: row[1:] for row in figures(response).tables["map-table"]["rows"]}
    assert table["Rhône (69)"] == ["50.0 %", "5 / 10"]
    assert table["Paris (75)"] == ["—", "—"]


def test_agir_deployment(client, national_user, departments):
    agir = Programme.objects.get(code=Programme.AGIR)
    ActionFactory(
        programme=agir,
        agir_department=departments["69"],
        departments=[departments["69"]],
        status=ActionStatus.RUNNING,
        start_date=datetime.date(2024, 1, 1),
    )
    client = in_english(client)
    client.force_login(national_user)
    response = client.get(reverse("reporting:map"), {"year": 2026, "indicator": "agir_deployment"})
    table = {row[0]: row[1:] for row in figures(response).tables["map-table"]["rows"]}
    assert table["Rhône (69)"] == ["AGIR action running"]
    assert table["Paris (75)"] == ["No AGIR action"]
    scale = MAP_INDICATORS["agir_deployment"].scale
    drawn = shapes(response)
    assert drawn.shapes["69"][0][0] == scale.colour(2)
    assert drawn.shapes["75"][0][0] == scale.colour(0)
