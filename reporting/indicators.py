"""The indicator catalogue: for each code of `config.vocabularies.Indicator`, its label, its
unit and the function that computes it. Dashboards, reports, convention objectives and
programme targets all read it, so two numbers that should agree come from the same code.

A function measures many scopes at once (`Measure`: organisations, period, territory) in a
constant number of queries. Indicators counted from beneficiaries' pathway steps (hires,
trainings, immersions, entries…) have no function yet: pathways are not recorded in Tremplin,
so they are "not measured yet", never 0.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from config.vocabularies import Indicator
from partners.models import MobilisationAction


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
        Definition(Indicator.REFERRALS, PEOPLE),
        Definition(Indicator.ENTRIES, PEOPLE),
        Definition(Indicator.DURABLE_EMPLOYMENT, PEOPLE),
        Definition(Indicator.SORTIE_DYNAMIQUE, PEOPLE),
        Definition(Indicator.JOB_OR_TRAINING, PEOPLE),
        Definition(Indicator.HOUSING, PEOPLE),
        Definition(Indicator.EMPLOYED_6_MONTHS, PEOPLE),
        Definition(Indicator.CERTIFICATIONS, PEOPLE),
        Definition(Indicator.HIRES, PEOPLE),
        Definition(Indicator.DURABLE_HIRES, PEOPLE),
        Definition(Indicator.TRAINING_ENTRIES, PEOPLE),
        Definition(Indicator.IMMERSIONS, PEOPLE),
        Definition(Indicator.APPRENTICESHIPS, PEOPLE),
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
