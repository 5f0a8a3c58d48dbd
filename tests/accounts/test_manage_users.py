"""People managed in the portal: national staff manage every account, coordinators their
territory's operators. A person outside the manager's scope answers 404, one inside it whom
they may not manage 403; nobody deactivates themselves; every change is kept in history."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, User

from ..factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def people(departments, national_user, rhone_user, operator_user, company_user, rhone_operator):
    """The managers (by role) and the people they may or may not manage."""
    paris_operator = OrganisationFactory(kind="operator", department=departments["75"])
    return {
        "managers": {
            "national": national_user,
            "rhone": rhone_user,
            "operator": operator_user,
            "company": company_user,
        },
        "rhone operator": MembershipFactory(role="operator", organisation=rhone_operator).user,
        "paris operator": MembershipFactory(role="operator", organisation=paris_operator).user,
        "rhone company contact": MembershipFactory(
            role="company", organisation=company_user.memberships.get().organisation
        ).user,
        "other rhone coordinator": MembershipFactory(
            role="territorial", departments=[departments["69"]]
        ).user,
        "operator colleague": MembershipFactory(role="operator", organisation=rhone_operator).user,
    }


# (manager, person, expected status of a POST that deactivates the person)
DEACTIVATION = [
    ("national", "rhone operator", 302),
    ("national", "paris operator", 302),
    ("national", "other rhone coordinator", 302),
    ("national", "themselves", 403),
    ("rhone", "rhone operator", 302),
    ("rhone", "paris operator", 404),
    ("rhone", "rhone company contact", 403),
    ("rhone", "other rhone coordinator", 403),
    ("rhone", "themselves", 403),
    ("operator", "operator colleague", 403),
    ("operator", "paris operator", 404),
    ("operator", "themselves", 403),
    ("company", "rhone company contact", 403),
    ("company", "rhone operator", 404),
]


def person_of(people, manager, name):
    return people["managers"][manager] if name == "themselves" else people[name]


@pytest.mark.parametrize(("manager", "name", "status"), DEACTIVATION)
def test_who_may_deactivate_whom(client, people, manager, name, status):
    person = person_of(people, manager, name)
    client.force_login(people["managers"][manager])
    response = client.post(reverse("accounts:user-deactivate", args=[person.pk]))
    assert response.status_code == status
    person.refresh_from_db()
    assert person.is_active is (status != 302)


@pytest.mark.parametrize(("manager", "name", "status"), DEACTIVATION)
def test_who_may_open_the_role_form(client, people, manager, name, status):
    person = person_of(people, manager, name)
    client.force_login(people["managers"][manager])
    response = client.get(reverse("accounts:membership-create", args=[person.pk]))
    assert response.status_code == (200 if status == 302 else status)


@pytest.mark.parametrize(("manager", "name", "status"), DEACTIVATION)
def test_who_may_remove_a_role(client, people, manager, name, status):
    person = person_of(people, manager, name)
    membership = person.memberships.first()
    client.force_login(people["managers"][manager])
    url = reverse("accounts:membership-delete", args=[person.pk, membership.pk])
    assert client.post(url).status_code == status
    assert Membership.objects.filter(pk=membership.pk).exists() is (status != 302)


def test_deactivation_asks_first_then_keeps_history_and_shuts_the_door(client, people):
    coordinator, person = people["managers"]["rhone"], people["rhone operator"]
    signing_in = {"username": person.email, "password": PASSWORD}
    assert client.post(reverse("accounts:login"), signing_in).status_code == 302
    client.force_login(coordinator)
    url = reverse("accounts:user-deactivate", args=[person.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert person.email in confirm.content.decode()
    person.refresh_from_db()
    assert person.is_active

    response = client.post(url)
    assert response.status_code == 302
    assert response.url == person.get_absolute_url()
    person.refresh_from_db()
    assert not person.is_active
    last = person.history.first()
    assert (last.is_active, last.history_user) == (False, coordinator)

    client.logout()
    refused = client.post(reverse("accounts:login"), signing_in)
    assert refused.status_code == 200
    assert not refused.wsgi_request.user.is_authenticated


def test_a_deactivated_account_is_reactivated(client, people):
    person = people["paris operator"]
    person.is_active = False
    person.save()
    client.force_login(people["managers"]["national"])
    url = reverse("accounts:user-reactivate", args=[person.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    person.refresh_from_db()
    assert person.is_active
    assert person.history.first().history_user == people["managers"]["national"]


def test_a_pending_invitation_is_not_reactivated_but_sent_again(
    client, people, rhone_operator, mailoutbox, django_capture_on_commit_callbacks
):
    invited = UserFactory(is_active=False, password=None)
    invited.set_unusable_password()
    invited.save()
    MembershipFactory(user=invited, role="operator", organisation=rhone_operator)
    client.force_login(people["managers"]["rhone"])
    client.post(reverse("accounts:user-reactivate", args=[invited.pk]))
    invited.refresh_from_db()
    assert not invited.is_active
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user-reinvite", args=[invited.pk]))
    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [[invited.email]]


def test_a_coordinator_gives_an_operator_role_of_their_territory_only(
    client, people, departments, rhone_operator
):
    person = people["rhone operator"]
    other_rhone_operator = OrganisationFactory(kind="operator", department=departments["69"])
    paris_operator = people["paris operator"].memberships.get().organisation
    client.force_login(people["managers"]["rhone"])
    url = reverse("accounts:membership-create", args=[person.pk])
    form = client.get(url).context["form"]
    assert [value for value, _label in form.fields["role"].choices] == ["operator"]
    assert paris_operator not in form.fields["organisation"].queryset

    refused = client.post(url, {"role": "operator", "organisation": paris_operator.pk})
    assert refused.status_code == 200
    assert "organisation" in refused.context["form"].errors
    refused = client.post(url, {"role": "national"})
    assert refused.status_code == 200

    added = client.post(url, {"role": "operator", "organisation": other_rhone_operator.pk})
    assert added.status_code == 302
    assert set(person.memberships.values_list("organisation", flat=True)) == {
        rhone_operator.pk,
        other_rhone_operator.pk,
    }


def test_national_staff_give_any_role(client, people, departments):
    person = people["rhone operator"]
    client.force_login(people["managers"]["national"])
    url = reverse("accounts:membership-create", args=[person.pk])
    incomplete = client.post(url, {"role": "territorial"})
    assert "departments" in incomplete.context["form"].errors
    response = client.post(url, {"role": "territorial", "departments": [departments["13"].pk]})
    assert response.status_code == 302
    membership = person.memberships.get(role="territorial")
    assert [d.code for d in membership.departments.all()] == ["13"]
    assert membership.history.first().history_user == people["managers"]["national"]


def test_the_user_page_shows_the_last_sign_in_and_the_actions_allowed(
    client, people, django_assert_num_queries
):
    person = people["rhone operator"]
    User.objects.filter(pk=person.pk).update(last_login=timezone.now())
    client.force_login(people["managers"]["rhone"])
    with django_assert_num_queries(7):
        page = client.get(person.get_absolute_url()).content.decode()
    assert "Last sign-in" in page or "dernière connexion" in page.lower()
    assert reverse("accounts:user-deactivate", args=[person.pk]) in page
    assert reverse("accounts:membership-create", args=[person.pk]) in page

    client.force_login(people["managers"]["operator"])
    page = client.get(people["operator colleague"].get_absolute_url()).content.decode()
    assert reverse("accounts:user-deactivate", args=[people["operator colleague"].pk]) not in page


@pytest.mark.parametrize(
    ("manager", "title"), [("rhone", "Utilisateurs"), ("operator", "Mon équipe")]
)
def test_the_list_is_titled_as_the_menu_names_it(client, people, manager, title):
    client.force_login(people["managers"][manager])
    page = client.get(reverse("accounts:user-list")).content.decode()
    assert f"<h1>{title}</h1>" in page
