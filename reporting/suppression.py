"""The small-count rule (DESIGN.md §5, issue 13): in any aggregate a user sees about people
OUTSIDE their own scope, a cell counting 1 to 4 people reads "< 5", and a cell that would let
one recompute it — the last one left of a row or column whose total is shown — is hidden as
well (secondary suppression). Dashboards, CSV downloads, reports and convention objectives all
go through `suppress`; `sees_outside_scope` says when it applies.

The rule follows the statistical-confidentiality practice of the French public statistics
(INSEE, "secret statistique": primary cells under a threshold, then the complementary cells
that would let a reader subtract them out of a total).
"""

from dataclasses import replace

from django.utils.translation import gettext_lazy as _

#: Counts of people from 1 to SMALL_COUNT - 1 are not shown outside one's scope.
SMALL_COUNT = 5


class Hidden:
    """A cell not shown: `small` (1 to 4 people, read "< 5") or complementary (read
    "secret": it would let one recompute a small cell)."""

    def __init__(self, small):
        self.small = small

    def __str__(self):
        return str(_("< 5") if self.small else _("secret"))

    def __repr__(self):
        return "SMALL" if self.small else "SECRET"

    def __eq__(self, other):
        return isinstance(other, Hidden) and other.small == self.small

    def __hash__(self):
        return hash(self.small)


#: A primary cell: 1 to 4 people.
SMALL = Hidden(small=True)
#: A complementary cell, hidden so that a small one cannot be recomputed.
SECRET = Hidden(small=False)


def is_small(count):
    """True when `count` (an int, or None) counts 1 to 4 people."""
    return count is not None and 0 < count < SMALL_COUNT


def suppress(table, *, totals_shown=True, known=()):
    """The table as a user outside its people's scope may read it: `table` is a list of rows,
    each a list of counts of people (int, or None for an empty cell), or a single row (a list
    of ints). Returns the same shape, where each count of 1 to 4 is `SMALL` and, when
    `totals_shown` (the rows' and columns' totals are displayed), each row or column left with
    a single hidden cell also hides its smallest other count (`SECRET`), until none is left
    recomputable. Zeros are shown: they reveal nobody. The totals themselves go through
    `suppress_total`.

    `known`: the positions of the cells the reader knows anyway, because they count people of
    the reader's own scope (a coordinator's own département on the national dashboard: see
    `known_rows`) — indices of a single row, (row, column) pairs of a table. A known cell is
    still shown as this rule says (its small count reads "< 5" here like any other), but it
    protects nothing: a line whose hidden cells are all known but one gives that one back
    (the total minus the others), so one more unknown cell is hidden; and a known cell is
    never the complementary one, since hiding it would hide nothing from its reader."""
    flat = bool(table) and not isinstance(table[0], list | tuple)
    rows = [list(table)] if flat else [list(row) for row in table]
    known = {(0, position) for position in known} if flat else set(known)
    cells = {
        (r, c): SMALL if is_small(value) else value
        for r, row in enumerate(rows)
        for c, value in enumerate(row)
    }
    lines = []
    if totals_shown:
        width = max((len(row) for row in rows), default=0)
        lines = [[(r, c) for c in range(len(row))] for r, row in enumerate(rows)]
        if not flat:
            lines += [[(r, c) for r in range(len(rows)) if c < len(rows[r])] for c in range(width)]
        # Between equal counts, the last cell of a line is the complementary one.
        lines = [line[::-1] for line in lines]
    shown = suppress_lines(cells, lines, known)
    result = [[shown[(r, c)] for c in range(len(row))] for r, row in enumerate(rows)]
    return result[0] if flat else result


def suppress_total(count):
    """A total of people as shown outside their scope: `SMALL` for 1 to 4, else the count."""
    return SMALL if is_small(count) else count


#: The populations of `reporting.dictionary` that count people (and so may reveal one).
PEOPLE_POPULATIONS = ("persons", "enrolments", "follow_ups")


