"""The small-count rule, on a table of cases: 1 to 4 people read "< 5", and the cell that
would let one recompute a hidden one out of a shown total is hidden as well."""

import datetime

import pytest

from reporting.dictionary import Filters
from reporting.suppression import (
    SECRET,
    SMALL,
    hide_outside_remainder,
    known_rows,
    own_filters,
    sees_outside_scope,
    suppress,
    suppress_figure,
    suppress_lines,
    suppress_total,
)

from ..factories import MembershipFactory, OrganisationFactory

S, X = SMALL, SECRET


@pytest.mark.parametrize(
    ("table", "totals_shown", "expected"),
    [
        # One row (a breakdown with its total).
        ([10, 20, 30], True, [10, 20, 30]),
        ([0, 20, 30], True, [0, 20, 30]),  # zero reveals nobody
        ([5, 20, 30], True, [5, 20, 30]),  # five is shown
        ([3, 20, 30], True, [S, X, 30]),  # 3 recomputable from the total: the smallest other hides
        ([3, 20, 30], False, [S, 20, 30]),  # no total shown: nothing to recompute from
        ([3, 4, 30], True, [S, S, 30]),  # two hidden cells protect each other
        ([1, 0, 30], True, [S, X, 30]),  # a zero hides too: else 30 + 0 gives the 1 away
        ([4], True, [S]),  # nothing else to hide: the total (small too) is suppress_total's
        ([None, 2, 9], True, [None, S, X]),  # an empty cell is not a count
        ([], True, []),
        # Two dimensions: rows and columns with their totals.
        (
            [[10, 2, 30], [12, 40, 50]],
            True,
            # 2 hidden; its row hides 10 (the smallest other); then column 1 hides 12 and
            # column 2 hides 40: a rectangle, no line left with a single hidden cell.
            [[X, S, 30], [X, X, 50]],
        ),
        (
            [[10, 2, 30], [12, 40, 50]],
            False,
            [[10, S, 30], [12, 40, 50]],
        ),
        ([[1, 1], [1, 1]], True, [[S, S], [S, S]]),
        ([[20, 20], [20, 3]], True, [[X, X], [X, S]]),
    ],
)
def test_suppress(table, totals_shown, expected):
    assert suppress(table, totals_shown=totals_shown) == expected


@pytest.mark.parametrize(
    ("table", "known", "expected"),
    [
        # The reader knows the first cell (their own département): the two small cells no
        # longer protect each other, since the total minus 3 minus 10 gives the 2 back.
        ([3, 2, 10, 20], [0], [S, S, X, 20]),
        ([3, 2, 10, 20], [], [S, S, 10, 20]),
        # A known cell is never the complementary one: hiding it would hide nothing.
        ([2, 10, 20], [1], [S, 10, X]),
        # Only known cells are left to hide: nothing in the line can protect the small one.
        ([2, 10], [1], [S, 10]),
        # The reader knows both small cells: nothing to protect from them.
        ([3, 2, 10], [0, 1], [S, S, 10]),
        # Two dimensions: (row, column) positions.
        ([[3, 2], [30, 40]], [(0, 0)], [[S, S], [X, X]]),
    ],
)
def test_cells_the_reader_knows_protect_nothing(table, known, expected):
    assert suppress(table, known=known) == expected


def test_no_line_is_left_with_a_single_hidden_cell():
    table = [[7, 9, 2, 40], [11, 6, 30, 8], [25, 14, 16, 3]]
    shown = suppress(table)
    lines = [*shown, *zip(*shown, strict=True)]
    assert all(sum(cell in (SMALL, SECRET) for cell in line) != 1 for line in lines)


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, S), (4, S), (5, 5), (None, None)])
def test_suppress_total(count, shown):
    assert suppress_total(count) == shown


def test_hidden_cells_read_as_small_or_secret():
    assert str(SMALL) == "< 5"
    assert str(SECRET) == "secret"


YEAR = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31)}


