"""An organisation's page: its facts, contacts, the actions it runs or joins (only those the
reader may open), the edit button for those who may edit, and its history."""

import pytest

from config.history import HISTORY_TYPES

from ..factories import OrganisationFactory
from .factories import ActionFactory, ContactFactory


@pytest.fixture
def operator_with_actions(rhone_operator, departments):
    """The Rhône operator runs an action in Rhône and one in Marseille, and joins one in Paris."""
    paris_operator = OrganisationFactory(kind="operator", department=departments["75"])
    return {
        "rhone": ActionFactory(
            title="PIC Rhône", operator=rhone_operator, departments=[departments["69"]]
        ),
        "marseille": ActionFactory(
            title="PIC Marseille", operator=rhone_operator, departments=[departments["13"]]
        ),
        "paris": ActionFactory(
            title="HOPE Paris",
            operator=paris_operator,
            departments=[departments["75"]],
            partners=[rhone_operator],
        ),
    }


@pytest.mark.parametrize(
    ("role", "operated", "joined"),
    [
        ("national", {"rhone", "marseille"}, {"paris"}),
        ("territorial", {"rhone"}, set()),
        ("operator", {"rhone", "marseille"}, {"paris"}),
    ],
)
def test_actions_listed_are_only_those_the_reader_may_open(
    sign_in, rhone_operator, operator_with_actions, role, operated, joined
):
    response = sign_in(role).get(rhone_operator.get_absolute_url())
    assert set(response.context["operated_actions"]) == {
        operator_with_actions[name] for name in operated
    }
    assert set(response.context["partner_actions"]) == {
        operator_with_actions[name] for name in joined
    }
    page = response.content.decode()
    for name, action in operator_with_actions.items():
        assert (action.get_absolute_url() in page) is (name in operated | joined)


def test_contacts_are_shown_with_their_anchor_and_consent(client, rhone_user, departments):
    organisation = OrganisationFactory(department=departments["69"])
    willing = ContactFactory(organisation=organisation, consenting=True, last_name="Martin")
    unwilling = ContactFactory(organisation=organisation, last_name="Petit")
    client.force_login(rhone_user)
    response = client.get(organisation.get_absolute_url())
    assert list(response.context["contacts"]) == [willing, unwilling]
    page = response.content.decode()
    for contact in (willing, unwilling):
        assert f'id="contact-{contact.pk}"' in page
        assert contact.email in page
        assert f"/organisations/contacts/{contact.pk}/modifier/" in page


@pytest.mark.parametrize(
    ("role", "organisation", "can_edit"),
    [
        ("national", "national_body", True),
        ("territorial", "rhone_company", True),
        ("territorial", "national_body", False),
        ("operator", "rhone_operator", True),
        ("company", "own_company", False),
    ],
)
def test_the_edit_button_is_shown_to_those_who_may_edit(
    sign_in, orgs, role, organisation, can_edit
):
    target = orgs[organisation]
    response = sign_in(role).get(target.get_absolute_url())
    assert response.context["can_edit"] is can_edit
    page = response.content.decode()
    assert (f"/organisations/{target.pk}/modifier/" in page) is can_edit
    assert (f"/organisations/{target.pk}/contacts/nouveau/" in page) is can_edit


@pytest.mark.parametrize(("role", "linked"), [("territorial", True), ("company", False)])
def test_the_opco_is_linked_only_when_the_reader_may_open_it(sign_in, orgs, role, linked):
    company = orgs["rhone_company"] if role == "territorial" else orgs["own_company"]
    company.opco = orgs["opco"]
    company.save()
    page = sign_in(role).get(company.get_absolute_url()).content.decode()
    assert "Constructys" in page
    assert (f'href="{orgs["opco"].get_absolute_url()}"' in page) is linked


def test_the_registry_facts_and_creation_are_shown(client, national_user, departments):
    organisation = OrganisationFactory(
        naf_code="43.99C", size_band="10-49", department=departments["69"]
    )
    client.force_login(national_user)
    response = client.get(organisation.get_absolute_url())
    page = response.content.decode()
    assert organisation.siren in page
    assert "43.99C" in page
    assert [entry.action for entry in response.context["history"]] == [HISTORY_TYPES["+"]]


def test_query_count_does_not_grow_with_contacts_and_actions(
    client, rhone_operator, operator_user, departments, django_assert_num_queries
):
    client.force_login(operator_user)
    with django_assert_num_queries(13):
        client.get(rhone_operator.get_absolute_url())
    ContactFactory.create_batch(10, organisation=rhone_operator)
    ActionFactory.create_batch(10, operator=rhone_operator, departments=[departments["69"]])
    ActionFactory.create_batch(5, partners=[rhone_operator], departments=[departments["13"]])
    with django_assert_num_queries(13):
        response = client.get(rhone_operator.get_absolute_url())
    assert len(response.context["operated_actions"]) == 10
    assert len(response.context["partner_actions"]) == 5
