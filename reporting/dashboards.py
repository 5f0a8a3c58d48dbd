"""What each dashboard shows, as `reporting.tables.Table`s built from the indicator dictionary:
every number comes from `reporting.dictionary.compute` (counted with the other indicators of
its table by `computed_together`, or with the other key figures for both periods by
`compute_together_many`: the same definitions, fewer queries) or from the mobilisation funnel
(`reporting.funnel`), and, when the viewer sees people outside their own scope, goes through
`reporting.suppression` before it reaches a table. Nothing here counts a row itself.

A dashboard is a `Subject` (national, a région, a département, a programme, an action, or the
companies) seen through a `View`: the filters narrowed to what the viewer may see, the
previous period, one breakdown of people, and whether small counts are suppressed. `tables_for`
answers its tables in a number of queries that depends on the dashboard, never on the number
of people (each compute call is one aggregate query).
"""

import datetime
from dataclasses import dataclass, replace

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import dictionary, suppression
from .funnel import funnel
from .tables import BAR, GAUGE, LINE, PERCENT, Column, Table, TableRow, trend

NATIONAL, REGION, DEPARTMENT, PROGRAMME, ACTION, COMPANIES = (
    "national",
    "region",
    "department",
    "programme",
    "action",
    "companies",
)

#: Key figures of the people dashboards, in the order of their tiles.
PEOPLE_KEY_FIGURES = (
    "referrals",
    "entries",
    "persons_followed",
    "in_progress",
    "exits",
    "sortie_dynamique",
    "sortie_dynamique_rate",
    "durable_employment",
    "abandonments",
    "employed_6_months_of_due",
)
#: The counts drawn over the months of the period.
TREND = ("entries", "exits", "sortie_dynamique")
#: The counts compared between programmes, territories and groups of people.
COMPARED = ("entries", "persons_followed", "exits", "sortie_dynamique")
#: What the comparisons by territory and by group of people count: `COMPARED`, and the
#: sortie dynamique rate by territory.
ACROSS = (*COMPARED, "sortie_dynamique_rate")
#: Key figures of the companies' dashboard (national staff and coordinators).
COMPANY_KEY_FIGURES = (
    "mobilisation_actions",
    "event_participants",
    "organisations_engaged",
    "leads",
    "lead_conversion",
    "active_conventions",
    "objectives_attained",
    "hires",
    "durable_hires",
)
#: What a company contact sees of their own organisations.
OWN_COMPANY_FIGURES = (
    "active_conventions",
    "objectives_attained",
    "hires",
    "durable_hires",
    "training_entries",
    "immersions",
    "apprenticeships",
    "event_participants",
)
TERRITORY_FIGURES = ("leads", "organisations_engaged")


@dataclass(frozen=True)
class Subject:
    """What a dashboard is about: `kind` (NATIONAL…COMPANIES), `pk` (the région, département,
    programme or action id; None for NATIONAL and COMPANIES) and `name` (its title)."""

    kind: str
    pk: int | None = None
    name: str = ""


@dataclass(frozen=True)
class View:
    """A dashboard as one viewer sees it: the `subject`, the indicator `filters` (already
    narrowed to what the viewer may see), the `previous` period's filters (for the trends),
    the people `breakdown` (a BREAKDOWNS code), `suppressed`: whether small counts are
    hidden (`reporting.suppression.sees_outside_scope`), and `known`: the (breakdown, row key)
    pairs whose counts the viewer knows from their own scope (`suppression.known_rows`), which
    therefore protect no hidden cell, and `own`: the filters narrowed to the viewer's own scope
    (`suppression.own_filters`), whose figures the viewer knows, or None."""

    subject: Subject
    filters: dictionary.Filters
    previous: dictionary.Filters
    breakdown: str = "sex"
    suppressed: bool = False
    known: frozenset = frozenset()
    own: dictionary.Filters | None = None

    def known_keys(self, by):
        """The keys of the rows of breakdown `by` that the viewer knows (a set)."""
        return {key for breakdown, key in self.known if breakdown == by}


