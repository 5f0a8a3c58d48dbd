"""What the database refuses whatever the door (a form, the admin, a race), and the friendly
message the constraint gives to forms and the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from partners.forms import ContactForm
from partners.models import Contact, Convention, Lead

from ..factories import OrganisationFactory
from ..leads.factories import ContactFactory, ConventionFactory, LeadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refused(save):
    with pytest.raises(IntegrityError), transaction.atomic():
        save()


def messages(instance):
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    return error.value.messages


def test_a_convention_past_its_draft_has_a_signing_date():
    convention = Convention(
        title="Sans date", status="signed", start_date=datetime.date(2026, 1, 1)
    )
    refused(convention.save)
    assert "Give the signing date of a convention that is no longer a draft." in messages(
        convention
    )
    convention.status = "draft"
    convention.save()


def test_a_lead_is_linked_only_to_the_convention_it_led_to(departments):
    lead = LeadFactory(department=departments["69"], status="qualified")
    lead.convention = ConventionFactory()
    refused(lead.save)
    assert "Link a convention only to a lead whose convention is signed." in messages(lead)
    lead.set_status("convention")
    lead.save()
    assert Lead.objects.get().convention == lead.convention


def test_an_address_is_one_contact_per_organisation_whatever_its_case():
    first = ContactFactory(email="rh@canuts.test")
    twin = Contact(organisation=first.organisation, first_name="A", last_name="B")
    twin.email = "RH@Canuts.test"
    refused(twin.save)
    assert "This organisation already has a contact with this e-mail address." in messages(twin)
    # Another organisation, or no address at all, is fine.
    ContactFactory(email="rh@canuts.test")
    ContactFactory(organisation=first.organisation, email="")
    ContactFactory(organisation=first.organisation, email="")


def test_the_contact_form_says_the_address_is_taken_though_the_organisation_is_no_field():
    organisation = OrganisationFactory()
    ContactFactory(organisation=organisation, email="rh@canuts.test")
    form = ContactForm(
        {"first_name": "Léa", "last_name": "Morel", "email": "RH@canuts.test"},
        instance=Contact(organisation=organisation),
    )
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "This organisation already has a contact with this e-mail address."
    ]
    # Editing the contact that holds the address is no clash.
    holder = Contact.objects.get(email="rh@canuts.test")
    form = ContactForm(
        {"first_name": "Léa", "last_name": "Morel", "email": "rh@canuts.test"}, instance=holder
    )
    assert form.is_valid(), form.errors
