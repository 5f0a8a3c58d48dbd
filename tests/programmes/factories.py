"""factory-boy factories for programmes: actions, CTAI contracts and targets."""

import datetime
import importlib

import factory
from django.utils import translation

from partners.models import OrganisationKind
from programmes.models import Action, Programme, Target, TerritorialContract

from ..factories import OrganisationFactory

_load_programmes = importlib.import_module("programmes.migrations.0002_load_programmes")


def programme(code):
    """One of the programmes of the data migration, recreated after a transactional test's
    flush has removed it."""
    data = next(p for p in _load_programmes.PROGRAMMES if p["code"] == code)
    return Programme.objects.get_or_create(code=code, defaults=data)[0]


class ContractFactory(factory.django.DjangoModelFactory):
    """A CTAI contract; pass departments=[...] for its territory."""

    class Meta:
        model = TerritorialContract
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"CTAI n° {n}")
    prefecture = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.STATE_SERVICE)
    start_year = 2025
    end_year = 2027

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)

    @factory.post_generation
    def signatories(self, create, extracted, **kwargs):
        if create and extracted:
            self.signatories.set(extracted)


class ActionFactory(factory.django.DjangoModelFactory):
    """A PIC project by default; pass departments=[...]. Traits: hope, agir, ctai."""

    class Meta:
        model = Action
        skip_postgeneration_save = True

    programme = factory.LazyFunction(lambda: programme(Programme.PIC))
    title = factory.Sequence(lambda n: f"Action {n}")
    operator = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.OPERATOR)
    start_date = datetime.date(2026, 1, 5)
    end_date = datetime.date(2026, 12, 18)
    capacity = 20
    status = "running"

    class Params:
        hope = factory.Trait(
            programme=factory.LazyFunction(lambda: programme(Programme.HOPE)),
            hope_centre=factory.SubFactory(OrganisationFactory, kind=OrganisationKind.OPERATOR),
            sector="construction",
        )
        agir = factory.Trait(
            programme=factory.LazyFunction(lambda: programme(Programme.AGIR)), agir_wave=2024
        )
        ctai = factory.Trait(programme=factory.LazyFunction(lambda: programme(Programme.CTAI)))

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = "entries"
    value = 60
    unit = "count"
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 12, 31)


def action_form_data(operator, covered, programme_code="PIC", **fields):
    """What the action form posts for a valid action, with `fields` replacing or adding."""
    data = {
        "programme": programme_code,
        "title": "Cuisine et français à Lyon",
        "operator": operator.pk,
        "departments": [department.pk for department in covered],
        "status": "planned",
        "sector": "hospitality",
        "description": "",
        "start_date": "2026-03-02",
        "end_date": "2026-12-18",
        "capacity": "15",
        "budget": "120000",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def in_french(text):
    """A (lazy) message as French pages show it: users' default language."""
    with translation.override("fr"):
        return str(text)
