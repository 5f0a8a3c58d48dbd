"""Many programme targets and convention objectives, each on its own period and scope, measured
at once (`measures.run_per_key`: one query over a table of the keys) give exactly what the
dictionary computes for each of them alone."""

import datetime

import pytest

from partners.models import ConventionObjective
from programmes.models import Target
from reporting import dictionary
from reporting.dictionary import Filters, compute, compute_many
from reporting.indicators import CATALOGUE
from reporting.progress import objectives_progress, targets_progress

from ..beneficiaries.factories import BeneficiaryFactory, EnrolmentFactory, PathwayStepFactory
from ..conventions.factories import ConventionFactory, MobilisationActionFactory, ObjectiveFactory
from ..factories import OrganisationFactory
from ..programmes.factories import ActionFactory, ContractFactory, TargetFactory

D = datetime.date

#: Periods that overlap, nest, cross a year, start and end on a day with entries (the 5th), last
#: one day, or hold nothing.
PERIODS = [
    (D(2026, 3, 5), D(2026, 5, 5)),
    (D(2026, 6, 5), D(2026, 6, 5)),
    (D(2026, 1, 1), D(2026, 12, 31)),
    (D(2026, 1, 1), D(2026, 3, 31)),
    (D(2026, 4, 1), D(2026, 6, 30)),
    (D(2026, 3, 15), D(2026, 9, 14)),
    (D(2025, 7, 1), D(2026, 6, 30)),
    (D(2026, 12, 1), D(2026, 12, 31)),
    (D(2024, 1, 1), D(2024, 12, 31)),
]


@pytest.fixture
def pathways(departments):
    """Three actions (one of a CTAI contract) and a company, with people referred, entered and
    exited month after month in 2026 (a job with the company, a tenancy, a certification, an
    employed follow-up, an abandonment), in Paris and Lyon."""
    company = OrganisationFactory(name="Bâtisseurs")
    contract = ContractFactory()
    actions = [
        ActionFactory(title="PIC Paris", departments=[departments["75"]]),
        ActionFactory(title="AGIR Lyon", agir=True, departments=[departments["69"]]),
        ActionFactory(ctai=True, contract=contract),
    ]
    for n in range(18):
        action = actions[n % 3]
        month = 1 + n % 12
        person = BeneficiaryFactory(department=departments["75" if n % 2 else "69"])
        entry = D(2026, month, 5) if n < 15 else D(2025, 9 + n % 3, 1)
        if n % 4 == 3:
            enrolment = EnrolmentFactory(
                beneficiary=person,
                action=action,
                referral_date=entry,
                entry_date=entry,
                status="abandoned",
                exit_date=entry + datetime.timedelta(days=40),
                abandon_reason="no_contact",
            )
        elif n % 4 == 2:
            enrolment = EnrolmentFactory(
                beneficiary=person, action=action, referral_date=entry, entry_date=entry
            )
            enrolment.status = "entered"
            enrolment.save()
        else:
            enrolment = EnrolmentFactory(
                beneficiary=person,
                action=action,
                referral_date=entry - datetime.timedelta(days=10),
                entry_date=entry,
                status="exited",
                exit_date=entry + datetime.timedelta(days=60 + 7 * n),
                exit_reason="completed",
            )
            if n % 3 == 0:
                PathwayStepFactory(
                    enrolment=enrolment,
                    job=True,
                    organisation=company,
                    start_date=enrolment.exit_date - datetime.timedelta(days=5),
                )
            if n % 5 == 0:
                PathwayStepFactory(enrolment=enrolment, kind="housing", housing="tenancy")
                six_months = enrolment.follow_ups.get(months=6)
                six_months.record("employed", "cdi", on=six_months.due_date)
            if n % 2 == 0:
                PathwayStepFactory(
                    enrolment=enrolment,
                    training=True,
                    certified=True,
                    organisation=company,
                    start_date=entry,
                    end_date=entry + datetime.timedelta(days=30),
                )
        PathwayStepFactory(
            beneficiary=person, immersion=True, organisation=company, start_date=entry
        )
    for day in (D(2026, 2, 10), D(2026, 5, 20), D(2026, 11, 3)):
        MobilisationActionFactory(
            date=day, attendees=[company], participants=day.month, departments=[departments["69"]]
        )
    return {"actions": actions, "contract": contract, "company": company}