@pytest.mark.parametrize(
    ("role", "filters", "outside"),
    [
        ("national", {}, False),
        ("territorial", {}, True),  # all France
        ("territorial", {"departments": "own"}, False),
        ("territorial", {"departments": "own+other"}, True),
        ("operator", {}, True),
        ("operator", {"organisations": "own"}, False),
        ("operator", {"organisations": "other"}, True),
        ("company", {"organisations": "own"}, True),  # a company never sees people
    ],
)
def test_sees_outside_scope(departments, role, filters, outside):
    own, other = OrganisationFactory(), OrganisationFactory()
    fields = {"role": role}
    if role == "territorial":
        fields["departments"] = [departments["69"]]
    if role in ("operator", "company"):
        fields["organisation"] = own
    user = MembershipFactory(**fields).user
    ids = {
        "own": frozenset({departments["69"].pk}),
        "own+other": frozenset({departments["69"].pk, departments["75"].pk}),
    }
    organisations = {"own": frozenset({own.pk}), "other": frozenset({other.pk})}
    asked = Filters(
        **YEAR,
        departments=ids.get(filters.get("departments")),
        organisations=organisations.get(filters.get("organisations")),
    )
    assert sees_outside_scope(user, asked) is outside


def test_anonymous_visitors_see_outside_any_scope():
    from django.contrib.auth.models import AnonymousUser

    assert sees_outside_scope(AnonymousUser(), None) is True


def test_suppress_figure_hides_small_counts_and_what_recomputes_them():
    from reporting.dictionary import Figure, Row, get

    entries = Figure("entries", 1, "enrolments", 33, [Row("F", "F", 3), Row("M", "M", 30)])
    shown = suppress_figure(entries, get("entries"))
    assert [row.value for row in shown.rows] == [SMALL, SECRET]
    assert shown.total == 33
    rate = Figure(
        "sortie_dynamique_rate",
        1,
        "percent",
        40.0,
        [Row("F", "F", 50.0, 1, 2), Row("M", "M", 39.5, 15, 38)],
        numerator=16,
        denominator=40,
    )
    shown = suppress_figure(rate, get("sortie_dynamique_rate"))
    assert [(row.value, row.numerator) for row in shown.rows] == [(SMALL, SMALL), (SECRET, SECRET)]
    assert shown.total == 40.0
    leads = Figure("leads", 1, "leads", 3, [Row("69", "Rhône", 3)])
    assert suppress_figure(leads, get("leads")) is leads  # companies, not people


def test_a_coordinator_reads_small_counts_of_a_national_convention_as_fewer_than_five(
    departments,
):
    from reporting.progress import objectives_progress

    from ..beneficiaries.factories import BeneficiaryFactory, PathwayStepFactory
    from ..conventions.factories import ConventionFactory, ObjectiveFactory

    party = OrganisationFactory()
    convention = ConventionFactory(parties=[party])
    for _n in range(3):
        PathwayStepFactory(
            beneficiary=BeneficiaryFactory(department=departments["69"]),
            job=True,
            organisation=party,
            start_date=datetime.date(2026, 3, 2),
        )
    national = ObjectiveFactory(convention=convention, indicator="hires")
    in_lyon = ObjectiveFactory(
        convention=convention, indicator="hires", department=departments["69"]
    )
    coordinator = MembershipFactory(role="territorial", departments=[departments["69"]]).user
    progress = objectives_progress([national, in_lyon], viewer=coordinator)
    assert (progress[national.pk].achieved, progress[national.pk].suppressed) == (None, True)
    assert (progress[in_lyon.pk].achieved, progress[in_lyon.pk].suppressed) == (3, False)


