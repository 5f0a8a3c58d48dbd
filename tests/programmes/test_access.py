"""Who may open which programme page: role × object in scope × out of scope → status.

Out of scope is 404 (existence does not leak); what a role may never do is 403."""

import pytest
from django.urls import reverse

ROLES = ("national", "rhone", "paris", "operator", "company")

# (URL name, fixture of the object in the URL or None, expected status for each of ROLES)
PAGES = [
    ("programme-list", None, (200, 200, 200, 200, 403)),
    ("programme-create", None, (200, 403, 403, 403, 403)),
    ("programme-detail", "hope", (200, 200, 200, 200, 404)),
    ("programme-update", "hope", (200, 403, 403, 403, 404)),
    ("action-list", None, (200, 200, 200, 200, 403)),
    ("action-create", None, (200, 200, 200, 200, 403)),
    ("action-detail", "rhone_action", (200, 200, 404, 200, 404)),
    ("action-detail", "paris_action", (200, 404, 200, 404, 404)),
    ("action-update", "rhone_action", (200, 200, 404, 200, 404)),
    ("action-update", "paris_action", (200, 404, 200, 404, 404)),
    ("contract-list", None, (200, 200, 200, 200, 403)),
    ("contract-create", None, (200, 200, 200, 403, 403)),
    ("contract-detail", "rhone_contract", (200, 200, 404, 404, 404)),
    ("contract-detail", "operated_contract", (200, 200, 404, 200, 404)),
    ("contract-update", "rhone_contract", (200, 200, 404, 404, 404)),
    ("contract-update", "operated_contract", (200, 200, 404, 404, 404)),
    ("target-create-for-action", "rhone_action", (200, 200, 404, 200, 404)),
    ("target-create-for-contract", "rhone_contract", (200, 200, 404, 404, 404)),
    ("target-update", "rhone_action_target", (200, 200, 404, 200, 404)),
    ("target-update", "rhone_contract_target", (200, 200, 404, 404, 404)),
    ("target-delete", "rhone_action_target", (200, 200, 404, 200, 404)),
    ("target-delete", "paris_contract_target", (200, 404, 200, 404, 404)),
    ("agir-rollout", None, (200, 200, 200, 403, 403)),
]

CASES = [
    pytest.param(f"programmes:{name}", fixture, viewer, status, id=f"{name}-{fixture}-{viewer}")
    for name, fixture, statuses in PAGES
    for viewer, status in zip(ROLES, statuses, strict=True)
]


def url_of(request, name, fixture):
    if fixture is None:
        return reverse(name)
    if fixture == "hope":
        request.getfixturevalue("programmes")
        return reverse(name, args=["HOPE"])
    return reverse(name, args=[request.getfixturevalue(fixture).pk])


@pytest.mark.parametrize(("name", "fixture", "viewer", "expected"), CASES)
def test_page_answers_by_role_and_scope(client, request, users, name, fixture, viewer, expected):
    url = url_of(request, name, fixture)
    client.force_login(users[viewer])
    assert client.get(url).status_code == expected


@pytest.mark.parametrize(
    ("name", "fixture"),
    sorted({(f"programmes:{name}", fixture) for name, fixture, _statuses in PAGES}, key=str),
)
def test_anonymous_visitors_are_sent_to_sign_in(client, request, departments, name, fixture):
    url = url_of(request, name, fixture)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("name", "fixture"),
    [
        ("programmes:action-update", "paris_action"),
        ("programmes:contract-update", "paris_contract"),
        ("programmes:target-update", "paris_action_target"),
        ("programmes:target-delete", "paris_action_target"),
        ("programmes:target-create-for-action", "paris_action"),
    ],
)
def test_posting_outside_the_territory_is_404_and_changes_nothing(
    client, request, rhone_user, name, fixture
):
    obj = request.getfixturevalue(fixture)
    records = obj.history.count()
    client.force_login(rhone_user)
    response = client.post(reverse(name, args=[obj.pk]), {"title": "Pris", "name": "Pris"})
    assert response.status_code == 404
    assert obj.history.count() == records
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_company_contacts_may_not_create_an_action_by_post(client, company_user, programmes):
    client.force_login(company_user)
    response = client.post(reverse("programmes:action-create"), {"programme": "PIC"})
    assert response.status_code == 403


def test_edit_buttons_follow_object_permissions(client, rhone_user, paris_user, rhone_action):
    edit_url = reverse("programmes:action-update", args=[rhone_action.pk])
    client.force_login(rhone_user)
    assert edit_url in client.get(rhone_action.get_absolute_url()).content.decode()

    # The operator's partner organisation sees the action but may not change it.
    from ..factories import MembershipFactory

    partner = rhone_action.operator.__class__.objects.create(name="Partenaire", kind="association")
    rhone_action.partners.add(partner)
    partner_user = MembershipFactory(role="operator", organisation=partner).user
    client.force_login(partner_user)
    page = client.get(rhone_action.get_absolute_url())
    assert page.status_code == 200
    assert edit_url not in page.content.decode()
    assert client.get(edit_url).status_code == 404
