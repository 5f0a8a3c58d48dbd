"""The indicator dictionary: every figure Tremplin shows, defined once — code, labels, plain
definition, formula, unit, population, the date that places it in a period, the breakdowns it
allows, its version and source — with the function that computes it. Dashboards, reports,
convention objectives, programme targets and the API call `compute` (or `compute_many`, and
`computed_together` / `compute_together_many` to count several indicators in one query with
their same measures); nothing else computes an indicator. Published at /indicateurs/.

    >>> compute("entries", Filters(start=date(2026, 1, 1), end=date(2026, 12, 31)), by="sex")
    Figure(code="entries", version=1, unit=…, total=42, rows=[Row(key="F", …), …])

Conventions shared by every indicator (docs/decisions.md):
- a period is two Europe/Paris days, both included;
- a person's territory is their département of residence (so national totals are the sum of
  the départements' for every indicator marked `additive`);
- a person's age band is their age on the last day of the period (one band per person, so a
  person counted once in a total is counted once across the bands);
- records merged into another (duplicates) count for nothing (`measures.not_merged`).

When a definition changes, add a new `Indicator` with the next `version` and its `valid_from`
at the end of `VERSIONS[code]`; the old one stays listed (and documented on the page).
"""

import datetime
import functools
import operator
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from beneficiaries.choices import EmploymentSituation, FollowUpSituation, HousingSituation, StepKind
from beneficiaries.models import Enrolment, EnrolmentStatus, FollowUp, PathwayStep
from config.relations import linked_ids, unlinked_ids
from partners.models import (
    Convention,
    ConventionStatus,
    Lead,
    LeadStatus,
    MobilisationAction,
    Organisation,
)
from partners.models.convention import ConventionScope
from partners.models.interest import day_start
from programmes.models import Action

from . import measures
from .exits import (
    DURABLE_CONTRACTS,
    EXIT_WINDOW,
    HAPPENED,
    SORTIE_DYNAMIQUE,
    TRAINING_KINDS,
    ExitClass,
    with_situation_ranks,
)
from .measures import Group, Measure

#: The breakdowns an indicator may allow, with what they are called on pages.
BREAKDOWNS = {
    "programme": _("Programme"),
    "action": _("Action"),
    "region": _("Région"),
    "department": _("Département"),
    "sex": _("Sex"),
    "age_band": _("Age band"),
    "nationality": _("Nationality"),
    "protection": _("Protection status"),
    "french_level": _("French level at entry"),
    "month": _("Month"),
    # Only for exits and drop-outs.
    "exit_class": _("Exit class"),
    "abandon_reason": _("Reason for abandoning"),
}


class Unit(models.TextChoices):
    PEOPLE = "people", _("people")
    ENROLMENTS = "enrolments", _("enrolments")
    PERCENT = "percent", _("%")
    DAYS = "days", _("days")
    ORGANISATIONS = "organisations", _("organisations")
    CONVENTIONS = "conventions", _("conventions")
    ACTIONS = "actions", _("mobilisation actions")
    PARTICIPANTS = "participants", _("participants")
    LEADS = "leads", _("leads")


class Population(models.TextChoices):
    """What an indicator counts: a person in two programmes is one person, two enrolments."""

    PERSONS = "persons", _("Persons (each counted once)")
    ENROLMENTS = "enrolments", _("Enrolments (a person in two actions counts twice)")
    FOLLOW_UPS = "follow_ups", _("Follow-ups after an exit")
    ACTIONS = "actions", _("Programme actions")
    ORGANISATIONS = "organisations", _("Organisations")
    CONVENTIONS = "conventions", _("Partnership conventions")
    MOBILISATION = "mobilisation", _("Mobilisation actions")
    LEADS = "leads", _("Leads from companies")
    TARGETS = "targets", _("Programme targets")
    OBJECTIVES = "objectives", _("Convention objectives")


@dataclass(frozen=True)
class Filters:
    """What to count: a period (`start`, `end`: dates, both days included, Europe/Paris) and
    optional sets of ids, None meaning no restriction: `departments` (territories.Department:
    the person's département of residence, a lead's, an organisation's), `programmes`,
    `actions` (programmes.Action), `organisations` (the operators running the actions, or the
    companies for company indicators: employers, parties, attendees)."""

    start: datetime.date
    end: datetime.date
    departments: frozenset[int] | None = None
    programmes: frozenset[int] | None = None
    actions: frozenset[int] | None = None
    organisations: frozenset[int] | None = None

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("A period ends on or after its start.")
        for name in ("departments", "programmes", "actions", "organisations"):
            ids = getattr(self, name)
            if ids is not None and not isinstance(ids, frozenset):
                object.__setattr__(self, name, frozenset(ids))


@dataclass(frozen=True)
class Row:
    """One cell of a breakdown: `key` (a programme code, action id, région or département INSEE
    code, choice code, age band code, or first day of a month; None for "not given"), `label`
    (what people read), `value`; rates carry their `numerator` and `denominator`."""

    key: object
    label: str
    value: object
    numerator: object = None
    denominator: object = None


@dataclass(frozen=True)
class Figure:
    """What `compute` answers: the indicator's `code`, the `version` of its definition that
    computed it, its `unit`, the `total` (None when a rate has no denominator), the `rows` of
    the breakdown asked (empty without one); for a rate the total's `numerator` and
    `denominator`, for an average its `denominator` (the number of facts averaged)."""

    code: str
    version: int
    unit: str
    total: object
    rows: list = field(default_factory=list)
    numerator: object = None
    denominator: object = None


