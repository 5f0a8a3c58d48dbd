"""Factories of the lead pipeline tests: leads, and the mobilisation actions and conventions
the funnel counts."""

import datetime

import factory
from django.utils import timezone

from partners.models import Contact, Convention, Lead, MobilisationAction

from ..factories import OrganisationFactory


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = "Camille"
    last_name = "Martin"
    email = factory.Sequence(lambda n: f"rh{n}@entreprise.test")
    consents_to_contact = True


class LeadFactory(factory.django.DjangoModelFactory):
    """A new lead of a company of `department` (pass it: départements are reference data)."""

    class Meta:
        model = Lead

    organisation = factory.SubFactory(
        OrganisationFactory, department=factory.SelfAttribute("..department")
    )
    contact = factory.SubFactory(
        ContactFactory, organisation=factory.SelfAttribute("..organisation")
    )
    sectors = factory.LazyFunction(lambda: ["hospitality"])
    jobs_offered = "Commis de cuisine"
    positions = 2
    submitted_at = factory.LazyFunction(timezone.now)

    class Params:
        not_pursued = factory.Trait(status="not_pursued", not_pursued_reason="Pas de besoin")


class MobilisationActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MobilisationAction
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Job dating {n}")
    kind = "job_dating"
    date = datetime.date(2026, 3, 10)

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)

    @factory.post_generation
    def attendees(self, create, extracted, **kwargs):
        if create and extracted:
            self.attendees.set(extracted)


class ConventionFactory(factory.django.DjangoModelFactory):
    """A signed national convention, unless `scope="territorial"` and `departments` say
    otherwise."""

    class Meta:
        model = Convention
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Convention {n}")
    status = "signed"
    signed_on = datetime.date(2026, 4, 1)
    start_date = datetime.date(2026, 4, 1)

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)
