"""Who may open whom: role × in scope × out of scope, on user and organisation pages."""

import pytest
from django.urls import reverse

from ..factories import MembershipFactory, OrganisationFactory


@pytest.fixture
def people(departments, rhone_operator):
    """One account per role in Rhône, plus a colleague and an outsider for each."""
    rhone_company = OrganisationFactory(kind="company", department=departments["69"])
    paris_company = OrganisationFactory(kind="company", department=departments["75"])
    return {
        "national": MembershipFactory(role="national").user,
        "territorial": MembershipFactory(role="territorial", departments=[departments["69"]]).user,
        "operator": MembershipFactory(role="operator", organisation=rhone_operator).user,
        "company": MembershipFactory(role="company", organisation=rhone_company).user,
        "operator_colleague": MembershipFactory(role="operator", organisation=rhone_operator).user,
        "company_colleague": MembershipFactory(role="company", organisation=rhone_company).user,
        "paris_coordinator": MembershipFactory(
            role="territorial", departments=[departments["75"]]
        ).user,
        "paris_company_contact": MembershipFactory(role="company", organisation=paris_company).user,
        "organisations": {"rhone_company": rhone_company, "paris_company": paris_company},
    }


@pytest.mark.parametrize(
    ("viewer", "target", "expected"),
    [
        ("national", "paris_coordinator", 200),
        ("national", "company", 200),
        ("territorial", "operator", 200),
        ("territorial", "company_colleague", 200),
        ("territorial", "paris_coordinator", 404),
        ("territorial", "paris_company_contact", 404),
        ("operator", "operator_colleague", 200),
        ("operator", "territorial", 404),
        ("operator", "company", 404),
        ("company", "company_colleague", 200),
        ("company", "operator", 404),
        ("company", "paris_company_contact", 404),
    ],
)
def test_user_detail_answers_404_outside_scope(client, people, viewer, target, expected):
    client.force_login(people[viewer])
    response = client.get(people[target].get_absolute_url())
    assert response.status_code == expected
    if expected == 200:
        assert people[target].email in response.content.decode()


@pytest.mark.parametrize(
    ("viewer", "organisation", "expected"),
    [
        ("national", "paris_company", 200),
        ("territorial", "rhone_company", 200),
        ("territorial", "paris_company", 404),
        ("company", "rhone_company", 200),
        ("company", "paris_company", 404),
        ("operator", "rhone_company", 404),
    ],
)
def test_organisation_detail_answers_404_outside_scope(
    client, people, viewer, organisation, expected
):
    client.force_login(people[viewer])
    target = people["organisations"][organisation]
    response = client.get(target.get_absolute_url())
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("viewer", "visible", "hidden"),
    [
        ("territorial", {"operator", "company", "operator_colleague"}, {"paris_coordinator"}),
        ("operator", {"operator_colleague"}, {"company", "territorial", "paris_coordinator"}),
        ("company", {"company_colleague"}, {"operator", "paris_company_contact"}),
    ],
)
def test_user_list_shows_only_scope(client, people, viewer, visible, hidden):
    client.force_login(people[viewer])
    response = client.get(reverse("accounts:user-list"))
    assert response.status_code == 200
    page = response.content.decode()
    for name in visible | {viewer}:
        assert people[name].email in page
    for name in hidden:
        assert people[name].email not in page


def test_national_staff_see_every_account(client, people):
    client.force_login(people["national"])
    page = client.get(reverse("accounts:user-list") + "?q=&ordering=email").content.decode()
    for name, person in people.items():
        if name != "organisations":
            assert person.email in page


@pytest.mark.parametrize(
    "url_name", ["accounts:user-list", "accounts:account", "accounts:user-invite"]
)
def test_anonymous_visitors_are_sent_to_login(client, db, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_anonymous_visitors_see_the_public_home_with_the_partnership_form(client, db):
    page = client.get(reverse("home")).content.decode()
    assert reverse("leads:interest-form") in page
    assert reverse("accounts:login") in page


def test_anonymous_visitor_cannot_open_a_user_page(client, people):
    response = client.get(people["national"].get_absolute_url())
    assert response.status_code == 302


@pytest.mark.parametrize("viewer", ["territorial", "operator", "company"])
def test_only_national_staff_invite(client, people, viewer):
    client.force_login(people[viewer])
    assert client.get(reverse("accounts:user-invite")).status_code == 403


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [("national", 200), ("territorial", 302), ("operator", 302), ("company", 302)],
)
def test_admin_is_open_to_national_staff_only(client, people, viewer, expected):
    client.force_login(people[viewer])
    assert client.get("/admin/").status_code == expected


def test_user_list_query_count_does_not_grow_with_page_size(
    client, people, django_assert_num_queries, departments
):
    client.force_login(people["national"])
    with django_assert_num_queries(8):
        client.get(reverse("accounts:user-list"))
    for _ in range(20):
        MembershipFactory(role="territorial", departments=[departments["13"]])
    with django_assert_num_queries(8):
        response = client.get(reverse("accounts:user-list"))
    assert response.context["paginator"].count > 25


def test_national_staff_see_the_models_in_the_admin(client, people):
    client.force_login(people["national"])
    page = client.get("/admin/").content.decode()
    assert "/admin/partners/organisation/" in page
    assert "/admin/programmes/action/" in page
