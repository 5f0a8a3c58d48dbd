"""Targets on actions and contracts: added, changed and deleted from the parent's page by
whoever may change the parent; progress comes with the beneficiaries."""

import pytest
from django.urls import reverse

from programmes.models import Target

from .factories import TargetFactory

VALID = {
    "indicator": "entries",
    "value": "60",
    "unit": "count",
    "period_start": "2026-01-01",
    "period_end": "2026-12-31",
}


@pytest.mark.parametrize(
    ("parent_fixture", "url_name", "field"),
    [
        ("rhone_action", "programmes:target-create-for-action", "action"),
        ("rhone_contract", "programmes:target-create-for-contract", "contract"),
    ],
)
def test_coordinator_adds_a_target_from_the_parents_page(
    client, request, rhone_user, parent_fixture, url_name, field
):
    parent = request.getfixturevalue(parent_fixture)
    client.force_login(rhone_user)
    add_url = reverse(url_name, args=[parent.pk])
    assert add_url in client.get(parent.get_absolute_url()).content.decode()
    response = client.post(add_url, VALID)
    assert response.status_code == 302
    assert response.url == parent.get_absolute_url()
    target = Target.objects.get()
    assert getattr(target, field) == parent
    assert target.history.get().history_user == rhone_user
    page = client.get(parent.get_absolute_url()).content.decode()
    assert reverse("programmes:target-update", args=[target.pk]) in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"period_end": "2025-12-31"}, "period_end"),
        ({"value": "0"}, "value"),
        ({"value": "120", "unit": "percent"}, "value"),
        ({"indicator": "happiness"}, "indicator"),
    ],
)
def test_invalid_target_shows_a_field_error_and_saves_nothing(
    client, rhone_user, rhone_action, changes, field
):
    client.force_login(rhone_user)
    url = reverse("programmes:target-create-for-action", args=[rhone_action.pk])
    response = client.post(url, {**VALID, **changes})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "fr-error-text" in response.content.decode()
    assert not Target.objects.exists()


def test_operator_changes_the_target_of_their_action(client, operator_user, rhone_action_target):
    client.force_login(operator_user)
    url = reverse("programmes:target-update", args=[rhone_action_target.pk])
    response = client.post(url, {**VALID, "value": "75"})
    assert response.status_code == 302
    rhone_action_target.refresh_from_db()
    assert rhone_action_target.value == 75
    assert rhone_action_target.history.count() == 2


def test_deleting_a_target_asks_for_confirmation(client, rhone_user, rhone_contract_target):
    client.force_login(rhone_user)
    url = reverse("programmes:target-delete", args=[rhone_contract_target.pk])
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert Target.objects.exists()
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == rhone_contract_target.contract.get_absolute_url()
    assert not Target.objects.exists()
    assert Target.history.filter(history_type="-").count() == 1


def test_targets_promise_progress_once_beneficiaries_are_recorded(client, rhone_user, rhone_action):
    TargetFactory(action=rhone_action, indicator="durable_employment", value=50, unit="percent")
    client.force_login(rhone_user)
    response = client.get(rhone_action.get_absolute_url())
    assert response.status_code == 200
    assert response.context["action"].targets.count() == 1
    assert "fr-table" in response.content.decode()