@dataclass(frozen=True)
class Indicator:
    """One indicator, in one version. `label`, `definition`, `formula`: what people read
    (English msgids); `unit`, `population`: `Unit` and `Population` values; `dated_by`: the
    date that places a fact in a period, in words; `breakdowns`: BREAKDOWNS codes allowed;
    `source`: where the definition comes from. `measure`: how it is counted
    (`reporting.measures.Measure`), or `compute_with`, a function (Filters, by) -> Figure for
    indicators that build on others, with `compute_many_with`, a function
    ({key: Filters}) -> {key: Figure}, when it counts many Filters at once faster than one by
    one (what `compute_together_many` then calls). `additive`: the total of a territory is the
    sum of its départements'. `exit_share`: a programme target may ask it as a share of the
    period's exits."""

    code: str
    label: str
    definition: str
    formula: str
    unit: str
    population: str
    dated_by: str
    source: str
    measure: Measure | None = None
    compute_with: Callable | None = None
    compute_many_with: Callable | None = None
    breakdowns: tuple = ()
    version: int = 1
    valid_from: datetime.date = datetime.date(2026, 1, 1)
    additive: bool = True
    exit_share: bool = False

    def get_unit_display(self):
        return Unit(self.unit).label

    def get_population_display(self):
        return Population(self.population).label

    def get_breakdowns_display(self):
        return [BREAKDOWNS[code] for code in self.breakdowns]

    def compute(self, filters, by=None):
        """This version's Figure for `filters` (see `compute`)."""
        if by is not None and by not in self.breakdowns:
            raise ValueError(f"{self.code} cannot be broken down by {by!r}.")
        if self.compute_with is not None:
            return self.compute_with(self, filters, by)
        m = self.measure
        if by is None:
            numerator, denominator = measures.run_many(m, {None: filters})[None]
            return self._figure(numerator, denominator)
        return self.grouped_figure(by, *measures.run_grouped(m, filters, by))

    def grouped_figure(self, by, cells, total):
        """The Figure broken down by `by` from `run_grouped`'s (or `run_grouped_many`'s)
        cells and total."""
        m = self.measure
        _key, _label, numerator, denominator = total
        rows = [
            Row(
                key=key,
                label=measures.label_of(m.groups[by], key, label),
                value=measures.value_of(m, n, d),
                numerator=n if m.is_rate else None,
                denominator=d if m.is_rate or m.averaged is not None else None,
            )
            for key, label, n, d in cells
            # A cell appears when it counts something (a rate: when it has a denominator).
            if (d if m.averaged is not None else (n or d))
        ]
        return self._figure(numerator, denominator, rows)

    def _figure(self, numerator, denominator, rows=()):
        m = self.measure
        return Figure(
            code=self.code,
            version=self.version,
            unit=self.unit,
            total=measures.value_of(m, numerator, denominator),
            rows=list(rows),
            numerator=numerator if m.is_rate else None,
            denominator=denominator if m.is_rate or m.averaged is not None else None,
        )


def _interpolate(message, params):
    return str(message) % params


def interpolate(message, **params):
    """`message` (a lazy translation) with its %(name)s placeholders filled from `params`,
    translated when read (in the reader's language), not when this module is imported."""
    return lazy(_interpolate, str)(message, params)


# --- The facts counted ------------------------------------------------------------------------

ENDED = (EnrolmentStatus.EXITED, EnrolmentStatus.ABANDONED)
PEOPLE = "beneficiary__"


def _built_once(build):
    """`build` (a function of no argument returning a QuerySet) built once per process: each
    call answers a copy of it (`QuerySet.all`), which the caller filters and annotates as
    it likes. For the enrolments' rows, whose subqueries take about 5 ms of Python to build,
    and which a dashboard asks for about ten times."""
    built = functools.cache(build)

    @functools.wraps(build)
    def rows():
        return built().all()

    return rows


@_built_once
def _enrolments():
    """Enrolments (their stored exit situation: `reporting.exits.store_exit_situations`) with
    the date of their first certification and of the person's first job after entry."""
    certified_on = (
        PathwayStep.objects.filter(enrolment=OuterRef("pk"), certified=True)
        .annotate(on=Coalesce("end_date", "start_date"))
        .order_by("on")
        .values("on")[:1]
    )
    latest_job_start = Coalesce(
        models.ExpressionWrapper(
            OuterRef("exit_date") + EXIT_WINDOW, output_field=models.DateField()
        ),
        Value(datetime.date.max),
    )
    first_job_on = (
        PathwayStep.objects.filter(
            beneficiary=OuterRef("beneficiary"),
            kind=StepKind.JOB,
            status__in=HAPPENED,
            start_date__gte=OuterRef("entry_date"),
            start_date__lte=latest_job_start,
        )
        .order_by("start_date")
        .values("start_date")[:1]
    )
    follow_up = FollowUp.objects.filter(
        enrolment=OuterRef("pk"), recorded_on__isnull=False, situation=FollowUpSituation.EMPLOYED
    )
    return with_situation_ranks(Enrolment.objects.all()).alias(
        certified_on=Subquery(certified_on),
        first_job_on=Subquery(first_job_on),
        employed_6_months=Exists(follow_up.filter(months=6)),
        employed_12_months=Exists(follow_up.filter(months=12)),
    )


def _enrolment_measure(**kwargs):
    dated_by = kwargs.get("dated_by")
    groups = {
        **measures.action_groups("action__"),
        **measures.person_groups(PEOPLE),
        **(measures.month_group(dated_by) if dated_by else {}),
        **kwargs.pop("groups", {}),
    }
    return Measure(
        queryset=_enrolments,
        departments="beneficiary__department",
        programmes="action__programme",
        actions="action",
        organisations="action__operator",
        people=PEOPLE,
        groups=groups,
        per_key=True,
        **kwargs,
    )


def _followed(filters):
    """Entered on or before the period's end and not ended before its start."""
    return Q(entry_date__lte=filters.end) & (
        Q(exit_date__isnull=True) | Q(exit_date__gte=filters.start)
    )


def _open_at_end(filters):
    return Q(entry_date__lte=filters.end) & (
        Q(exit_date__isnull=True) | Q(exit_date__gt=filters.end)
    )


def _exited(condition=None):
    return _enrolment_measure(
        dated_by="exit_date", numerator=Q(status__in=ENDED) & (condition or Q())
    )


def _exit_rate(condition):
    return _enrolment_measure(
        dated_by="exit_date",
        numerator=Q(status__in=ENDED) & condition,
        denominator=Q(status__in=ENDED),
    )


def _follow_ups(months, answered_only):
    def due(filters):
        # Not due yet: a follow-up of a period still running counts once its day has come.
        return Q(due_date__lte=min(filters.end, timezone.localdate()))

    answered = Q(recorded_on__isnull=False) & ~Q(situation=FollowUpSituation.NO_NEWS)
    employed = Q(recorded_on__isnull=False, situation=FollowUpSituation.EMPLOYED)
    prefix = "enrolment__"
    return Measure(
        queryset=lambda: FollowUp.objects.filter(months=months),
        dated_by="due_date",
        numerator=lambda filters: due(filters) & employed,
        denominator=(lambda filters: due(filters) & answered) if answered_only else due,
        departments=f"{prefix}beneficiary__department",
        programmes=f"{prefix}action__programme",
        actions=f"{prefix}action",
        organisations=f"{prefix}action__operator",
        people=f"{prefix}{PEOPLE}",
        groups={
            **measures.action_groups(f"{prefix}action__"),
            **measures.person_groups(f"{prefix}{PEOPLE}"),
            **measures.month_group("due_date"),
        },
    )