def test_a_hidden_rate_keeps_the_reading_of_each_of_its_counts():
    """A rate of 3 out of 6 is hidden with its numerator ("< 5"), but its denominator, 6 people,
    is not written "< 5": it is shown, unless the rule hides it on its own account."""
    from reporting.dictionary import Figure, Row, get

    rate = Figure(
        "sortie_dynamique_rate",
        1,
        "percent",
        40.9,
        [Row("28", "Normandie", 50.0, 3, 6), Row("84", "ARA", 39.5, 15, 38)],
        numerator=18,
        denominator=44,
    )
    shown = suppress_figure(rate, get("sortie_dynamique_rate"))
    assert [(row.value, row.numerator, row.denominator) for row in shown.rows] == [
        (SMALL, SMALL, 6),
        (SECRET, SECRET, 38),
    ]
    assert (shown.total, shown.numerator, shown.denominator) == (40.9, 18, 44)
    tiny = Figure("sortie_dynamique_rate", 1, "percent", 50.0, [], numerator=3, denominator=6)
    shown = suppress_figure(tiny, get("sortie_dynamique_rate"))
    assert (shown.total, shown.numerator, shown.denominator) == (SMALL, SMALL, 6)


@pytest.mark.parametrize(
    ("cells", "lines", "expected"),
    [
        # Nothing hidden: nothing to do.
        ({"a": 7, "b": 9}, [["a", "b"]], {"a": 7, "b": 9}),
        # The same count in two tables: hidden in one, hidden in the other.
        ({"a": S, "b": 9}, [["a", "b"]], {"a": S, "b": X}),
        # A région (r) hidden as complementary, its only département (d) shown: d hides too,
        # and the départements' column (d, e, f with its total) then hides its smallest other.
        (
            {"r": X, "d": 5, "e": 30, "f": 8},
            [["r", "d"], ["d", "e", "f"]],
            {"r": X, "d": X, "e": 30, "f": X},
        ),
        # Two hidden cells in a line: neither can be recomputed.
        ({"a": S, "b": S, "c": 40}, [["a", "b", "c"]], {"a": S, "b": S, "c": 40}),
        # Keys of a line missing from the cells are ignored; None is never picked.
        ({"a": S, "b": None, "c": 12}, [["a", "b", "c", "z"]], {"a": S, "b": None, "c": X}),
    ],
)
def test_suppress_lines_hides_what_another_table_would_give_back(cells, lines, expected):
    assert suppress_lines(cells, lines) == expected


def test_suppress_lines_does_not_count_on_what_the_reader_knows():
    cells = {"own": S, "other": S, "c": 12, "d": 30}
    assert suppress_lines(cells, [["own", "other", "c", "d"]]) == cells
    assert suppress_lines(cells, [["own", "other", "c", "d"]], known={"own"}) == {
        **cells,
        "c": X,
    }
    # A known count is not picked as the complementary cell.
    assert suppress_lines({"a": S, "own": 6, "c": 12}, [["a", "own", "c"]], known={"own"}) == {
        "a": S,
        "own": 6,
        "c": X,
    }


def test_known_rows_by_role(departments, rhone_operator):
    from django.contrib.auth.models import AnonymousUser

    from territories.models import Department

    from ..programmes.factories import ActionFactory

    own_action = ActionFactory(operator=rhone_operator)
    ActionFactory()  # another operator's
    partner_of = ActionFactory()
    partner_of.partners.add(rhone_operator)
    rhone = MembershipFactory(role="territorial", departments=[departments["69"]]).user
    corsica = Department.objects.filter(code__in=["2A", "2B"])
    island = MembershipFactory(role="territorial", departments=list(corsica)).user
    operator = MembershipFactory(role="operator", organisation=rhone_operator).user
    company = MembershipFactory(role="company", organisation=OrganisationFactory()).user
    national = MembershipFactory(role="national").user

    assert known_rows(rhone) == {("department", "69")}  # not the whole of its région
    assert known_rows(island) == {("department", "2A"), ("department", "2B"), ("region", "94")}
    assert known_rows(operator) == {("action", own_action.pk)}  # not the actions it partners
    assert known_rows(company) == known_rows(national) == known_rows(AnonymousUser()) == set()


