"""CTAI contracts: who adds and edits them, their territory, years, domains and history; the
contract page lists its employment actions with their targets, and its own targets."""

import pytest
from django.urls import reverse

from partners.models import OrganisationKind
from programmes.models import ContractDomain, TerritorialContract

from ..factories import OrganisationFactory
from .factories import ActionFactory, TargetFactory

CREATE = reverse("programmes:contract-create")


@pytest.fixture
def signatories(departments):
    return {
        "prefecture": OrganisationFactory(
            name="Préfecture du Rhône",
            kind=OrganisationKind.STATE_SERVICE,
            department=departments["69"],
        ),
        "metropole": OrganisationFactory(
            name="Métropole de Lyon",
            kind=OrganisationKind.COLLECTIVITE,
            department=departments["69"],
        ),
        "paris": OrganisationFactory(
            name="Ville de Paris", kind=OrganisationKind.COLLECTIVITE, department=departments["75"]
        ),
    }


def contract_data(organisations, covered, **fields):
    data = {
        "name": "CTAI de la Métropole de Lyon",
        "prefecture": organisations["prefecture"].pk,
        "signatories": [organisations["metropole"].pk],
        "departments": [department.pk for department in covered],
        "signed_on": "2025-03-14",
        "start_year": "2025",
        "end_year": "2027",
        "budget": "250000",
        "domains": ["employment", "language"],
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def test_coordinator_signs_up_a_contract_of_their_territory(
    client, rhone_user, signatories, departments
):
    client.force_login(rhone_user)
    form = client.get(CREATE).context["form"]
    assert list(form.fields["prefecture"].queryset) == [signatories["prefecture"]]
    assert signatories["paris"] not in form.fields["signatories"].queryset

    response = client.post(CREATE, contract_data(signatories, [departments["69"]]))
    contract = TerritorialContract.objects.get()
    assert response.status_code == 302
    assert response.url == contract.get_absolute_url()
    assert contract.domains == ["language", "employment"]  # in the order of ContractDomain
    assert list(contract.signatories.all()) == [signatories["metropole"]]
    assert contract.history.earliest().history_user == rhone_user
    page = client.get(contract.get_absolute_url()).content.decode()
    assert "Métropole de Lyon" in page
    assert "fr-tag" in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_year": "2024"}, "end_year"),
        ({"start_year": "2010"}, "start_year"),
        ({"signed_on": "2031-01-01"}, "signed_on"),
        ({"budget": "-1"}, "budget"),
        ({"domains": ["tourism"]}, "domains"),
        ({"prefecture": None}, "prefecture"),
        ({"name": ""}, "name"),
    ],
)
def test_invalid_contract_shows_a_field_error_and_saves_nothing(
    client, rhone_user, signatories, departments, changes, field
):
    client.force_login(rhone_user)
    response = client.post(CREATE, contract_data(signatories, [departments["69"]], **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "fr-error-text" in response.content.decode()
    assert not TerritorialContract.objects.exists()


def test_coordinator_may_not_add_a_departement_outside_their_territory(
    client, rhone_user, signatories, departments
):
    client.force_login(rhone_user)
    data = contract_data(signatories, [departments["69"], departments["75"]])
    response = client.post(CREATE, data)
    assert "departments" in response.context["form"].errors
    assert not TerritorialContract.objects.exists()


def test_national_staff_sign_up_a_contract_anywhere(
    client, national_user, signatories, departments
):
    client.force_login(national_user)
    data = contract_data(
        signatories,
        [departments["69"], departments["75"]],
        signatories=[signatories["metropole"].pk, signatories["paris"].pk],
    )
    assert client.post(CREATE, data).status_code == 302
    assert TerritorialContract.objects.get().departments.count() == 2


def test_contract_edit_is_in_its_history_and_an_invalid_one_changes_nothing(
    client, rhone_user, signatories, departments
):
    client.force_login(rhone_user)
    client.post(CREATE, contract_data(signatories, [departments["69"]]))
    contract = TerritorialContract.objects.get()
    url = reverse("programmes:contract-update", args=[contract.pk])
    assert client.get(url).context["form"]["domains"].value() == ["language", "employment"]
    records = contract.history.count()

    invalid = client.post(url, contract_data(signatories, [departments["69"]], end_year="2020"))
    assert "end_year" in invalid.context["form"].errors
    assert contract.history.count() == records

    changed = contract_data(signatories, [departments["69"]], end_year="2028")
    assert client.post(url, changed).status_code == 302
    contract.refresh_from_db()
    assert contract.end_year == 2028
    history = client.get(contract.get_absolute_url()).context["history"]
    assert any(new == "2028" for entry in history for _label, _old, new in entry.changes)


def test_a_change_of_domains_shows_in_the_history(client, rhone_user, signatories, departments):
    client.force_login(rhone_user)
    client.post(CREATE, contract_data(signatories, [departments["69"]]))
    contract = TerritorialContract.objects.get()
    url = reverse("programmes:contract-update", args=[contract.pk])
    client.post(url, contract_data(signatories, [departments["69"]], domains=["housing"]))
    contract.refresh_from_db()
    assert contract.domains == ["housing"]
    response = client.get(contract.get_absolute_url())
    assert response.status_code == 200
    changes = [new for entry in response.context["history"] for _label, _old, new in entry.changes]
    # The domain's label, not its code.
    assert str(ContractDomain("housing").label) in changes
    assert "housing" not in changes


def test_contract_page_lists_its_employment_actions_and_all_targets(
    client, rhone_user, rhone_contract, departments
):
    action = ActionFactory(
        ctai=True, title="Lyon emploi", contract=rhone_contract, departments=[departments["69"]]
    )
    TargetFactory(action=action, indicator="entries", value=45)
    TargetFactory(contract=rhone_contract, indicator="durable_employment", value=50, unit="percent")
    client.force_login(rhone_user)
    response = client.get(rhone_contract.get_absolute_url())
    assert list(response.context["actions"]) == [action]
    page = response.content.decode()
    assert "Lyon emploi" in page
    assert ">45 " in page and ">50 " in page
    assert reverse("programmes:target-create-for-contract", args=[rhone_contract.pk]) in page
