"""Searchable choices (config/choices.py): each autocomplete endpoint answers only what the
model's `visible_to` allows (role × in scope × out of scope), and the pages that use them render
only the selected values, whatever the number of rows."""

import re

import pytest
from django.urls import reverse

from config.choices import CHOICES_LIMIT

from .conventions.factories import ConventionFactory
from .factories import OrganisationFactory
from .mobilisation.factories import MobilisationActionFactory
from .programmes.factories import ActionFactory

pytestmark = pytest.mark.django_db


def own_organisation(user):
    return user.memberships.get().organisation


def answer(client, user, url_name, **params):
    client.force_login(user)
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def labels(data):
    return {row["text"] for row in data["results"]}


@pytest.fixture
def registry(departments, rhone_operator, company_user):
    return {
        "rhone company": OrganisationFactory(
            name="Lyon Bâtiment", kind="company", department=departments["69"]
        ),
        "paris company": OrganisationFactory(
            name="Paris Services", kind="company", department=departments["75"]
        ),
        "national body": OrganisationFactory(name="Akto", kind="opco"),
        "rhone metropole": OrganisationFactory(
            name="Métropole de Lyon", kind="collectivite", department=departments["69"]
        ),
        "rhone operator": rhone_operator,
        "own company": own_organisation(company_user),
    }


ALL = {
    "rhone company",
    "paris company",
    "national body",
    "rhone metropole",
    "rhone operator",
    "own company",
}


# viewer → organisations returned (in scope); the others of ALL must never be (out of scope).
ORGANISATION_SCOPE = [
    ("national_user", ALL),
    (
        "rhone_user",
        {"rhone company", "national body", "rhone metropole", "rhone operator", "own company"},
    ),
    ("paris_user", {"paris company", "national body"}),
    ("operator_user", {"rhone operator"}),
    ("company_user", {"own company"}),
]


@pytest.mark.parametrize(("viewer", "in_scope"), ORGANISATION_SCOPE)
def test_organisation_choices_follow_visible_to(client, request, registry, viewer, in_scope):
    user = request.getfixturevalue(viewer)
    data = answer(client, user, "partners:organisation-choices")
    returned = {row["value"] for row in data["results"]}
    assert returned == {registry[name].pk for name in in_scope}
    assert not returned & {registry[name].pk for name in ALL - in_scope}
    assert data["more"] is False


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "collectivite"}, {"rhone metropole"}),
        ({"kind": ["company", "opco"]}, {"rhone company", "national body", "own company"}),
        ({"not_kind": "company"}, {"national body", "rhone metropole", "rhone operator"}),
        # An unknown kind narrows nothing and widens nothing.
        ({"kind": "nonsense"}, ALL - {"paris company"}),
    ],
)
def test_organisation_choices_narrow_by_kind_within_scope(
    client, rhone_user, registry, params, expected
):
    data = answer(client, rhone_user, "partners:organisation-choices", **params)
    assert {row["value"] for row in data["results"]} == {registry[n].pk for n in expected}


def test_organisation_search_ignores_accents_case_and_apostrophes(client, national_user, registry):
    OrganisationFactory(name="L’Oréal Produits Professionnels", kind="company")
    assert labels(answer(client, national_user, "partners:organisation-choices", q="l'OREAL")) == {
        "L’Oréal Produits Professionnels"
    }
    assert labels(
        answer(client, national_user, "partners:organisation-choices", q="metropole")
    ) == {"Métropole de Lyon (69)"}


def test_a_coordinator_never_finds_an_organisation_outside_their_territory(
    client, rhone_user, registry
):
    data = answer(client, rhone_user, "partners:organisation-choices", q="Paris Services")
    assert data["results"] == []


def test_organisation_choices_are_limited_and_say_there_are_more(client, national_user, db):
    OrganisationFactory.create_batch(CHOICES_LIMIT + 5, name=factory_name("Boulangerie"))
    data = answer(client, national_user, "partners:organisation-choices", q="boulangerie")
    assert len(data["results"]) == CHOICES_LIMIT
    assert data["more"] is True