def figure(view, code, by=None, filters=None):
    """The Figure of indicator `code` for the view (or `filters`), as the viewer may read it."""
    result = dictionary.compute(code, filters or view.filters, by=by)
    if view.suppressed:
        result = suppression.suppress_figure(result, dictionary.get(code), view.known_keys(by))
    return result


def _unit(code):
    return PERCENT if dictionary.get(code).unit == "percent" else ""


def _label(code):
    return str(dictionary.get(code).label)


def _not_given(label):
    return label if label not in (None, "") else _("Not given")


def key_figures(view, codes):
    """The key figures of the period and of the previous one, with the change in percent: a
    table without chart (pages show its rows as tiles). One query for the indicators that
    read the same rows (both periods side by side), two per indicator built on others. A
    viewer with an own scope (`View.own`) does not read a total whose part outside their scope
    is small (`suppression.hide_outside_remainder`): the same figures of people over their
    scope are counted in one more query, which reads their scope's rows only (side by side
    with the whole's, each of the whole's rows was joined to its person and tested against
    twice as many aggregates: 356 ms for a coordinator's national key figures, instead of
    155 + 50, measured at national volume)."""
    periods = {"now": view.filters, "before": view.previous}
    asked = dict(periods)
    counted = dictionary.compute_together_many(codes, periods)
    own = view.own if view.suppressed else None
    if own is not None:
        own_periods = {
            "own_now": own,
            "own_before": replace(own, start=view.previous.start, end=view.previous.end),
        }
        asked.update(own_periods)
        people = [
            code
            for code in codes
            if dictionary.get(code).population in suppression.PEOPLE_POPULATIONS
        ]
        for code, figures in dictionary.compute_together_many(people, own_periods).items():
            counted[code] = {**counted[code], **figures}
    rows = []
    for code in codes:
        indicator = dictionary.get(code)
        people = indicator.population in suppression.PEOPLE_POPULATIONS
        now, before, own_now, own_before = _two_periods(code, asked if people else periods, counted)
        if view.suppressed:
            now = suppression.suppress_figure(now, indicator, own=own_now)
            before = suppression.suppress_figure(before, indicator, own=own_before)
        rows.append(
            TableRow(
                code,
                _label(code),
                [now.total, before.total, trend(now.total, before.total)],
                unit=_unit(code),
            )
        )
    return Table(
        id="key-figures",
        caption=_("Key figures"),
        row_header=_("Indicator"),
        columns=[
            Column("period", _("Period")),
            Column("previous", _("Previous period")),
            Column("change", _("Change"), PERCENT),
        ],
        rows=rows,
        chart=None,
    )


def months(start, end):
    """The first days of the months from `start`'s to `end`'s."""
    first, days = start.replace(day=1), []
    while first <= end:
        days.append(first)
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    return days


def _two_periods(code, asked, counted):
    """The Figures of `code` for the view's period and the previous one, then the same over the
    viewer's own scope (None when `asked`, {key: Filters}, has no "own_now" / "own_before"):
    those `counted` (`dictionary.compute_together_many` over `asked`) where the indicator has a
    measure, one compute per Filters otherwise."""
    if code in counted:
        answers = counted[code]
    else:
        answers = {key: dictionary.compute(code, filters) for key, filters in asked.items()}
    return answers["now"], answers["before"], answers.get("own_now"), answers.get("own_before")


def hide_totals_as_key_figures(key_table, tables):
    """The totals of `tables` (in place) read as the key figures' (`key_table`) of the same
    indicator: a total hidden there (small, or its part outside the viewer's scope small) is
    hidden in every table of the page, which shows the same total of the same filters. A
    rate's table (columns counted, out of, rate) hides its whole total row with its rate."""
    hidden = {
        row.key: row.cells[0]
        for row in key_table.rows
        if isinstance(row.cells[0], suppression.Hidden)
    }
    for table in tables:
        if table.total is None:
            continue
        keys = [column.key for column in table.columns]
        cells = list(table.total.cells)
        for index, key in enumerate(keys):
            if key in hidden and not isinstance(cells[index], suppression.Hidden):
                if keys[:2] == ["numerator", "denominator"]:
                    cells = [hidden[key]] * len(cells)
                    break
                cells[index] = hidden[key]
        table.total.cells = cells


