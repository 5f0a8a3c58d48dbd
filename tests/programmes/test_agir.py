"""AGIR: at most one running deployment per département (database and form), and the rollout
page over every département."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Action

from .factories import ActionFactory, action_form_data, in_french

ROLLOUT = reverse("programmes:agir-rollout")


def deployment(department, status="running", **fields):
    return ActionFactory(
        agir=True, agir_department=department, departments=[department], status=status, **fields
    )


def test_the_database_refuses_a_second_running_deployment_in_a_departement(departments):
    deployment(departments["69"])
    deployment(departments["69"], status="planned")
    deployment(departments["69"], status="closed")
    with pytest.raises(IntegrityError), transaction.atomic():
        deployment(departments["69"])
    deployment(departments["75"])  # another département is free


def test_the_form_says_which_field_breaks_the_one_running_deployment_rule(
    client, national_user, departments
):
    running = deployment(departments["69"])
    client.force_login(national_user)
    data = action_form_data(
        running.operator,
        [departments["69"]],
        programme_code="AGIR",
        status="running",
        agir_department=departments["69"].pk,
    )
    response = client.post(reverse("programmes:action-create"), data)
    assert response.status_code == 200
    constraint = next(
        c
        for c in Action._meta.constraints
        if c.name == "one_running_agir_deployment_per_department"
    )
    assert response.context["form"].errors["agir_department"] == [
        in_french(constraint.violation_error_message)
    ]
    assert "fr-error-text" in response.content.decode()
    assert Action.objects.count() == 1

    # Planned, it may wait for the running one to close; and the running one may be edited.
    data["status"] = "planned"
    assert client.post(reverse("programmes:action-create"), data).status_code == 302
    edit = action_form_data(
        running.operator,
        [departments["69"]],
        programme_code="AGIR",
        title=running.title,
        status="running",
        agir_department=departments["69"].pk,
        capacity="40",
    )
    assert (
        client.post(reverse("programmes:action-update", args=[running.pk]), edit).status_code == 302
    )


def test_rollout_gives_each_departement_its_status_and_the_national_counts(
    client, rhone_user, departments
):
    deployment(departments["69"], agir_wave=2022, actual_start_date="2022-09-01")
    deployment(departments["69"], status="closed")
    deployment(departments["75"], status="planned", agir_wave=2025)
    deployment(departments["13"], status="closed")  # closed only: none
    deployment(departments["01"], status="closed")
    deployment(departments["01"], status="planned")
    client.force_login(rhone_user)
    response = client.get(ROLLOUT)
    assert response.status_code == 200
    assert response.context["counts"] == {"running": 1, "planned": 2, "none": 98}
    rows = {row["department"].code: row for row in response.context["rows"]}
    assert len(rows) == 101
    assert rows["69"]["deployment"].status == "running"
    assert rows["75"]["deployment"].agir_wave == 2025
    assert rows["13"]["deployment"] is None
    assert rows["01"]["deployment"].status == "planned"
    # The Rhône coordinator sees Paris' rollout, but its action page only through the list.
    assert rows["69"]["linked"] and not rows["75"]["linked"]
    page = response.content.decode()
    assert rows["75"]["deployment"].operator.name in page
    assert rows["69"]["deployment"].get_absolute_url() in page
    assert rows["75"]["deployment"].get_absolute_url() not in page


def test_rollout_runs_a_fixed_number_of_queries(client, national_user, departments):
    client.force_login(national_user)
    client.get(ROLLOUT)  # the session and the user's scope are loaded once
    deployment(departments["69"])
    with CaptureQueriesContext(connection) as few:
        client.get(ROLLOUT)
    for code in ["75", "13", "01"]:
        deployment(departments[code], status="planned")
        deployment(departments[code], status="closed")
    with CaptureQueriesContext(connection) as more:
        client.get(ROLLOUT)
    assert len(more) == len(few)