def factory_name(prefix):
    from factory import Sequence

    return Sequence(lambda n: f"{prefix} {n:03d}")


CONVENTION_SCOPE = [
    ("national_user", {"national", "rhone", "paris", "signed by the company"}),
    ("rhone_user", {"national", "rhone", "signed by the company"}),
    ("paris_user", {"national", "paris"}),
    ("operator_user", set()),
    ("company_user", {"signed by the company"}),
]


@pytest.mark.parametrize(("viewer", "in_scope"), CONVENTION_SCOPE)
def test_convention_choices_follow_visible_to(client, request, departments, viewer, in_scope):
    user = request.getfixturevalue(viewer)
    company = own_organisation(request.getfixturevalue("company_user"))
    conventions = {
        "national": ConventionFactory(title="Accord national"),
        "rhone": ConventionFactory(title="Accord Rhône", departments=[departments["69"]]),
        "paris": ConventionFactory(title="Accord Paris", departments=[departments["75"]]),
        "signed by the company": ConventionFactory(
            title="Accord entreprise", departments=[departments["69"]], parties=[company]
        ),
    }
    data = answer(client, user, "conventions:convention-choices")
    assert {row["text"] for row in data["results"]} == {conventions[n].title for n in in_scope}
    assert labels(answer(client, user, "conventions:convention-choices", q="accord rhone")) == (
        {"Accord Rhône"} if "rhone" in in_scope else set()
    )


@pytest.fixture
def mobilisation(departments, registry):
    """A Rhône action inviting the Rhône company, a Paris action inviting the Paris one."""
    MobilisationActionFactory(
        departments=[departments["69"]],
        organiser=registry["rhone operator"],
        invited=[registry["rhone company"], registry["own company"]],
    )
    MobilisationActionFactory(departments=[departments["75"]], invited=[registry["paris company"]])


@pytest.mark.parametrize(
    ("viewer", "in_scope"),
    [
        ("national_user", {"rhone operator", "rhone company", "own company", "paris company"}),
        ("rhone_user", {"rhone operator", "rhone company", "own company"}),
        ("paris_user", {"paris company"}),
        ("company_user", {"own company"}),
    ],
)
def test_the_mobilisation_filter_offers_only_involved_organisations_in_scope(
    client, request, registry, mobilisation, viewer, in_scope
):
    user = request.getfixturevalue(viewer)
    data = answer(client, user, "mobilisation:organisation-choices")
    returned = {row["value"] for row in data["results"]}
    assert returned == {registry[name].pk for name in in_scope}
    # Never an organisation involved in no action, even a visible one.
    assert registry["national body"].pk not in returned


@pytest.mark.parametrize(
    ("viewer", "in_scope"),
    [("national_user", {"Rhône ops", "Paris ops"}), ("rhone_user", {"Rhône ops"})],
)
def test_operator_choices_are_the_operators_of_visible_actions(
    client, request, departments, viewer, in_scope
):
    rhone = OrganisationFactory(name="Rhône ops", kind="operator", department=departments["69"])
    paris = OrganisationFactory(name="Paris ops", kind="operator", department=departments["75"])
    ActionFactory(operator=rhone, departments=[departments["69"]])
    ActionFactory(operator=paris, departments=[departments["75"]])
    OrganisationFactory(name="Idle ops", kind="operator", department=departments["69"])
    user = request.getfixturevalue(viewer)
    data = answer(client, user, "programmes:operator-choices", q="ops")
    assert {row["text"].split(" (")[0] for row in data["results"]} == in_scope


def test_company_contacts_may_not_ask_for_operators(client, company_user):
    client.force_login(company_user)
    assert client.get(reverse("programmes:operator-choices")).status_code == 403


ENDPOINTS = [
    "partners:organisation-choices",
    "conventions:convention-choices",
    "mobilisation:organisation-choices",
    "programmes:operator-choices",
]