def _happened_steps():
    return PathwayStep.objects.filter(status__in=HAPPENED)


def _steps(condition):
    """People with a pathway step matching `condition` that happened, started in the period,
    with one of the organisations (employer, training body, host)."""
    return Measure(
        queryset=_happened_steps,
        counted="beneficiary",
        distinct=True,
        dated_by="start_date",
        numerator=condition,
        departments="beneficiary__department",
        programmes="enrolment__action__programme",
        actions="enrolment__action",
        organisations="organisation",
        people=PEOPLE,
        per_key=True,
        groups={
            **measures.action_groups("enrolment__action__"),
            **measures.person_groups(PEOPLE),
            **measures.month_group("start_date"),
        },
    )


@dataclass(frozen=True)
class CapacityMeasure(Measure):
    """Entries into the actions running in the period, since each action's start up to the
    period's end, over the actions' planned capacity."""

    def where(self, filters):
        q = Q(start_date__lte=filters.end) & (
            Q(end_date__isnull=True) | Q(end_date__gte=filters.start)
        )
        if filters.departments is not None:
            q &= _linked(Action.departments, "department", filters.departments)
        q &= measures.ids_in("programme", filters.programmes)
        q &= measures.ids_in("pk", filters.actions)
        return q & measures.ids_in("operator", filters.organisations)

    def aggregates(self, filters, prefix=""):
        entries = (
            Enrolment.objects.filter(
                measures.not_merged(PEOPLE), action=OuterRef("pk"), entry_date__lte=filters.end
            )
            .order_by()
            .values("action")
            .annotate(entries=models.Count("pk"))
            .values("entries")
        )
        where = self.where(filters)
        return {
            f"{prefix}n": Coalesce(models.Sum(Coalesce(Subquery(entries), 0), filter=where), 0),
            f"{prefix}d": Coalesce(models.Sum("capacity", filter=where), 0),
        }


@dataclass(frozen=True)
class MobilisationMeasure(Measure):
    """Mobilisation actions held in the period: in the départements (a national action, with
    no département, counts in every territory: docs/decisions.md), attended by one of the
    organisations."""

    def where(self, filters):
        q = Q(date__gte=filters.start, date__lte=filters.end)
        if filters.departments is not None:
            departments = MobilisationAction.departments
            q &= _linked(departments, "department", filters.departments) | Q(
                pk__in=unlinked_ids(departments)
            )
        if filters.organisations is not None:
            q &= _linked(MobilisationAction.attendees, "organisation", filters.organisations)
        return q


def _engaged(filters):
    """Organisations that attended a mobilisation action, are party to a convention in force,
    or submitted a lead, in the period."""
    attended = MobilisationAction.objects.filter(
        date__gte=filters.start, date__lte=filters.end
    ).values("attendees")
    conventions = _conventions_in_force(filters).values("parties")
    leads = _leads_submitted(filters).values("organisation")
    return Q(pk__in=attended) | Q(pk__in=conventions) | Q(pk__in=leads)


def _conventions_in_force(filters):
    return Convention.objects.exclude(status=ConventionStatus.DRAFT).filter(
        Q(start_date__lte=filters.end) & (Q(end_date__isnull=True) | Q(end_date__gte=filters.start))
    )


@dataclass(frozen=True)
class ConventionMeasure(Measure):
    """Conventions in force at some time in the period, covering the départements (national
    ones cover every one), with one of the organisations as a party."""

    def where(self, filters):
        q = ~Q(status=ConventionStatus.DRAFT) & Q(start_date__lte=filters.end)
        q &= Q(end_date__isnull=True) | Q(end_date__gte=filters.start)
        if filters.departments is not None:
            q &= Q(scope=ConventionScope.NATIONAL) | _linked(
                Convention.departments, "department", filters.departments
            )
        if filters.organisations is not None:
            q &= _linked(Convention.parties, "organisation", filters.organisations)
        return q


def _linked(relation, column, ids):
    """Q: the row is linked through `relation` (a ManyToManyField's descriptor) to one of
    `ids` (a non-None set; empty: no row; or an array expression: `measures.KeyColumns`).

    For a key of `measures.run_per_key` (PostgreSQL only), written `pk = ANY(ARRAY(…))`: the
    few linked ids are gathered once per key and the rows read by their primary key. As
    `pk IN (…)`, PostgreSQL read every row of the key's period and probed the link table for
    each (the mobilisation actions of 320 conventions' objectives: 173 ms, now 9 ms)."""
    if isinstance(ids, models.Expression):
        linked = linked_ids(relation).filter(measures.ids_in(column, ids))
        return Q(measures.AnyOf(F("pk"), ArraySubquery(linked)))
    if not ids:
        return measures.NOTHING
    return Q(pk__in=linked_ids(relation, **{f"{column}__in": ids}))


def _leads_submitted(filters):
    return Lead.objects.filter(_lead_period(filters))


def _lead_period(filters):
    # A range on the indexed timestamp: the period's days in Europe/Paris.
    return Q(
        submitted_at__gte=day_start(filters.start),
        submitted_at__lt=day_start(filters.end + datetime.timedelta(days=1)),
    )


def _lead_measure(**kwargs):
    return Measure(
        queryset=Lead.objects.all,
        period=_lead_period,
        departments="department",
        organisations="organisation",
        groups={
            "region": Group(F("department__region__code"), F("department__region__name")),
            "department": Group(F("department__code"), F("department__name")),
            "month": Group(
                TruncMonth("submitted_at", output_field=models.DateField()),
                labels=measures.month_label,
            ),
        },
        **kwargs,
    )


# --- Indicators built on others ---------------------------------------------------------------


def _ended_by(filters):
    """The last day (a date, Europe/Paris) on which a target or an objective counted as ended
    in the period of `filters` may end: the period's end, or yesterday when the period runs
    on (a target whose period ends later this year, or today, has not ended: it is neither
    attained nor missed yet)."""
    return min(filters.end, timezone.localdate() - datetime.timedelta(days=1))


