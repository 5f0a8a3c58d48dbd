"""Recording a mobilisation action: checked in full before saving, nothing half-saved, and a
coordinator stays within their territory."""

import datetime

import pytest
from django.urls import reverse

from partners.models import MobilisationAction

URL = reverse("mobilisation:action-create")


def form_data(departments, orgs, /, **overrides):
    return {
        "title": "Petit-déjeuner RH Lyon",
        "kind": "awareness",
        "date": "2026-02-10",
        "format": "on_site",
        "departments": [departments["69"].pk],
        "organiser": orgs["rhone_operator"].pk,
        "invited": [orgs["company"].pk, orgs["rhone_company"].pk],
        "attendees": [orgs["company"].pk],
        "participants": "7",
        "notes": "Trois entreprises du BTP intéressées.",
        "follow_up": "Envoyer la plaquette HOPE.",
        **overrides,
    }


def counts():
    return (
        MobilisationAction.objects.count(),
        MobilisationAction.history.count(),
        MobilisationAction.departments.through.objects.count(),
        MobilisationAction.invited.through.objects.count(),
        MobilisationAction.attendees.through.objects.count(),
    )


def assert_refused(response, field, code, before):
    assert response.status_code == 200
    assert response.context["form"].has_error(field, code), response.context["form"].errors
    assert "fr-error-text" in response.content.decode()
    assert counts() == before


def test_a_coordinator_records_an_action_of_their_territory(client, rhone_user, departments, orgs):
    client.force_login(rhone_user)
    response = client.post(URL, form_data(departments, orgs))
    action = MobilisationAction.objects.get(title="Petit-déjeuner RH Lyon")
    assert response.status_code == 302
    assert response.url == action.get_absolute_url()
    assert action.date == datetime.date(2026, 2, 10)
    assert list(action.departments.all()) == [departments["69"]]
    assert set(action.invited.all()) == {orgs["company"], orgs["rhone_company"]}
    assert list(action.attendees.all()) == [orgs["company"]]
    assert action.participants == 7
    assert action.created_by == rhone_user
    assert action.history.filter(history_type="+", history_user=rhone_user).exists()
    page = client.get(response.url).content.decode()
    assert "fr-alert--success" in page
    assert "Envoyer la plaquette HOPE." in page


def test_a_walk_in_is_recorded_as_present_without_an_invitation(
    client, rhone_user, departments, orgs
):
    client.force_login(rhone_user)
    data = form_data(departments, orgs, invited=[], attendees=[orgs["rhone_company"].pk])
    assert client.post(URL, data).status_code == 302
    action = MobilisationAction.objects.get()
    assert list(action.attendees.all()) == [orgs["rhone_company"]]
    assert not action.invited.exists()


def test_national_staff_record_a_national_action(client, national_user, departments, orgs):
    client.force_login(national_user)
    response = client.post(URL, form_data(departments, orgs, departments=[]))
    assert response.status_code == 302
    assert not MobilisationAction.objects.get().departments.exists()


def test_a_departement_outside_the_territory_is_a_field_error(
    client, rhone_user, departments, orgs
):
    client.force_login(rhone_user)
    before = counts()
    data = form_data(departments, orgs, departments=[departments["69"].pk, departments["75"].pk])
    assert_refused(client.post(URL, data), "departments", "invalid_choice", before)


def test_a_coordinator_may_not_record_a_national_action(client, rhone_user, departments, orgs):
    client.force_login(rhone_user)
    before = counts()
    response = client.post(URL, form_data(departments, orgs, departments=[]))
    assert_refused(response, "departments", "required", before)
    assert "Only national staff may record a national action" in response.content.decode()


def test_a_negative_number_of_participants_is_refused(client, national_user, departments, orgs):
    client.force_login(national_user)
    before = counts()
    response = client.post(URL, form_data(departments, orgs, participants="-1"))
    assert_refused(response, "participants", "min_value", before)


def test_organisations_present_need_at_least_one_participant(
    client, national_user, departments, orgs
):
    client.force_login(national_user)
    before = counts()
    response = client.post(URL, form_data(departments, orgs, participants="0"))
    assert_refused(response, "participants", "no_participant", before)


def test_no_one_is_present_at_an_action_still_to_come(client, national_user, departments, orgs):
    client.force_login(national_user)
    before = counts()
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = client.post(URL, form_data(departments, orgs, date=tomorrow.isoformat()))
    assert_refused(response, "attendees", "attendance_in_future", before)


def test_an_action_to_come_is_recorded_with_its_guests(client, national_user, departments, orgs):
    client.force_login(national_user)
    next_month = datetime.date.today() + datetime.timedelta(days=30)
    data = form_data(departments, orgs, date=next_month.isoformat(), attendees=[], participants="0")
    assert client.post(URL, data).status_code == 302
    assert MobilisationAction.objects.get().invited.count() == 2


def test_a_coordinator_invites_only_organisations_they_may_see(
    client, rhone_user, departments, orgs
):
    client.force_login(rhone_user)
    before = counts()
    response = client.post(URL, form_data(departments, orgs, invited=[orgs["paris_company"].pk]))
    assert_refused(response, "invited", "invalid_choice", before)


@pytest.mark.parametrize("role", ["operator_user", "company_user"])
def test_operators_and_companies_may_not_record_actions(client, request, departments, orgs, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(URL, form_data(departments, orgs))
    assert response.status_code == 403
    assert not MobilisationAction.objects.exists()


def test_the_form_tells_a_coordinator_their_choices(client, rhone_user, departments, orgs):
    client.force_login(rhone_user)
    response = client.get(URL)
    departments_field = response.context["form"].fields["departments"]
    assert list(departments_field.queryset) == [departments["69"]]
    assert "only national staff record national actions" in response.content.decode()
