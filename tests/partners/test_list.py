"""The organisation list: filters in the URL, search, sorting, and a flat number of queries."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from partners.models import Convention

from ..factories import OrganisationFactory
from .factories import ActionFactory

URL = reverse("partners:organisation-list")


@pytest.fixture
def registry(departments):
    return {
        "lyon_builder": OrganisationFactory(
            name="Bâtir Lyon",
            kind="company",
            naf_code="43.99C",
            size_band="10-49",
            department=departments["69"],
        ),
        "ain_hotel": OrganisationFactory(
            name="Hôtel de l'Ain",
            kind="company",
            naf_code="55.10Z",
            size_band="50-249",
            department=departments["01"],
        ),
        "paris_geiq": OrganisationFactory(
            name="GEIQ Propreté Paris", kind="geiq", naf_code="81.21Z", department=departments["75"]
        ),
        "marseille_association": OrganisationFactory(
            name="Accueil Marseille", kind="association", department=departments["13"]
        ),
        "opco": OrganisationFactory(name="Constructys", kind="opco", department=None, siret=""),
    }


def listed(client, query=""):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return [organisation.name for organisation in response.context["object_list"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=geiq", ["GEIQ Propreté Paris"]),
        ("region={region_84}", ["Bâtir Lyon", "Hôtel de l'Ain"]),
        ("department={department_13}", ["Accueil Marseille"]),
        ("naf_section=I", ["Hôtel de l'Ain"]),
        ("size_band=10-49", ["Bâtir Lyon"]),
        ("q=lyon", ["Bâtir Lyon"]),
        ("kind=company&region={region_84}&size_band=50-249", ["Hôtel de l'Ain"]),
    ],
)
def test_filters(client, national_user, registry, departments, query, expected):
    client.force_login(national_user)
    query = query.format(region_84=departments["69"].region_id, department_13=departments["13"].pk)
    assert listed(client, query) == expected


def test_search_by_siret_or_siren_with_spaces(client, national_user, registry):
    client.force_login(national_user)
    siret = registry["ain_hotel"].siret
    assert listed(client, f"q={siret[:3]}+{siret[3:6]}+{siret[6:9]}") == ["Hôtel de l'Ain"]
    assert listed(client, f"q={siret}") == ["Hôtel de l'Ain"]
    assert listed(client, f"q={siret[:3]}.{siret[3:6]}.{siret[6:9]}") == ["Hôtel de l'Ain"]


def test_filter_on_running_actions(client, national_user, registry, departments):
    """Operating or joining a running action counts once; a planned action does not count."""
    ActionFactory(
        running=True,
        operator=registry["marseille_association"],
        departments=[departments["13"]],
        partners=[registry["lyon_builder"], registry["opco"]],
    )
    ActionFactory(
        running=True,
        operator=registry["marseille_association"],
        departments=[departments["13"]],
        partners=[registry["lyon_builder"]],
    )
    ActionFactory(operator=registry["paris_geiq"], departments=[departments["75"]])
    client.force_login(national_user)
    active = ["Accueil Marseille", "Bâtir Lyon", "Constructys"]
    assert listed(client, "has_active_action=true") == active
    assert listed(client, "has_active_action=false") == ["GEIQ Propreté Paris", "Hôtel de l'Ain"]
    response = client.get(f"{URL}?has_active_action=true")
    assert response.context["paginator"].count == 3


def test_filters_apply_within_the_users_scope(client, rhone_user, registry, departments):
    client.force_login(rhone_user)
    region = departments["01"].region_id
    # One département is no choice: neither it nor its région is offered as a filter, and the
    # parameter changes nothing: Ain, in the same région, stays out of their scope.
    response = client.get(URL)
    assert "region" not in response.context["filter"].form.fields
    assert "department" not in response.context["filter"].form.fields
    assert "Hôtel de l'Ain" not in listed(client, f"region={region}")
    assert listed(client, "kind=geiq") == []


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("name", ["Accueil Marseille", "Bâtir Lyon", "Constructys"]),
        ("-name", ["Hôtel de l'Ain", "GEIQ Propreté Paris", "Constructys"]),
        ("department", ["Hôtel de l'Ain", "Accueil Marseille", "Bâtir Lyon"]),
    ],
)
def test_ordering(client, national_user, registry, ordering, expected):
    client.force_login(national_user)
    names = [name for name in listed(client, f"ordering={ordering}") if name != "Constructys"]
    expected = [name for name in expected if name != "Constructys"]
    assert names[: len(expected)] == expected


def test_filters_stay_in_the_pagination_links(client, national_user, departments):
    OrganisationFactory.create_batch(30, kind="geiq", department=departments["69"])
    client.force_login(national_user)
    response = client.get(f"{URL}?kind=geiq&ordering=-name")
    assert response.context["paginator"].count == 30
    assert len(response.context["object_list"]) == 25
    assert "kind=geiq&amp;ordering=-name&amp;page=2" in response.content.decode()


def test_query_count_does_not_grow_with_the_page(
    client, national_user, departments, django_assert_num_queries
):
    client.force_login(national_user)
    OrganisationFactory.create_batch(3, department=departments["69"])
    with django_assert_num_queries(8):
        client.get(URL)
    opco = OrganisationFactory(kind="opco", department=None, siret="")
    for organisation in OrganisationFactory.create_batch(60, department=departments["75"]):
        ActionFactory(running=True, operator=organisation, departments=[departments["75"]])
        organisation.opco = opco
        organisation.save()
    with django_assert_num_queries(8):
        response = client.get(f"{URL}?page=2&ordering=department")
    assert len(response.context["object_list"]) == 25


def test_filter_on_conventions_in_force(client, national_user, registry):
    """A party to a signed or active convention running today counts; a draft or an ended
    one does not."""
    today = datetime.date.today()
    in_force = Convention.objects.create(
        title="En vigueur",
        status="active",
        signed_on=today - datetime.timedelta(days=40),
        start_date=today - datetime.timedelta(days=30),
    )
    in_force.parties.set([registry["paris_geiq"], registry["opco"]])
    draft = Convention.objects.create(title="Brouillon", status="draft", start_date=today)
    draft.parties.set([registry["lyon_builder"]])
    ended = Convention.objects.create(
        title="Terminée",
        status="active",
        signed_on=today - datetime.timedelta(days=410),
        start_date=today - datetime.timedelta(days=400),
        end_date=today - datetime.timedelta(days=1),
    )
    ended.parties.set([registry["ain_hotel"]])
    client.force_login(national_user)
    assert listed(client, "has_active_convention=true") == ["Constructys", "GEIQ Propreté Paris"]
    assert "Bâtir Lyon" in listed(client, "has_active_convention=false")


@pytest.mark.parametrize(
    "typed",
    ["L'Oréal", "l’oreal", "L'OREAL PRODUITS", "loreal produits", "oréal produits-professionnels"],
)
def test_search_ignores_case_accents_apostrophes_and_hyphens(
    client, national_user, departments, typed
):
    """Field case: « L’Oréal Produits Professionnels » (typographic apostrophe) was not found
    by `L'Oréal` typed with the keyboard's apostrophe."""
    OrganisationFactory(name="L’Oréal Produits Professionnels", department=departments["75"])
    OrganisationFactory(name="Côte-d’Or Œuvres Sociales", department=departments["69"])
    client.force_login(national_user)
    expected = [] if typed == "loreal produits" else ["L’Oréal Produits Professionnels"]
    assert listed(client, urlencode({"q": typed})) == expected
    assert listed(client, urlencode({"q": "cote d'or oeuvres"})) == ["Côte-d’Or Œuvres Sociales"]