def _targets_attainment(indicator, filters, by):
    """Targets of actions in scope whose period ended in the period, attained or not: the
    progress of each is measured by this dictionary (`reporting.progress`)."""
    from programmes.models import Target

    from .progress import targets_progress

    targets = Target.objects.filter(
        period_end__gte=filters.start, period_end__lte=_ended_by(filters), action__isnull=False
    ).select_related("action__programme")
    if filters.programmes is not None:
        targets = targets.filter(action__programme__in=filters.programmes)
    if filters.actions is not None:
        targets = targets.filter(action__in=filters.actions)
    if filters.organisations is not None:
        targets = targets.filter(action__operator__in=filters.organisations)
    if filters.departments is not None:
        targets = targets.filter(
            action__in=linked_ids(Action.departments, department__in=filters.departments)
        )
    targets = list(targets)
    progress = targets_progress(targets)
    cells = defaultdict(lambda: [0, 0])
    labels = {}
    for target in targets:
        achieved = progress[target.pk].achieved
        attained = achieved is not None and achieved >= target.value
        keys = {None}
        if by is not None:
            action = target.action
            key = action.programme.code if by == "programme" else action.pk
            labels[key] = action.programme.name if by == "programme" else action.title
            keys.add(key)
        for key in keys:
            cells[key][0] += attained
            cells[key][1] += 1
    return _rate_figure(indicator, cells, by, labels.get)


def _objectives_attained(indicator, filters, by):
    """Convention objectives whose period ended in the period, attained or not (measured by
    this dictionary through `reporting.progress`)."""
    return _objectives_attained_many(indicator, {None: filters})[None]


def _objectives_ended(filters):
    """Q on the convention objectives whose period ended in the period of `filters` (before
    today), of the conventions of its organisations, in its départements (an objective's
    own département, else its convention's; a national convention's counts everywhere)."""
    condition = Q(period_end__gte=filters.start, period_end__lte=_ended_by(filters))
    if filters.organisations is not None:
        condition &= Q(
            convention__in=linked_ids(Convention.parties, organisation__in=filters.organisations)
        )
    if filters.departments is not None:
        condition &= (
            Q(department__in=filters.departments)
            | Q(department__isnull=True, convention__scope=ConventionScope.NATIONAL)
            | Q(
                department__isnull=True,
                convention__in=linked_ids(
                    Convention.departments, department__in=filters.departments
                ),
            )
        )
    return condition


def _objectives_attained_many(indicator, filters_by_key):
    """{key: Figure} of `_objectives_attained` for each Filters of `filters_by_key`: the
    objectives of every key loaded in one query, each marked with the keys it counts in, and
    measured once (`objectives_progress`: one query per indicator whatever the number of
    keys) — a period and the previous one are 2 × 1,000 objectives at national volume."""
    from partners.models import ConventionObjective

    from .progress import objectives_progress

    conditions = [_objectives_ended(filters) for filters in filters_by_key.values()]
    objectives = list(
        ConventionObjective.objects.filter(functools.reduce(operator.or_, conditions))
        .annotate(
            **{
                f"counted_{i}": ExpressionWrapper(condition, output_field=models.BooleanField())
                for i, condition in enumerate(conditions)
            }
        )
        .order_by()
        .select_related("convention")
        # What `objectives_progress` reads of an objective and of its convention.
        .only(
            "indicator",
            "target",
            "period_start",
            "period_end",
            "department",
            "convention__scope",
        )
    )
    progress = objectives_progress(objectives)
    attained = {
        objective.pk: progress[objective.pk].achieved is not None
        and progress[objective.pk].achieved >= objective.target
        for objective in objectives
    }
    answers = {}
    for i, key in enumerate(filters_by_key):
        counted = [attained[o.pk] for o in objectives if getattr(o, f"counted_{i}")]
        answers[key] = _rate_figure(indicator, {None: (sum(counted), len(counted))}, None, None)
    return answers


def _rate_figure(indicator, cells, by, label):
    numerator, denominator = cells.get(None, (0, 0))
    rows = []
    if by is not None:
        rows = [
            Row(key, str(label(key)), _percent(n, d), n, d)
            for key, (n, d) in sorted(cells.items(), key=lambda item: str(item[0]))
            if key is not None
        ]
    return Figure(
        code=indicator.code,
        version=indicator.version,
        unit=indicator.unit,
        total=_percent(numerator, denominator),
        rows=rows,
        numerator=numerator,
        denominator=denominator,
    )


def _percent(numerator, denominator):
    return round(100 * numerator / denominator, 1) if denominator else None


# --- The dictionary ---------------------------------------------------------------------------

IAE = _(
    "IAE exit definitions (DGEFP, instruction of 2 March 2022 on the exits of work-integration "
    "structures), as DESIGN.md §2 adapts them"
)
DESIGN = _("Tremplin design (DESIGN.md §2)")
AGIR = _("AGIR specifications (DGEF, DIAIR): 60 % into job or training, 80 % into housing")
PERSON = ("region", "department", "sex", "age_band", "nationality", "protection", "french_level")
ENROLMENT = ("programme", "action", *PERSON)
DATED = (*ENROLMENT, "month")
EXIT_DATE = _("The exit date")
PEOPLE_BY_STEPS = ("programme", "action", *PERSON, "month")

