"""The beneficiaries' models: each database constraint refuses its bad row, identity numbers are
refused, and an enrolment's lifecycle (enter, close with its follow-ups, abandon), the AGIR
limit and the follow-ups due and overdue."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from beneficiaries.models import Enrolment, FollowUp

from ..programmes.factories import ActionFactory
from .factories import BeneficiaryFactory, EnrolmentFactory, FollowUpFactory, PathwayStepFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.parametrize(
    ("name", "make"),
    [
        (
            "beneficiary_protection_after_birth",
            lambda: BeneficiaryFactory(
                birth_date=D(1990, 1, 1), protection_granted_on=D(1989, 12, 31)
            ),
        ),
        (
            "enrolment_entry_after_referral",
            lambda: EnrolmentFactory(entered=True, entry_date=D(2026, 1, 11)),
        ),
        (
            "enrolment_exit_after_entry",
            lambda: EnrolmentFactory(exited=True, follow_ups=False, exit_date=D(2026, 1, 18)),
        ),
        (
            "enrolment_exit_after_entry (never entered)",
            lambda: EnrolmentFactory(status="abandoned", exit_date=D(2026, 1, 11)),
        ),
        ("enrolment_entered_has_entry_date", lambda: EnrolmentFactory(status="in_progress")),
        (
            "enrolment_closed_has_exit_date",
            lambda: EnrolmentFactory(entered=True, status="exited"),
        ),
        (
            "pathway_step_end_after_start",
            lambda: PathwayStepFactory(start_date=D(2026, 3, 2), end_date=D(2026, 3, 1)),
        ),
        (
            "pathway_step_job_has_contract_type",
            lambda: PathwayStepFactory(job=True, contract_type=""),
        ),
        ("pathway_step_weekly_hours_legal", lambda: PathwayStepFactory(job=True, weekly_hours=49)),
        (
            "pathway_step_weekly_hours_legal (zero)",
            lambda: PathwayStepFactory(job=True, weekly_hours=0),
        ),
        (
            "follow_up_recorded_has_situation",
            lambda: FollowUpFactory(recorded_on=D(2027, 1, 4), situation=""),
        ),
    ],
)
def test_each_check_constraint_refuses_its_bad_row(departments, name, make):
    refused(make)


def test_one_open_enrolment_per_person_and_action(departments):
    first = EnrolmentFactory(entered=True)
    refused(lambda: EnrolmentFactory(beneficiary=first.beneficiary, action=first.action))
    # Once the first is closed, the person may be enrolled again.
    first.close(D(2026, 5, 29), "completed")
    EnrolmentFactory(beneficiary=first.beneficiary, action=first.action)


def test_one_follow_up_per_enrolment_and_delay(departments):
    follow_up = FollowUpFactory()
    refused(lambda: FollowUpFactory(enrolment=follow_up.enrolment, months=6))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", "Ahmad 1 85 05 78 006 084 36"),  # a NIR with its spaces
        ("prior_occupation", "Maçon 2-85-05-78-006-084-36"),  # a NIR with hyphens
        ("last_name", "Rahimi 7501234567"),  # an AGDREF number
        ("prior_occupation", "Maçon, titre AB1234567"),  # a residence-permit number
    ],
)
def test_identity_numbers_are_refused_by_full_clean(departments, field, value):
    beneficiary = BeneficiaryFactory.build(**{field: value})
    with pytest.raises(ValidationError) as error:
        beneficiary.full_clean(exclude=["referent_organisation", "department"])
    assert field in error.value.message_dict


def test_a_french_phone_number_in_notes_is_not_an_identity_number(departments):
    enrolment = EnrolmentFactory.build(notes="Rappeler au 0612345678 lundi")
    enrolment.clean_fields(exclude=["beneficiary", "action"])


# --- Lifecycle ----------------------------------------------------------------------------------


def test_enter_then_close_creates_the_two_follow_ups(departments):
    enrolment = EnrolmentFactory()
    enrolment.enter(D(2026, 1, 26))
    enrolment.start()
    created = enrolment.close(D(2026, 8, 31), "job")
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.exit_date, enrolment.exit_reason) == (
        "exited",
        D(2026, 8, 31),
        "job",
    )
    assert sorted((f.months, f.due_date) for f in created) == [
        (6, D(2027, 2, 28)),  # 31 August + 6 months: the last day of February
        (12, D(2027, 8, 31)),
    ]
    assert enrolment.follow_ups.count() == 2


def test_schedule_follow_ups_is_idempotent(departments):
    enrolment = EnrolmentFactory(exited=True)
    assert enrolment.schedule_follow_ups() == []
    assert enrolment.follow_ups.count() == 2


def test_a_close_that_fails_leaves_nothing(departments):
    enrolment = EnrolmentFactory(entered=True)
    with pytest.raises(ValidationError):
        enrolment.close(D(2026, 1, 1), "job")  # before the entry
    assert not FollowUp.objects.exists()
    assert Enrolment.objects.get(pk=enrolment.pk).status == "entered"


def test_abandon_records_the_reason_and_schedules_no_follow_up(departments):
    enrolment = EnrolmentFactory(in_progress=True)
    enrolment.abandon("health", on=D(2026, 4, 1))
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.exit_date, enrolment.abandon_reason) == (
        "abandoned",
        D(2026, 4, 1),
        "health",
    )
    assert not enrolment.follow_ups.exists()
    with pytest.raises(ValidationError):
        enrolment.abandon("health")


@pytest.mark.parametrize(
    ("trait", "method", "args"),
    [
        ("entered", "enter", (D(2026, 2, 1),)),
        ("exited", "start", ()),
        (None, "close", (D(2026, 6, 1), "completed")),  # never entered
        ("exited", "close", (D(2026, 7, 1), "completed")),
    ],
)
def test_transitions_out_of_order_are_refused(departments, trait, method, args):
    enrolment = EnrolmentFactory(**({trait: True} if trait else {}))
    with pytest.raises(ValidationError):
        getattr(enrolment, method)(*args)


def test_an_agir_accompaniment_lasts_at_most_24_months(departments):
    enrolment = EnrolmentFactory(
        action=ActionFactory(agir=True),
        status="in_progress",
        referral_date=D(2024, 2, 26),
        entry_date=D(2024, 3, 4),
    )
    assert enrolment.agir_limit == D(2026, 3, 4)
    assert enrolment.agir_warning_date == D(2026, 1, 4)
    with pytest.raises(ValidationError) as error:
        enrolment.close(D(2026, 3, 5), "end_of_programme")
    assert "exit_date" in error.value.message_dict
    enrolment.refresh_from_db()
    enrolment.close(D(2026, 3, 4), "end_of_programme")


def test_agir_enrolments_nearing_their_limit(departments):
    agir = ActionFactory(agir=True)

    def open_since(entry, **fields):
        return EnrolmentFactory(
            action=agir, status="in_progress", referral_date=entry, entry_date=entry, **fields
        )

    today = D(2026, 11, 27)
    nearing = open_since(D(2025, 1, 27))  # 22 months exactly
    past = open_since(D(2024, 10, 1))  # beyond 24 months: still listed
    open_since(D(2025, 1, 28))  # not yet
    EnrolmentFactory(
        status="in_progress", referral_date=D(2024, 1, 8), entry_date=D(2024, 1, 8)
    )  # PIC: no limit
    assert set(Enrolment.objects.agir_nearing_limit(today)) == {nearing, past}
    assert nearing.agir_nearing_limit(today) is True
    assert Enrolment.objects.get(entry_date=D(2025, 1, 28)).agir_nearing_limit(today) is False


def test_follow_ups_due_and_overdue(departments):
    today = D(2026, 11, 27)
    enrolment = EnrolmentFactory(exited=True, exit_date=D(2026, 5, 27))  # due 27/11/2026
    old = EnrolmentFactory(  # due 20/04 and 20/10/2026
        exited=True,
        referral_date=D(2025, 1, 6),
        entry_date=D(2025, 1, 6),
        exit_date=D(2025, 10, 20),
    )
    recorded = old.follow_ups.get(months=6)
    recorded.record("employed", "cdi", on=D(2026, 5, 2))
    due = set(FollowUp.objects.due(today))
    overdue = set(FollowUp.objects.overdue(today))
    six_months = enrolment.follow_ups.get(months=6)
    twelve = old.follow_ups.get(months=12)
    assert due == {six_months, twelve}
    assert overdue == {twelve}  # more than 30 days late
    assert six_months.is_due(today) and not six_months.is_overdue(today)
    assert not recorded.is_due(today)


@pytest.mark.parametrize(
    ("today", "overdue"),
    # Due on 27 November 2026: 30 days later is 27 December; overdue from the day after.
    [(D(2026, 12, 27), False), (D(2026, 12, 28), True)],
)
def test_a_follow_up_is_overdue_after_30_days(departments, today, overdue):
    enrolment = EnrolmentFactory(exited=True, exit_date=D(2026, 5, 27))
    follow_up = enrolment.follow_ups.get(months=6)
    assert follow_up.is_overdue(today) is overdue
    assert (follow_up in FollowUp.objects.overdue(today)) is overdue


def test_a_follow_up_names_a_contract_only_for_a_job(departments):
    follow_up = FollowUpFactory()
    with pytest.raises(ValidationError):
        follow_up.record("employed")
    with pytest.raises(ValidationError):
        follow_up.record("job_seeking", "cdi")
    follow_up.record("job_seeking", on=D(2027, 1, 4))
    assert FollowUp.objects.get(pk=follow_up.pk).situation == "job_seeking"
