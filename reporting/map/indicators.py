"""The indicators the map offers, each read by département. People's figures come from
`reporting.dictionary` (its "department" breakdown: the person's département of residence);
the entries' targets and the AGIR rollout are stored facts (programme targets, AGIR actions),
not indicators."""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from config.vocabularies import Indicator
from programmes.models import Action, ActionStatus, Target, TargetUnit
from reporting.dictionary import Filters, compute
from territories.models import Department

from .choropleth import Reading
from .scale import Scale, categories_scale, percent_scale

DEFAULT_INDICATOR = "sortie_dynamique_rate"


@dataclass(frozen=True)
class MapIndicator:
    """One choice of the map: `key` (its query-string value), `label`, `description` (one
    sentence under the map), the `scale` of its colours, `percent` (figures written with "%"),
    `measure(filters) -> {département INSEE code: Reading}` (départements without a figure
    left out) and `counts`: the columns of the national dashboard's "By département" table
    (`reporting.dashboards.COMPARED`) holding its numerator and its denominator (None where
    that part counts no people), whose hidden cells the map hides; None for a figure counting
    no people."""

    key: str
    label: str
    description: str
    scale: Scale
    percent: bool
    measure: Callable
    counts: tuple[str | None, str | None] | None = None


def year_filters(year):
    """`Filters` of all France over the calendar `year` (Europe/Paris days)."""
    return Filters(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31))


def _by_department(code, filters):
    """{département INSEE code: Row} of the dictionary's indicator `code`. One query."""
    return {row.key: row for row in compute(code, filters, by="department").rows if row.key}


def sortie_dynamique_rate(filters):
    """The dictionary's "sortie_dynamique_rate" by département, where there were exits."""
    return {
        code: Reading(row.value, row.numerator, row.denominator)
        for code, row in _by_department("sortie_dynamique_rate", filters).items()
        if row.denominator
    }


def entries_targets(filters):
    """{département INSEE code: entries targeted over the period}: the programme targets on
    entries (in people) of the actions covering each département, each counted for the share
    of its period inside the filters' period and shared equally among its action's
    départements (docs/decisions.md). Two queries."""
    targets = (
        Target.objects.filter(
            indicator=Indicator.ENTRIES,
            unit=TargetUnit.COUNT,
            action__isnull=False,
            period_start__lte=filters.end,
            period_end__gte=filters.start,
        )
        .annotate(covered=Count("action__departments"))
        .values_list("action_id", "value", "period_start", "period_end", "covered")
    )
    shares = defaultdict(float)
    for action_id, value, start, end, covered in targets:
        inside = (min(end, filters.end) - max(start, filters.start)).days + 1
        if covered:
            shares[action_id] += float(value) * inside / ((end - start).days + 1) / covered
    targeted = defaultdict(float)
    if shares:
        for action_id, code in Action.departments.through.objects.filter(
            action_id__in=list(shares)
        ).values_list("action_id", "department__code"):
            targeted[code] += shares[action_id]
    return targeted


def entries_against_target(filters):
    """Entries (the dictionary's "entries" by département) as a percentage of the entries
    targeted there (`entries_targets`), where a target is set."""
    entries = _by_department("entries", filters)
    readings = {}
    for code, target in entries_targets(filters).items():
        if target > 0:
            row = entries.get(code)
            achieved = row.value if row else 0
            readings[code] = Reading(100 * achieved / target, achieved, round(target))
    return readings


AGIR_STATES = (_("No AGIR action"), _("AGIR action planned"), _("AGIR action running"))


def agir_deployment(filters):
    """Each département's AGIR deployment on the last day of the period: 2 with an AGIR action
    running then, 1 with one planned, 0 otherwise (as the AGIR rollout page reads it). A fact
    about actions, no count of people: nothing to suppress. One query."""
    states = {}
    deployments = (
        Action.objects.agir()
        .filter(agir_department__isnull=False, start_date__lte=filters.end)
        .exclude(status=ActionStatus.CLOSED)
        .values_list("agir_department__code", "status")
    )
    for code, status in deployments:
        state = 2 if status == ActionStatus.RUNNING else 1
        states[code] = max(states.get(code, 0), state)
    codes = Department.objects.values_list("code", flat=True)
    return {
        code: Reading(states.get(code, 0), label=AGIR_STATES[states.get(code, 0)]) for code in codes
    }


MAP_INDICATORS = {
    indicator.key: indicator
    for indicator in (
        MapIndicator(
            "sortie_dynamique_rate",
            _("Sortie dynamique rate"),
            _(
                "Of the exits of the year, by the beneficiary's département of residence, the "
                "share that were sorties dynamiques (durable or transitional employment, or a "
                "positive exit)."
            ),
            percent_scale((0, 20, 40, 60, 80)),
            True,
            sortie_dynamique_rate,
            ("sortie_dynamique", "exits"),
        ),
        MapIndicator(
            "entries_against_target",
            _("Entries against target"),
            _(
                "Entries of the year, by the beneficiary's département of residence, as a "
                "share of the entries targeted on the actions covering the département."
            ),
            percent_scale((0, 25, 50, 75, 100)),
            True,
            entries_against_target,
            ("entries", None),
        ),
        MapIndicator(
            "agir_deployment",
            _("AGIR deployment"),
            _("Départements with an AGIR action running, or planned, at the end of the year."),
            categories_scale(AGIR_STATES),
            False,
            agir_deployment,
        ),
    )
}