def suppress_figure(figure, indicator, known=frozenset(), own=None):
    """A `reporting.dictionary.Figure` as shown outside its people's scope. For an indicator
    counting people (`PEOPLE_POPULATIONS`): counts go through `suppress` (one row whose total
    is shown) and the total through `suppress_total`; a rate or an average is hidden with the
    counts it is computed from (its numerator or denominator hidden), each count keeping its
    own reading ("< 5" when small, "secret" when complementary, else shown). `known`: the keys
    of the rows the reader knows anyway (`known_rows`, for the figure's breakdown), which
    protect no other row (`suppress`). `own`: the same Figure over the reader's own scope
    (`own_filters`), or None: a total whose part outside that scope counts 1 to 4 people is
    `SECRET` (`hide_outside_remainder`). Other figures (organisations, conventions, leads…)
    come back unchanged."""
    if indicator.population not in PEOPLE_POPULATIONS:
        return figure
    figure = _suppress_rows(figure, known)
    return hide_outside_remainder(figure, own) if own is not None else figure


def _suppress_rows(figure, known):
    rows = figure.rows
    known = [position for position, row in enumerate(rows) if row.key in known]
    if figure.numerator is None and figure.denominator is None:
        values = suppress([row.value for row in rows], known=known)
        rows = [replace(row, value=value) for row, value in zip(rows, values, strict=True)]
        return replace(figure, total=suppress_total(figure.total), rows=rows)
    numerators = suppress([row.numerator for row in rows], known=known)
    denominators = suppress([row.denominator for row in rows], known=known)
    shown = []
    for row, numerator, denominator in zip(rows, numerators, denominators, strict=True):
        if isinstance(numerator, Hidden) or isinstance(denominator, Hidden):
            # The rate goes with whichever count is hidden; the other count keeps its own
            # reading (a denominator of 6 is not "< 5").
            small = is_small(row.numerator) or is_small(row.denominator)
            marker = SMALL if small else SECRET
            row = replace(row, value=marker, numerator=numerator, denominator=denominator)
        shown.append(row)
    if is_small(figure.numerator) or is_small(figure.denominator):
        figure = replace(
            figure,
            total=SMALL,
            numerator=suppress_total(figure.numerator),
            denominator=suppress_total(figure.denominator),
        )
    return replace(figure, rows=shown)


def outside_is_small(total, own):
    """True when `total` minus `own` — the people counted outside the reader's own scope, who
    know `own` from their own dashboards — is 1 to 4 (ints; False when either is not a
    number, e.g. already hidden)."""
    if not isinstance(total, int) or not isinstance(own, int):
        return False
    return is_small(total - own)


def hide_outside_remainder(figure, own):
    """`figure` (a Figure, rows already suppressed) with its total hidden (`SECRET`) when the
    reader, who knows `own` (the same Figure over their own scope), would subtract it to learn
    a count of 1 to 4 people outside their scope — a coordinator whose département holds all
    of France's sorties dynamiques but 2. For a rate or an average: each of its counts, and
    then the rate, the same way."""
    if figure.numerator is None and figure.denominator is None:
        if outside_is_small(figure.total, own.total):
            return replace(figure, total=SECRET)
        return figure
    numerator, denominator = figure.numerator, figure.denominator
    if outside_is_small(numerator, own.numerator):
        numerator = SECRET
    if outside_is_small(denominator, own.denominator):
        denominator = SECRET
    if (numerator, denominator) == (figure.numerator, figure.denominator):
        return figure
    total = figure.total if isinstance(figure.total, Hidden) else SECRET
    return replace(figure, total=total, numerator=numerator, denominator=denominator)


