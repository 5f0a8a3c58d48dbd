"""What programme targets and convention objectives may be set on: for each code of
`config.vocabularies.Indicator`, the entry of the indicator dictionary (`reporting.dictionary`)
that measures it. Nothing is counted here: a target's or an objective's progress is the
dictionary's figure for the target's actions (or the convention's parties) over its period, so
that it always agrees with the dashboards.

A page measures many targets or objectives at once (`measure`): one query per indicator,
whatever their number.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from config.vocabularies import Indicator

from . import dictionary
from .dictionary import Filters


@dataclass(frozen=True)
class Measure:
    """What to measure for a convention objective: `key` identifies the answer; organisations
    (ids) whose results count, a period (both days included) and départements (ids; None: all
    France)."""

    key: object
    organisations: frozenset
    start: object
    end: object
    departments: frozenset | None = None

    percent = False

    def filters(self):
        return Filters(
            start=self.start,
            end=self.end,
            departments=self.departments,
            organisations=frozenset(self.organisations),
        )


@dataclass(frozen=True)
class ActionMeasure:
    """What to measure for a programme target: `key` identifies the answer; `actions` (ids)
    whose enrolments count; a period (dates, both days included); `percent`: answer the share
    of the period's exits (an int, 0 to 100) rather than a number."""

    key: object
    actions: frozenset
    start: object
    end: object
    percent: bool = False

    def filters(self):
        return Filters(start=self.start, end=self.end, actions=frozenset(self.actions))


PEOPLE, PARTICIPANTS = _("people"), _("participants")


@dataclass(frozen=True)
class Definition:
    """A code targets or objectives may use, with the unit they are set in and the
    dictionary's indicator (its code) that measures them."""

    code: Indicator
    unit: str
    #: Computes a {measure key: value} dict from a list of measures; None: not measured yet.
    compute: Callable | None = None

    @property
    def label(self):
        return self.code.label

    @property
    def measured(self):
        return self.compute is not None


def measured_by(code):
    """A function of a list of measures (`Measure` or `ActionMeasure`) answering {key: value}
    from the dictionary's indicator `code`: a number, or for a `percent` measure the share of
    the period's exits rounded to a whole percent (0 without exits; None when the indicator
    has no share of exits)."""

    def compute(measure_list):
        figures = dictionary.compute_many(
            code,
            {m.key: m.filters() for m in measure_list},
            share_of_exits={m.key for m in measure_list if m.percent},
            per_key=True,
        )
        answers = {}
        for m in measure_list:
            total = figures[m.key].total
            if m.percent:
                exit_share = dictionary.get(code).exit_share
                total = (round(total) if total is not None else 0) if exit_share else None
            answers[m.key] = total
        return answers

    return compute


CATALOGUE = {
    definition.code: definition
    for definition in [
        Definition(indicator, unit, measured_by(indicator.value))
        for indicator, unit in [
            (Indicator.REFERRALS, PEOPLE),
            (Indicator.ENTRIES, PEOPLE),
            (Indicator.DURABLE_EMPLOYMENT, PEOPLE),
            (Indicator.SORTIE_DYNAMIQUE, PEOPLE),
            (Indicator.JOB_OR_TRAINING, PEOPLE),
            (Indicator.HOUSING, PEOPLE),
            (Indicator.EMPLOYED_6_MONTHS, PEOPLE),
            (Indicator.CERTIFICATIONS, PEOPLE),
            (Indicator.HIRES, PEOPLE),
            (Indicator.DURABLE_HIRES, PEOPLE),
            (Indicator.TRAINING_ENTRIES, PEOPLE),
            (Indicator.IMMERSIONS, PEOPLE),
            (Indicator.APPRENTICESHIPS, PEOPLE),
            (Indicator.EVENT_PARTICIPANTS, PARTICIPANTS),
        ]
    ]
}


def measure(indicator, measures):
    """{measure key: value} for one indicator over many scopes; None for every key when the
    indicator is not measured yet."""
    definition = CATALOGUE[indicator]
    if not definition.measured:
        return dict.fromkeys((m.key for m in measures), None)
    return definition.compute(measures)
