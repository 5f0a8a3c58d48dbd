"""Contact notes on an organisation: recorded by staff who may see it, changed by their author
or national staff, never shown to company contacts."""

import datetime

import pytest
from django.urls import reverse

from partners.models import Interaction

from ..factories import MembershipFactory
from .factories import InteractionFactory


def create_url(organisation):
    return reverse("mobilisation:interaction-create", args=[organisation.pk])


def edit_url(interaction):
    return reverse("mobilisation:interaction-update", args=[interaction.pk])


def list_url(organisation):
    return reverse("mobilisation:interaction-list", args=[organisation.pk])


DATA = {"date": "2026-02-03", "kind": "meeting", "summary": "Rencontre avec la DRH : 3 postes."}


def test_a_coordinator_records_an_interaction_as_its_author(client, rhone_user, orgs):
    client.force_login(rhone_user)
    response = client.post(create_url(orgs["rhone_company"]), DATA)
    interaction = Interaction.objects.get()
    assert response.status_code == 302
    assert (
        response.url == f"{orgs['rhone_company'].get_absolute_url()}#interaction-{interaction.pk}"
    )
    assert interaction.organisation == orgs["rhone_company"]
    assert interaction.author == rhone_user
    assert interaction.date == datetime.date(2026, 2, 3)
    assert interaction.history.get().history_user == rhone_user


def test_the_author_cannot_be_chosen_in_the_form(client, rhone_user, national_user, orgs):
    client.force_login(rhone_user)
    client.post(create_url(orgs["rhone_company"]), {**DATA, "author": national_user.pk})
    assert Interaction.objects.get().author == rhone_user


def test_a_contact_still_to_come_is_not_an_interaction(client, rhone_user, orgs):
    client.force_login(rhone_user)
    later = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = client.post(create_url(orgs["rhone_company"]), {**DATA, "date": later})
    assert response.status_code == 200
    assert response.context["form"].has_error("date", "future")
    assert "fr-error-text" in response.content.decode()
    assert not Interaction.objects.exists()


def test_a_summary_is_required(client, rhone_user, orgs):
    client.force_login(rhone_user)
    response = client.post(create_url(orgs["rhone_company"]), {**DATA, "summary": ""})
    assert response.context["form"].has_error("summary", "required")
    assert not Interaction.objects.exists()


@pytest.mark.parametrize(
    ("role", "organisation", "expected"),
    [
        ("national", "paris_company", 200),
        ("rhone", "rhone_company", 200),
        ("rhone", "paris_company", 404),
        ("paris", "rhone_company", 404),
        ("operator", "rhone_operator", 200),
        ("operator", "rhone_company", 404),
        ("company", "company", 403),
        ("company", "paris_company", 403),
    ],
)
def test_who_may_record_an_interaction(sign_in, orgs, role, organisation, expected):
    client = sign_in(role)
    assert client.get(create_url(orgs[organisation])).status_code == expected
    response = client.post(create_url(orgs[organisation]), DATA)
    assert response.status_code == (302 if expected == 200 else expected)
    assert Interaction.objects.exists() == (expected == 200)


@pytest.fixture
def note(rhone_user, orgs):
    return InteractionFactory(organisation=orgs["rhone_company"], author=rhone_user)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("author", 200),
        ("national", 200),
        ("rhone_colleague", 403),
        ("paris", 404),
        ("operator", 404),
        ("company", 404),
    ],
)
def test_only_its_author_and_national_staff_change_an_interaction(
    client, users, departments, note, role, expected
):
    users = {
        **users,
        "author": note.author,
        "rhone_colleague": MembershipFactory(
            role="territorial", departments=[departments["69"]]
        ).user,
    }
    client.force_login(users[role])
    assert client.get(edit_url(note)).status_code == expected
    response = client.post(edit_url(note), {**DATA, "summary": "Réécrit"})
    assert response.status_code == (302 if expected == 200 else expected)
    note.refresh_from_db()
    assert (note.summary == "Réécrit") == (expected == 200)
    assert note.author == users["author"]


def test_the_edit_page_shows_the_history(client, note):
    client.force_login(note.author)
    client.post(edit_url(note), {**DATA, "summary": "Version corrigée"})
    page = client.get(edit_url(note)).content.decode()
    assert 'id="history-title"' in page
    assert "Version corrigée" in page


def test_anonymous_visitors_are_sent_to_login(client, note):
    for url in [create_url(note.organisation), edit_url(note), list_url(note.organisation)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("role", "organisation", "expected"),
    [
        ("national", "rhone_company", 200),
        ("rhone", "rhone_company", 200),
        ("paris", "rhone_company", 404),
        ("company", "company", 403),
    ],
)
def test_who_may_read_an_organisations_interactions(
    sign_in, orgs, note, role, organisation, expected
):
    response = sign_in(role).get(list_url(orgs[organisation]))
    assert response.status_code == expected
    if expected == 200:
        assert note.summary in response.content.decode()


def test_the_interaction_list_filters_paginates_and_keeps_its_queries(
    client, national_user, orgs, django_assert_num_queries
):
    organisation = orgs["rhone_company"]
    InteractionFactory(organisation=organisation, kind="email", summary="Courriel unique")
    client.force_login(national_user)
    with django_assert_num_queries(7):
        client.get(list_url(organisation))
    InteractionFactory.create_batch(30, organisation=organisation)
    with django_assert_num_queries(7):
        response = client.get(list_url(organisation))
    assert len(response.context["object_list"]) == 25
    assert response.context["paginator"].count == 31
    filtered = client.get(f"{list_url(organisation)}?kind=email")
    assert [i.summary for i in filtered.context["object_list"]] == ["Courriel unique"]