def own_filters(user, filters):
    """The part of `filters` (a `reporting.dictionary.Filters`) whose people `user` sees one
    by one — for a territorial coordinator the départements of their scope, for an operator
    their organisations' actions — or None when there is none (national staff, company
    contacts, anonymous visitors). `hide_outside_remainder` compares a figure with the same
    figure over these filters."""
    if not user.is_authenticated:
        return None
    scope = user.scope

    def narrowed(asked, own):
        return own if asked is None else asked & own

    if scope.is_national:
        return None
    if scope.is_territorial and scope.department_ids:
        return replace(filters, departments=narrowed(filters.departments, scope.department_ids))
    if scope.is_operator and scope.operator_organisation_ids:
        return replace(
            filters,
            organisations=narrowed(filters.organisations, scope.operator_organisation_ids),
        )
    return None


def sees_outside_scope(user, filters):
    """True when a figure about people computed with `filters` (a
    `reporting.dictionary.Filters`, or None for all France) counts people `user` may not see
    one by one, so that the small-count rule applies: always for anonymous visitors and company
    contacts, never for national staff; for a territorial coordinator unless the figure is
    restricted to départements of their territory; for an operator unless it is restricted to
    their own organisations' actions."""
    if not user.is_authenticated:
        return True
    scope = user.scope
    if scope.is_national:
        return False
    if filters is None:
        return True
    if (
        scope.is_territorial
        and filters.departments is not None
        and filters.departments <= scope.department_ids
    ):
        return False
    return not (
        scope.is_operator
        and filters.organisations is not None
        and filters.organisations <= scope.operator_organisation_ids
    )


def known_rows(user):
    """The rows of a breakdown whose people `user` may see one by one, and so knows the counts
    of from their own dashboards: a frozenset of (breakdown code, row key) pairs —
    ("department", INSEE code) for each département of a territorial coordinator's scope,
    ("region", code) for a région all of whose départements are in it, ("action", id) for each
    action an operator's organisation runs. `suppress`, `suppress_figure` and `suppress_lines`
    take them as `known`, so that a small count outside the user's scope cannot be recomputed
    from a total and the user's own figures. Empty for national staff (nothing is suppressed
    for them), company contacts and anonymous visitors (they know no count of people). At most
    two queries."""
    if not user.is_authenticated or user.scope.is_national:
        return frozenset()
    scope, known = user.scope, set()
    if scope.is_territorial and scope.department_ids:
        from territories.models import Department

        regions = {}
        for pk, code, region in Department.objects.values_list("pk", "code", "region__code"):
            ours = pk in scope.department_ids
            if ours:
                known.add(("department", code))
            regions[region] = regions.get(region, True) and ours
        known.update(("region", region) for region, whole in regions.items() if whole)
    if scope.is_operator and scope.operator_organisation_ids:
        from programmes.models import Action

        actions = Action.objects.filter(operator__in=scope.operator_organisation_ids)
        known.update(("action", pk) for pk in actions.values_list("pk", flat=True))
    return frozenset(known)


def suppress_lines(cells, lines, known=frozenset()):
    """Secondary suppression across tables that share cells or sums. `cells`: {key: a count,
    None, or a `Hidden` marker already set}; `lines`: lists of keys whose sum is known to the
    reader (a column with its total, a région and its départements, the same count in two
    tables); `known`: the keys of the cells the reader knows anyway (their own scope's, as in
    `suppress`). Returns a copy of `cells` where, until no line is left with exactly one hidden
    cell the reader does not know, the smallest shown count of such a line that the reader does
    not know either is `SECRET` (a single unknown hidden cell in a line is the line's known sum
    minus the others)."""
    cells = dict(cells)
    changed = True
    while changed:
        changed = False
        for line in lines:
            line = [key for key in line if key in cells]
            if sum(isinstance(cells[key], Hidden) and key not in known for key in line) != 1:
                continue
            others = [
                (cells[key], position, key)
                for position, key in enumerate(line)
                if not isinstance(cells[key], Hidden)
                and cells[key] is not None
                and key not in known
            ]
            if others:
                cells[min(others, key=lambda other: other[:2])[2]] = SECRET
                changed = True
    return cells
