"""How the indicators of `reporting.dictionary` are counted in SQL: one `Measure` per kind of
fact (enrolments, follow-ups, pathway steps, actions, leads…) that turns `Filters` into an
aggregate, and `run`, which asks the database for one or many of them, with or without a
breakdown, in ONE query whatever the number of people.

A measure gives three things: the rows it reads (`queryset`), the condition a row meets to be
counted for some filters (`where`: scope and period; `numerator`/`denominator`: the counted
facts), and what it counts (distinct people, enrolments, a sum). Rates carry both counts.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db import connection, models
from django.db.models import Count, Exists, F, Func, OuterRef, Q, Sum, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from beneficiaries.choices import (
    AbandonReason,
    FrenchLevel,
    ProtectionStatus,
    Sex,
)
from beneficiaries.models import Beneficiary

from .exits import ExitClass

#: The age bands of the "age_band" breakdown, as (code, label, lowest age, highest age or None).
#: The bands of French employment statistics (DARES, France Travail: under 26, 50 and over),
#: with the 26–49 band split at 35 because refugees entering programmes are 32 on average
#: (Info-migrations n° 113).
AGE_BANDS = (
    ("under_26", _("Under 26"), 0, 25),
    ("26_34", _("26 to 34"), 26, 34),
    ("35_49", _("35 to 49"), 35, 49),
    ("50_plus", _("50 and over"), 50, None),
)

NOT_GIVEN = _("Not given")


def not_merged(people, rows=None):
    """Q on rows whose person (`people`: the path to a Beneficiary, such as "beneficiary__")
    was not merged into another record. Duplicates merged into a surviving record keep a
    `merged_into` link (issue 12): they are not people any more and count for nothing. Until
    that field exists, every record is a person.

    Written as "the person is not among the merged records" (a hashed subplan over the few
    merged ids) rather than as a condition on the person's row: a count that breaks nothing
    down by the person's profile then reads no Beneficiary row at all (a national count
    saved a join of 100,000 people). With `rows`, the function answering the counted rows
    (`Measure.queryset`), a path of several steps ("enrolment__beneficiary__" from a
    FollowUp) is tested on its first step: the row's enrolment is not among the merged
    records' enrolments, which needs no join of the enrolments (the national follow-ups at
    6 months joined 150,000 of them for that test alone)."""
    if "merged_into" not in {f.name for f in Beneficiary._meta.get_fields()}:
        return Q()
    merged = Beneficiary.objects.filter(merged_into__isnull=False).values("pk")
    first, _, rest = people.removesuffix("__").partition("__")
    if rows is not None and rest:
        step = rows().model._meta.get_field(first).related_model
        return ~Q(**{f"{first}__in": step.objects.filter(**{f"{rest}__in": merged}).values("pk")})
    return ~Q(**{f"{people.removesuffix('__')}__in": merged})


# --- Breakdowns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """How rows are put in the cells of one breakdown: `key` (an expression, or a function of
    the Filters giving one), `label` (an expression read beside it, or None: `labels` names the
    keys in Python). `of_person`: the key depends on the counted row's person alone (their
    territory, sex, age…), so that each person falls in exactly one cell
    (`run_grouped_across`)."""

    key: object
    label: object = None
    labels: object = None
    of_person: bool = False

    def key_expression(self, filters):
        return self.key(filters) if callable(self.key) else self.key


def _choices(choices):
    return lambda key: dict(choices).get(key, NOT_GIVEN) if key else NOT_GIVEN


def _country(key):
    return countries.name(key) if key else _("Stateless or not given")


def exit_class_label(key):
    return ExitClass(key).label if key else NOT_GIVEN


def month_label(key):
    return date_format(key, "YEAR_MONTH_FORMAT") if key else NOT_GIVEN


def _age_band(key):
    return {code: label for code, label, *_ages in AGE_BANDS}.get(key, NOT_GIVEN)


def age_band(birth_date, on):
    """The age band (a code of `AGE_BANDS`) of a person born on `birth_date` (the path to the
    field) on the day `on` (a date), as a SQL CASE on birth dates: portable and indexable."""
    whens = []
    for code, _label, _lowest, highest in AGE_BANDS:
        if highest is None:
            whens.append(models.When(**{f"{birth_date}__isnull": False}, then=Value(code)))
        else:
            born_after = on - relativedelta(years=highest + 1)
            whens.append(models.When(**{f"{birth_date}__gt": born_after}, then=Value(code)))
    return models.Case(*whens, default=Value(None), output_field=models.CharField())


def person_groups(people):
    """The breakdowns by a person's profile, `people` being the path to the Beneficiary
    ("beneficiary__", "enrolment__beneficiary__"). Territory: the person's département of
    residence (docs/decisions.md). Age: on the last day of the period."""
    return {
        "region": Group(
            F(f"{people}department__region__code"),
            F(f"{people}department__region__name"),
            of_person=True,
        ),
        "department": Group(
            F(f"{people}department__code"), F(f"{people}department__name"), of_person=True
        ),
        "sex": Group(F(f"{people}sex"), labels=_choices(Sex.choices), of_person=True),
        "age_band": Group(
            lambda filters: age_band(f"{people}birth_date", filters.end),
            labels=_age_band,
            of_person=True,
        ),
        "nationality": Group(F(f"{people}nationality"), labels=_country, of_person=True),
        "protection": Group(
            F(f"{people}protection_status"),
            labels=_choices(ProtectionStatus.choices),
            of_person=True,
        ),
        "french_level": Group(
            F(f"{people}french_level_at_entry"),
            labels=_choices(FrenchLevel.choices),
            of_person=True,
        ),
    }


def action_groups(actions):
    """Breakdowns by programme and action, `actions` being the path to the Action."""
    return {
        "programme": Group(F(f"{actions}programme__code"), F(f"{actions}programme__name")),
        "action": Group(F(f"{actions}id"), F(f"{actions}title")),
    }


def month_group(dated_by):
    """The "month" breakdown of facts dated by `dated_by` (a path to a date)."""
    month = TruncMonth(dated_by, output_field=models.DateField())
    return {"month": Group(month, labels=month_label)}


ABANDON_REASON = {
    "abandon_reason": Group(F("abandon_reason"), labels=_choices(AbandonReason.choices))
}


# --- Measures --------------------------------------------------------------------------------


#: A condition no row meets that still compiles to SQL (an empty `__in` would make Django drop
#: the whole query, every other filters' counts with it).
NOTHING = Q(Value(False, output_field=models.BooleanField()))


def ids_in(path, ids):
    """Q: the row's `path` is among `ids` (a set of ids; None: no restriction; empty: none;
    or an array expression, such as a column of `run_per_key`'s table of keys)."""
    if ids is None:
        return Q()
    if isinstance(ids, models.Expression):
        return Q(AnyOf(F(path), ids))
    if not ids:
        return NOTHING
    return Q(**{f"{path}__in": ids})