def _month_label(key):
    if isinstance(key, datetime.date):
        return date_format(key, "YEAR_MONTH_FORMAT")
    return _not_given(key)


def breakdown_table(view, codes, by, *, table_id, caption, row_header, chart=BAR):
    """Counts `codes` broken down by `by`, one row per group met, with each indicator's own
    total as the last row. One query for the indicators reading the same rows grouped alike
    (`dictionary.computed_together`), one per other indicator."""
    with dictionary.computed_together(codes, view.filters, by):
        figures = {code: figure(view, code, by) for code in codes}
    labels = {}
    for result in figures.values():
        for row in result.rows:
            labels.setdefault(row.key, row.label)
    keys = list(labels)
    if by == "month":
        # Every month of the period, so that the line does not skip the months without any.
        keys = months(view.filters.start, view.filters.end)
    values = {code: {row.key: row.value for row in figures[code].rows} for code in codes}
    rows = [
        TableRow(
            key,
            _month_label(key) if by == "month" else _not_given(labels[key]),
            [values[code].get(key, 0) for code in codes],
        )
        for key in keys
    ]
    return Table(
        id=table_id,
        caption=caption,
        row_header=row_header,
        columns=[Column(code, _label(code)) for code in codes],
        rows=rows,
        total=TableRow("total", _("Total"), [figures[code].total for code in codes]),
        chart=chart,
    )


def rate_table(view, code, by, *, table_id, caption, row_header):
    """A rate broken down by `by`: what it counts, out of what, and the percentage, which the
    bars draw. One query."""
    result = figure(view, code, by)
    return Table(
        id=table_id,
        caption=caption,
        row_header=row_header,
        columns=[
            Column("numerator", _("Counted")),
            Column("denominator", _("Out of")),
            Column(code, _label(code), PERCENT),
        ],
        rows=[
            TableRow(row.key, _not_given(row.label), [row.numerator, row.denominator, row.value])
            for row in result.rows
        ],
        total=TableRow("total", _("Total"), [result.numerator, result.denominator, result.total]),
        chart=BAR,
        chart_columns=(2,),
    )


def _territory_breakdown(view):
    """How a dashboard's territory splits: by région for all France, else by département."""
    return "region" if view.filters.departments is None else "department"


def people_tables(view):
    """The tables of a national, territorial, programme or action dashboard: key figures,
    the monthly trend, the comparisons between programmes, territories and actions that the
    dashboard's kind allows, the chosen breakdown of people, and the targets."""
    key = key_figures(view, PEOPLE_KEY_FIGURES)
    tables = [key, trend_table(view)]
    label = str(dictionary.BREAKDOWNS[view.breakdown])
    with dictionary.computed_across(ACROSS, view.filters, person_breakdowns(view)):
        comparisons = comparison_tables(view)
        by_people = breakdown_table(
            view,
            COMPARED,
            view.breakdown,
            table_id=f"by-{view.breakdown.replace('_', '-')}",
            caption=_("By %(breakdown)s") % {"breakdown": label.lower()},
            row_header=label,
        )
    if view.suppressed:
        link_territories(comparisons, view.known)
    tables.extend(comparisons)
    tables.append(by_people)
    tables.extend(target_tables(view))
    if view.suppressed:
        hide_totals_as_key_figures(key, tables[1:])
    return tables


def trend_table(view, table_id="trend"):
    """The `TREND` counts of `view` by month, every month of its period, drawn as a line: the
    table of id `table_id`. Two queries (entries by their month, exits by theirs)."""
    return breakdown_table(
        view,
        TREND,
        "month",
        table_id=table_id,
        caption=_("Entries, exits and sorties dynamiques by month"),
        row_header=_("Month"),
        chart=LINE,
    )


