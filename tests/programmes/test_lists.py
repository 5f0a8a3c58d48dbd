"""Lists of programmes, actions and contracts: scoped, filtered from the URL, sorted, paginated,
and with the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import OrganisationKind

from ..factories import OrganisationFactory
from .factories import ActionFactory, ContractFactory, TargetFactory

ACTIONS = reverse("programmes:action-list")
CONTRACTS = reverse("programmes:contract-list")
PROGRAMMES = reverse("programmes:programme-list")


def titles(response):
    return [action.title for action in response.context["object_list"]]


@pytest.fixture
def catalogue(departments, rhone_operator, paris_operator, rhone_contract):
    lyon = ActionFactory(
        ctai=True,
        title="Lyon cuisine",
        contract=rhone_contract,
        operator=rhone_operator,
        departments=[departments["69"]],
        sector="hospitality",
        capacity=12,
    )
    ain = ActionFactory(
        title="Ain bâtiment",
        operator=rhone_operator,
        departments=[departments["01"], departments["69"]],
        sector="construction",
        status="planned",
        start_date="2027-01-04",
        end_date=None,
        capacity=30,
    )
    paris = ActionFactory(
        title="Paris logistique",
        operator=paris_operator,
        departments=[departments["75"]],
        sector="logistics",
        status="closed",
        start_date="2024-01-08",
        end_date="2024-12-20",
        capacity=8,
    )
    return {"lyon": lyon, "ain": ain, "paris": paris}


def test_action_list_shows_only_what_the_user_may_see(client, rhone_user, paris_user, catalogue):
    client.force_login(rhone_user)
    assert sorted(titles(client.get(ACTIONS))) == ["Ain bâtiment", "Lyon cuisine"]
    client.force_login(paris_user)
    assert titles(client.get(ACTIONS)) == ["Paris logistique"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"programme": "CTAI"}, ["Lyon cuisine"]),
        ({"programme": "CTAI", "department": "69"}, ["Lyon cuisine"]),
        ({"department": "69"}, ["Ain bâtiment", "Lyon cuisine"]),
        ({"department": "01"}, ["Ain bâtiment"]),
        ({"region": "84"}, ["Ain bâtiment", "Lyon cuisine"]),
        ({"region": "11"}, ["Paris logistique"]),
        ({"status": "closed"}, ["Paris logistique"]),
        ({"sector": "construction"}, ["Ain bâtiment"]),
        ({"year": "2024"}, ["Paris logistique"]),
        ({"year": "2027"}, ["Ain bâtiment"]),
        ({"q": "cuisine"}, ["Lyon cuisine"]),
    ],
)
def test_action_filters_live_in_the_url(client, national_user, catalogue, query, expected):
    client.force_login(national_user)
    assert sorted(titles(client.get(ACTIONS, query))) == expected


def test_actions_filter_by_operator_and_sort(client, national_user, catalogue, rhone_operator):
    client.force_login(national_user)
    response = client.get(ACTIONS, {"operator": rhone_operator.pk, "ordering": "-capacity"})
    assert titles(response) == ["Ain bâtiment", "Lyon cuisine"]
    assert titles(client.get(ACTIONS, {"ordering": "capacity"}))[0] == "Paris logistique"
    # Operators offered by the filter are those of actions the user may see.
    client.force_login(national_user)
    operators = client.get(ACTIONS).context["filter"].form.fields["operator"].queryset
    assert set(operators) == {catalogue["lyon"].operator, catalogue["paris"].operator}


def test_action_list_paginates_by_25(client, national_user, departments):
    for number in range(27):
        ActionFactory(title=f"Action {number:02}", departments=[departments["69"]])
    client.force_login(national_user)
    first = client.get(ACTIONS, {"ordering": "title"})
    assert len(first.context["object_list"]) == 25
    second = client.get(ACTIONS, {"ordering": "title", "page": 2})
    assert titles(second) == ["Action 25", "Action 26"]
    assert "fr-pagination" in first.content.decode()


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def many_actions(count, departments, partner=None):
    """Actions of different operators, each with two départements and a target."""
    for _number in range(count):
        operator = OrganisationFactory(kind=OrganisationKind.OPERATOR)
        action = ActionFactory(
            operator=operator, departments=[departments["69"], departments["01"]]
        )
        TargetFactory(action=action)
        if partner:
            action.partners.add(partner)


@pytest.mark.parametrize("viewer", ["national_user", "rhone_user", "operator_user"])
def test_action_list_queries_do_not_grow_with_the_page(
    client, request, departments, rhone_operator, viewer
):
    client.force_login(request.getfixturevalue(viewer))
    many_actions(2, departments, partner=rhone_operator)
    few = queries(client, ACTIONS)
    many_actions(30, departments, partner=rhone_operator)
    response = client.get(ACTIONS)
    assert len(response.context["object_list"]) == 25
    assert queries(client, ACTIONS) == few


def test_contract_and_programme_lists_queries_do_not_grow_with_the_page(
    client, rhone_user, departments
):
    client.force_login(rhone_user)
    ContractFactory(departments=[departments["69"]])
    few_contracts, few_programmes = queries(client, CONTRACTS), queries(client, PROGRAMMES)
    for _number in range(30):
        contract = ContractFactory(departments=[departments["69"], departments["01"]])
        ActionFactory(ctai=True, contract=contract, departments=[departments["69"]])
    many_actions(5, departments)
    assert queries(client, CONTRACTS) == few_contracts
    assert queries(client, PROGRAMMES) == few_programmes


def test_contract_list_filters_by_departement_and_year(client, national_user, departments):
    ContractFactory(name="Lyon", departments=[departments["69"]], start_year=2023, end_year=2025)
    ContractFactory(name="Paris", departments=[departments["75"]], start_year=2026, end_year=2028)
    client.force_login(national_user)

    def names(**query):
        return [c.name for c in client.get(CONTRACTS, query).context["object_list"]]

    assert names(department="69") == ["Lyon"]
    assert names(year="2027") == ["Paris"]
    assert names(year="2025", department="75") == []
    assert names(ordering="name") == ["Lyon", "Paris"]


def test_programme_list_counts_the_actions_each_user_may_see(
    client, rhone_user, national_user, programmes, catalogue
):
    client.force_login(rhone_user)
    counts = {p.code: p.action_count for p in client.get(PROGRAMMES).context["object_list"]}
    assert counts == {"AGIR": 0, "CTAI": 1, "HOPE": 0, "PIC": 1}
    client.force_login(national_user)
    counts = {p.code: p.action_count for p in client.get(PROGRAMMES).context["object_list"]}
    assert counts["PIC"] == 2
    assert [p.code for p in client.get(PROGRAMMES, {"q": "hope"}).context["object_list"]] == [
        "HOPE"
    ]
