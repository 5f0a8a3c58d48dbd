"""Changing a mobilisation action: within one's territory, validated in full, with its history
on the detail page."""

from django.urls import reverse

from partners.models import MobilisationAction

from .factories import MobilisationActionFactory


def edit_url(action):
    return reverse("mobilisation:action-update", args=[action.pk])


def data_of(action, **overrides):
    return {
        "title": action.title,
        "kind": action.kind,
        "date": action.date.isoformat(),
        "format": action.format,
        "departments": [d.pk for d in action.departments.all()],
        "organiser": action.organiser_id or "",
        "invited": [o.pk for o in action.invited.all()],
        "attendees": [o.pk for o in action.attendees.all()],
        "participants": action.participants,
        "notes": action.notes,
        "follow_up": action.follow_up,
        **overrides,
    }


def test_a_coordinator_updates_an_action_of_their_territory(client, rhone_user, actions, orgs):
    action = actions["rhone_plain"]
    client.force_login(rhone_user)
    data = data_of(action, attendees=[orgs["rhone_company"].pk], participants=4)
    response = client.post(edit_url(action), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.participants == 4
    assert list(action.attendees.all()) == [orgs["rhone_company"]]
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Number of participants" in page
    assert "0 → 4" in page


def test_a_coordinator_keeps_the_other_departements_of_a_shared_action(
    client, rhone_user, departments
):
    shared = MobilisationActionFactory(departments=[departments["69"], departments["75"]])
    client.force_login(rhone_user)
    response = client.post(edit_url(shared), data_of(shared, title="Forum Rhône–Paris"))
    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.title == "Forum Rhône–Paris"
    assert set(shared.departments.all()) == {departments["69"], departments["75"]}


def test_a_coordinator_cannot_move_an_action_outside_their_territory(
    client, rhone_user, actions, departments
):
    action = actions["rhone_plain"]
    client.force_login(rhone_user)
    response = client.post(edit_url(action), data_of(action, departments=[departments["13"].pk]))
    assert response.status_code == 200
    assert response.context["form"].has_error("departments", "invalid_choice")
    assert list(action.departments.all()) == [departments["69"]]


def test_a_coordinator_cannot_turn_an_action_national(client, rhone_user, actions, departments):
    action = actions["rhone_plain"]
    client.force_login(rhone_user)
    response = client.post(edit_url(action), data_of(action, departments=[]))
    assert response.context["form"].has_error("departments", "required")
    assert action.departments.exists()


def test_out_of_scope_posts_change_nothing(client, paris_user, actions):
    action = actions["rhone_plain"]
    client.force_login(paris_user)
    response = client.post(edit_url(action), data_of(action, title="Détourné"))
    assert response.status_code == 404
    assert MobilisationAction.objects.get(pk=action.pk).title == action.title
