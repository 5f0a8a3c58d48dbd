"""Creating an organisation: everything is validated before saving, and nothing is half-saved."""

import pytest
from django.urls import reverse

from partners.forms import OrganisationForm
from partners.models import Organisation

from ..factories import OrganisationFactory, valid_siret

URL = reverse("partners:organisation-create")


def form_data(departments, **overrides):
    return {
        "name": "Menuiserie Lyonnaise",
        "kind": "company",
        "siret": "",
        "naf_code": "",
        "size_band": "10-49",
        "address": "12 rue de la République",
        "postcode": "69002",
        "city": "Lyon",
        "department": departments["69"].pk,
        "website": "https://menuiserie.example",
        "opco": "",
        **overrides,
    }


def counts():
    return Organisation.objects.count(), Organisation.history.count()


def test_a_coordinator_creates_an_organisation_of_their_territory(client, rhone_user, departments):
    siret = valid_siret(500)
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    client.force_login(rhone_user)
    response = client.post(URL, form_data(departments, siret=spaced, naf_code="4332a"))
    organisation = Organisation.objects.get(name="Menuiserie Lyonnaise")
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert organisation.siret == siret
    assert organisation.siren == siret[:9]
    assert organisation.naf_code == "43.32A"
    assert organisation.naf_section == "F"
    assert organisation.department == departments["69"]
    record = organisation.history.get()
    assert record.history_type == "+"
    assert record.history_user == rhone_user
    page = client.get(response.url).content.decode()
    assert "fr-alert--success" in page
    assert "Menuiserie Lyonnaise" in page
    assert siret[:9] in page


def test_a_dotted_siret_is_accepted_and_a_dashed_duplicate_found(client, rhone_user, departments):
    """Field case: the registry form refused `627.252.521.00018` with a length error."""
    client.force_login(rhone_user)
    response = client.post(URL, form_data(departments, siret="627.252.521.00018"))
    assert response.status_code == 302
    assert Organisation.objects.get().siret == "62725252100018"
    response = client.post(URL, form_data(departments, siret="627-252-521-00018"))
    assert_field_error(response, "siret", "duplicate_siret")
    assert Organisation.objects.count() == 1


def test_national_staff_create_a_national_body_without_departement(
    client, national_user, departments
):
    client.force_login(national_user)
    response = client.post(URL, form_data(departments, kind="ofii", department=""))
    assert response.status_code == 302
    assert Organisation.objects.get(name="Menuiserie Lyonnaise").department is None


def assert_field_error(response, field, code):
    assert response.status_code == 200
    assert response.context["form"].has_error(field, code)
    assert "fr-error-text" in response.content.decode()


def test_an_invalid_siret_checksum_is_a_field_error(client, rhone_user, departments):
    client.force_login(rhone_user)
    before = counts()
    siret = valid_siret(501)
    wrong = siret[:-1] + str((int(siret[-1]) + 1) % 10)
    response = client.post(URL, form_data(departments, siret=wrong))
    assert_field_error(response, "siret", "invalid_siret")
    assert counts() == before


def test_a_siret_already_registered_is_a_field_error_naming_what_the_user_may_see(
    client, rhone_user, departments
):
    existing = OrganisationFactory(name="Déjà Là", department=departments["69"])
    client.force_login(rhone_user)
    before = counts()
    response = client.post(URL, form_data(departments, siret=existing.siret))
    assert_field_error(response, "siret", "duplicate_siret")
    assert "Déjà Là" in response.context["form"].errors["siret"][0]
    assert counts() == before


def test_a_siret_registered_outside_scope_is_refused_without_naming_it(
    client, rhone_user, departments
):
    hidden = OrganisationFactory(name="Secret Paris", department=departments["75"])
    client.force_login(rhone_user)
    before = counts()
    response = client.post(URL, form_data(departments, siret=hidden.siret))
    assert_field_error(response, "siret", "duplicate_siret")
    assert "Secret Paris" not in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize(
    ("department", "code"),
    [("75", "invalid_choice"), ("", "required")],
)
def test_a_coordinator_must_choose_a_departement_of_their_territory(
    client, rhone_user, departments, department, code
):
    client.force_login(rhone_user)
    before = counts()
    chosen = departments[department].pk if department else ""
    response = client.post(URL, form_data(departments, department=chosen))
    assert_field_error(response, "department", code)
    assert counts() == before


def test_a_coordinator_is_offered_only_their_departements(rhone_user, departments):
    form = OrganisationForm(user=rhone_user)
    assert list(form.fields["department"].queryset) == [departments["69"]]


def test_the_opco_field_lists_only_opco(national_user, departments):
    opco = OrganisationFactory(kind="opco", department=None, siret="")
    OrganisationFactory(kind="company")
    form = OrganisationForm(user=national_user)
    assert list(form.fields["opco"].queryset) == [opco]


def test_an_opco_outside_the_list_is_refused(client, national_user, departments):
    company = OrganisationFactory(kind="company")
    client.force_login(national_user)
    before = counts()
    response = client.post(URL, form_data(departments, opco=company.pk))
    assert_field_error(response, "opco", "invalid_choice")
    assert counts() == before


def test_a_siret_taken_while_the_form_was_checked_is_a_field_error(
    client, national_user, departments, monkeypatch
):
    """Two people saving the same SIRET at once: the database refuses the second one."""
    existing = OrganisationFactory(department=departments["69"])
    monkeypatch.setattr(OrganisationForm, "clean_siret", lambda form: form.cleaned_data["siret"])
    monkeypatch.setattr(Organisation, "validate_constraints", lambda self, exclude=None: None)
    client.force_login(national_user)
    before = counts()
    response = client.post(URL, form_data(departments, siret=existing.siret))
    assert_field_error(response, "siret", "duplicate_siret")
    assert counts() == before