def person_breakdowns(view):
    """The breakdowns by the person (BREAKDOWNS codes) of the tables `people_tables` shows:
    the territories `comparison_tables` compares and the breakdown of people chosen, which
    `dictionary.computed_across` counts in one query."""
    kind, bys = view.subject.kind, []
    if kind in (NATIONAL, PROGRAMME) and view.filters.departments is None:
        bys.append("region")
    if kind in (NATIONAL, REGION, PROGRAMME):
        bys.append("department")
    if kind != ACTION:
        bys.append(_territory_breakdown(view))
    return [*dict.fromkeys(bys), view.breakdown]


def comparison_tables(view):
    """The COMPARED counts by programme, région, département and action, and the sortie
    dynamique rate by territory, as far as the dashboard's kind makes them meaningful (a
    programme's dashboard is not split by programme, an action's not by territory)."""
    kind, tables = view.subject.kind, []
    compared = [
        # (kind allowed, breakdown, caption, row header)
        (kind in (NATIONAL, REGION, DEPARTMENT), "programme", _("By programme"), _("Programme")),
        (
            kind in (NATIONAL, PROGRAMME) and view.filters.departments is None,
            "region",
            _("By région"),
            _("Région"),
        ),
        (
            kind in (NATIONAL, REGION, PROGRAMME),
            "department",
            _("By département"),
            _("Département"),
        ),
    ]
    for allowed, by, caption, header in compared:
        if allowed:
            tables.append(compared_table(view, by, caption, header))
    if kind != ACTION:
        tables.append(territory_rate_table(view))
    if kind == PROGRAMME:
        tables.append(
            breakdown_table(
                view, COMPARED, "action", table_id="by-action", caption=_("By action"),
                row_header=_("Action"), chart=None,
            )
        )  # fmt: skip
    return tables


def compared_table(view, by, caption, header):
    """The COMPARED counts broken down by `by` ("programme", "region" or "department"), as the
    table of id `by-<by>`. One query (`breakdown_table`), none inside
    `dictionary.computed_across`."""
    # 101 bars are unreadable: all France's départements as a table (and on the map).
    chart = None if by == "department" and view.filters.departments is None else BAR
    return breakdown_table(
        view, COMPARED, by, table_id=f"by-{by}", caption=caption, row_header=header, chart=chart
    )


def territory_rate_table(view):
    """The sortie dynamique rate by région (all France) or by département. One query."""
    by = _territory_breakdown(view)
    return rate_table(
        view,
        "sortie_dynamique_rate",
        by,
        table_id="sortie-dynamique-rate",
        caption=_("Sortie dynamique rate by territory"),
        row_header=_("Région") if by == "region" else _("Département"),
    )


def national_department_table(view):
    """The national dashboard's "By département" table (`Table` of id "by-department", one
    row per département INSEE code met, COMPARED columns) exactly as `view`'s viewer reads
    it: when `view.suppressed`, small counts hidden and linked with the région and rate tables
    of the same page (`link_territories`). `view` is a NATIONAL view over all France
    (`view.filters.departments` None). The map of France reads its hidden cells here, so that
    the two pages hide the same cells (one rule, one place). One query
    (`dictionary.computed_across`), 2 when suppressed."""
    with dictionary.computed_across(ACROSS, view.filters, ["region", "department"]):
        tables = [
            compared_table(view, "region", _("By région"), _("Région")),
            compared_table(view, "department", _("By département"), _("Département")),
            territory_rate_table(view),
        ]
    if view.suppressed:
        link_territories(tables, view.known)
    return tables[1]


