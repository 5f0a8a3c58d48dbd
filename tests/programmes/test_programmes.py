"""Programmes: the four of the data migration, the programme page with the figures of the
actions the user may see, and national staff adding and editing programmes."""

from decimal import Decimal

import pytest
from django.urls import reverse

from programmes.models import Programme
from reporting.figures import action_figures

from .factories import ActionFactory

CREATE = reverse("programmes:programme-create")


def test_the_four_programmes_exist(db):
    assert set(Programme.objects.values_list("code", flat=True)) >= {"HOPE", "PIC", "AGIR", "CTAI"}


def test_programme_page_figures_cover_the_actions_the_user_may_see(
    client, rhone_user, national_user, departments, programmes
):
    ActionFactory(departments=[departments["69"]], capacity=20, budget=100000)
    ActionFactory(departments=[departments["69"], departments["01"]], capacity=10, budget=50000.5)
    ActionFactory(departments=[departments["75"]], capacity=12, status="planned")
    ActionFactory(hope=True, departments=[departments["69"]], capacity=14)
    url = reverse("programmes:programme-detail", args=["PIC"])

    client.force_login(rhone_user)
    response = client.get(url)
    # The view hands the actions the user may see; reporting counts them.
    assert action_figures(response.context["programme_actions"]) == {
        "actions": 2,
        "running": 2,
        "capacity": 30,
        "budget": Decimal("150000.50"),
        "departments": 2,
    }
    assert len(response.context["actions"]) == 2
    page = response.content.decode()
    assert "fr-tile" in page
    assert '<p class="fr-tile__title fr-h3">30</p>' in page  # planned places
    assert f"{reverse('programmes:action-list')}?programme=PIC" in page

    client.force_login(national_user)
    figures = action_figures(client.get(url).context["programme_actions"])
    assert (figures["actions"], figures["capacity"], figures["departments"]) == (3, 42, 3)


def test_a_programme_without_actions_shows_zeros(client, operator_user, programmes):
    client.force_login(operator_user)
    response = client.get(reverse("programmes:programme-detail", args=["AGIR"]))
    figures = action_figures(response.context["programme_actions"])
    assert figures["actions"] == 0
    assert figures["capacity"] is None
    assert response.status_code == 200


def test_national_staff_add_a_programme(client, national_user):
    client.force_login(national_user)
    response = client.post(
        CREATE,
        {
            "code": "accel",
            "name": "Accélérateur d'emploi",
            "scope": "territorial",
            "start_date": "2026-01-01",
            "is_active": "on",
        },
    )
    programme = Programme.objects.get(code="ACCEL")
    assert response.status_code == 302
    assert response.url == programme.get_absolute_url() == "/programmes/ACCEL/"
    assert programme.history.get().history_user == national_user
    assert client.get(programme.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "actions"}, "code"),
        ({"code": "ctai"}, "code"),
        ({"code": "Objectifs"}, "code"),
        ({"code": "nouveau"}, "code"),
        ({"code": "hope"}, "code"),  # HOPE exists
        ({"code": "deux mots"}, "code"),
        ({"end_date": "2025-01-01"}, "end_date"),
        ({"name": ""}, "name"),
    ],
)
def test_invalid_programme_shows_a_field_error_and_saves_nothing(
    client, national_user, programmes, changes, field
):
    client.force_login(national_user)
    data = {"code": "NOUVEAU2", "name": "Nouveau", "scope": "national", "start_date": "2026-01-01"}
    response = client.post(CREATE, {**data, **changes})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "fr-error-text" in response.content.decode()
    assert Programme.objects.count() == len(programmes)


def test_national_staff_edit_a_programme_but_not_its_code(client, national_user, programmes):
    client.force_login(national_user)
    url = reverse("programmes:programme-update", args=["HOPE"])
    data = {"code": "HOPE2", "name": "HOPE renouvelé", "scope": "national", "is_active": "on"}
    assert client.post(url, data).status_code == 302
    hope = Programme.objects.get(pk=programmes["HOPE"].pk)
    assert (hope.code, hope.name) == ("HOPE", "HOPE renouvelé")
    # The data migration wrote no history: the first record is this change, by its author.
    history = client.get(hope.get_absolute_url()).context["history"]
    assert [entry.user for entry in history] == [str(national_user)]


def test_coordinators_may_not_edit_a_programme(client, rhone_user, programmes):
    client.force_login(rhone_user)
    url = reverse("programmes:programme-update", args=["HOPE"])
    assert client.post(url, {"name": "Pris", "scope": "national"}).status_code == 403
    assert Programme.objects.get(code="HOPE").name != "Pris"
    page = client.get(reverse("programmes:programme-detail", args=["HOPE"])).content.decode()
    assert url not in page


@pytest.mark.parametrize(
    ("code", "name", "shown"),
    [
        ("AGIR", "AGIR — Accompagnement global", "AGIR — Accompagnement global"),
        ("PIC", "PIC IPR — Intégration professionnelle", "PIC IPR — Intégration professionnelle"),
        ("HOPE", "Hébergement, orientation, parcours", "HOPE — Hébergement, orientation, parcours"),
    ],
)
def test_a_programme_reads_its_code_once(code, name, shown):
    assert str(Programme(code=code, name=name)) == shown
