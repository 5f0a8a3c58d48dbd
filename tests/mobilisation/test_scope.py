"""Who sees and changes which mobilisation action: role × in scope × out of scope, on the list,
the calendar, the detail and the edit pages."""

import pytest
from django.urls import reverse

ALL = {"rhone_invited", "rhone_plain", "paris", "paris_walk_in", "national"}

#: What each role sees: national actions are open to every coordinator, territorial ones to
#: the coordinators of their départements, and any action to the organisations invited or
#: present (the company walked in at the Paris forum without an invitation).
VISIBLE = {
    "national": ALL,
    "rhone": {"rhone_invited", "rhone_plain", "national"},
    "paris": {"paris", "paris_walk_in", "national"},
    "operator": {"rhone_invited"},
    "company": {"rhone_invited", "paris_walk_in"},
}

EDITABLE = {
    "national": ALL,
    "rhone": {"rhone_invited", "rhone_plain"},
    "paris": {"paris", "paris_walk_in"},
    "operator": set(),
    "company": set(),
}


def titles_on(page, actions):
    return {name for name, action in actions.items() if action.title in page}


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_the_list_shows_the_actions_in_scope_only(sign_in, actions, role):
    response = sign_in(role).get(reverse("mobilisation:action-list"))
    assert response.status_code == 200
    assert titles_on(response.content.decode(), actions) == VISIBLE[role]


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_the_calendar_shows_the_actions_in_scope_only(sign_in, actions, role):
    response = sign_in(role).get(reverse("mobilisation:calendar", args=[2026, 3]))
    assert response.status_code == 200
    assert titles_on(response.content.decode(), actions) == VISIBLE[role]


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_the_detail_answers_404_outside_scope(sign_in, actions, role):
    client = sign_in(role)
    statuses = {name: client.get(action.get_absolute_url()) for name, action in actions.items()}
    assert {name: r.status_code for name, r in statuses.items()} == {
        name: 200 if name in VISIBLE[role] else 404 for name in ALL
    }
    for name in VISIBLE[role]:
        assert actions[name].title in statuses[name].content.decode()


@pytest.mark.parametrize("role", sorted(EDITABLE))
def test_the_edit_page_answers_404_outside_what_one_may_change(sign_in, actions, role):
    client = sign_in(role)
    statuses = {
        name: client.get(reverse("mobilisation:action-update", args=[action.pk])).status_code
        for name, action in actions.items()
    }
    assert statuses == {name: 200 if name in EDITABLE[role] else 404 for name in ALL}


@pytest.mark.parametrize(
    ("role", "expected"),
    [("national", 200), ("rhone", 200), ("paris", 200), ("operator", 403), ("company", 403)],
)
def test_only_national_and_territorial_staff_record_actions(sign_in, actions, role, expected):
    assert sign_in(role).get(reverse("mobilisation:action-create")).status_code == expected


def test_the_edit_button_follows_what_one_may_change(sign_in, actions):
    client = sign_in("rhone")
    update = reverse("mobilisation:action-update", args=[actions["rhone_plain"].pk])
    assert update in client.get(actions["rhone_plain"].get_absolute_url()).content.decode()
    national_update = reverse("mobilisation:action-update", args=[actions["national"].pk])
    page = client.get(actions["national"].get_absolute_url()).content.decode()
    assert national_update not in page


@pytest.mark.parametrize(
    "url",
    [
        reverse("mobilisation:action-list"),
        reverse("mobilisation:calendar"),
        reverse("mobilisation:calendar", args=[2026, 3]),
        reverse("mobilisation:action-create"),
        reverse("mobilisation:action-detail", args=[1]),
        reverse("mobilisation:action-update", args=[1]),
    ],
)
def test_anonymous_visitors_are_sent_to_login(client, actions, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_staff_see_every_organisation_involved_linked_when_they_may_open_it(sign_in, actions, orgs):
    page = sign_in("rhone").get(actions["rhone_invited"].get_absolute_url()).content.decode()
    assert f'href="{orgs["company"].get_absolute_url()}"' in page
    assert orgs["paris_company"].name in page
    assert f'href="{orgs["paris_company"].get_absolute_url()}"' not in page
    assert "Interne : relancer la DRH" in page
    assert 'id="history-title"' in page


def test_a_company_sees_its_own_part_but_not_other_guests_nor_internal_notes(
    sign_in, actions, orgs
):
    page = sign_in("company").get(actions["rhone_invited"].get_absolute_url()).content.decode()
    assert orgs["company"].name in page
    assert orgs["paris_company"].name not in page
    assert orgs["rhone_operator"].name not in page
    assert "Interne : relancer la DRH" not in page
    assert 'id="history-title"' not in page