def link_territories(tables, known=frozenset()):
    """Secondary suppression across the territorial tables of one page (in place): a région's
    count is the sum of its départements', and the sortie dynamique rate's numerator and
    denominator repeat the région table's sorties dynamiques and exits, so a cell hidden in one
    table must not be recomputable from another (`suppression.suppress_lines`). `known`: the
    viewer's (breakdown, key) pairs known from their own scope (`View.known`): their cells
    protect nothing. One query (the région of each département shown)."""
    by_id = {table.id: table for table in tables}
    regions, departments = by_id.get("by-region"), by_id.get("by-department")
    rate = by_id.get("sortie-dynamique-rate")
    if regions is None or departments is None:
        return
    from territories.models import Department

    parents = dict(
        Department.objects.filter(code__in=[row.key for row in departments.rows if row.key])
        .values_list("code", "region__code")
        .order_by()
    )
    parents[None] = None  # people whose département is not given
    cells, lines = {}, []
    for name, table in (("region", regions), ("department", departments)):
        for row in table.rows:
            for index, value in enumerate(row.cells):
                cells[(name, row.key, index)] = value
        for index in range(len(table.columns)):
            lines.append([(name, row.key, index) for row in table.rows])
    for region in regions.rows:
        for index in range(len(regions.columns)):
            lines.append(
                [("region", region.key, index)]
                + [
                    ("department", row.key, index)
                    for row in departments.rows
                    if parents.get(row.key, "?") == region.key
                ]
            )
    columns = [column.key for column in regions.columns]
    if rate is not None and rate.row_header == regions.row_header:
        # Counted = the région's sorties dynamiques, out of = its exits.
        for part, code in ((0, "sortie_dynamique"), (1, "exits")):
            for row in rate.rows:
                cells[("rate", row.key, part)] = row.cells[part]
                lines.append([("rate", row.key, part), ("region", row.key, columns.index(code))])
            lines.append([("rate", row.key, part) for row in rate.rows])
    # The rate's rows, when linked above, are régions.
    known_cells = {
        (name, key, index)
        for name, key, index in cells
        if ("region" if name == "rate" else name, key) in known
    }
    shown = suppression.suppress_lines(cells, lines, known_cells)
    for name, table in (("region", regions), ("department", departments), ("rate", rate)):
        for row in table.rows if table is not None else []:
            row.cells = [shown.get((name, row.key, i), cell) for i, cell in enumerate(row.cells)]
            hidden = [isinstance(cell, suppression.Hidden) for cell in row.cells]
            if name == "rate" and any(hidden[:2]) and not hidden[2]:
                # The rate would give back the hidden count from the other one.
                row.cells[2] = suppression.SECRET


def _suppress_capacity(view, by, rows, total):
    """The capacity table's rows and total (TableRows: entries, capacity, use) as a viewer
    outside their people's scope reads them, in place: entries count people, so a small one,
    and the rate computed from it, are hidden (`suppression.suppress`, the viewer's own
    actions known); a total whose part outside the viewer's own scope is small too (one more
    query when the viewer has one)."""
    known = view.known_keys(by)
    entries = suppression.suppress(
        [row.cells[0] for row in rows],
        known=[position for position, row in enumerate(rows) if row.key in known],
    )
    for row, shown in zip(rows, entries, strict=True):
        if isinstance(shown, suppression.Hidden):
            row.cells = [shown, row.cells[1], shown]
    if suppression.is_small(total.cells[0]):
        total.cells = [suppression.SMALL, total.cells[1], suppression.SMALL]
    elif view.own is not None:
        own = dictionary.compute("capacity_use", view.own)
        if suppression.outside_is_small(total.cells[0], own.numerator):
            total.cells = [suppression.SECRET, total.cells[1], suppression.SECRET]