def test_a_region_hidden_as_complementary_is_not_given_back_by_its_departements(departments):
    """The national dashboard as a coordinator reads it: Pays de la Loire's sorties
    dynamiques hidden as complementary in the région table must not be read off
    Loire-Atlantique's row in the département table (nor off the rate's numerator)."""
    from reporting.dashboards import link_territories
    from reporting.tables import Column, Table, TableRow

    columns = [Column(code, code) for code in ("entries", "persons_followed", "exits")]
    columns.append(Column("sortie_dynamique", "sortie_dynamique"))
    regions = Table(
        "by-region",
        "",
        "Région",
        columns,
        rows=[
            TableRow("28", "Normandie", [11, 22, 6, S]),
            TableRow("52", "Pays de la Loire", [33, 45, 7, X]),
            TableRow("84", "Auvergne-Rhône-Alpes", [181, 264, 103, 60]),
        ],
    )
    depts = Table(
        "by-department",
        "",
        "Département",
        columns,
        rows=[
            TableRow("76", "Seine-Maritime", [11, 22, 6, S]),
            TableRow("44", "Loire-Atlantique", [33, 45, 7, 5]),
            TableRow("69", "Rhône", [181, 264, 103, 60]),
        ],
    )
    rate = Table(
        "sortie-dynamique-rate",
        "",
        "Région",
        [Column("numerator", ""), Column("denominator", ""), Column("rate", "", "%")],
        rows=[
            TableRow("28", "Normandie", [S, 6, S]),
            TableRow("52", "Pays de la Loire", [X, 7, X]),
            TableRow("84", "Auvergne-Rhône-Alpes", [60, 103, 58.3]),
        ],
    )
    link_territories([regions, depts, rate])
    assert [row.cells[3] for row in depts.rows] == [S, X, 60]
    # No column or région line is left with a single hidden cell, and a rate is hidden
    # whenever one of its counts is.
    for table in (regions, depts):
        column = [row.cells[2] for row in table.rows]
        assert sum(isinstance(cell, type(S)) for cell in column) != 1
    for row in rate.rows:
        if any(isinstance(cell, type(S)) for cell in row.cells[:2]):
            assert isinstance(row.cells[2], type(S))
    assert rate.rows[2].cells == [60, 103, 58.3]


@pytest.mark.parametrize(
    ("total", "own", "shown"),
    [
        (7, 6, X),  # one person outside the reader's scope: hidden
        (10, 6, X),  # four
        (11, 6, 11),  # five: shown
        (7, 7, 7),  # nobody outside: nothing to reveal
        (S, 2, S),  # already hidden
    ],
)
def test_a_total_is_hidden_when_what_lies_outside_ones_scope_is_small(total, own, shown):
    from reporting.dictionary import Figure

    count = Figure("entries", 1, "number", total)
    assert hide_outside_remainder(count, Figure("entries", 1, "number", own)).total == shown


def test_a_rate_is_hidden_with_its_count_whose_outside_part_is_small():
    from reporting.dictionary import Figure

    rate = Figure("sortie_dynamique_rate", 1, "percent", 43.75, numerator=7, denominator=16)
    own = Figure("sortie_dynamique_rate", 1, "percent", 60.0, numerator=6, denominator=10)
    shown = hide_outside_remainder(rate, own)
    assert (shown.total, shown.numerator, shown.denominator) == (X, X, 16)


def test_own_filters_by_role(departments, rhone_operator):
    rhone = MembershipFactory(role="territorial", departments=[departments["69"]]).user
    operator = MembershipFactory(role="operator", organisation=rhone_operator).user
    national = MembershipFactory(role="national").user
    company = MembershipFactory(role="company", organisation=OrganisationFactory()).user
    everywhere = Filters(**YEAR)
    rhone_and_paris = Filters(
        **YEAR, departments=frozenset({departments["69"].pk, departments["75"].pk})
    )

    assert own_filters(rhone, everywhere).departments == {departments["69"].pk}
    assert own_filters(rhone, rhone_and_paris).departments == {departments["69"].pk}
    assert own_filters(operator, everywhere).organisations == {rhone_operator.pk}
    assert own_filters(national, everywhere) is None
    assert own_filters(company, everywhere) is None
