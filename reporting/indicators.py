"""The indicator catalogue: for each code of `config.vocabularies.Indicator`, its label, its
unit and the function that computes it. Dashboards, reports, convention objectives and
programme targets all read it, so two numbers that should agree come from the same code.

A function measures many scopes at once in a constant number of queries (one, or two for event
participants): a convention objective's `Measure` (organisations, period, territory), or a
programme target's `reporting.pathways.ActionMeasure` (actions, period, count or percentage of
exits). Indicators counted from beneficiaries' pathways live in `reporting.pathways`; the exit
classes they use in `reporting.exits`.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from config.vocabularies import Indicator
from partners.models import MobilisationAction

from . import pathways


@dataclass(frozen=True)
class Measure:
    """What to measure: `key` identifies the answer; organisations (ids) whose results count,
    a period (both days included) and départements (ids; None: all France)."""

    key: object
    organisations: frozenset
    start: object
    end: object
    departments: frozenset | None = None


def event_participants(measures):
    """Participants of the mobilisation actions the organisations attended in the period.
    An action with no département is national: it counts in every territory (see
    docs/decisions.md). Two queries whatever the number of measures."""
    organisations = frozenset().union(*(measure.organisations for measure in measures))
    if not organisations:
        return {measure.key: 0 for measure in measures}
    attendances = MobilisationAction.attendees.through.objects.filter(
        organisation_id__in=organisations,
        mobilisationaction__date__gte=min(measure.start for measure in measures),
        mobilisationaction__date__lte=max(measure.end for measure in measures),
    ).values_list(
        "mobilisationaction_id",
        "organisation_id",
        "mobilisationaction__date",
        "mobilisationaction__participants",
    )
    actions = {}
    attendees = defaultdict(set)
    for action_id, organisation_id, day, participants in attendances:
        actions[action_id] = (day, participants)
        attendees[action_id].add(organisation_id)
    departments = defaultdict(set)
    if actions and any(measure.departments is not None for measure in measures):
        for action_id, department_id in MobilisationAction.departments.through.objects.filter(
            mobilisationaction_id__in=list(actions)
        ).values_list("mobilisationaction_id", "department_id"):
            departments[action_id].add(department_id)

    def counts(action_id, day, measure):
        where = departments[action_id]
        return (
            measure.start <= day <= measure.end
            and attendees[action_id] & measure.organisations
            and (measure.departments is None or not where or where & measure.departments)
        )

    return {
        measure.key: sum(
            participants
            for action_id, (day, participants) in actions.items()
            if counts(action_id, day, measure)
        )
        for measure in measures
    }


PEOPLE, PARTICIPANTS = _("people"), _("participants")


@dataclass(frozen=True)
class Definition:
    code: Indicator
    unit: str
    #: Computes a {measure key: value} dict from a list of `Measure`s; None: not measured yet.
    compute: Callable | None = None

    @property
    def label(self):
        return self.code.label

    @property
    def measured(self):
        return self.compute is not None


CATALOGUE = {
    definition.code: definition
    for definition in [
        Definition(Indicator.REFERRALS, PEOPLE, pathways.referrals),
        Definition(Indicator.ENTRIES, PEOPLE, pathways.entries),
        Definition(Indicator.DURABLE_EMPLOYMENT, PEOPLE, pathways.durable_employment),
        Definition(Indicator.SORTIE_DYNAMIQUE, PEOPLE, pathways.sorties_dynamiques),
        Definition(Indicator.JOB_OR_TRAINING, PEOPLE, pathways.job_or_training),
        Definition(Indicator.HOUSING, PEOPLE, pathways.housing),
        Definition(Indicator.EMPLOYED_6_MONTHS, PEOPLE, pathways.employed_6_months),
        Definition(Indicator.CERTIFICATIONS, PEOPLE, pathways.certifications),
        Definition(Indicator.HIRES, PEOPLE, pathways.hires),
        Definition(Indicator.DURABLE_HIRES, PEOPLE, pathways.durable_hires),
        Definition(Indicator.TRAINING_ENTRIES, PEOPLE, pathways.training_entries),
        Definition(Indicator.IMMERSIONS, PEOPLE, pathways.immersions),
        Definition(Indicator.APPRENTICESHIPS, PEOPLE, pathways.apprenticeships),
        Definition(Indicator.EVENT_PARTICIPANTS, PARTICIPANTS, event_participants),
    ]
}


def measure(indicator, measures):
    """{measure key: value} for one indicator over many scopes; None for every key when the
    indicator is not measured yet."""
    definition = CATALOGUE[indicator]
    if not definition.measured:
        return dict.fromkeys((m.key for m in measures), None)
    return definition.compute(measures)