INDICATORS = [
    Indicator(
        code="referrals",
        label=_("Referrals"),
        definition=_("People referred to an action by OFII, France Travail, an association…"),
        formula=_("Number of enrolments whose referral date falls in the period"),
        unit=Unit.ENROLMENTS,
        population=Population.ENROLMENTS,
        dated_by=_("The referral date"),
        source=DESIGN,
        measure=_enrolment_measure(dated_by="referral_date"),
        breakdowns=DATED,
    ),
    Indicator(
        code="entries",
        label=_("Entries"),
        definition=_(
            "Enrolments that started: a person entering two programmes counts as two entries."
        ),
        formula=_("Number of enrolments whose entry date falls in the period"),
        unit=Unit.ENROLMENTS,
        population=Population.ENROLMENTS,
        dated_by=_("The entry date"),
        source=DESIGN,
        measure=_enrolment_measure(dated_by="entry_date"),
        breakdowns=DATED,
    ),
    Indicator(
        code="persons_followed",
        label=_("People followed"),
        definition=_(
            "Distinct people accompanied at some time in the period, whatever the number of "
            "programmes they were in."
        ),
        formula=_(
            "Number of distinct people with an enrolment entered on or before the period's end "
            "and not ended before its start"
        ),
        unit=Unit.PEOPLE,
        population=Population.PERSONS,
        dated_by=_("Entry and exit dates: accompanied on at least one day of the period"),
        source=DESIGN,
        measure=_enrolment_measure(period=_followed, counted="beneficiary", distinct=True),
        breakdowns=ENROLMENT,
    ),
    Indicator(
        code="in_progress",
        label=_("Enrolments in progress"),
        definition=_("Accompaniments under way on the last day of the period."),
        formula=_(
            "Number of enrolments entered on or before the period's end and not ended by then"
        ),
        unit=Unit.ENROLMENTS,
        population=Population.ENROLMENTS,
        dated_by=_("The last day of the period"),
        source=DESIGN,
        measure=_enrolment_measure(period=_open_at_end),
        breakdowns=ENROLMENT,
    ),
    Indicator(
        code="exits",
        label=_("Exits"),
        definition=_("Enrolments that ended, by completing the pathway or by abandoning it."),
        formula=_("Number of enrolments exited or abandoned whose exit date falls in the period"),
        unit=Unit.ENROLMENTS,
        population=Population.ENROLMENTS,
        dated_by=EXIT_DATE,
        source=DESIGN,
        measure=_enrolment_measure(
            dated_by="exit_date",
            numerator=Q(status__in=ENDED),
            groups={"exit_class": Group(F("exit_class"), labels=measures.exit_class_label)},
        ),
        breakdowns=(*DATED, "exit_class"),
        exit_share=True,
    ),
    *[
        Indicator(
            code=code,
            label=label,
            definition=definition,
            formula=interpolate(
                _("Number of enrolments ended in the period whose exit class is: %(exit_class)s"),
                exit_class=exit_class.label,
            ),
            unit=Unit.ENROLMENTS,
            population=Population.ENROLMENTS,
            dated_by=EXIT_DATE,
            source=IAE,
            measure=_exited(Q(exit_class=exit_class)),
            breakdowns=DATED,
            exit_share=True,
        )
        for code, label, exit_class, definition in [
            (
                "durable_employment",
                _("Exits to durable employment"),
                ExitClass.DURABLE,
                _(
                    "At the exit: a permanent contract (CDI), a fixed-term or temporary contract "
                    "of 6 months or more, a civil-service post, a business creation, an "
                    "apprenticeship or professionalisation contract."
                ),
            ),
            (
                "transitional_employment",
                _("Exits to transitional employment"),
                ExitClass.TRANSITIONAL,
                _(
                    "At the exit: a fixed-term or temporary contract under 6 months, or a "
                    "work-integration (IAE) contract."
                ),
            ),
            (
                "positive_exit",
                _("Positive exits"),
                ExitClass.POSITIVE,
                _("At the exit: a qualifying or pre-qualifying training (training, POEC)."),
            ),
            (
                "other_exit",
                _("Other exits"),
                ExitClass.OTHER,
                _("Any other exit, every abandonment included."),
            ),
        ]
    ],
    Indicator(
        code="sortie_dynamique",
        label=_("Sorties dynamiques"),
        definition=_(
            "Exits to durable or transitional employment, or positive exits (IAE's sortie "
            "dynamique)."
        ),
        formula=_("Durable + transitional employment + positive exits, in the period"),
        unit=Unit.ENROLMENTS,
        population=Population.ENROLMENTS,
        dated_by=EXIT_DATE,
        source=IAE,
        measure=_exited(Q(exit_class__in=SORTIE_DYNAMIQUE)),
        breakdowns=DATED,
        exit_share=True,
    ),
    Indicator(
        code="sortie_dynamique_rate",
        label=_("Sortie dynamique rate"),
        definition=_("The share of the period's exits that were sorties dynamiques."),
        formula=_("Sorties dynamiques ÷ exits of the period × 100"),
        unit=Unit.PERCENT,
        population=Population.ENROLMENTS,
        dated_by=EXIT_DATE,
        source=IAE,
        measure=_exit_rate(Q(exit_class__in=SORTIE_DYNAMIQUE)),
        breakdowns=DATED,
        additive=False,
    ),
    Indicator(
        code="abandonments",
        label=_("Drop-outs"),
        definition=_("Enrolments the person abandoned, with the reason recorded."),
        formula=_("Number of enrolments abandoned whose exit date falls in the period"),
        unit=Unit.ENROLMENTS,
        population=Population.ENROLMENTS,
        dated_by=EXIT_DATE,
        source=DESIGN,
        measure=_enrolment_measure(
            dated_by="exit_date",
            numerator=Q(status=EnrolmentStatus.ABANDONED),
            groups=measures.ABANDON_REASON,
        ),
        breakdowns=(*DATED, "abandon_reason"),
    ),
    Indicator(
        code="certifications",
        label=_("Certifications"),
        definition=_(
            "Enrolments during which the person obtained a certification (language such as "
            "DELF, or trade such as CACES or a professional title)."
        ),
        formula=_(
            "Number of enrolments whose first certified step ended (else started) in the period"
        ),
        unit=Unit.ENROLMENTS,
        population=Population.ENROLMENTS,
        dated_by=_("The end (else the start) of the first certified step"),
        source=DESIGN,
        measure=_enrolment_measure(
            dated_by="certified_on", exit_condition=Q(certified_on__isnull=False)
        ),
        breakdowns=DATED,
        exit_share=True,
    ),
    Indicator(
        code="job_or_training",
        label=_("Job or training at exit"),
        definition=_("Exits of people in a job or a qualifying training at their exit."),
        formula=_("Number of enrolments ended in the period with a job or training at the exit"),
        unit=Unit.ENROLMENTS,
        population=Population.ENROLMENTS,
        dated_by=EXIT_DATE,
        source=AGIR,
        measure=_exited(
            Q(employment_at_exit__in=[EmploymentSituation.JOB, EmploymentSituation.TRAINING])
        ),
        breakdowns=DATED,
        exit_share=True,
    ),
    Indicator(
        code="housing",
        label=_("Access to housing"),
        definition=_("Exits of people in their own tenancy at their exit."),
        formula=_("Number of enrolments ended in the period with an own tenancy at the exit"),
        unit=Unit.ENROLMENTS,
        population=Population.ENROLMENTS,
        dated_by=EXIT_DATE,
        source=AGIR,
        measure=_exited(Q(housing_at_exit=HousingSituation.TENANCY)),
        breakdowns=DATED,
        exit_share=True,
    ),
    *[
        Indicator(
            code=code,
            label=label,
            definition=definition,
            formula=formula,
            unit=Unit.PERCENT,
            population=Population.ENROLMENTS,
            dated_by=EXIT_DATE,
            source=_(
                "Published AGIR results (Info-migrations n° 113: 17 % better job situation, 20 % "
                "better housing after a year and a half)"
            ),
            measure=_exit_rate(condition),
            breakdowns=DATED,
            additive=False,
        )
        for code, label, definition, formula, condition in [
            (
                "situation_improved",
                _("Situation improved"),
                _("The share of exits whose job or housing situation is better than at entry."),
                _("Exits with a better job or housing situation ÷ exits of the period × 100"),
                Q(situation_improved=True),
            ),
            (
                "employment_improved",
                _("Job situation improved"),
                _(
                    "The share of exits whose job situation (none < training < job) is better "
                    "than at entry."
                ),
                _("Exits with a better job situation ÷ exits of the period × 100"),
                Q(employment_exit_rank__gt=F("employment_entry_rank")),
            ),
            (
                "housing_improved",
                _("Housing improved"),
                _(
                    "The share of exits whose housing (emergency shelter < DNA < hosted < other "
                    "< own tenancy) is better than at entry."
                ),
                _("Exits with a better housing ÷ exits of the period × 100"),
                Q(housing_exit_rank__gt=F("housing_entry_rank")),
            ),
        ]
    ],
    *[
        Indicator(
            code=f"employed_{months}_months",
            label=label,
            definition=interpolate(
                _(
                    "Exits of people employed at their %(months)d-month follow-up, by the exit "
                    "date."
                ),
                months=months,
            ),
            formula=interpolate(
                _(
                    "Number of enrolments ended in the period whose %(months)d-month follow-up "
                    "recorded a job"
                ),
                months=months,
            ),
            unit=Unit.ENROLMENTS,
            population=Population.ENROLMENTS,
            dated_by=EXIT_DATE,
            source=DESIGN,
            measure=_exited(Q(**{f"employed_{months}_months": True})),
            breakdowns=DATED,
            exit_share=True,
        )
        for months, label in [
            (6, _("In employment 6 months after exit")),
            (12, _("In employment 12 months after exit")),
        ]
    ],
    *[
        Indicator(
            code=f"employed_{months}_months_of_{of}",
            label=label,
            definition=definition,
            formula=formula,
            unit=Unit.PERCENT,
            population=Population.FOLLOW_UPS,
            dated_by=_("The follow-up's due date (counted once the day has come)"),
            source=DESIGN,
            measure=_follow_ups(months, answered_only=of == "answered"),
            breakdowns=DATED,
            additive=False,
        )
        for months in (6, 12)
        for of, label, definition, formula in [
            (
                "due",
                interpolate(_("Employed at %(months)d months, of follow-ups due"), months=months),
                interpolate(
                    _(
                        "Of the %(months)d-month follow-ups due in the period, the share that "
                        "recorded a job; a follow-up not answered counts as not employed."
                    ),
                    months=months,
                ),
                _("Follow-ups recording a job ÷ follow-ups due × 100"),
            ),
            (
                "answered",
                interpolate(
                    _("Employed at %(months)d months, of follow-ups answered"), months=months
                ),
                interpolate(
                    _(
                        "Of the %(months)d-month follow-ups due in the period and answered "
                        '(recorded, and not "no news"), the share that recorded a job.'
                    ),
                    months=months,
                ),
                _("Follow-ups recording a job ÷ follow-ups answered × 100"),
            ),
        ]
    ],
    Indicator(
        code="days_to_first_job",
        label=_("Average time from entry to first job"),
        definition=_(
            "Days from the entry into an action to the start of the person's first job after "
            "it (before the exit plus 30 days), on average."
        ),
        formula=_("Sum of (first job's start − entry date) ÷ enrolments with a first job"),
        unit=Unit.DAYS,
        population=Population.ENROLMENTS,
        dated_by=_("The start of the first job"),
        source=DESIGN,
        measure=_enrolment_measure(
            dated_by="first_job_on",
            averaged=measures.days_between("first_job_on", "entry_date"),
        ),
        breakdowns=DATED,
        additive=False,
    ),
    Indicator(
        code="capacity_use",
        label=_("Capacity use of actions"),
        definition=_(
            "Entries into the actions running in the period, from each action's start to the "
            "period's end, against the number of beneficiaries they planned."
        ),
        formula=_("Entries ÷ planned capacity × 100"),
        unit=Unit.PERCENT,
        population=Population.ACTIONS,
        dated_by=_("Actions running on at least one day of the period; entries up to its end"),
        source=DESIGN,
        measure=CapacityMeasure(
            queryset=Action.objects.all,
            denominator=Q(),
            groups=measures.action_groups(""),
        ),
        breakdowns=("programme", "action"),
        additive=False,
    ),
    Indicator(
        code="targets_attainment",
        label=_("Targets attained"),
        definition=_(
            "Of the programme targets set on actions whose period ended in the period, the "
            "share whose achievement reached the target value."
        ),
        formula=_("Targets attained ÷ targets ended in the period × 100"),
        unit=Unit.PERCENT,
        population=Population.TARGETS,
        dated_by=_("The end of the target's period"),
        source=DESIGN,
        compute_with=_targets_attainment,
        breakdowns=("programme", "action"),
        additive=False,
    ),
    # --- Companies ---
    *[
        Indicator(
            code=code,
            label=label,
            definition=definition,
            formula=_(
                "Number of distinct people with such a step (started or completed) starting in "
                "the period"
            ),
            unit=Unit.PEOPLE,
            population=Population.PERSONS,
            dated_by=_("The start of the step"),
            source=_("Partnership conventions' objectives (DESIGN.md §2)"),
            measure=_steps(condition),
            breakdowns=PEOPLE_BY_STEPS,
            additive=False,
        )
        for code, label, definition, condition in [
            (
                "hires",
                _("Hires"),
                _("People hired by the organisations (a job, any contract)."),
                Q(kind=StepKind.JOB),
            ),
            (
                "durable_hires",
                _("Hires, of which durable"),
                _("People hired by the organisations on a durable contract."),
                Q(kind=StepKind.JOB, contract_type__in=DURABLE_CONTRACTS),
            ),
            (
                "training_entries",
                _("Entries into training"),
                _(
                    "People who entered a qualifying or pre-qualifying training (training, POEC, "
                    "pre-qualification) given by the organisations."
                ),
                Q(kind__in=TRAINING_KINDS),
            ),
            (
                "immersions",
                _("Work immersions (PMSMP)"),
                _("People in a work immersion hosted by the organisations."),
                Q(kind=StepKind.IMMERSION),
            ),
            (
                "apprenticeships",
                _("Apprenticeships"),
                _("People hired by the organisations on an apprenticeship contract."),
                Q(kind=StepKind.JOB, contract_type="apprenticeship"),
            ),
        ]
    ],
    Indicator(
        code="mobilisation_actions",
        label=_("Mobilisation actions"),
        definition=_(
            "Awareness sessions, webinars, job datings… held with companies. A national action "
            "counts in every territory."
        ),
        formula=_("Number of mobilisation actions dated in the period"),
        unit=Unit.ACTIONS,
        population=Population.MOBILISATION,
        dated_by=_("The date of the action"),
        source=DESIGN,
        measure=MobilisationMeasure(
            queryset=MobilisationAction.objects.all,
            groups=measures.month_group("date"),
            per_key=True,
        ),
        breakdowns=("month",),
        additive=False,
    ),
    Indicator(
        code="event_participants",
        label=_("Participants at events"),
        definition=_("Participants of the mobilisation actions held in the period."),
        formula=_("Sum of the participants of the mobilisation actions dated in the period"),
        unit=Unit.PARTICIPANTS,
        population=Population.MOBILISATION,
        dated_by=_("The date of the action"),
        source=DESIGN,
        measure=MobilisationMeasure(
            queryset=MobilisationAction.objects.all,
            counted="participants",
            summed=True,
            groups=measures.month_group("date"),
            per_key=True,
        ),
        breakdowns=("month",),
        additive=False,
    ),
    Indicator(
        code="organisations_engaged",
        label=_("Organisations engaged"),
        definition=_(
            "Organisations that attended a mobilisation action, were party to a convention in "
            "force or submitted a partnership interest, in the period."
        ),
        formula=_("Number of distinct organisations meeting one of the three conditions"),
        unit=Unit.ORGANISATIONS,
        population=Population.ORGANISATIONS,
        dated_by=_("The action's date, the convention's dates, the lead's submission"),
        source=DESIGN,
        measure=Measure(
            queryset=Organisation.objects.all,
            period=_engaged,
            departments="department",
            organisations="pk",
            groups={
                "region": Group(F("department__region__code"), F("department__region__name")),
                "department": Group(F("department__code"), F("department__name")),
            },
        ),
        breakdowns=("region", "department"),
    ),
    Indicator(
        code="active_conventions",
        label=_("Conventions in force"),
        definition=_(
            "Signed partnership conventions in force on at least one day of the period; a "
            "national convention counts in every territory."
        ),
        formula=_("Number of conventions, drafts excluded, whose dates overlap the period"),
        unit=Unit.CONVENTIONS,
        population=Population.CONVENTIONS,
        dated_by=_("The convention's start and end"),
        source=DESIGN,
        measure=ConventionMeasure(queryset=Convention.objects.all),
        additive=False,
    ),
    Indicator(
        code="objectives_attained",
        label=_("Convention objectives attained"),
        definition=_(
            "Of the convention objectives whose period ended in the period, the share whose "
            "achievement reached the target."
        ),
        formula=_("Objectives attained ÷ objectives ended in the period × 100"),
        unit=Unit.PERCENT,
        population=Population.OBJECTIVES,
        dated_by=_("The end of the objective's period"),
        source=DESIGN,
        compute_with=_objectives_attained,
        compute_many_with=_objectives_attained_many,
        additive=False,
    ),
    Indicator(
        code="leads",
        label=_("Partnership interests"),
        definition=_("Companies' partnership interests submitted through the public form."),
        formula=_("Number of leads submitted in the period"),
        unit=Unit.LEADS,
        population=Population.LEADS,
        dated_by=_("The submission (Europe/Paris day)"),
        source=DESIGN,
        measure=_lead_measure(),
        breakdowns=("region", "department", "month"),
    ),
    Indicator(
        code="lead_conversion",
        label=_("Leads converted into a convention"),
        definition=_("The share of the period's leads that led to a signed convention."),
        formula=_('Leads at status "convention signed" ÷ leads submitted × 100'),
        unit=Unit.PERCENT,
        population=Population.LEADS,
        dated_by=_("The submission (Europe/Paris day)"),
        source=DESIGN,
        measure=_lead_measure(numerator=Q(status=LeadStatus.CONVENTION), denominator=Q()),
        breakdowns=("region", "department", "month"),
        additive=False,
    ),
]

