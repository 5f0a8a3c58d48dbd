"""Progress of convention objectives and programme targets against their target value, for a
whole page at once: a constant number of queries whatever the number of rows."""

from collections import defaultdict
from dataclasses import dataclass

from partners.models import Convention, ConventionObjective
from partners.models.convention import ConventionScope
from programmes.models import Action, TargetUnit

from .indicators import CATALOGUE, PEOPLE, ActionMeasure, Measure, measure
from .suppression import is_small, sees_outside_scope


@dataclass(frozen=True)
class Progress:
    """`achieved` is None when the indicator is not measured yet; `expected` is the pro-rata
    pace by the day asked (None when the target has none). `suppressed`: a count of 1 to 4
    people that the viewer may not see, which pages show as "fewer than 5" (achieved is then
    None, so that nothing derived from it leaks)."""

    target: object
    achieved: int | None = None
    expected: float | None = None
    suppressed: bool = False

    @property
    def measured(self):
        return self.achieved is not None

    @property
    def achieved_percent(self):
        """The real share of the target, above 100 when the target is exceeded."""
        return round(100 * self.achieved / self.target) if self.measured else None

    @property
    def achieved_bar(self):
        """The share drawn in a progress bar, which cannot go past full."""
        return min(100, self.achieved_percent) if self.measured else None

    @property
    def expected_percent(self):
        return None if self.expected is None else round(100 * self.expected / self.target)

    @property
    def behind(self):
        return self.measured and self.expected is not None and self.achieved < self.expected


def objectives_progress(objectives, day=None, viewer=None):
    """{objective id: Progress} for convention objectives (with their convention loaded, as
    `convention.objectives.all()` or `select_related("convention")` give them). With a
    `viewer` (a User) who may not see beneficiaries, counts of 1 to 4 people are suppressed.

    What counts is what the convention's parties achieved over the objective's period, in the
    objective's département, else in the convention's départements (a national convention
    counts everywhere), as the indicator dictionary measures it. Two queries, plus one per
    indicator on the page, whatever the number of objectives. Counts of people are suppressed
    by the small-count rule (`reporting.suppression`) for a viewer who may not see those
    people one by one (a company contact; a coordinator for people outside their territory)."""
    objectives = list(objectives)
    measures = _measures(objectives)
    by_indicator = defaultdict(list)
    for objective in objectives:
        by_indicator[objective.indicator].append(measures[objective.pk])
    achieved = {}
    for indicator, measure_list in by_indicator.items():
        achieved.update(measure(indicator, measure_list))
    return {
        objective.pk: _progress(
            objective.target,
            achieved[objective.pk],
            objective.expected_by(day),
            viewer is not None
            and CATALOGUE[objective.indicator].unit == PEOPLE
            and sees_outside_scope(viewer, measures[objective.pk].filters()),
        )
        for objective in objectives
    }


def _measures(objectives):
    """{objective id: Measure} — the convention's parties, the objective's period and its
    territory (the objective's département, else a territorial convention's départements,
    else None: all France). Two queries at most, whatever the number of objectives."""
    measured = [o for o in objectives if CATALOGUE[o.indicator].measured]
    conventions = {o.convention_id for o in measured}
    parties, departments = defaultdict(set), defaultdict(set)
    if conventions:
        for convention_id, organisation_id in Convention.parties.through.objects.filter(
            convention_id__in=conventions
        ).values_list("convention_id", "organisation_id"):
            parties[convention_id].add(organisation_id)
    territorial = {
        o.convention_id
        for o in measured
        if not o.department_id and o.convention.scope == ConventionScope.TERRITORIAL
    }
    if territorial:
        for convention_id, department_id in Convention.departments.through.objects.filter(
            convention_id__in=territorial
        ).values_list("convention_id", "department_id"):
            departments[convention_id].add(department_id)

    def territory(objective):
        if objective.department_id:
            return frozenset({objective.department_id})
        if objective.convention_id in territorial:
            return frozenset(departments[objective.convention_id])
        return None

    return {
        objective.pk: Measure(
            key=objective.pk,
            organisations=frozenset(parties[objective.convention_id]),
            start=objective.period_start,
            end=objective.period_end,
            departments=territory(objective),
        )
        for objective in objectives
    }


def _progress(target, achieved, expected, hide_small):
    if hide_small and is_small(achieved):
        return Progress(target=target, expected=expected, suppressed=True)
    return Progress(target=target, achieved=achieved, expected=expected)


def targets_progress(targets):
    """{target id: Progress} for programme targets: what the enrolments in the target's action
    (or in the employment actions of its CTAI contract) achieved over the target's period, as a
    number of people or a percentage of the period's exits (`TargetUnit`). One query per
    indicator on the page, plus one when a target is on a contract."""
    targets = list(targets)
    contracts = {t.contract_id for t in targets if t.contract_id}
    actions_of_contract = defaultdict(set)
    if contracts:
        for contract_id, action_id in (
            Action.objects.filter(contract_id__in=contracts)
            .order_by()
            .values_list("contract_id", "pk")
        ):
            actions_of_contract[contract_id].add(action_id)
    by_indicator = defaultdict(list)
    for target in targets:
        by_indicator[target.indicator].append(
            ActionMeasure(
                key=target.pk,
                actions=frozenset(
                    {target.action_id}
                    if target.action_id
                    else actions_of_contract[target.contract_id]
                ),
                start=target.period_start,
                end=target.period_end,
                percent=target.unit == TargetUnit.PERCENT,
            )
        )
    achieved = {}
    for indicator, measure_list in by_indicator.items():
        achieved.update(measure(indicator, measure_list))
    return {
        target.pk: Progress(target=target.value, achieved=achieved[target.pk]) for target in targets
    }


#: An objective is behind when its achieved share of the target trails the pro-rata pace by
#: more than this many percentage points (issue 14; settings.REMINDERS_OBJECTIVE_MARGIN).
OBJECTIVE_BEHIND_MARGIN = 20


def objectives_behind(today, margin=OBJECTIVE_BEHIND_MARGIN, conventions=None):
    """The objectives of active conventions (among `conventions`, a Convention queryset such
    as a user's `visible_to`; None: all), in their period on `today` (a date, Europe/Paris),
    whose achieved share of the target trails the pro-rata pace (`ConventionObjective.
    expected_by`) by more than `margin` percentage points (an int): a list of
    (ConventionObjective with its convention loaded, Progress). Objectives not measured are
    left out. A constant number of queries (`objectives_progress`), whatever their number."""
    objectives = list(
        ConventionObjective.objects.filter(
            convention__in=(Convention.objects if conventions is None else conventions).active(
                today
            ),
            period_start__lt=today,
            period_end__gte=today,
        ).select_related("convention")
    )
    progress = objectives_progress(objectives, today)
    return [
        (objective, progress[objective.pk])
        for objective in objectives
        if progress[objective.pk].measured
        and progress[objective.pk].expected_percent - progress[objective.pk].achieved_percent
        > margin
    ]
