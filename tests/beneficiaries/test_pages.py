"""The beneficiary pages do what their users rely on: the access log written on every view
and change, forms refusing identity numbers and impossible dates, a search tolerant of
accents, case and hyphens, one timeline where an operator reads the details of its own
enrolments only, an action's enrolments on its page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from beneficiaries.models import AccessLog, Beneficiary, Enrolment
from reporting.exits import ExitClass, exit_class

from ..conftest import in_english
from ..programmes.factories import ActionFactory
from .factories import BeneficiaryFactory, EnrolmentFactory, PathwayStepFactory


@pytest.fixture
def client(client):
    """Pages in English, the language of the source strings these tests read."""
    return in_english(client)


NIR = "1 85 05 78 006 084 36"


def person_data(followed, **changes):
    """What the record form posts for a new person of the Rhône followed."""
    data = {
        "last_name": "Haidari",
        "first_name": "Jean-Pierre",
        "birth_date": "1990-03-04",
        "sex": "M",
        "nationality": "AF",
        "protection_status": "subsidiary",
        "department": followed.rhone.person.department_id,
        "employment_at_entry": "none",
        "housing_at_entry": "hosted",
        "referent_organisation": followed.rhone.action.operator_id,
        "notice_given_on": "2026-09-01",
        "notice_version": "2026-01",
    }
    return {**data, **changes}


# --- Access log ---------------------------------------------------------------------------------


def test_each_view_of_a_page_is_logged_with_who_and_from_where(client, followed):
    client.force_login(followed.users["operator"])
    url = followed.rhone.person.get_absolute_url()
    client.get(url, REMOTE_ADDR="192.0.2.7")
    client.get(url, REMOTE_ADDR="192.0.2.7")
    rows = AccessLog.objects.filter(beneficiary=followed.rhone.person)
    assert [(r.user, r.kind, r.address, r.path) for r in rows] == [
        (followed.users["operator"], "view", "192.0.2.7", url)
    ] * 2


def test_a_page_out_of_scope_logs_nothing(client, followed):
    client.force_login(followed.users["paris"])
    assert client.get(followed.rhone.person.get_absolute_url()).status_code == 404
    assert not AccessLog.objects.exists()


def test_creating_and_changing_a_record_are_logged(client, followed):
    client.force_login(followed.users["operator"])
    response = client.post(reverse("beneficiaries:beneficiary-create"), person_data(followed))
    person = Beneficiary.objects.get(first_name="Jean-Pierre")
    assert response.url == person.get_absolute_url()
    client.post(
        reverse("beneficiaries:beneficiary-update", args=[person.pk]),
        person_data(followed, prior_occupation="Boulanger"),
    )
    person.refresh_from_db()
    assert person.prior_occupation == "Boulanger"
    assert list(AccessLog.objects.order_by("pk").values_list("kind", flat=True)) == [
        "create",
        "change",
    ]
    # The change history holds the before and after.
    assert person.history.count() == 2


def test_enrolling_and_closing_are_logged_as_changes(client, followed):
    client.force_login(followed.users["operator"])
    enrolment = followed.rhone.enrolment
    client.post(
        reverse("beneficiaries:enrolment-close", args=[enrolment.pk]),
        {"exit_date": "2026-08-28", "exit_reason": "job"},
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.exit_reason) == ("exited", "job")
    assert enrolment.follow_ups.count() == 2
    assert AccessLog.objects.get().kind == "change"


def test_national_staff_read_who_consulted_the_record_and_others_do_not(client, followed):
    client.force_login(followed.users["operator"])
    client.get(followed.rhone.person.get_absolute_url())
    response = client.get(followed.rhone.person.get_absolute_url())
    assert 'data-testid="access-log"' not in response.content.decode()
    client.force_login(followed.users["national"])
    content = client.get(followed.rhone.person.get_absolute_url()).content.decode()
    assert 'data-testid="access-log"' in content
    assert followed.users["operator"].get_full_name() in content


# --- Forms --------------------------------------------------------------------------------------


def test_an_identity_number_is_refused_with_a_clear_message(client, followed):
    client.force_login(followed.users["operator"])
    response = client.post(
        reverse("beneficiaries:beneficiary-create"),
        person_data(followed, last_name=f"Haidari {NIR}", prior_occupation="AGDREF 7501234567"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["last_name"][0].startswith("Do not record a social-security")
    assert "prior_occupation" in form.errors
    assert not Beneficiary.objects.filter(first_name="Jean-Pierre").exists()


def test_the_record_form_has_no_identity_number_field(client, followed):
    client.force_login(followed.users["national"])
    form = client.get(reverse("beneficiaries:beneficiary-create")).context["form"]
    assert not {"nir", "agdref", "permit", "residence_permit"} & set(form.fields)


def test_an_operator_chooses_only_its_own_organisation_as_referent(client, followed):
    client.force_login(followed.users["operator"])
    form = client.get(reverse("beneficiaries:beneficiary-create")).context["form"]
    assert list(form.fields["referent_organisation"].queryset) == [followed.rhone.action.operator]
    assert form.fields["referent_organisation"].initial == followed.rhone.action.operator.pk
    response = client.post(
        reverse("beneficiaries:beneficiary-create"),
        person_data(followed, referent_organisation=followed.paris_operator.pk),
    )
    assert "referent_organisation" in response.context["form"].errors


def test_a_coordinator_records_people_of_their_territory_only(client, followed, departments):
    client.force_login(followed.users["rhone"])
    form = client.get(reverse("beneficiaries:beneficiary-create")).context["form"]
    assert [d.code for d in form.fields["department"].queryset] == ["69"]


def test_entry_before_referral_is_refused_on_the_entry_date(client, followed):
    client.force_login(followed.users["operator"])
    response = client.post(
        reverse("beneficiaries:enrolment-create", args=[followed.rhone.person.pk]),
        {
            "action": ActionFactory(operator=followed.rhone.action.operator).pk,
            "referral_source": "ofii",
            "referral_date": "2026-05-10",
            "entry_date": "2026-05-02",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["entry_date"] == [
        "The entry date cannot precede the referral date."
    ]


def test_a_second_open_enrolment_in_the_same_action_is_refused(client, followed):
    client.force_login(followed.users["operator"])
    response = client.post(
        reverse("beneficiaries:enrolment-create", args=[followed.rhone.person.pk]),
        {
            "action": followed.rhone.action.pk,
            "referral_source": "ofii",
            "referral_date": "2026-08-10",
        },
    )
    assert response.context["form"].errors["action"] == [
        "This person is already enrolled in this action."
    ]
    assert Enrolment.objects.filter(beneficiary=followed.rhone.person).count() == 2


def test_actions_offered_are_those_the_user_may_change(client, followed):
    client.force_login(followed.users["operator"])
    response = client.get(
        reverse("beneficiaries:enrolment-create", args=[followed.rhone.person.pk])
    )
    assert list(response.context["form"].fields["action"].queryset) == [followed.rhone.action]


def test_an_exit_before_the_entry_is_refused(client, followed):
    client.force_login(followed.users["operator"])
    response = client.post(
        reverse("beneficiaries:enrolment-close", args=[followed.rhone.enrolment.pk]),
        {"exit_date": "2026-07-01", "exit_reason": "job"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    followed.rhone.enrolment.refresh_from_db()
    assert followed.rhone.enrolment.status == "entered"


def test_a_job_step_names_its_employer_and_contract(client, followed):
    client.force_login(followed.users["operator"])
    url = reverse("beneficiaries:step-create", args=[followed.rhone.person.pk, "job"])
    form = client.get(url).context["form"]
    assert {"organisation", "contract_type", "weekly_hours", "occupation"} <= set(form.fields)
    assert not {"course_hours", "french_level_reached", "housing"} & set(form.fields)
    response = client.post(
        url,
        {
            "enrolment": followed.rhone.enrolment.pk,
            "status": "started",
            "start_date": "2026-08-03",
            "siret": followed.rhone.step.organisation.siret,
            "weekly_hours": "24",
        },
    )
    assert response.context["form"].errors["contract_type"]


def test_a_french_course_records_hours_and_level(client, followed):
    client.force_login(followed.users["operator"])
    url = reverse("beneficiaries:step-create", args=[followed.rhone.person.pk, "french_course"])
    response = client.post(
        url,
        {
            "enrolment": followed.rhone.enrolment.pk,
            "status": "completed",
            "start_date": "2026-07-07",
            "end_date": "2026-08-07",
            "course_hours": "120",
            "french_level_reached": "A2",
            "certification": "DELF A2",
            "certified": "on",
        },
    )
    assert response.url == followed.rhone.person.get_absolute_url()
    step = followed.rhone.person.steps.get(kind="french_course")
    assert (step.course_hours, step.french_level_reached, step.certified) == (120, "A2", True)


def test_a_follow_up_of_an_employed_person_needs_the_contract(client, followed):
    client.force_login(followed.users["operator"])
    url = reverse("beneficiaries:followup-record", args=[followed.rhone.follow_up.pk])
    response = client.post(url, {"recorded_on": "2026-11-02", "situation": "employed"})
    assert response.context["form"].errors["contract_type"]
    response = client.post(
        url, {"recorded_on": "2026-11-02", "situation": "employed", "contract_type": "cdi"}
    )
    followed.rhone.follow_up.refresh_from_db()
    assert (followed.rhone.follow_up.situation, followed.rhone.follow_up.contract_type) == (
        "employed",
        "cdi",
    )


# --- Lists --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["jean pierre", "JEAN-PIERRE", "jean‑pierre haidari", "haidari jean", "Jéan"]
)
def test_the_name_search_ignores_case_accents_and_hyphens(client, followed, typed):
    BeneficiaryFactory(
        first_name="Jean-Pierre",
        last_name="Haidari",
        department=followed.rhone.person.department,
    )
    client.force_login(followed.users["rhone"])
    response = client.get(reverse("beneficiaries:beneficiary-list"), {"q": typed})
    assert [p.first_name for p in response.context["object_list"]] == ["Jean-Pierre"]


def test_the_list_filters_by_age_band_programme_and_status(client, followed):
    young = BeneficiaryFactory(
        birth_date=datetime.date(2004, 1, 1), department=followed.rhone.person.department
    )
    client.force_login(followed.users["national"])
    url = reverse("beneficiaries:beneficiary-list")
    assert list(client.get(url, {"age_band": "under_26"}).context["object_list"]) == [young]
    by_status = client.get(url, {"status": "exited", "programme": "PIC"}).context["object_list"]
    assert set(by_status) == {followed.rhone.person, followed.paris.person}


def test_the_department_filter_offers_only_the_scope(client, followed):
    client.force_login(followed.users["rhone"])
    response = client.get(reverse("beneficiaries:beneficiary-list"))
    choices = response.context["filter"].form.fields["department"].queryset
    assert [d.code for d in choices] == ["69"]


def test_follow_ups_due_are_listed_by_state(client, followed):
    client.force_login(followed.users["operator"])
    url = reverse("beneficiaries:followup-list")
    today = timezone.localdate()
    followed.rhone.follow_up.due_date = today - datetime.timedelta(days=60)
    followed.rhone.follow_up.save()
    assert list(client.get(url).context["object_list"]) == [followed.rhone.follow_up]
    assert list(client.get(url, {"state": "overdue"}).context["object_list"]) == [
        followed.rhone.follow_up
    ]
    assert len(client.get(url, {"state": "pending"}).context["object_list"]) == 2


# --- The person's page --------------------------------------------------------------------------


def test_an_operator_reads_the_details_of_its_own_enrolments_only(client, followed):
    """The Rhône person also went through the Paris operator's action: the Rhône operator sees
    which programme and when, not the notes nor the steps recorded there."""
    other = EnrolmentFactory(
        beneficiary=followed.rhone.person,
        action=followed.paris.action,
        exited=True,
        notes="Note du partenaire parisien",
    )
    PathwayStepFactory(enrolment=other, kind="immersion", occupation="Pâtissière")
    client.force_login(followed.users["operator"])
    content = client.get(followed.rhone.person.get_absolute_url()).content.decode()
    assert "Cuisines de Paris" in content
    assert "Pâtissière" not in content
    assert "Note du partenaire parisien" not in content
    detail = reverse("beneficiaries:enrolment-detail", args=[other.pk])
    assert detail not in content
    assert client.get(detail).status_code == 404
    client.force_login(followed.users["national"])
    assert "Pâtissière" in client.get(followed.rhone.person.get_absolute_url()).content.decode()


def test_the_timeline_orders_enrolments_and_steps_by_date(client, followed):
    client.force_login(followed.users["operator"])
    events = client.get(followed.rhone.person.get_absolute_url()).context["events"]
    assert [(e.date, e.title) for e in events] == [
        (datetime.date(2026, 1, 12), "Referred to"),
        (datetime.date(2026, 1, 19), "Entered"),
        (datetime.date(2026, 6, 30), "Exited"),
        (datetime.date(2026, 7, 1), "Referred to"),
        (datetime.date(2026, 7, 6), "Entered"),
        (datetime.date(2026, 7, 20), "Job"),
    ]


def test_the_action_page_lists_its_enrolments_and_capacity(client, followed):
    client.force_login(followed.users["operator"])
    response = client.get(followed.rhone.action.get_absolute_url())
    content = response.content.decode()
    assert 'data-testid="action-enrolments"' in content
    assert "HAIDARI" in content
    assert "2 entered for a capacity of 20; 1 accompanied now." in " ".join(content.split())
    client.force_login(followed.users["national"])
    assert "HAIDARI" in client.get(followed.rhone.action.get_absolute_url()).content.decode()


def test_the_list_filters_by_exit_class(client, followed):
    """The exit class is `reporting`'s definition, registered on the list by ReportingConfig:
    the filter keeps the people with an ended enrolment of that class."""
    abandoned = EnrolmentFactory(
        action=followed.rhone.action,
        abandoned=True,
        beneficiary__department=followed.rhone.person.department,
    )
    ended = [followed.rhone.exited, followed.paris.exited, abandoned]
    client.force_login(followed.users["national"])
    url = reverse("beneficiaries:beneficiary-list")
    for value, _label in ExitClass.choices:
        expected = {e.beneficiary for e in ended if exit_class(e) == value}
        listed = client.get(url, {"exit_class": value}).context["object_list"]
        assert set(listed) == expected, value
    assert exit_class(abandoned) == ExitClass.OTHER


def test_the_exit_class_filter_reads_only_enrolments_the_user_accompanies(client, followed):
    """A person the Rhône operator is referent of left the Paris operator's action with a CDI:
    the Rhône operator sees the person, not how that accompaniment ended."""
    person = BeneficiaryFactory(
        department=followed.rhone.person.department,
        referent_organisation=followed.rhone.action.operator,
    )
    elsewhere = EnrolmentFactory(beneficiary=person, action=followed.paris.action, exited=True)
    PathwayStepFactory(enrolment=elsewhere, job=True, start_date=elsewhere.exit_date)
    url = reverse("beneficiaries:beneficiary-list")
    client.force_login(followed.users["national"])
    assert person in client.get(url, {"exit_class": "durable"}).context["object_list"]
    client.force_login(followed.users["operator"])
    assert person in client.get(url).context["object_list"]
    assert person not in client.get(url, {"exit_class": "durable"}).context["object_list"]
