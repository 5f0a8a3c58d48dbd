"""Progress of convention objectives and programme targets against their target value, for a
whole page at once: a constant number of queries whatever the number of rows."""

from collections import defaultdict
from dataclasses import dataclass

from partners.models import Convention
from partners.models.convention import ConventionScope

from .indicators import CATALOGUE, Measure, measure


@dataclass(frozen=True)
class Progress:
    """`achieved` is None when the indicator is not measured yet; `expected` is the pro-rata
    pace by the day asked (None when the target has none)."""

    target: object
    achieved: int | None = None
    expected: float | None = None

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


def objectives_progress(objectives, day=None):
    """{objective id: Progress} for convention objectives (with their convention loaded, as
    `convention.objectives.all()` or `select_related("convention")` give them).

    What counts is what the convention's parties achieved over the objective's period, in the
    objective's département, else in the convention's départements (a national convention
    counts everywhere). At most four queries, none when no objective is measured yet."""
    objectives = list(objectives)
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

    by_indicator = defaultdict(list)
    for objective in objectives:
        by_indicator[objective.indicator].append(
            Measure(
                key=objective.pk,
                organisations=frozenset(parties[objective.convention_id]),
                start=objective.period_start,
                end=objective.period_end,
                departments=territory(objective),
            )
        )
    achieved = {}
    for indicator, measures in by_indicator.items():
        achieved.update(measure(indicator, measures))
    return {
        objective.pk: Progress(
            target=objective.target,
            achieved=achieved[objective.pk],
            expected=objective.expected_by(day),
        )
        for objective in objectives
    }


def targets_progress(targets):
    """{target id: Progress} for programme targets. Every target indicator counts
    beneficiaries of the action or contract, whose pathways are not recorded yet: none is
    measured, and no query is made."""
    return {target.pk: Progress(target=target.value) for target in targets}
