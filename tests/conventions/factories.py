"""Factories of the convention and company-space tests: conventions with their objectives and
amendments, and the mobilisation actions whose participants objectives count."""

import datetime

import factory
from django.utils import timezone

from partners.models import (
    Convention,
    ConventionAmendment,
    ConventionObjective,
    MobilisationAction,
)

#: The smallest file that passes validate_pdf: it starts with the PDF signature.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
#: A PNG's first bytes, to pose as a PDF.
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


class ConventionFactory(factory.django.DjangoModelFactory):
    """A national convention of 2026; `departments=[…]` makes it territorial, `signed=True`
    attaches a signed PDF, `active=True` makes it in force today."""

    class Meta:
        model = Convention
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Convention {n}")
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 12, 31)

    class Params:
        signed = factory.Trait(
            status="signed",
            signed_on=datetime.date(2025, 12, 15),
            document=factory.django.FileField(filename="convention.pdf", data=PDF_BYTES),
        )
        active = factory.Trait(
            status="active",
            signed_on=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=40)
            ),
            start_date=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=30)
            ),
            end_date=factory.LazyFunction(
                lambda: timezone.localdate() + datetime.timedelta(days=300)
            ),
        )

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.scope = "territorial"
            self.save(update_fields=["scope"])
            self.departments.set(extracted)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConventionObjective

    convention = factory.SubFactory(ConventionFactory)
    indicator = "event_participants"
    target = 100
    period_start = factory.SelfAttribute("convention.start_date")
    period_end = factory.SelfAttribute("convention.end_date")


class AmendmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConventionAmendment

    convention = factory.SubFactory(ConventionFactory)
    signed_on = datetime.date(2026, 6, 1)
    summary = "Adds a second site."
    document = factory.django.FileField(filename="avenant.pdf", data=PDF_BYTES)


class MobilisationActionFactory(factory.django.DjangoModelFactory):
    """An action on `date`; `invited`, `attendees` and `departments` take lists."""

    class Meta:
        model = MobilisationAction
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Job dating {n}")
    kind = "job_dating"
    date = datetime.date(2026, 3, 10)
    participants = 0

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