#: Every version of every indicator, oldest first: {code: (Indicator, …)}.
VERSIONS = defaultdict(tuple)
for _indicator in INDICATORS:
    VERSIONS[_indicator.code] += (_indicator,)
VERSIONS = dict(VERSIONS)

#: The current version of each indicator, by code.
DICTIONARY = {code: versions[-1] for code, versions in VERSIONS.items()}


def get(code, version=None):
    """The Indicator of `code` (its current version, or `version`, an int). Raises KeyError
    when the code or version is unknown."""
    if version is None:
        return DICTIONARY[code]
    for indicator in VERSIONS[code]:
        if indicator.version == version:
            return indicator
    raise KeyError(f"{code} v{version}")


def compute(code, filters, by=None):
    """The Figure of indicator `code` (current version) for `filters` (a Filters), broken down
    by `by` (a code of the indicator's `breakdowns`, or None): one aggregate query, whatever
    the number of people (targets' and objectives' attainment: one per indicator measured),
    none inside `computed_together` for the figures it counted.
    Raises KeyError for an unknown code, ValueError for a breakdown it does not allow."""
    counted = (_TOGETHER.get() or {}).get((code, filters, by))
    return counted if counted is not None else get(code).compute(filters, by)


#: The Figures `computed_together` counted: {(code, Filters, breakdown): Figure}.
_TOGETHER = ContextVar("computed_together", default=None)