@pytest.mark.parametrize("url_name", ENDPOINTS)
def test_anonymous_visitors_are_sent_to_sign_in(client, url_name, db):
    response = client.get(reverse(url_name), {"q": "a"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("url_name", "viewer", "queries"),
    [
        ("partners:organisation-choices", "national_user", 5),
        ("partners:organisation-choices", "rhone_user", 5),
        ("partners:organisation-choices", "company_user", 5),
        ("conventions:convention-choices", "rhone_user", 5),
        ("mobilisation:organisation-choices", "rhone_user", 5),
        ("programmes:operator-choices", "rhone_user", 5),
    ],
)
def test_each_endpoint_makes_a_fixed_number_of_queries(
    client, request, registry, mobilisation, url_name, viewer, queries, django_assert_num_queries
):
    client.force_login(request.getfixturevalue(viewer))
    OrganisationFactory.create_batch(30, name=factory_name("Entreprise"))
    with django_assert_num_queries(queries):
        response = client.get(reverse(url_name), {"q": "e"})
    assert response.status_code == 200


# --- pages --------------------------------------------------------------------------------


def options_of(html, name):
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select named {name}"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


def test_the_mobilisation_filter_renders_only_the_chosen_organisation(
    client, national_user, departments, registry
):
    organisations = OrganisationFactory.create_batch(500, department=departments["69"])
    MobilisationActionFactory(departments=[departments["69"]], invited=organisations)
    chosen = organisations[123]
    client.force_login(national_user)
    url = reverse("mobilisation:action-list")
    unfiltered = client.get(url).content.decode()
    filtered = client.get(url, {"organisation": chosen.pk}).content.decode()
    assert len(options_of(unfiltered, "organisation")) == 1  # the empty choice only
    assert options_of(filtered, "organisation")[1:] == [chosen.name]
    assert 'data-choices-url="/mobilisation/organisations/choix/"' in unfiltered
    # The page does not grow with the 500 organisations.
    assert len(unfiltered) < 40_000


def test_the_action_filter_renders_only_the_chosen_operator(client, national_user, departments):
    actions = [ActionFactory(departments=[departments["69"]]) for _ in range(30)]
    client.force_login(national_user)
    url = reverse("programmes:action-list")
    html = client.get(url, {"operator": actions[7].operator_id}).content.decode()
    assert options_of(html, "operator")[1:] == [actions[7].operator.name]
    assert actions[8].operator.name not in html.split('name="operator"')[1].split("</select>")[0]


def test_a_convention_form_renders_its_parties_only(client, national_user, departments):
    OrganisationFactory.create_batch(200, department=departments["69"])
    parties = OrganisationFactory.create_batch(2, kind="company")
    convention = ConventionFactory(parties=parties)
    client.force_login(national_user)
    html = client.get(reverse("conventions:convention-update", args=[convention.pk]))
    html = html.content.decode()
    assert sorted(options_of(html, "parties")) == sorted(p.name for p in parties)
    # Départements stay a full (searchable) list: 101 fixed rows, the form's own choices.
    assert len(options_of(html, "departments")) == 101
    assert 'data-choices="local"' in html


def test_an_organisation_outside_scope_is_refused_and_never_labelled(client, rhone_user, registry):
    client.force_login(rhone_user)
    outside = registry["paris company"]
    response = client.post(
        reverse("conventions:convention-create"),
        {
            "title": "Accord",
            "parties": [registry["rhone company"].pk, outside.pk],
            "scope": "territorial",
            "departments": [registry["rhone company"].department_id],
            "status": "draft",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
        },
    )
    assert response.status_code == 200
    assert "parties" in response.context["form"].errors
    html = response.content.decode()
    assert outside.name not in html
    assert options_of(html, "parties") == [registry["rhone company"].choice_label]


def test_the_lead_form_renders_only_the_linked_convention(client, national_user, departments):
    from .leads.factories import LeadFactory

    conventions = ConventionFactory.create_batch(40)
    lead = LeadFactory(department=departments["69"], status="convention", convention=conventions[5])
    client.force_login(national_user)
    html = client.get(lead.get_absolute_url()).content.decode()
    assert options_of(html, "convention")[1:] == [conventions[5].title]
    assert 'data-choices-url="/conventions/choix/"' in html
