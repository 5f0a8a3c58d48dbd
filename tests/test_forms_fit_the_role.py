"""Forms offer what the user may choose, and preselect the only possible answer: per role,
the initial values and choices of each form, then a save with what was preselected."""

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Convention, MobilisationAction, Organisation
from programmes.models import Action, Programme, TerritorialContract

from .factories import OrganisationFactory
from .programmes.factories import action_form_data
from .programmes.factories import programme as programme_named

CONVENTION = reverse("conventions:convention-create")
MOBILISATION = reverse("mobilisation:action-create")
ACTION = reverse("programmes:action-create")
CONTRACT = reverse("programmes:contract-create")
ORGANISATION = reverse("partners:organisation-create")
INVITATION = reverse("accounts:user-invite")


@pytest.fixture
def programmes(db):
    return {code: programme_named(code) for code in [Programme.PIC, Programme.CTAI]}


@pytest.fixture
def convention_orgs(company_user):
    return {"own_company": company_user.memberships.get().organisation}


def form_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.context["form"]


def test_a_coordinator_gets_the_departements_scope_and_their_departement(
    client, rhone_user, convention_orgs, departments
):
    client.force_login(rhone_user)
    form = form_of(client, CONVENTION)
    assert [value for value, _label in form.fields["scope"].choices] == ["territorial"]
    assert form.initial["scope"] == "territorial"
    assert form.initial["departments"] == [departments["69"].pk]
    response = client.post(
        CONVENTION,
        {
            "title": "Convention BTP Rhône 2026",
            "parties": [convention_orgs["own_company"].pk],
            "scope": form.initial["scope"],
            "departments": form.initial["departments"],
            "status": "draft",
            "start_date": "2026-01-15",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    convention = Convention.objects.get()
    assert convention.scope == "territorial"
    assert list(convention.departments.all()) == [departments["69"]]


def test_national_staff_choose_either_scope_and_any_departement(client, national_user):
    client.force_login(national_user)
    form = form_of(client, CONVENTION)
    assert [value for value, _label in form.fields["scope"].choices] == [
        "national",
        "territorial",
    ]
    assert "departments" not in form.initial


def test_a_coordinator_records_a_mobilisation_action_in_their_preselected_departement(
    client, rhone_user, departments
):
    client.force_login(rhone_user)
    form = form_of(client, MOBILISATION)
    assert form.initial["departments"] == [departments["69"].pk]
    page = client.get(MOBILISATION).content.decode()
    assert f'<option value="{departments["69"].pk}" selected>' in page
    response = client.post(
        MOBILISATION,
        {
            "title": "Petit-déjeuner RH Lyon",
            "kind": "awareness",
            "date": "2026-02-10",
            "format": "on_site",
            "departments": form.initial["departments"],
            "participants": "0",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    action = MobilisationAction.objects.get()
    assert list(action.departments.all()) == [departments["69"]]


def test_national_staff_get_no_departement_preselected(client, national_user):
    client.force_login(national_user)
    assert "departments" not in form_of(client, MOBILISATION).initial


def test_an_operator_adds_an_action_run_by_their_organisation(
    client, operator_user, rhone_operator, departments, programmes
):
    client.force_login(operator_user)
    form = form_of(client, ACTION)
    assert form.initial["operator"] == rhone_operator.pk
    preselected = Organisation.objects.get(pk=form.initial["operator"])
    data = action_form_data(preselected, [departments["69"]])
    response = client.post(ACTION, data)
    assert response.status_code == 302, response.context["form"].errors
    assert Action.objects.get().operator == rhone_operator


def test_a_coordinator_adds_an_action_in_their_preselected_departement(
    client, rhone_user, rhone_operator, departments, programmes
):
    client.force_login(rhone_user)
    form = form_of(client, ACTION)
    assert form.initial["departments"] == [departments["69"].pk]
    assert "operator" not in form.initial
    data = action_form_data(rhone_operator, [], departments=form.initial["departments"])
    assert client.post(ACTION, data).status_code == 302
    assert list(Action.objects.get().departments.all()) == [departments["69"]]


def test_a_coordinator_signs_a_contract_with_their_departement_and_prefecture_preselected(
    client, rhone_user, departments
):
    prefecture = OrganisationFactory(kind="state_service", department=departments["69"])
    metropole = OrganisationFactory(kind="collectivite", department=departments["69"])
    client.force_login(rhone_user)
    form = form_of(client, CONTRACT)
    assert form.initial["departments"] == [departments["69"].pk]
    assert form.initial["prefecture"] == prefecture.pk
    response = client.post(
        CONTRACT,
        {
            "name": "CTAI de la Métropole de Lyon",
            "prefecture": form.initial["prefecture"],
            "signatories": [metropole.pk],
            "departments": form.initial["departments"],
            "start_year": "2025",
            "end_year": "2027",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert list(TerritorialContract.objects.get().departments.all()) == [departments["69"]]


def test_a_coordinator_places_an_organisation_in_their_preselected_departement(
    client, rhone_user, departments
):
    client.force_login(rhone_user)
    form = form_of(client, ORGANISATION)
    assert form.initial["department"] == departments["69"].pk
    response = client.post(
        ORGANISATION,
        {"name": "Menuiserie Lyonnaise", "kind": "company", "department": departments["69"].pk},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Organisation.objects.get(name="Menuiserie Lyonnaise").department == departments["69"]


def test_national_staff_place_an_organisation_anywhere(client, national_user):
    client.force_login(national_user)
    form = form_of(client, ORGANISATION)
    assert "department" not in form.initial
    assert form.fields["department"].queryset.count() == 101


@pytest.mark.parametrize("user", ["rhone_user", "operator_user"])
def test_an_interaction_is_dated_today_by_default(client, request, user, rhone_operator):
    client.force_login(request.getfixturevalue(user))
    url = reverse("mobilisation:interaction-create", args=[rhone_operator.pk])
    assert form_of(client, url).initial["date"] == timezone.localdate()


def test_the_invitation_form_groups_the_scope_fields_by_role(client, national_user):
    client.force_login(national_user)
    page = client.get(INVITATION).content.decode()
    territory = page[page.index('data-for-roles="territorial"') :]
    assert 'name="region"' in territory.split("data-for-roles")[1]
    assert 'name="departments"' in territory.split("data-for-roles")[1]
    assert 'data-for-roles="operator company"' in page
    assert "accounts/invitation-form.js" in page