def target_tables(view):
    """Against targets: the entries into the actions against the capacity they planned, and
    the programme targets attained, by programme (by action on a programme's or an action's
    dashboard)."""
    by = "action" if view.subject.kind in (PROGRAMME, ACTION) else "programme"
    header = _("Action") if by == "action" else _("Programme")
    capacity = dictionary.compute("capacity_use", view.filters, by=by)
    rows = [
        TableRow(row.key, _not_given(row.label), [row.numerator, row.denominator, row.value])
        for row in capacity.rows
    ]
    total = TableRow(
        "total", _("Total"), [capacity.numerator, capacity.denominator, capacity.total]
    )
    if view.suppressed:
        _suppress_capacity(view, by, rows, total)
    capacity_table = Table(
        id="capacity",
        caption=_("Entries against the capacity planned"),
        row_header=header,
        columns=[
            # Entries up to the period's end into the actions running in it (capacity use's
            # numerator): not the "entries" indicator, which counts the period's only.
            Column("capacity_entries", _("Cumulative entries")),
            Column("capacity", _("Capacity planned")),
            Column("capacity_use", _label("capacity_use"), PERCENT),
        ],
        rows=rows,
        total=total,
        chart=GAUGE if view.subject.kind == ACTION else BAR,
        chart_columns=(2,),
        gauge_columns=(0, 1),
    )
    attained = dictionary.compute("targets_attainment", view.filters, by=by)
    targets_table = Table(
        id="targets",
        caption=_("Programme targets attained"),
        row_header=header,
        columns=[
            Column("attained", _("Targets attained")),
            Column("ended", _("Targets ended in the period")),
            Column("targets_attainment", _label("targets_attainment"), PERCENT),
        ],
        rows=[
            TableRow(row.key, _not_given(row.label), [row.numerator, row.denominator, row.value])
            for row in attained.rows
        ],
        total=TableRow(
            "total", _("Total"), [attained.numerator, attained.denominator, attained.total]
        ),
        chart=BAR,
        chart_columns=(2,),
    )
    return [capacity_table, targets_table]


def company_tables(view):
    """The tables of the companies' dashboard: key figures, the mobilisation funnel in total
    and by sector, interests and organisations engaged by territory. For a company contact
    (filters on their organisations), their own organisations' key figures only."""
    if view.filters.organisations is not None:
        return [key_figures(view, OWN_COMPANY_FIGURES)]
    departments = view.filters.departments
    steps = funnel(
        view.filters.start,
        view.filters.end,
        set(departments) if departments is not None else None,
    )
    funnel_table = Table(
        id="funnel",
        caption=_("Mobilisation funnel"),
        row_header=_("Step"),
        columns=[Column("number", _("Number"))],
        rows=[
            TableRow("actions", _("Mobilisation actions"), [steps.actions]),
            TableRow("organisations", _("Organisations reached"), [steps.organisations]),
            TableRow("interests", _("Interests received"), [steps.interests]),
            TableRow("qualified", _("Qualified leads"), [steps.qualified]),
            TableRow("conventions", _("Conventions signed"), [steps.conventions]),
        ],
        chart=BAR,
    )
    sectors = Table(
        id="funnel-by-sector",
        caption=_("Mobilisation funnel by sector"),
        row_header=_("Sector"),
        columns=[
            Column("organisations", _("Organisations reached")),
            Column("interests", _("Interests received")),
            Column("qualified", _("Qualified leads")),
            Column("conventions", _("Conventions signed")),
        ],
        rows=[
            TableRow(
                row.code or "none",
                row.label,
                [row.organisations, row.interests, row.qualified, row.conventions],
            )
            for row in steps.sectors
        ],
        chart=BAR,
        note=_(
            "An organisation, interest or convention in several sectors counts in each: the rows "
            "add up to more than the totals."
        ),
    )
    by = _territory_breakdown(view)
    territories = breakdown_table(
        view,
        TERRITORY_FIGURES,
        by,
        table_id="companies-by-territory",
        caption=_("Interests and organisations engaged by territory"),
        row_header=_("Région") if by == "region" else _("Département"),
    )
    return [key_figures(view, COMPANY_KEY_FIGURES), funnel_table, sectors, territories]


def tables_for(view):
    """Every table of `view`'s dashboard, the key figures first."""
    if view.subject.kind == COMPANIES:
        return company_tables(view)
    return people_tables(view)
