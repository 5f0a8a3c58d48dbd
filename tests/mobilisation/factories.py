"""Factories of the mobilisation tests: actions (with their territory and organisations) and
interactions."""

import datetime

import factory

from partners.models import Interaction, MobilisationAction

from ..factories import OrganisationFactory, UserFactory


class MobilisationActionFactory(factory.django.DjangoModelFactory):
    """An on-site awareness session; pass `departments`, `invited` and `attendees` as lists
    (no départements: a national action)."""

    class Meta:
        model = MobilisationAction
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Mobilisation {n}")
    kind = "awareness"
    date = datetime.date(2026, 3, 12)
    format = "on_site"

    class Params:
        webinar = factory.Trait(kind="webinar", format="online")

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)

    @factory.post_generation
    def invited(self, create, extracted, **kwargs):
        if create and extracted:
            self.invited.set(extracted)

    @factory.post_generation
    def attendees(self, create, extracted, **kwargs):
        if create and extracted:
            self.attendees.set(extracted)
            if not self.participants:
                self.participants = len(extracted)
                self.save(update_fields=["participants"])


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    organisation = factory.SubFactory(OrganisationFactory)
    date = datetime.date(2026, 2, 3)
    kind = "call"
    author = factory.SubFactory(UserFactory)
    summary = factory.Sequence(lambda n: f"Appel numéro {n} avec la DRH")
