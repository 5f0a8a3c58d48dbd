"""Adding and editing actions: scope of the choices, full validation before saving, the
programme-specific fieldsets, and the history of every change."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from partners.models import OrganisationKind
from programmes.forms import REQUIRED_FOR_PROGRAMME, ActionForm
from programmes.models import Action
from programmes.views import ActionCreateView

from ..factories import OrganisationFactory
from .factories import ActionFactory, action_form_data, in_french

CREATE = reverse("programmes:action-create")


def update_url(action):
    return reverse("programmes:action-update", args=[action.pk])


def test_coordinator_adds_an_action_in_their_territory(
    client, rhone_user, rhone_operator, departments, programmes
):
    client.force_login(rhone_user)
    response = client.post(CREATE, action_form_data(rhone_operator, [departments["69"]]))
    action = Action.objects.get(title="Cuisine et français à Lyon")
    assert response.status_code == 302
    assert response.url == action.get_absolute_url()
    assert action.programme.code == "PIC"
    assert list(action.departments.all()) == [departments["69"]]
    assert action.capacity == 15
    record = action.history.earliest()
    assert record.history_type == "+"
    assert record.history_user == rhone_user
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Cuisine et français à Lyon" in page
    assert escape(in_french(ActionCreateView.success_message)) in page
    assert escape(str(rhone_user)) in page  # in the history, as the author


def test_coordinator_may_not_choose_a_departement_outside_their_territory(
    client, rhone_user, rhone_operator, departments, programmes
):
    client.force_login(rhone_user)
    form = client.get(CREATE).context["form"]
    assert list(form.fields["departments"].queryset) == [departments["69"]]

    response = client.post(
        CREATE, action_form_data(rhone_operator, [departments["69"], departments["75"]])
    )
    assert response.status_code == 200
    assert "departments" in response.context["form"].errors
    assert "fr-error-text" in response.content.decode()
    assert not Action.objects.exists()


def test_operator_acts_for_their_own_organisation_only(
    client, operator_user, rhone_operator, paris_operator, departments, programmes
):
    client.force_login(operator_user)
    form = client.get(CREATE).context["form"]
    assert list(form.fields["operator"].queryset) == [rhone_operator]

    refused = client.post(CREATE, action_form_data(paris_operator, [departments["75"]]))
    assert "operator" in refused.context["form"].errors
    assert not Action.objects.exists()

    # Their organisation may run an action anywhere, for instance in Paris.
    accepted = client.post(CREATE, action_form_data(rhone_operator, [departments["75"]]))
    assert accepted.status_code == 302
    assert Action.objects.get().operator == rhone_operator


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_date": "2026-01-01"}, "end_date"),
        ({"capacity": "0"}, "capacity"),
        ({"budget": "-10"}, "budget"),
        ({"title": ""}, "title"),
        ({"departments": None}, "departments"),
        ({"programme": "INCONNU"}, "programme"),
    ],
)
def test_invalid_action_shows_a_field_error_and_saves_nothing(
    client, national_user, rhone_operator, departments, programmes, changes, field
):
    client.force_login(national_user)
    response = client.post(CREATE, action_form_data(rhone_operator, [departments["69"]], **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "fr-error-text" in response.content.decode()
    assert not Action.objects.exists()


def test_edit_is_recorded_in_the_history_shown_on_the_action_page(
    client, rhone_user, rhone_action, departments
):
    client.force_login(rhone_user)
    form = client.get(update_url(rhone_action)).context["form"]
    assert form.initial["programme"] == "PIC"
    data = action_form_data(
        rhone_action.operator, [departments["69"]], title=rhone_action.title, capacity="25"
    )
    response = client.post(update_url(rhone_action), data)
    assert response.status_code == 302
    rhone_action.refresh_from_db()
    assert rhone_action.capacity == 25
    history = client.get(rhone_action.get_absolute_url()).context["history"]
    changes = [(str(label), old, new) for entry in history for label, old, new in entry.changes]
    assert (in_french(Action._meta.get_field("capacity").verbose_name), "20", "25") in changes


def test_invalid_edit_changes_nothing_and_leaves_the_history_alone(
    client, rhone_user, rhone_action, departments
):
    records = rhone_action.history.count()
    client.force_login(rhone_user)
    data = action_form_data(rhone_action.operator, [departments["69"]], start_date="2027-01-01")
    response = client.post(update_url(rhone_action), data)
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    rhone_action.refresh_from_db()
    assert rhone_action.title == "Bâtir en Rhône"
    assert rhone_action.history.count() == records


def test_coordinator_keeps_the_departements_outside_their_territory_an_action_already_covers(
    client, rhone_user, rhone_operator, departments
):
    action = ActionFactory(
        operator=rhone_operator, departments=[departments["69"], departments["01"]]
    )
    client.force_login(rhone_user)
    kept = action_form_data(
        rhone_operator, [departments["69"], departments["01"]], title=action.title, capacity="30"
    )
    assert client.post(update_url(action), kept).status_code == 302
    added = action_form_data(rhone_operator, [departments["69"], departments["13"]])
    response = client.post(update_url(action), added)
    assert "departments" in response.context["form"].errors


def test_nothing_is_half_saved_when_saving_relations_fails(
    client, national_user, rhone_operator, departments, programmes, monkeypatch
):
    def broken(form):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ActionForm, "_save_m2m", broken)
    client.force_login(national_user)
    with pytest.raises(RuntimeError):
        client.post(CREATE, action_form_data(rhone_operator, [departments["69"]]))
    assert not Action.objects.exists()


def test_the_programme_can_be_chosen_from_the_address(client, rhone_user, programmes):
    client.force_login(rhone_user)
    response = client.get(CREATE, {"programme": "CTAI"})
    assert response.context["form"]["programme"].value() == "CTAI"
    assert 'value="CTAI" selected' in response.content.decode()


# --- Programme-specific facts ---------------------------------------------------------------


@pytest.fixture
def afpa(departments):
    return OrganisationFactory(
        name="AFPA Saint-Priest", kind=OrganisationKind.OPERATOR, department=departments["69"]
    )


@pytest.fixture
def opco(db):
    return OrganisationFactory(name="Constructys", kind=OrganisationKind.OPCO, department=None)


HOPE_PHASES = {
    "french_start": "2026-03-02",
    "french_end": "2026-05-29",
    "poec_start": "2026-06-01",
    "poec_end": "2026-09-25",
    "work_study_start": "2026-09-28",
    "work_study_end": "2026-12-18",
}


def test_a_hope_session_keeps_its_centre_opco_phases_and_housing(
    client, rhone_user, rhone_operator, afpa, opco, departments, programmes
):
    client.force_login(rhone_user)
    data = action_form_data(
        rhone_operator,
        [departments["69"]],
        programme_code="HOPE",
        sector="construction",
        hope_centre=afpa.pk,
        hope_opco=opco.pk,
        housing_provided="true",
        **HOPE_PHASES,
    )
    response = client.post(CREATE, data)
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.hope_centre, action.hope_opco, action.housing_provided) == (afpa, opco, True)
    assert str(action.poec_start) == "2026-06-01"
    page = client.get(action.get_absolute_url()).content.decode()
    assert "AFPA Saint-Priest" in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hope_centre": None}, "hope_centre"),
        ({"sector": ""}, "sector"),
        ({"french_end": "2026-02-01"}, "french_end"),
        ({"poec_start": "2026-05-01"}, "poec_start"),
        ({"work_study_end": "2026-09-01"}, "work_study_end"),
    ],
)
def test_a_hope_session_needs_its_centre_sector_and_ordered_phases(
    client, rhone_user, rhone_operator, afpa, departments, programmes, changes, field
):
    client.force_login(rhone_user)
    fields = {"sector": "construction", "hope_centre": afpa.pk, **HOPE_PHASES, **changes}
    data = action_form_data(rhone_operator, [departments["69"]], programme_code="HOPE", **fields)
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Action.objects.exists()


def test_fields_of_another_programme_are_ignored(
    client, rhone_user, rhone_operator, afpa, departments, programmes
):
    client.force_login(rhone_user)
    data = action_form_data(
        rhone_operator,
        [departments["69"]],
        hope_centre=afpa.pk,
        french_start="2026-05-01",
        french_end="not a date",
        agir_department=departments["75"].pk,
        contract="999",
    )
    response = client.post(CREATE, data)
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.hope_centre is None
    assert action.french_start is None
    assert action.agir_department is None
    assert action.contract is None


def test_changing_the_programme_clears_the_facts_of_the_former_one(
    client, national_user, afpa, departments
):
    action = ActionFactory(hope=True, hope_centre=afpa, departments=[departments["69"]])
    client.force_login(national_user)
    data = action_form_data(action.operator, [departments["69"]], programme_code="PIC")
    assert client.post(update_url(action), data).status_code == 302
    action.refresh_from_db()
    assert action.programme.code == "PIC"
    assert action.hope_centre is None


def test_a_ctai_action_belongs_to_a_contract_the_user_sees_and_that_covers_it(
    client, rhone_user, national_user, rhone_operator, rhone_contract, paris_contract, departments
):
    client.force_login(rhone_user)
    ctai = {"programme_code": "CTAI"}
    missing = client.post(CREATE, action_form_data(rhone_operator, [departments["69"]], **ctai))
    assert missing.context["form"].errors["contract"] == [
        in_french(REQUIRED_FOR_PROGRAMME["contract"])
    ]
    form = missing.context["form"]
    assert list(form.fields["contract"].queryset) == [rhone_contract]

    foreign = action_form_data(
        rhone_operator, [departments["69"]], contract=paris_contract.pk, **ctai
    )
    assert "contract" in client.post(CREATE, foreign).context["form"].errors

    client.force_login(national_user)
    wider = action_form_data(
        rhone_operator,
        [departments["69"], departments["01"]],
        contract=rhone_contract.pk,
        **ctai,
    )
    response = client.post(CREATE, wider)
    assert "Ain (01)" in str(response.context["form"].errors["contract"])
    assert not Action.objects.exists()

    client.force_login(rhone_user)
    valid = action_form_data(
        rhone_operator, [departments["69"]], contract=rhone_contract.pk, **ctai
    )
    assert client.post(CREATE, valid).status_code == 302
    action = Action.objects.get()
    assert action.contract == rhone_contract
    assert action.title in client.get(rhone_contract.get_absolute_url()).content.decode()


def test_the_agir_departement_is_one_of_the_departements_covered(
    client, national_user, rhone_operator, departments, programmes
):
    client.force_login(national_user)
    data = action_form_data(
        rhone_operator,
        [departments["69"]],
        programme_code="AGIR",
        agir_department=departments["75"].pk,
        agir_wave="2024",
    )
    response = client.post(CREATE, data)
    assert "agir_department" in response.context["form"].errors
    data["agir_department"] = departments["69"].pk
    data["actual_start_date"] = "2026-03-16"
    assert client.post(CREATE, data).status_code == 302
    action = Action.objects.get()
    assert (action.agir_department, action.agir_wave) == (departments["69"], 2024)


def test_an_agir_wave_is_a_plausible_year(
    client, national_user, rhone_operator, departments, programmes
):
    client.force_login(national_user)
    data = action_form_data(
        rhone_operator,
        [departments["69"]],
        programme_code="AGIR",
        agir_department=departments["69"].pk,
        agir_wave="24",
    )
    assert "agir_wave" in client.post(CREATE, data).context["form"].errors
