"""Beneficiaries in the Django admin: national staff only, and an access log nobody can add to,
change or delete."""

import pytest
from django.urls import reverse

from beneficiaries.models import AccessLog

MODELS = ["beneficiary", "enrolment", "pathwaystep", "followup", "accesslog"]


@pytest.mark.parametrize("model", MODELS)
def test_national_staff_list_the_records(client, users, world, model):
    client.force_login(users["national"])
    response = client.get(reverse(f"admin:beneficiaries_{model}_changelist"))
    assert response.status_code == 200


def test_the_beneficiaries_list_shows_the_people(client, users, world):
    client.force_login(users["national"])
    page = client.get(reverse("admin:beneficiaries_beneficiary_changelist")).content.decode()
    for person in world.people.values():
        assert person.last_name.upper() in page


@pytest.mark.parametrize("role", ["rhone", "operator", "company"])
def test_other_roles_do_not_enter_the_admin(client, users, world, role):
    client.force_login(users[role])
    response = client.get(reverse("admin:beneficiaries_beneficiary_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_access_log_is_read_only_even_for_national_staff(client, users, world):
    line = AccessLog.objects.create(
        beneficiary=world.people["rhone"], user=users["operator"], kind="view"
    )
    client.force_login(users["national"])
    assert client.get(reverse("admin:beneficiaries_accesslog_add")).status_code == 403
    change = reverse("admin:beneficiaries_accesslog_change", args=[line.pk])
    assert client.get(change).status_code == 200  # shown, read-only
    assert client.post(change, {"kind": "export"}).status_code == 403
    delete = reverse("admin:beneficiaries_accesslog_delete", args=[line.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    line.refresh_from_db()
    assert line.kind == "view"
