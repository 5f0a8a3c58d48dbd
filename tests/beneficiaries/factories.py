"""factory-boy factories for beneficiaries, their enrolments, pathway steps and follow-ups.

Dates sit in 2026 by default; pass your own where a test depends on today.
"""

import datetime

import factory
from dateutil.relativedelta import relativedelta

from beneficiaries.models import Beneficiary, Enrolment, FollowUp, PathwayStep
from partners.models import OrganisationKind
from territories.models import Department

from ..factories import OrganisationFactory
from ..programmes.factories import ActionFactory


def department(code="75"):
    """A département of the data migration, reloaded when a transactional test flushed them."""
    from territories.loading import load_territories
    from territories.models import Region

    if not Department.objects.filter(code=code).exists():
        load_territories(Region, Department)
    return Department.objects.get(code=code)


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    """A refugee from Afghanistan living in Paris, housed by the DNA, without job at entry.
    Pass department=… (a Department) to move them."""

    class Meta:
        model = Beneficiary

    first_name = factory.Iterator(["Ahmad", "Mariam", "Mamadou", "Aïcha", "Yohannes", "Nour"])
    last_name = factory.Sequence(lambda n: f"Rahimi-{n}")
    birth_date = datetime.date(1994, 5, 12)
    sex = "M"
    nationality = "AF"
    protection_status = "refugee"
    protection_granted_on = datetime.date(2025, 9, 1)
    department = factory.LazyFunction(department)
    french_level_at_entry = "A1"
    education_level = "4"
    employment_at_entry = "none"
    housing_at_entry = "dna"
    referent_organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.OPERATOR)
    notice_given_on = datetime.date(2026, 1, 12)
    notice_version = "2026-01"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """A referral to a PIC action (tests.programmes.factories.ActionFactory). Traits:
    `entered`, `in_progress`, `exited` (with its two follow-ups, unless follow_ups=False),
    `abandoned`."""

    class Meta:
        model = Enrolment
        skip_postgeneration_save = True

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    action = factory.SubFactory(ActionFactory)
    referral_source = "ofii"
    referral_date = datetime.date(2026, 1, 12)
    status = "referred"

    class Params:
        entered = factory.Trait(status="entered", entry_date=datetime.date(2026, 1, 19))
        in_progress = factory.Trait(status="in_progress", entry_date=datetime.date(2026, 1, 19))
        exited = factory.Trait(
            status="exited",
            entry_date=datetime.date(2026, 1, 19),
            exit_date=datetime.date(2026, 6, 30),
            exit_reason="completed",
        )
        abandoned = factory.Trait(
            status="abandoned",
            entry_date=datetime.date(2026, 1, 19),
            exit_date=datetime.date(2026, 3, 31),
            abandon_reason="no_contact",
        )

    @factory.post_generation
    def follow_ups(self, create, extracted, **kwargs):
        """An exited enrolment gets its follow-ups as `Enrolment.close` makes them; pass
        follow_ups=False to leave them out."""
        if create and extracted is not False and self.status == "exited":
            self.schedule_follow_ups()


class PathwayStepFactory(factory.django.DjangoModelFactory):
    """A started diagnostic of the enrolment's beneficiary (or of a new person). Traits: `job`
    (a CDI unless contract_type=…, at a new company unless organisation=…), `training`,
    `immersion`, `french_course`; `planned`, `cancelled`, `completed` set the status."""

    class Meta:
        model = PathwayStep

    enrolment = None
    beneficiary = factory.Maybe(
        "enrolment",
        yes_declaration=factory.SelfAttribute("enrolment.beneficiary"),
        no_declaration=factory.SubFactory(BeneficiaryFactory),
    )
    kind = "diagnostic"
    status = "started"
    start_date = datetime.date(2026, 2, 2)

    class Params:
        job = factory.Trait(
            kind="job",
            contract_type="cdi",
            weekly_hours=35,
            occupation="Agent de propreté",
            organisation=factory.SubFactory(OrganisationFactory, kind=OrganisationKind.COMPANY),
        )
        training = factory.Trait(
            kind="training",
            occupation="Cariste",
            certification="CACES R489",
            organisation=factory.SubFactory(OrganisationFactory, kind=OrganisationKind.ASSOCIATION),
        )
        immersion = factory.Trait(
            kind="immersion",
            end_date=factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=14)),
            organisation=factory.SubFactory(OrganisationFactory, kind=OrganisationKind.COMPANY),
        )
        french_course = factory.Trait(kind="french_course", course_hours=200)
        planned = factory.Trait(status="planned")
        cancelled = factory.Trait(status="cancelled")
        completed = factory.Trait(status="completed")


class FollowUpFactory(factory.django.DjangoModelFactory):
    """The 6-month follow-up of an exited enrolment (made without its own follow-ups), pending.
    Trait `recorded`: the person was employed on a CDI."""

    class Meta:
        model = FollowUp

    enrolment = factory.SubFactory(EnrolmentFactory, exited=True, follow_ups=False)
    months = 6
    due_date = factory.LazyAttribute(
        lambda o: o.enrolment.exit_date + relativedelta(months=o.months)
    )

    class Params:
        recorded = factory.Trait(
            recorded_on=factory.LazyAttribute(lambda o: o.due_date),
            situation="employed",
            contract_type="cdi",
        )