class AnyOf(Func):
    """`expression = ANY(array)`: the value is one of the array's (none of an empty one's)."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = models.BooleanField()


def _between(path, filters):
    return Q(**{f"{path}__gte": filters.start, f"{path}__lte": filters.end})


@dataclass(frozen=True)
class Measure:
    """A count over the rows of `queryset()`: `counted` (a field; distinct when `distinct`, or
    summed when `summed`), of the rows meeting `where(filters)` and `numerator`; a rate when
    `denominator` (a Q, or a function of the Filters giving one) is set.

    Scope paths (None: the filter does not apply): `departments`, `programmes`, `actions`,
    `organisations`, each a path to the ids the filter lists. `dated_by`: the path to the date
    that places a row in the period (None: `period` says). `groups`: {breakdown code: Group}."""

    queryset: object
    counted: str = "pk"
    distinct: bool = False
    summed: bool = False
    dated_by: str | None = None
    numerator: object = field(default_factory=Q)
    denominator: object = None
    period: object = None
    departments: str | None = None
    programmes: str | None = None
    actions: str | None = None
    organisations: str | None = None
    people: str | None = None
    groups: dict = field(default_factory=dict)
    #: Average of this duration per counted row (in days), instead of a count.
    averaged: object = None
    #: The condition of a row counted in a share of exits, when it is not `numerator` (an
    #: indicator dated by something else than the exit).
    exit_condition: object = None
    #: `where` and the conditions accept Filters whose period and ids are SQL expressions
    #: (`KeyColumns`), as the measures of programme targets and convention objectives do:
    #: `run_per_key` may count it.
    per_key: bool = False

    @property
    def is_rate(self):
        return self.denominator is not None

    def where(self, filters, merged=True):
        """Q: the rows in the filters' scope and period; of people not merged into another
        record (`not_merged`) unless `merged` is False, when the query leaves those out once
        for all its aggregates (`_people_apart`)."""
        q = (
            self.period(filters)
            if self.period is not None
            else _between(self.dated_by, filters)
            if self.dated_by
            else Q()
        )
        for name in ("departments", "programmes", "actions", "organisations"):
            path = getattr(self, name)
            if path is not None:
                q &= ids_in(path, getattr(filters, name))
        if self.people is not None and merged:
            q &= not_merged(self.people, self.queryset)
        return q

    def _where(self, filters, merged):
        # Measures that count otherwise define `where(filters)` alone; only plain Measures are
        # asked to leave merged records to the query (`_people_apart`).
        return self.where(filters) if merged else self.where(filters, merged=False)

    def _condition(self, condition, filters):
        return condition(filters) if callable(condition) else condition

    def aggregate(self, filters, condition, merged=True):
        counted = self._where(filters, merged) & self._condition(condition, filters)
        if self.averaged is not None:
            return Sum(self.averaged, filter=counted)
        if self.summed:
            return Coalesce(Sum(self.counted, filter=counted), 0)
        return Count(self.counted, filter=counted, distinct=self.distinct)

    def aggregates(self, filters, prefix="", merged=True):
        """{name: aggregate} of the numerator (`n`) and, for a rate or an average, the
        denominator (`d`) of these filters (`merged`: as `where`'s)."""
        result = {f"{prefix}n": self.aggregate(filters, self.numerator, merged)}
        if self.averaged is not None:
            counted = self._where(filters, merged) & self._condition(self.numerator, filters)
            result[f"{prefix}d"] = Count(self.counted, filter=counted, distinct=self.distinct)
        elif self.is_rate:
            result[f"{prefix}d"] = Count(
                self.counted,
                filter=self._where(filters, merged) & self._condition(self.denominator, filters),
                distinct=self.distinct,
            )
        return result


def counted_rows(measure, filters, merged=True):
    """Q: the rows that `measure` counts for something under `filters`: in their scope and
    period (`where`; `merged`: as its) and meeting the numerator's condition (or the
    denominator's, for a rate). No other row changes an aggregate, so a query may leave them
    out before it aggregates (a count of hires need not sort every pathway step of the year).
    Just `where` for measures that count otherwise (subclasses of Measure)."""
    if type(measure) is not Measure:
        return measure.where(filters)
    where = measure.where(filters, merged)
    numerator = measure._condition(measure.numerator, filters)
    if measure.is_rate and measure.averaged is None:
        denominator = measure._condition(measure.denominator, filters)
        # An empty Q is no condition: every row counts (and Q() | q would be q alone).
        return where & (numerator | denominator) if numerator and denominator else where
    return where & numerator


def _people_apart(measures):
    """(Q, keyword arguments) for a query counting `measures` side by side: when they are
    plain Measures of one `people` path, the people not merged into another record
    (`not_merged`), for the query to test once in its WHERE, and {"merged": False} for
    `counted_rows` and `Measure.aggregates`, whose FILTERs then leave that test out (it was
    one hashed-subplan probe per row and aggregate: 20 aggregates over the 126,000 enrolments
    of the national key figures, 200 ms, 150 without, measured in psql at national volume).
    Otherwise (Q(), {}): each measure keeps its own test."""
    paths = {m.people for m in measures}
    if len(paths) != 1 or None in paths or any(type(m) is not Measure for m in measures):
        return Q(), {}
    return not_merged(next(iter(paths)), next(iter(measures)).queryset), {"merged": False}


def label_of(group, key, label):
    """What people read for the cell `key` of breakdown `group` (`label`: read by the query)."""
    if group.labels is not None:
        return str(group.labels(key))
    return str(label) if label is not None else str(NOT_GIVEN)


def value_of(measure, numerator, denominator):
    """The value of a cell from its counts: the count itself; for a rate the percentage
    (float, one decimal; None without denominator); for an average the days (float, one
    decimal; None when nothing was averaged)."""
    if measure.averaged is not None:
        if not denominator:
            return None
        days = numerator.total_seconds() / 86400 if numerator is not None else 0
        return round(days / denominator, 1)
    if measure.is_rate:
        return round(100 * numerator / denominator, 1) if denominator else None
    return numerator


def run_grouped(measure, filters, by):
    """[(key, label, numerator, denominator)] for each cell of breakdown `by`, then the total
    as a last tuple with key None: one query (the grouped rows UNION ALL the total).

    A measure that does not count distinct values sums (SUM, COUNT) over rows that GROUP BY
    puts in exactly one cell each: its total is the sum of the cells, added here rather than
    counted again (the exit-class subqueries of each row would run twice)."""
    group = measure.groups[by]
    people, apart = _people_apart([measure])
    rows = measure.queryset().filter(counted_rows(measure, filters, **apart) & people).order_by()
    label = group.label if group.label is not None else Value(None, models.CharField())
    aggregates = measure.aggregates(filters, **apart)
    if "d" not in aggregates:
        aggregates["d"] = Value(None, models.IntegerField())
    cells = (
        rows.annotate(total=Value(False), key=group.key_expression(filters), label=label)
        .values("total", "key", "label")
        .annotate(**aggregates)
        .values_list("total", "key", "label", "n", "d")
    )
    if not measure.distinct:
        cells = sorted(cells, key=lambda row: _sort_key(row[1]))
        return [row[1:] for row in cells], (None, None, *_sum_cells(measure, cells))
    total = (
        rows.annotate(
            total=Value(True),
            key=Value(None, cells.query.annotations["key"].output_field),
            label=Value(None, models.CharField()),
        )
        .values("total", "key", "label")
        .annotate(**aggregates)
        .values_list("total", "key", "label", "n", "d")
    )
    results = list(cells.union(total, all=True))
    grand = next(row for row in results if row[0])
    cells = sorted((row for row in results if not row[0]), key=lambda row: _sort_key(row[1]))
    return [row[1:] for row in cells], grand[1:]


def grouped_together(measures, filters, by):
    """Whether `run_grouped_many` may count `measures` (a list) in one query: plain measures
    reading the same rows (one `queryset` function) whose breakdown `by` groups them by the
    same key and label expressions."""
    first = measures[0]
    if any(type(m) is not Measure or m.queryset is not first.queryset for m in measures):
        return False
    groups = [m.groups.get(by) for m in measures]
    if any(group is None for group in groups):
        return False
    # Cells are named in Python by each measure's own `labels`: only the SQL must agree.
    return all(
        group.key_expression(filters) == groups[0].key_expression(filters)
        and group.label == groups[0].label
        for group in groups
    )


def run_grouped_many(measures, filters, by, known=None):
    """`run_grouped` of several measures at once ([(cells, total)], in their order), which
    `grouped_together` allows: ONE query, the rows any of them counts grouped once, each
    measure's counts side by side (its own filtered aggregates, as `run_grouped` builds them).
    A cell where a measure counts nothing answers zero for it (or nothing, for a sum), as a
    cell `run_grouped` leaves out: a figure shows neither. Totals as `run_grouped`'s: the sum
    of the cells, and for distinct counts a second pass (UNION ALL) that counts those alone
    (the others' exit-class subqueries are not run twice), unless `known` (a list in the order
    of `measures`: (numerator, denominator) or None) gives every distinct count's total under
    these filters, counted already by another breakdown of the same page."""
    known = known or [None] * len(measures)
    group = measures[0].groups[by]
    aggregates, totals = {}, {}
    where, per_measure = _side_by_side(measures, filters)
    for m, counts in zip(measures, per_measure, strict=True):
        aggregates.update(counts)
        totals.update(
            {
                name: aggregate if m.distinct else Value(None, aggregate.output_field)
                for name, aggregate in counts.items()
            }
        )
    rows = measures[0].queryset().filter(where).order_by()
    label = group.label if group.label is not None else Value(None, models.CharField())
    names = ["total", "key", "label", *aggregates]
    cells = (
        rows.annotate(total=Value(False), key=group.key_expression(filters), label=label)
        .values("total", "key", "label")
        .annotate(**aggregates)
        .values_list(*names)
    )
    if any(m.distinct and total is None for m, total in zip(measures, known, strict=True)):
        total = (
            rows.annotate(
                total=Value(True),
                key=Value(None, cells.query.annotations["key"].output_field),
                label=Value(None, models.CharField()),
            )
            .values("total", "key", "label")
            .annotate(**totals)
            .values_list(*names)
        )
        results = list(cells.union(total, all=True))
    else:
        results = list(cells)
    grand = next((row for row in results if row[0]), None)
    cells = sorted((row for row in results if not row[0]), key=lambda row: _sort_key(row[1]))
    answers = []
    for index, m in enumerate(measures):
        n, d = 3 + 2 * index, 4 + 2 * index
        own = [(None, row[1], row[2], row[n], row[d]) for row in cells]
        if not m.distinct:
            total = _sum_cells(m, own)
        else:
            total = known[index] if known[index] is not None else (grand[n], grand[d])
        answers.append(([row[1:] for row in own], (None, None, *total)))
    return answers


def grouped_across(measures, filters, bys):
    """Whether `run_grouped_across` may count `measures` (a list) broken down by each of `bys`
    (breakdown codes) from one grouping: plain measures reading the same rows, each breakdown
    grouping every measure by the same expressions and by the person alone
    (`Group.of_person`), and every distinct count counting people. Each person then falls in
    exactly one cell of the combined grouping, so that a cell of one breakdown is the sum of
    the combined cells it holds, even for a count of distinct people."""
    if not bys or not grouped_together(measures, filters, bys[0]):
        return False
    for m in measures:
        if m.distinct and (m.people is None or m.counted != m.people.removesuffix("__")):
            return False
    return all(
        grouped_together(measures, filters, by) and all(m.groups[by].of_person for m in measures)
        for by in bys
    )


def run_grouped_across(measures, filters, bys):
    """{by: [(cells, total)] (in the order of `measures`)}: what `run_grouped_many` answers
    for each breakdown of `bys` (a list of codes), which `grouped_across` allows, in ONE query
    grouped by all of them at once (the région, the département and the sex of a person, say),
    and one more for each count of distinct people over all France (`_counts_people`), counted
    from the people's own rows. Each breakdown's cells, and the totals, are the sums of the
    combined cells: every person, hence every row counted, falls in exactly one of them. The
    same numbers as one query per breakdown, for a table of each (a page comparing territories
    and groups of people reads its rows once instead of once per table)."""
    first = measures[0]
    where, per_measure = _side_by_side(measures, filters)
    # People counted from their own rows (`_people_cells`), not by a DISTINCT over the rows.
    by_person = {
        index: _people_cells(m, filters, bys)
        for index, m in enumerate(measures)
        if _counts_people(m, filters, bys)
    }
    aggregates = {
        name: value
        for index, counts in enumerate(per_measure)
        for name, value in counts.items()
        if index not in by_person
    }
    keys = {}
    for index, by in enumerate(bys):
        group = first.groups[by]
        keys[f"k{index}"] = group.key_expression(filters)
        keys[f"l{index}"] = (
            group.label if group.label is not None else Value(None, models.CharField())
        )
    counted = len(keys)
    grouped = first.queryset().filter(where).order_by().annotate(**keys).values(*keys)
    # Without an aggregate left (only people counted apart), GROUP BY becomes DISTINCT.
    grouped = grouped.annotate(**aggregates) if aggregates else grouped.distinct()
    rows = []
    for row in grouped.values_list(*keys, *aggregates):
        values, read = [], iter(row[counted:])
        for index in range(len(measures)):
            if index in by_person:
                values += [by_person[index].get(row[0:counted:2], 0), None]
            else:
                values += [next(read), next(read)]
        rows.append((*row[:counted], *values))
    answers = {}
    for index, by in enumerate(bys):
        cells = {}
        for row in rows:
            key, label = row[2 * index], row[2 * index + 1]
            cell = cells.setdefault(key, [key, label, *([None] * (2 * len(measures)))])
            for position in range(2 * len(measures)):
                cell[2 + position] = _add(cell[2 + position], row[counted + position])
        ordered = sorted(cells.values(), key=lambda cell: _sort_key(cell[0]))
        answers[by] = []
        for number, m in enumerate(measures):
            n, d = 2 + 2 * number, 3 + 2 * number
            own = [(None, cell[0], cell[1], cell[n], cell[d]) for cell in ordered]
            answers[by].append(([row[1:] for row in own], (None, None, *_sum_cells(m, own))))
    return answers


def _counts_people(measure, filters, bys):
    """Whether `_people_cells` should count `measure` for `run_grouped_across`: a plain count
    of distinct people (its `counted` field is the person), broken down by each of `bys` as
    the person's own breakdowns (`person_groups`) do, over all France (no département, action
    or organisation in `filters`, a programme allowed). Those are the counts whose DISTINCT
    sorts most of the enrolments; a territory's or an action's reads few enough rows that
    the people's own query, which reads the period's enrolments before keeping the scope's,
    would take longer (measured on the Rhône, 5,700 people: 75 ms for that query alone)."""
    # `grouped_across` has checked the rest: plain measures, distinct ones counting people.
    if any(
        ids is not None for ids in (filters.departments, filters.actions, filters.organisations)
    ):
        return False
    if not measure.distinct or measure.is_rate or measure.averaged is not None:
        return False
    own = person_groups(measure.people)
    return all(
        by in own and measure.groups[by].key_expression(filters) == own[by].key_expression(filters)
        for by in bys
    )


def _people_cells(measure, filters, bys):
    """{(key of each of `bys`): number of people} that `measure` (`_counts_people`) counts
    under `filters`, from the people's own rows: those with at least one row of `measure`
    counted (a semi-join), grouped by their breakdowns. The same numbers as COUNT(DISTINCT
    person) over the counted rows grouped by the same keys, which must sort every counted
    row (twice the time at national volume: 150,000 enrolments of 100,000 people). Cells
    with nobody are left out. One query."""
    own = person_groups("")
    keys = {f"k{index}": own[by].key_expression(filters) for index, by in enumerate(bys)}
    rows = measure.queryset().filter(
        counted_rows(measure, filters), **{measure.people.removesuffix("__"): OuterRef("pk")}
    )
    people = (
        Beneficiary._base_manager.filter(Exists(rows))
        .order_by()
        .annotate(**keys)
        .values(*keys)
        .annotate(counted=Count("pk"))
        .values_list(*keys, "counted")
    )
    return {row[:-1]: row[-1] for row in people}


def _side_by_side(measures, filters):
    """(where, [aggregates]) of `measures` counted side by side in one query: the rows any of
    them counts (`counted_rows`), and each measure's aggregates named `m<index>_n` and
    `m<index>_d` (NULL where it has no denominator)."""
    people, apart = _people_apart(measures)
    where, per_measure = NOTHING, []
    for index, m in enumerate(measures):
        where |= counted_rows(m, filters, **apart)
        counts = m.aggregates(filters, prefix=f"m{index}_", **apart)
        counts.setdefault(f"m{index}_d", Value(None, models.IntegerField()))
        per_measure.append(counts)
    return people & where, per_measure


def _add(total, value):
    """`total` plus `value`, None standing for nothing counted (a sum over no row)."""
    if value is None:
        return total
    return value if total is None else total + value


def _sum_cells(measure, cells):
    """(numerator, denominator) of the total of `cells` (rows of `run_grouped`'s query)."""
    if not cells:
        return _nothing_counted(measure)

    def add(values):
        present = [value for value in values if value is not None]
        return sum(present[1:], start=present[0]) if present else None

    return add(row[3] for row in cells), add(row[4] for row in cells)


def _sort_key(key):
    return (key is None, str(key) if not isinstance(key, int) else f"{key:012d}")


def run_many(measure, filters_by_key):
    """{key: (numerator, denominator)} for many Filters at once ({key: Filters}): one query.
    `measure` may also be a function of the key giving each key's measure, all reading the
    same rows (a count and a share of exits of one indicator, together)."""
    if not filters_by_key:
        return {}
    measure_of = measure if callable(measure) and not isinstance(measure, Measure) else None
    measures = {key: measure_of(key) if measure_of else measure for key in filters_by_key}
    people, apart = _people_apart(measures.values())
    where = NOTHING
    aggregates = {}
    names = {}
    for index, (key, filters) in enumerate(filters_by_key.items()):
        m = measures[key]
        where |= counted_rows(m, filters, **apart)
        aggregates.update(m.aggregates(filters, prefix=f"m{index}_", **apart))
        names[key] = index
    where = people & where
    first = measures[next(iter(filters_by_key))]
    # Grouped by a constant (no GROUP BY): one row, reading aliases without a wrapping query.
    result = (
        first.queryset()
        .filter(where)
        .order_by()
        .annotate(everything=Value(True))
        .values("everything")
        .annotate(**aggregates)
        .get()
    )
    return {key: (result[f"m{index}_n"], result.get(f"m{index}_d")) for key, index in names.items()}


@dataclass(frozen=True)
class KeyColumns:
    """Filters read from the current row of `run_per_key`'s table of keys: the period's days
    and the id sets as SQL expressions (None where the filter does not apply)."""

    start: object
    end: object
    departments: object = None
    programmes: object = None
    actions: object = None
    organisations: object = None


_ID_SETS = ("departments", "programmes", "actions", "organisations")
_KEYS = "measured_keys"
_KEY_TABLE = (
    f'jsonb_to_recordset(%s::jsonb) AS "{_KEYS}"(i integer, start date, "end" date, '
    + ", ".join(f"{name} integer[]" for name in _ID_SETS)
    + ")"
)


def _column(name, output_field):
    return RawSQL(f'"{_KEYS}"."{name}"', (), output_field=output_field)


def run_per_key(measure, filters_by_key):
    """What `run_many` answers ({key: (numerator, denominator)}, one query), for many small
    scopes each on its own period (a page of programme targets, the convention objectives of a
    year): the query reads a table of the keys (their periods and ids, sent as one JSON
    parameter) and counts each key's rows by a correlated subquery, built once by the
    measure's own `counted_rows` and `aggregates` from the key's columns (`KeyColumns`). Its
    SQL no longer grows with the number of keys (hundreds of filtered aggregates took seconds
    to compile), and each key reads its own rows through their indexes.

    Keys are grouped by their measure and by the id sets they restrict (one table and
    subquery per group, joined by UNION ALL), so that a filter that does not apply to a key
    still adds no condition (nor join) for it. Counted by `run_many` on databases other
    than PostgreSQL, or for a measure whose conditions need their values in Python
    (`per_key` False)."""
    if not filters_by_key:
        return {}
    measure_of = measure if callable(measure) and not isinstance(measure, Measure) else None
    measures = {key: measure_of(key) if measure_of else measure for key in filters_by_key}
    if connection.vendor != "postgresql" or not all(m.per_key for m in measures.values()):
        return run_many(measure, filters_by_key)
    shapes = defaultdict(list)
    for index, (key, filters) in enumerate(filters_by_key.items()):
        m = measures[key]
        unrestricted = tuple(getattr(filters, name) is None for name in _ID_SETS)
        shapes[(id(m), unrestricted)].append((index, filters))
    keys = list(filters_by_key)
    parts, params, converters = [], [], {}
    for (_measure, unrestricted), rows in shapes.items():
        sql, part_params, read = _per_key_part(measures[keys[rows[0][0]]], unrestricted, rows)
        parts.append(sql)
        params += part_params
        converters.update(dict.fromkeys((index for index, _filters in rows), read))
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        results = cursor.fetchall()
    return {
        keys[index]: tuple(
            _convert(value, functions)
            for value, functions in zip(values, converters[index], strict=True)
        )
        for index, *values in results
    }


def _per_key_part(m, unrestricted, rows):
    """(SQL, parameters, converters of n and d) of the keys `rows` ([(index, Filters)]) of
    measure `m` restricting the id sets that `unrestricted` does not name: their table,
    joined to the LATERAL subquery that counts each one."""
    columns = KeyColumns(
        start=_column("start", models.DateField()),
        end=_column("end", models.DateField()),
        **{
            name: None if skip else _column(name, models.IntegerField())
            for name, skip in zip(_ID_SETS, unrestricted, strict=True)
        },
    )
    people, apart = _people_apart([m])
    counts = (
        m.queryset()
        .filter(counted_rows(m, columns, **apart) & people)
        .order_by()
        .annotate(everything=Value(True))
        .values("everything")
        .annotate(**m.aggregates(columns, **apart))
    )
    sql, counts_params = counts.query.sql_with_params()
    annotations = counts.query.annotations
    denominator = '"counts"."d"' if "d" in annotations else "NULL"
    keys = json.dumps([_key_row(index, filters, unrestricted) for index, filters in rows])
    read = [_converters(annotations[name]) if name in annotations else [] for name in "nd"]
    return (
        f'SELECT "{_KEYS}".i, "counts"."n", {denominator} FROM {_KEY_TABLE} '
        f'CROSS JOIN LATERAL ({sql}) AS "counts"',
        [keys, *counts_params],
        read,
    )


def _key_row(index, filters, unrestricted):
    return {
        "i": index,
        "start": filters.start.isoformat(),
        "end": filters.end.isoformat(),
        **{
            name: sorted(getattr(filters, name))
            for name, skip in zip(_ID_SETS, unrestricted, strict=True)
            if not skip
        },
    }


def _converters(expression):
    """What Django's compiler applies to the value of `expression` read from a row."""
    return [
        (function, expression)
        for function in connection.ops.get_db_converters(expression)
        + expression.get_db_converters(connection)
    ]


def _convert(value, functions):
    for function, expression in functions:
        value = function(value, expression, connection)
    return value


def _nothing_counted(measure):
    """(numerator, denominator) of a measure over no row, as the aggregates answer them."""
    numerator = None if measure.averaged is not None else 0
    denominator = 0 if measure.is_rate or measure.averaged is not None else None
    return numerator, denominator


def days_between(later, earlier):
    """The duration from `earlier` to `later` (paths to dates), for averages in days."""
    return models.ExpressionWrapper(F(later) - F(earlier), output_field=models.DurationField())
