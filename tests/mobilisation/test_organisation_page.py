"""What an organisation's page shows of mobilisation, per role: the context the organisation
detail view merges in (`organisation_mobilisation_context`) and the two includes."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from partners.mobilisation.queries import organisation_mobilisation_context

from .factories import InteractionFactory, MobilisationActionFactory


@pytest.fixture
def notes(orgs, rhone_user, national_user):
    return {
        "company": InteractionFactory(organisation=orgs["company"], author=rhone_user),
        "rhone_operator": InteractionFactory(
            organisation=orgs["rhone_operator"], author=national_user
        ),
    }


@pytest.mark.parametrize(
    ("role", "organisation", "expected_actions", "sees_notes"),
    [
        ("national", "company", {"rhone_invited", "paris_walk_in"}, True),
        ("rhone", "company", {"rhone_invited"}, True),
        ("rhone", "rhone_operator", {"rhone_invited"}, True),
        ("operator", "rhone_operator", {"rhone_invited"}, True),
        ("company", "company", {"rhone_invited", "paris_walk_in"}, False),
    ],
)
def test_each_role_sees_the_actions_and_notes_in_its_scope(
    users, actions, orgs, notes, role, organisation, expected_actions, sees_notes
):
    context = organisation_mobilisation_context(orgs[organisation], users[role])
    titles = {action.title for action in context["mobilisation_actions"]}
    assert titles == {actions[name].title for name in expected_actions}
    assert context["show_interactions"] is sees_notes
    assert context["can_add_interaction"] is sees_notes
    assert context["interactions"] == ([notes[organisation]] if sees_notes else [])


def test_participation_says_present_invited_or_absent(users, orgs, departments):
    today = datetime.date.today()
    company = orgs["company"]
    MobilisationActionFactory(title="Venue", date=today, attendees=[company])
    MobilisationActionFactory(title="À venir", date=today, invited=[company])
    MobilisationActionFactory(
        title="Absente", date=today - datetime.timedelta(days=1), invited=[company]
    )
    context = organisation_mobilisation_context(company, users["national"])
    participation = {a.title: a.participation for a in context["mobilisation_actions"]}
    assert participation == {"Venue": "present", "À venir": "invited", "Absente": "absent"}


def test_only_the_latest_ten_are_listed_with_a_link_to_all(users, orgs, django_assert_num_queries):
    company = orgs["company"]
    national = users["national"]
    assert national.scope.is_national  # computed once per user, before counting
    for day in range(1, 13):
        MobilisationActionFactory(date=datetime.date(2026, 1, day), invited=[company])
        InteractionFactory(organisation=company, date=datetime.date(2026, 1, day))
    with django_assert_num_queries(2):
        context = organisation_mobilisation_context(company, national)
    assert len(context["mobilisation_actions"]) == 10
    assert context["mobilisation_actions"][0].date == datetime.date(2026, 1, 12)
    assert context["more_mobilisation_actions"]
    assert len(context["interactions"]) == 10
    assert context["more_interactions"]


def render(user, organisation):
    request = RequestFactory().get(organisation.get_absolute_url())
    request.user = user
    context = {
        "organisation": organisation,
        "request": request,
        **organisation_mobilisation_context(organisation, user),
    }
    return render_to_string(
        "partners/includes/organisation_mobilisation.html", context
    ) + render_to_string("partners/includes/organisation_interactions.html", context)


def test_the_includes_show_notes_to_staff_with_edit_links_for_their_authors(
    users, actions, orgs, notes
):
    page = render(users["rhone"], orgs["company"])
    assert actions["rhone_invited"].title in page
    assert notes["company"].summary in page
    assert f"/mobilisation/interactions/{notes['company'].pk}/modifier/" in page
    assert f"/mobilisation/organisations/{orgs['company'].pk}/interactions/nouvelle/" in page


def test_the_includes_never_show_notes_to_a_company(users, actions, orgs, notes):
    page = render(users["company"], orgs["company"])
    assert actions["rhone_invited"].title in page
    assert notes["company"].summary not in page
    assert "interactions" not in page.lower()
