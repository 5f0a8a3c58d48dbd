"""factory-boy factories for Tremplin's models."""

import factory
from stdnum import luhn

from accounts.models import Membership, User
from partners.models import Organisation

PASSWORD = "un-mot-de-passe-de-test"


def valid_siret(n):
    siren_body = f"{31000000 + n:08d}"
    siren = siren_body + luhn.calc_check_digit(siren_body)
    body = siren + "0001"
    return body + luhn.calc_check_digit(body)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@tremplin.test")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Faker("company", locale="fr_FR")
    kind = "company"
    siret = factory.Sequence(valid_siret)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    role = "national"

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)
