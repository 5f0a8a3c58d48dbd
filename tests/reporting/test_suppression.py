"""The small-count rule, on a table of cases: 1 to 4 people read "< 5", and the cell that
would let one recompute a hidden one out of a shown total is hidden as well."""

import datetime

import pytest

from reporting.dictionary import Filters
from reporting.suppression import SECRET, SMALL, sees_outside_scope, suppress, suppress_total

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