def test_targets_on_many_periods_are_measured_as_each_alone(pathways):
    actions, contract = pathways["actions"], pathways["contract"]
    targets = []
    for code in CATALOGUE:
        for start, end in PERIODS:
            for action in actions[:2]:
                targets.append(
                    TargetFactory(action=action, indicator=code, period_start=start, period_end=end)
                )
            targets.append(
                TargetFactory(
                    contract=contract,
                    indicator=code,
                    unit="percent",
                    period_start=start,
                    period_end=end,
                )
            )
    progress = targets_progress(Target.objects.filter(pk__in=[t.pk for t in targets]))
    measured = 0
    for target in targets:
        definition = CATALOGUE[target.indicator]
        actions_measured = (
            {target.action_id} if target.action_id else {a.pk for a in actions if a.contract_id}
        )
        filters = Filters(target.period_start, target.period_end, actions=actions_measured)
        if not definition.measured:
            expected = None
        elif target.unit == "percent":
            # A share of exits: the former way (one filtered aggregate per key) for one key.
            share = compute_many(target.indicator, {0: filters}, share_of_exits={0})[0].total
            exit_share = dictionary.get(target.indicator).exit_share
            expected = (round(share) if share is not None else 0) if exit_share else None
        else:
            expected = compute(target.indicator, filters).total
        assert progress[target.pk].achieved == expected, (target.indicator, filters)
        measured += bool(expected)
    assert measured > 20  # the table counts something


def test_objectives_on_many_periods_and_territories_are_measured_as_each_alone(
    pathways, departments
):
    company = pathways["company"]
    national = ConventionFactory(parties=[company, OrganisationFactory()])
    territorial = ConventionFactory(
        scope="territorial", parties=[company], departments=[departments["69"]]
    )
    without_company = ConventionFactory(parties=[OrganisationFactory()])
    for code in CATALOGUE:
        for start, end in PERIODS:
            for convention, department in [
                (national, None),
                (national, departments["75"]),
                (territorial, None),
                (without_company, None),
            ]:
                ObjectiveFactory(
                    convention=convention,
                    indicator=code,
                    department=department,
                    period_start=start,
                    period_end=end,
                )
    objectives = list(ConventionObjective.objects.select_related("convention"))
    progress = objectives_progress(objectives)
    measured = 0
    for objective in objectives:
        convention = objective.convention
        if objective.department_id:
            territory = {objective.department_id}
        elif convention.scope == "territorial":
            territory = set(convention.departments.values_list("pk", flat=True))
        else:
            territory = None
        filters = Filters(
            objective.period_start,
            objective.period_end,
            departments=territory,
            organisations=set(convention.parties.values_list("pk", flat=True)),
        )
        expected = (
            compute(objective.indicator, filters).total
            if CATALOGUE[objective.indicator].measured
            else None
        )
        assert progress[objective.pk].achieved == expected, (objective.indicator, filters)
        measured += bool(expected)
    assert measured > 10


@pytest.mark.parametrize("code", [code.value for code in CATALOGUE])
def test_per_key_answers_the_figures_of_one_aggregate(pathways, departments, code):
    """Every figure (numerator, denominator, unit) the same both ways, empty id sets and
    scopes that restrict different filters mixed in one call."""
    actions = [a.pk for a in pathways["actions"]]
    organisations = {pathways["company"].pk}
    asked = {}
    for index, (start, end) in enumerate(PERIODS):
        asked[f"all {index}"] = Filters(start, end)
        asked[f"actions {index}"] = Filters(start, end, actions=actions[index % 3 :])
        asked[f"none {index}"] = Filters(start, end, actions=frozenset())
        asked[f"company {index}"] = Filters(start, end, organisations=organisations)
        asked[f"lyon {index}"] = Filters(
            start, end, organisations=organisations, departments={departments["69"].pk}
        )
    shares = {key for key in asked if key.startswith(("actions", "all"))}
    assert compute_many(code, asked, share_of_exits=shares, per_key=True) == compute_many(
        code, asked, share_of_exits=shares
    )
