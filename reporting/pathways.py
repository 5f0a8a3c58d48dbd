"""Indicators counted from beneficiaries' pathways, for the catalogue (`reporting.indicators`).

Two populations:

- what a partnership convention's parties achieved (`Measure`: organisations, period,
  départements): hires, durable hires, entries into training, immersions and apprenticeships,
  counted from the pathway steps that happened (started or completed) with a party as employer,
  training body or host, started in the period, of people residing in the départements;
- what a programme action or CTAI contract achieved (`ActionMeasure`: actions, period, count or
  percentage of exits): referrals, entries, exits by class, job or training and housing at exit,
  employment 6 months after exit, certifications, counted from enrolments in the actions.

Each function answers {measure key: int} for many measures in ONE query. They count distinct
people: a person hired twice by the same party in a period is one hire. They return aggregate
numbers only, never who.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from beneficiaries.choices import (
    ContractType,
    EmploymentSituation,
    FollowUpSituation,
    HousingSituation,
    StepKind,
)
from beneficiaries.models import Enrolment, FollowUp, PathwayStep

from .exits import (
    DURABLE_CONTRACTS,
    HAPPENED,
    SORTIE_DYNAMIQUE,
    TRAINING_KINDS,
    ExitClass,
    with_exit_situation,
)


@dataclass(frozen=True)
class ActionMeasure:
    """What to measure for a programme target: `key` identifies the answer; `actions` (ids) whose
    enrolments count; a period (dates, both days included); `percent`: answer the share of the
    period's exits (an int, 0 to 100) rather than a number of people."""

    key: object
    actions: frozenset
    start: object
    end: object
    percent: bool = False


# --- Convention objectives: steps with the parties --------------------------------------------


def _party_steps(measures, condition):
    """{measure key: number of people} with a step matching `condition` (a Q) that happened, with
    one of the measure's organisations, started in its period, residing in its départements
    (None: anywhere). One query, none when no measure has an organisation."""
    organisations = frozenset().union(*(m.organisations for m in measures))
    if not organisations:
        return {m.key: 0 for m in measures}
    rows = (
        PathwayStep.objects.filter(
            condition,
            status__in=HAPPENED,
            organisation_id__in=organisations,
            start_date__gte=min(m.start for m in measures),
            start_date__lte=max(m.end for m in measures),
        )
        .order_by()
        .values_list(
            "beneficiary_id", "organisation_id", "start_date", "beneficiary__department_id"
        )
    )
    rows = list(rows)
    return {
        m.key: len(
            {
                person
                for person, organisation, day, department in rows
                if organisation in m.organisations
                and m.start <= day <= m.end
                and (m.departments is None or department in m.departments)
            }
        )
        for m in measures
    }


def hires(measures):
    """People hired by a party (a job step, any contract) in the period."""
    return _party_steps(measures, Q(kind=StepKind.JOB))


def durable_hires(measures):
    """People hired by a party on a durable contract (see `reporting.exits.DURABLE_CONTRACTS`)."""
    return _party_steps(measures, Q(kind=StepKind.JOB, contract_type__in=DURABLE_CONTRACTS))


def training_entries(measures):
    """People who entered a qualifying or pre-qualifying training (vocational training, POEC,
    pre-qualification) given by a party."""
    return _party_steps(measures, Q(kind__in=TRAINING_KINDS))


def immersions(measures):
    """People in a work immersion (PMSMP) hosted by a party."""
    return _party_steps(measures, Q(kind=StepKind.IMMERSION))


def apprenticeships(measures):
    """People hired by a party on an apprenticeship contract."""
    return _party_steps(measures, Q(kind=StepKind.JOB, contract_type=ContractType.APPRENTICESHIP))


# --- Programme targets: enrolments in the actions ---------------------------------------------


