"""Factories of the registry tests: contacts, and the actions organisations run or join."""

import datetime

import factory

from partners.models import Contact
from programmes.models import Action, Programme

from ..factories import OrganisationFactory


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    job_title = "Responsable RH"
    email = factory.Sequence(lambda n: f"contact{n}@entreprise.test")

    class Params:
        consenting = factory.Trait(consents_to_contact=True)


def _programme():
    # The data migration's programmes are gone after a transactional test flushed the database.
    return Programme.objects.get_or_create(code=Programme.PIC, defaults={"name": "PIC IPR"})[0]


class ActionFactory(factory.django.DjangoModelFactory):
    """An action covering `departments` (a list), planned unless `running=True`."""

    class Meta:
        model = Action
        skip_postgeneration_save = True

    programme = factory.LazyFunction(_programme)
    title = factory.Sequence(lambda n: f"Action {n}")
    operator = factory.SubFactory(OrganisationFactory, kind="operator")
    start_date = datetime.date(2026, 1, 5)
    capacity = 12

    class Params:
        running = factory.Trait(status="running")

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)
