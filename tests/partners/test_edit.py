"""Editing organisations and their contacts: validated, atomic, and kept in the history."""

from django.urls import reverse

from partners.models import Contact, Organisation

from ..factories import OrganisationFactory
from .factories import ContactFactory


def edit_data(organisation, **overrides):
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "siret": organisation.siret,
        "naf_code": organisation.naf_code,
        "size_band": organisation.size_band,
        "address": organisation.address,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "department": organisation.department_id or "",
        "website": organisation.website,
        "opco": organisation.opco_id or "",
        **overrides,
    }


def update_url(organisation):
    return reverse("partners:organisation-update", args=[organisation.pk])


def test_an_edit_appears_in_the_history_with_the_changed_field(client, rhone_user, departments):
    organisation = OrganisationFactory(name="Ancien Nom", department=departments["69"])
    client.force_login(rhone_user)
    response = client.post(
        update_url(organisation), edit_data(organisation, name="Nouveau Nom", naf_code="56.10A")
    )
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    organisation.refresh_from_db()
    assert (organisation.name, organisation.naf_section) == ("Nouveau Nom", "I")
    latest = organisation.history.first()
    assert (latest.history_type, latest.history_user) == ("~", rhone_user)
    response = client.get(organisation.get_absolute_url())
    changes = response.context["history"][0].changes
    name_label = Organisation._meta.get_field("name").verbose_name
    assert (name_label, "Ancien Nom", "Nouveau Nom") in changes
    page = response.content.decode()
    assert "Ancien Nom → Nouveau Nom" in page
    assert rhone_user.get_full_name() in page or rhone_user.email in page


def test_an_operator_edits_their_own_organisation(client, operator_user, rhone_operator):
    client.force_login(operator_user)
    response = client.post(
        update_url(rhone_operator), edit_data(rhone_operator, website="https://afpa.example")
    )
    assert response.status_code == 302
    rhone_operator.refresh_from_db()
    assert rhone_operator.website == "https://afpa.example"


def test_an_invalid_edit_saves_nothing(client, rhone_user, departments):
    other = OrganisationFactory(department=departments["69"])
    organisation = OrganisationFactory(name="Intacte", department=departments["69"])
    history = organisation.history.count()
    client.force_login(rhone_user)
    response = client.post(
        update_url(organisation), edit_data(organisation, name="Modifiée", siret=other.siret)
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("siret", "duplicate_siret")
    assert "fr-error-text" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Intacte"
    assert organisation.history.count() == history


def test_a_coordinator_cannot_move_an_organisation_out_of_their_territory(
    client, rhone_user, departments
):
    organisation = OrganisationFactory(department=departments["69"])
    client.force_login(rhone_user)
    response = client.post(
        update_url(organisation), edit_data(organisation, department=departments["75"].pk)
    )
    assert response.context["form"].has_error("department", "invalid_choice")
    assert "fr-error-text" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.department == departments["69"]


def test_an_organisation_keeps_its_own_siret(client, national_user, departments):
    organisation = OrganisationFactory(department=departments["69"])
    client.force_login(national_user)
    response = client.post(update_url(organisation), edit_data(organisation, city="Lyon"))
    assert response.status_code == 302


def contact_data(**overrides):
    return {
        "first_name": "Amina",
        "last_name": "Diallo",
        "job_title": "Chargée de recrutement",
        "email": "amina.diallo@entreprise.test",
        "phone": "04 72 00 00 00",
        "consents_to_contact": "on",
        **overrides,
    }


def test_a_coordinator_adds_a_contact(client, rhone_user, departments):
    organisation = OrganisationFactory(department=departments["69"])
    client.force_login(rhone_user)
    response = client.post(
        reverse("partners:contact-create", args=[organisation.pk]), contact_data()
    )
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response.url == f"{organisation.get_absolute_url()}#contact-{contact.pk}"
    assert contact.organisation == organisation
    assert contact.consents_to_contact
    assert contact.history.get().history_user == rhone_user
    page = client.get(response.url).content.decode()
    assert f'id="contact-{contact.pk}"' in page
    assert "amina.diallo@entreprise.test" in page


def test_an_invalid_contact_saves_nothing(client, rhone_user, departments):
    organisation = OrganisationFactory(department=departments["69"])
    client.force_login(rhone_user)
    response = client.post(
        reverse("partners:contact-create", args=[organisation.pk]),
        contact_data(last_name="", email="not-an-address"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("last_name", "required")
    assert form.has_error("email", "invalid")
    assert "fr-error-text" in response.content.decode()
    assert not Contact.objects.exists()
    assert not Contact.history.exists()


def test_an_operator_edits_a_contact_of_their_organisation(client, operator_user, rhone_operator):
    contact = ContactFactory(organisation=rhone_operator, consenting=True)
    client.force_login(operator_user)
    response = client.post(
        reverse("partners:contact-update", args=[contact.pk]),
        contact_data(first_name=contact.first_name, consents_to_contact=""),
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert not contact.consents_to_contact
    assert contact.organisation == rhone_operator
    assert contact.history.count() == 2


def test_a_contact_cannot_be_moved_to_another_organisation(client, rhone_user, departments):
    organisation = OrganisationFactory(department=departments["69"])
    contact = ContactFactory(organisation=organisation)
    elsewhere = OrganisationFactory(department=departments["69"])
    client.force_login(rhone_user)
    response = client.post(
        reverse("partners:contact-update", args=[contact.pk]),
        contact_data(organisation=elsewhere.pk),
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.organisation == organisation