@contextmanager
def _answering(counted):
    """Within the block, `compute` answers the Figures of `counted` ({(code, Filters,
    breakdown): Figure}) without counting them again."""
    token = _TOGETHER.set(counted)
    try:
        yield
    finally:
        _TOGETHER.reset(token)


@contextmanager
def computed_together(codes, filters, by):
    """Within the block, `compute(code, filters, by)` answers the Figures of `codes` (a
    sequence of indicator codes) broken down by `by` (a breakdown they all allow) that were
    counted side by side, ONE query for those whose measures read the same rows and group
    them alike (`measures.run_grouped_many`): a table comparing indicators reads its rows
    once. Inside a `computed_across` block, the totals of distinct counts come from the
    figures it counted (`_known_total`) instead of a second pass over the rows. The same
    Figures as `compute` one by one (the same measures); the others are computed by `compute`
    as usual."""
    indicators = [get(code) for code in dict.fromkeys(codes)]
    for indicator in indicators:
        if by not in indicator.breakdowns:
            raise ValueError(f"{indicator.code} cannot be broken down by {by!r}.")
    counted = dict(_TOGETHER.get() or {})
    by_rows = defaultdict(list)
    for indicator in indicators:
        # Counted already by an enclosing block (`computed_across`): not again.
        if indicator.measure is not None and (indicator.code, filters, by) not in counted:
            by_rows[indicator.measure.queryset].append(indicator)
    for together in (alike for read in by_rows.values() for alike in _alike(read, filters, by)):
        if len(together) < 2:
            continue
        measure_list = [indicator.measure for indicator in together]
        known = [_known_total(counted, indicator, filters) for indicator in together]
        answers = measures.run_grouped_many(measure_list, filters, by, known)
        for indicator, (cells, total) in zip(together, answers, strict=True):
            counted[(indicator.code, filters, by)] = indicator.grouped_figure(by, cells, total)
    with _answering(counted):
        yield