def _enrolments(measures):
    """The enrolments of the measures' actions that may fall in one of their periods, with their
    exit situation, their 6-month follow-up and their first certification date: one query."""
    actions = frozenset().union(*(m.actions for m in measures))
    start, end = min(m.start for m in measures), max(m.end for m in measures)
    employed = FollowUp.objects.filter(
        enrolment=OuterRef("pk"),
        months=6,
        recorded_on__isnull=False,
        situation=FollowUpSituation.EMPLOYED,
    )
    certified_on = (
        PathwayStep.objects.filter(enrolment=OuterRef("pk"), certified=True)
        .annotate(on=Coalesce("end_date", "start_date"))
        .order_by("on")
        .values("on")[:1]
    )
    enrolments = (
        Enrolment.objects.filter(action_id__in=actions, referral_date__lte=end)
        .order_by()
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=start))
    )
    return list(
        with_exit_situation(enrolments)
        .annotate(employed_6_months=Exists(employed), certified_on=Subquery(certified_on))
        .values(
            "action_id",
            "beneficiary_id",
            "referral_date",
            "entry_date",
            "exit_date",
            "exit_class",
            "employment_at_exit",
            "housing_at_exit",
            "employed_6_months",
            "certified_on",
        )
    )


def _count(measures, dated_by, counts, *, percent_of_exits=True):
    """{measure key: people} whose enrolment in the measure's actions is dated (`dated_by`, a
    field) in the period and `counts` (a predicate on the row). For a percentage: the share of
    the people who exited in the period (None when `percent_of_exits` is False: a share of
    exits means nothing there)."""
    if not any(m.actions for m in measures):
        return {m.key: None if m.percent and not percent_of_exits else 0 for m in measures}
    rows = _enrolments(measures)
    people, exits = defaultdict(set), defaultdict(set)
    for m in measures:
        for row in rows:
            if row["action_id"] not in m.actions:
                continue
            day = row[dated_by]
            if day and m.start <= day <= m.end and counts(row):
                people[m.key].add(row["beneficiary_id"])
            if row["exit_date"] and m.start <= row["exit_date"] <= m.end:
                exits[m.key].add(row["beneficiary_id"])
    answers = {}
    for m in measures:
        if not m.percent:
            answers[m.key] = len(people[m.key])
        elif not percent_of_exits:
            answers[m.key] = None
        else:
            exited = exits[m.key]
            answers[m.key] = round(100 * len(people[m.key] & exited) / len(exited)) if exited else 0
    return answers


def referrals(measures):
    """People referred to the actions in the period (by referral date)."""
    return _count(measures, "referral_date", lambda row: True, percent_of_exits=False)


def entries(measures):
    """People who entered the actions in the period (by entry date)."""
    return _count(measures, "entry_date", lambda row: True, percent_of_exits=False)


def durable_employment(measures):
    """People who exited in the period to durable employment (`reporting.exits`)."""
    return _count(measures, "exit_date", lambda row: row["exit_class"] == ExitClass.DURABLE)


def sorties_dynamiques(measures):
    """People who exited in the period to durable or transitional employment or a positive
    exit (`reporting.exits.SORTIE_DYNAMIQUE`)."""
    return _count(measures, "exit_date", lambda row: row["exit_class"] in SORTIE_DYNAMIQUE)


def job_or_training(measures):
    """People in a job or a qualifying training at their exit in the period (AGIR's target:
    60 % into job or training)."""
    return _count(
        measures,
        "exit_date",
        lambda row: (
            row["employment_at_exit"] in (EmploymentSituation.JOB, EmploymentSituation.TRAINING)
        ),
    )


def housing(measures):
    """People in their own tenancy at their exit in the period (AGIR's target: 80 % into
    housing)."""
    return _count(
        measures, "exit_date", lambda row: row["housing_at_exit"] == HousingSituation.TENANCY
    )


def employed_6_months(measures):
    """People who exited in the period and were employed at their recorded 6-month follow-up."""
    return _count(measures, "exit_date", lambda row: row["employed_6_months"])


def certifications(measures):
    """People who obtained a certification (language or trade) during their enrolment, dated by
    the first certified step's end (else start) in the period; as a percentage, the share of
    the period's exits who obtained one during the enrolment."""
    counts = [m for m in measures if not m.percent]
    shares = [m for m in measures if m.percent]
    answers = {}
    if counts:
        answers.update(_count(counts, "certified_on", lambda row: True))
    if shares:
        answers.update(_count(shares, "exit_date", lambda row: row["certified_on"] is not None))
    return answers
