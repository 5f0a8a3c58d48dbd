"""Convention objectives and programme targets read real figures from beneficiaries' pathways:
what counts, what does not, and a number of queries that does not grow with the page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import ConventionObjective
from programmes.models import Target
from reporting.progress import objectives_progress, targets_progress

from ..beneficiaries.factories import (
    BeneficiaryFactory,
    EnrolmentFactory,
    PathwayStepFactory,
)
from ..conventions.factories import ConventionFactory, ObjectiveFactory
from ..factories import OrganisationFactory
from ..programmes.factories import ActionFactory, ContractFactory, TargetFactory

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def party(db):
    return OrganisationFactory(name="Bâtisseurs")


@pytest.fixture
def convention(party):
    return ConventionFactory(parties=[party, OrganisationFactory(name="Groupe National")])


def achieved(objective):
    return objectives_progress([objective])[objective.pk].achieved


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [
        ("hires", 4),  # CDI, CDD < 6 months, apprenticeship, IAE: four people
        ("durable_hires", 2),
        ("apprenticeships", 1),
        ("training_entries", 2),  # a training and a POEC
        ("immersions", 1),
    ],
)
def test_objectives_count_the_steps_with_the_parties(convention, party, indicator, expected):
    for contract_type in ["cdi", "cdd_under_6m", "apprenticeship", "iae"]:
        PathwayStepFactory(
            job=True, contract_type=contract_type, organisation=party, start_date=DAY
        )
    PathwayStepFactory(training=True, organisation=party, start_date=DAY)
    PathwayStepFactory(kind="poec", organisation=party, start_date=DAY)
    PathwayStepFactory(immersion=True, organisation=party, start_date=DAY)
    # None of these counts: another employer, out of the period, planned, cancelled.
    PathwayStepFactory(job=True)
    PathwayStepFactory(training=True)
    PathwayStepFactory(job=True, organisation=party, start_date=datetime.date(2025, 12, 31))
    PathwayStepFactory(job=True, organisation=party, start_date=DAY, planned=True)
    PathwayStepFactory(training=True, organisation=party, start_date=DAY, cancelled=True)
    PathwayStepFactory(immersion=True, organisation=party, start_date=DAY, planned=True)
    objective = ObjectiveFactory(convention=convention, indicator=indicator)
    assert achieved(objective) == expected


def test_a_person_hired_twice_by_the_parties_is_one_hire(convention, party):
    person = BeneficiaryFactory()
    PathwayStepFactory(
        beneficiary=person, job=True, contract_type="cdd_under_6m", organisation=party
    )
    PathwayStepFactory(beneficiary=person, job=True, organisation=party, start_date=DAY)
    assert achieved(ObjectiveFactory(convention=convention, indicator="hires")) == 1


def test_an_objective_on_a_departement_counts_the_people_residing_there(
    convention, party, departments
):
    PathwayStepFactory(
        beneficiary=BeneficiaryFactory(department=departments["69"]), job=True, organisation=party
    )
    PathwayStepFactory(
        beneficiary=BeneficiaryFactory(department=departments["75"]), job=True, organisation=party
    )
    objective = ObjectiveFactory(
        convention=convention, indicator="hires", department=departments["69"]
    )
    assert achieved(objective) == 1
    assert achieved(ObjectiveFactory(convention=convention, indicator="hires")) == 2


def test_objectives_of_many_conventions_take_one_query_per_indicator(departments):
    def page(count):
        for _n in range(count):
            employer = OrganisationFactory()
            convention = ConventionFactory(parties=[employer])
            for indicator in ["hires", "durable_hires", "immersions"]:
                ObjectiveFactory(convention=convention, indicator=indicator)
            PathwayStepFactory(job=True, organisation=employer, start_date=DAY)
        return list(ConventionObjective.objects.select_related("convention"))

    objectives = page(2)
    with CaptureQueriesContext(connection) as few:
        objectives_progress(objectives)
    objectives = page(8)
    with CaptureQueriesContext(connection) as many:
        progress = objectives_progress(objectives)
    assert len(few) == len(many) == 1 + 3  # parties, then one per indicator
    assert sorted(p.achieved for p in progress.values()) == [0] * 10 + [1] * 20


# --- Programme targets ----------------------------------------------------------------------


@pytest.fixture
def action(db):
    return ActionFactory(title="Cuisines de Paris")


def target(action=None, contract=None, **fields):
    return TargetFactory(action=action, contract=contract, **fields)


def achieved_by(*targets):
    progress = targets_progress(Target.objects.filter(pk__in=[t.pk for t in targets]))
    return [progress[t.pk].achieved for t in targets]


def _pathways(action):
    """Five people in `action` in 2026: one referred, one entered, three exited (a CDI with
    a certification and an employed 6-month follow-up; a CDD under 6 months into own tenancy;
    nothing), one abandoned; and one exited in 2025."""
    EnrolmentFactory(action=action)
    EnrolmentFactory(action=action, entered=True)
    durable = EnrolmentFactory(action=action, exited=True)
    PathwayStepFactory(enrolment=durable, job=True, start_date=datetime.date(2026, 6, 1))
    PathwayStepFactory(enrolment=durable, training=True, certified=True, end_date=DAY)
    six_months = durable.follow_ups.get(months=6)
    six_months.record("employed", "cdi", on=datetime.date(2026, 12, 30))
    transitional = EnrolmentFactory(action=action, exited=True)
    PathwayStepFactory(enrolment=transitional, job=True, contract_type="cdd_under_6m")
    PathwayStepFactory(enrolment=transitional, kind="housing", housing="tenancy")
    EnrolmentFactory(action=action, exited=True)
    EnrolmentFactory(action=action, abandoned=True)
    EnrolmentFactory(
        action=action,
        referral_date=datetime.date(2025, 1, 6),
        entry_date=datetime.date(2025, 1, 6),
        status="exited",
        exit_date=datetime.date(2025, 6, 30),
        exit_reason="completed",
    )


@pytest.mark.parametrize(
    ("indicator", "count", "percent"),
    [
        ("referrals", 6, None),
        ("entries", 5, None),
        ("durable_employment", 1, 25),  # of four exits in 2026, the abandonment included
        ("sortie_dynamique", 2, 50),
        ("job_or_training", 2, 50),
        ("housing", 1, 25),
        ("employed_6_months", 1, 25),
        ("certifications", 1, 25),
    ],
)
def test_action_targets_count_the_enrolments_of_the_period(action, indicator, count, percent):
    _pathways(action)
    as_count = target(action, indicator=indicator)
    as_percent = target(action, indicator=indicator, unit="percent", value=50)
    assert achieved_by(as_count, as_percent) == [count, percent]


def test_a_contract_target_counts_its_employment_actions(action, departments):
    contract = ContractFactory()
    own = ActionFactory(ctai=True, contract=contract)
    EnrolmentFactory(action=own, entered=True)
    EnrolmentFactory(action=action, entered=True)  # another action
    assert achieved_by(target(contract=contract, indicator="entries")) == [1]


def test_targets_take_one_query_per_indicator_and_one_for_contracts(db):
    def page(count):
        targets = []
        for _n in range(count):
            action = ActionFactory()
            EnrolmentFactory(action=action, exited=True)
            contract = ContractFactory()
            targets += [
                target(action, indicator="entries"),
                target(action, indicator="sortie_dynamique", unit="percent", value=60),
                target(contract=contract, indicator="entries"),
            ]
        return targets

    few = page(2)
    with CaptureQueriesContext(connection) as queries_few:
        targets_progress(few)
    many = page(6)
    with CaptureQueriesContext(connection) as queries_many:
        progress = targets_progress(many)
    assert len(queries_few) == len(queries_many) == 3
    assert [progress[t.pk].achieved for t in many[:3]] == [1, 0, 0]


def test_a_period_without_exit_shows_zero_percent(action):
    EnrolmentFactory(action=action, entered=True)
    assert achieved_by(target(action, indicator="durable_employment", unit="percent")) == [0]


@pytest.mark.parametrize(("hires", "shown"), [(0, 0), (1, None), (4, None), (5, 5)])
def test_counts_under_five_people_are_suppressed_for_a_company_contact(
    convention, party, national_user, company_user, hires, shown
):
    """DESIGN.md §5: a company contact sees no beneficiary, so 1 to 4 hires read "fewer than
    5"; national staff, who may see the people, read the count; 0 and 5 or more are shown."""
    for _ in range(hires):
        PathwayStepFactory(job=True, organisation=party, start_date=DAY)
    objective = ObjectiveFactory(convention=convention, indicator="hires")
    for_company = objectives_progress([objective], viewer=company_user)[objective.pk]
    assert (for_company.achieved, for_company.suppressed) == (shown, shown is None)
    assert objectives_progress([objective], viewer=national_user)[objective.pk].achieved == hires


def test_event_participants_are_not_suppressed(convention, company_user):
    objective = ObjectiveFactory(convention=convention, indicator="event_participants")
    assert not objectives_progress([objective], viewer=company_user)[objective.pk].suppressed