def _alike(indicators, filters, by):
    """`indicators` (reading the same rows) in lists that `measures.grouped_together` allows in
    one query each, in their order: the trend's entries, grouped by their entry's month, apart
    from its exits and sorties dynamiques, both grouped by their exit's month."""
    lists = []
    for indicator in indicators:
        for alike in lists:
            if measures.grouped_together([alike[0].measure, indicator.measure], filters, by):
                alike.append(indicator)
                break
        else:
            lists.append([indicator])
    return lists


def _known_total(counted, indicator, filters):
    """(numerator, denominator) of the total of `indicator` under `filters`, as a Figure of
    `counted` ({(code, Filters, breakdown): Figure}) broken down otherwise gives it (every
    breakdown of a figure has the same total), for a count of distinct values; else None."""
    m = indicator.measure
    if not m.distinct or m.averaged is not None:
        return None
    for (code, counted_filters, _by), figure in counted.items():
        if code == indicator.code and counted_filters == filters:
            if m.is_rate:
                return figure.numerator, figure.denominator
            return figure.total, None
    return None


@contextmanager
def computed_across(codes, filters, bys):
    """Within the block, `compute(code, filters, by)` answers, for each `by` of `bys` (a
    sequence of breakdown codes), the Figures of those of `codes` (indicator codes) that allow
    every breakdown of `bys` and count people, or facts of people, broken down by the person
    alone (their territory, sex, age…): ONE query for those reading the same rows, and one
    more per count of distinct people over all France (`measures.run_grouped_across`), each
    breakdown summed from the finer cells of all of them together. The same Figures as
    `compute` one by one; the indicators it cannot count so are left to `compute` (or to a
    `computed_together` inside the block)."""
    indicators = [
        indicator
        for indicator in map(get, dict.fromkeys(codes))
        if indicator.measure is not None and all(by in indicator.breakdowns for by in bys)
    ]
    by_rows = defaultdict(list)
    for indicator in indicators:
        by_rows[indicator.measure.queryset].append(indicator)
    counted = dict(_TOGETHER.get() or {})
    bys = list(dict.fromkeys(bys))
    for together in by_rows.values():
        measure_list = [indicator.measure for indicator in together]
        if not measures.grouped_across(measure_list, filters, bys):
            continue
        answers = measures.run_grouped_across(measure_list, filters, bys)
        for by, per_measure in answers.items():
            for indicator, (cells, total) in zip(together, per_measure, strict=True):
                counted[(indicator.code, filters, by)] = indicator.grouped_figure(by, cells, total)
    with _answering(counted):
        yield


def compute_many(code, filters_by_key, *, share_of_exits=(), per_key=False):
    """{key: Figure} of indicator `code` for many Filters at once ({key: Filters}): ONE query
    whatever their number (programme targets and convention objectives measure a whole page
    this way). `share_of_exits`: the keys (a set) for which to answer the percentage of the
    period's exits (ended enrolments) that meet the indicator's condition, dated by their exit
    date — a programme target in "% of exits"; None for an indicator without `exit_share`.
    `per_key`: many small scopes, each on its own period (targets, objectives), counted each
    by its own subquery over a table of the keys (`measures.run_per_key`) rather than side by
    side in one aggregate (`measures.run_many`, right for a few large scopes): the same
    figures."""
    indicator = get(code)
    shares = {key for key in share_of_exits if key in filters_by_key}
    if shares and not indicator.exit_share:
        answers = {key: Figure(code, indicator.version, Unit.PERCENT, None) for key in shares}
        rest = {key: f for key, f in filters_by_key.items() if key not in shares}
        return {**answers, **(compute_many(code, rest, per_key=per_key) if rest else {})}
    share = _as_share_of_exits(indicator.measure) if shares else None

    def measure_of(key):
        return share if key in shares else indicator.measure

    run = measures.run_per_key if per_key else measures.run_many
    counts = run(measure_of, filters_by_key)
    figures = {}
    for key, (numerator, denominator) in counts.items():
        m = measure_of(key)
        figures[key] = Figure(
            code=code,
            version=indicator.version,
            unit=Unit.PERCENT if key in shares else indicator.unit,
            total=measures.value_of(m, numerator, denominator),
            numerator=numerator if m.is_rate else None,
            denominator=denominator if m.is_rate or m.averaged is not None else None,
        )
    return figures


def compute_together_many(codes, filters_by_key):
    """{code: {key: Figure}}: `compute_many(code, filters_by_key)` of each indicator of
    `codes` that has a measure, those reading the same rows (one `queryset` function) counted
    in ONE query, their aggregates side by side (`measures.run_many`): the key figures of a
    dashboard, for the period and the previous one. Indicators computed from others count
    all the Filters in one go where they can (`compute_many_with`); the other ones
    (`compute_with` alone) are left out: `compute` them."""
    by_rows = defaultdict(list)
    figures = {}
    for code in dict.fromkeys(codes):
        indicator = get(code)
        if indicator.measure is not None:
            by_rows[indicator.measure.queryset].append(indicator)
        elif indicator.compute_many_with is not None:
            figures[code] = indicator.compute_many_with(indicator, filters_by_key)
    for together in by_rows.values():
        asked = {
            (indicator.code, key): filters
            for indicator in together
            for key, filters in filters_by_key.items()
        }
        counts = measures.run_many(lambda asked_key: get(asked_key[0]).measure, asked)
        for (code, key), (numerator, denominator) in counts.items():
            figures.setdefault(code, {})[key] = get(code)._figure(numerator, denominator)
    return figures


def _as_share_of_exits(m):
    """The measure of an enrolment indicator as a share of the period's exits: its condition
    (`exit_condition` when dating by exit would change it) among the enrolments ended in the
    period."""
    condition = m.exit_condition if m.exit_condition is not None else m.numerator
    return replace(
        m,
        dated_by="exit_date",
        period=None,
        numerator=Q(status__in=ENDED) & condition,
        denominator=Q(status__in=ENDED),
    )
