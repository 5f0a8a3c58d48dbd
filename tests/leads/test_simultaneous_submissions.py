"""The same person sending the partnership form twice at once is still one contact: the
database's constraint settles the race, and the second submission reads the first's contact."""

import threading

import pytest
from django.db import connection

from partners.leads.forms import InterestForm
from partners.models import Contact, Lead

from ..factories import OrganisationFactory, valid_siret
from ..markers import RACE_ON_POSTGRESQL
from .test_interest_form import form_data

pytestmark = [pytest.mark.django_db(transaction=True), RACE_ON_POSTGRESQL]


def test_two_submissions_at_once_make_one_contact(departments, monkeypatch):
    company = OrganisationFactory(siret=valid_siret(702), department=departments["69"])
    both_looked_up = threading.Barrier(2, timeout=10)
    original_save = Contact.save

    def save_once_both_looked_up(contact, *args, **kwargs):
        # Both submissions found no contact: now both insert one.
        if contact.pk is None:
            both_looked_up.wait()
        return original_save(contact, *args, **kwargs)

    monkeypatch.setattr(Contact, "save", save_once_both_looked_up)
    errors = []

    def submit(email):
        try:
            form = InterestForm(form_data(departments, siret=company.siret, email=email))
            assert form.is_valid(), form.errors
            form.save()
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(email,))
        for email in ("camille.martin@brasserie.test", "Camille.Martin@Brasserie.test")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    # The second waits for the first's contact, then finds its lead: the same form sent again.
    assert Lead.objects.count() == 1
    contact = Contact.objects.get(organisation=company)
    assert contact.email == "camille.martin@brasserie.test"
    assert {lead.contact_id for lead in Lead.objects.all()} == {contact.pk}
