"""The exit classification table: each case is checked four ways, the expected answer, the
Python function on one enrolment, the SQL annotation and the situation stored on the enrolment
that the counts read — they must agree. Then: the stored situation follows every write it
derives from."""

import datetime

import pytest

from beneficiaries.models import Enrolment
from reporting.exits import (
    ExitClass,
    exit_class,
    situation_at_exit,
    situation_improved,
    store_missing_exit_situations,
    with_exit_situation,
)

from ..beneficiaries.factories import EnrolmentFactory, PathwayStepFactory

EXIT = datetime.date(2026, 6, 30)
BEFORE = datetime.date(2026, 5, 4)

D, T, P, OTHER = ExitClass.DURABLE, ExitClass.TRANSITIONAL, ExitClass.POSITIVE, ExitClass.OTHER


def job(contract_type, **fields):
    return {"job": True, "contract_type": contract_type, "start_date": BEFORE, **fields}


def step(trait, **fields):
    return (
        {trait: True, "start_date": BEFORE, **fields} if trait else {"start_date": BEFORE, **fields}
    )


# (case, enrolment trait, steps, expected class, expected situation improved)
CASES = [
    ("CDI", "exited", [job("cdi")], D, True),
    ("CDD of 6 months or more", "exited", [job("cdd_6m_plus")], D, True),
    ("temporary work of 6 months or more", "exited", [job("temp_6m_plus")], D, True),
    ("civil-service post", "exited", [job("civil_service")], D, True),
    ("business creation", "exited", [job("business_creation")], D, True),
    ("apprenticeship", "exited", [job("apprenticeship")], D, True),
    ("professionalisation contract", "exited", [job("professionalisation")], D, True),
    ("CDD under 6 months", "exited", [job("cdd_under_6m")], T, True),
    ("temporary work under 6 months", "exited", [job("temp_under_6m")], T, True),
    ("IAE contract", "exited", [job("iae")], T, True),
    ("vocational training", "exited", [step("training")], P, True),
    ("POEC", "exited", [step(None, kind="poec")], P, True),
    ("pre-qualification", "exited", [step(None, kind="pre_qualification")], P, True),
    (
        "a job starting within 30 days after the exit",
        "exited",
        [job("cdi", start_date=datetime.date(2026, 7, 20))],
        D,
        True,
    ),
    (
        "a job starting two months after the exit",
        "exited",
        [job("cdi", start_date=datetime.date(2026, 8, 31))],
        OTHER,
        False,
    ),
    (
        "a job that ended before the exit",
        "exited",
        [job("cdd_under_6m", end_date=datetime.date(2026, 5, 29), completed=True)],
        OTHER,
        False,
    ),
    (
        "a job ending on the exit day",
        "exited",
        [job("cdd_under_6m", end_date=EXIT, completed=True)],
        T,
        True,
    ),
    ("a training only planned", "exited", [step("training", planned=True)], OTHER, False),
    ("a training cancelled", "exited", [step("training", cancelled=True)], OTHER, False),
    ("a CDI cancelled", "exited", [job("cdi", cancelled=True)], OTHER, False),
    ("two jobs at once: the best wins", "exited", [job("cdd_under_6m"), job("cdi")], D, True),
    ("an IAE contract and a training", "exited", [job("iae"), step("training")], T, True),
    ("a French course only", "exited", [step("french_course")], OTHER, False),
    ("an immersion only", "exited", [step("immersion", end_date=EXIT)], OTHER, False),
    ("no step at all", "exited", [], OTHER, False),
    (
        "an abandonment, even with a CDI",
        "abandoned",
        [job("cdi", start_date=BEFORE.replace(month=3))],
        OTHER,
        True,
    ),
    (
        "housing only: own tenancy",
        "exited",
        [step(None, kind="housing", housing="tenancy")],
        OTHER,
        True,
    ),
    (
        "housing worse than at entry",
        "exited",
        [step(None, kind="housing", housing="emergency")],
        OTHER,
        False,
    ),
    ("still open", "in_progress", [job("cdi")], None, None),
]


def make(trait, steps):
    enrolment = EnrolmentFactory(**{trait: True})
    for fields in steps:
        PathwayStepFactory(enrolment=enrolment, **fields)
    return enrolment


@pytest.mark.parametrize(
    ("trait", "steps", "expected", "improved"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_python_and_sql_classify_alike(db, trait, steps, expected, improved):
    enrolment = make(trait, steps)
    computed = computed_situation(enrolment)
    stored = stored_situation(enrolment)
    assert exit_class(enrolment) == expected
    assert computed[0] == stored[0] == expected
    assert situation_improved(enrolment) == improved
    assert computed[3] == stored[3] == improved
    situation = situation_at_exit(enrolment)
    expected_situation = (None, None) if situation is None else situation
    assert computed[1:3] == stored[1:3] == expected_situation


def computed_situation(enrolment):
    """(exit class, employment, housing, improved) of `enrolment` computed afresh in SQL."""
    return (
        with_exit_situation(Enrolment.objects.filter(pk=enrolment.pk))
        .values_list(
            "computed_exit_class",
            "computed_employment_at_exit",
            "computed_housing_at_exit",
            "computed_situation_improved",
        )
        .get()
    )


def stored_situation(enrolment):
    """(exit class, employment, housing, improved) stored on `enrolment`, as the counts read."""
    return Enrolment.objects.values_list(
        "exit_class", "employment_at_exit", "housing_at_exit", "situation_improved"
    ).get(pk=enrolment.pk)


def test_a_person_in_a_job_at_entry_has_not_improved_with_a_job(db):
    enrolment = make("exited", [job("cdd_under_6m")])
    enrolment.beneficiary.employment_at_entry = "job"
    enrolment.beneficiary.save()
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    assert situation_improved(enrolment) is False
    assert computed_situation(enrolment)[3] is stored_situation(enrolment)[3] is False


def test_the_steps_of_another_enrolment_of_the_person_count(db):
    """One person, one situation: a job recorded during a later enrolment counts at the exit
    of an earlier one when it was going on at that date."""
    enrolment = make("exited", [])
    PathwayStepFactory(beneficiary=enrolment.beneficiary, job=True, start_date=BEFORE)
    assert exit_class(enrolment) == D
    assert computed_situation(enrolment)[0] == stored_situation(enrolment)[0] == D


def test_the_annotation_classifies_many_enrolments_in_one_query(db, django_assert_num_queries):
    for trait, steps, *_ in [case[1:] for case in CASES]:
        make(trait, steps)
    with django_assert_num_queries(1):
        classes = list(
            with_exit_situation(Enrolment.objects.all()).values_list(
                "computed_exit_class", flat=True
            )
        )
    assert sorted(map(str, classes)) == sorted(str(case[3]) for case in CASES)


# --- The stored situation follows what it derives from ----------------------------------------


def test_a_step_recorded_after_the_exit_changes_the_stored_class(db):
    enrolment = make("exited", [])
    assert stored_situation(enrolment)[:2] == (OTHER, "none")
    step = PathwayStepFactory(enrolment=enrolment, **job("cdi"))
    assert stored_situation(enrolment)[:2] == (D, "job")
    step.contract_type = "cdd_under_6m"
    step.save()
    assert stored_situation(enrolment)[0] == T
    step.delete()
    assert stored_situation(enrolment)[:2] == (OTHER, "none")


def test_a_step_recorded_in_another_enrolment_of_the_person_changes_the_stored_class(db):
    enrolment = make("exited", [])
    later = EnrolmentFactory(beneficiary=enrolment.beneficiary, in_progress=True)
    PathwayStepFactory(enrolment=later, **job("cdi"))
    assert stored_situation(enrolment)[0] == D
    assert stored_situation(later) == (None, None, None, None)


def test_the_person_s_situation_at_entry_changes_the_stored_improvement(db):
    enrolment = make("exited", [job("cdd_under_6m")])
    assert stored_situation(enrolment)[3] is True
    enrolment.beneficiary.employment_at_entry = "job"
    enrolment.beneficiary.save()
    assert stored_situation(enrolment)[3] is False


def test_closing_and_reopening_an_enrolment_stores_then_clears_its_situation(db):
    enrolment = make("in_progress", [job("cdi")])
    assert stored_situation(enrolment) == (None, None, None, None)
    enrolment.status, enrolment.exit_date = "exited", EXIT
    enrolment.save()
    assert stored_situation(enrolment)[0] == D
    enrolment.status, enrolment.exit_date = "in_progress", None
    enrolment.save()
    assert stored_situation(enrolment) == (None, None, None, None)


def test_rows_written_without_signals_are_stored_by_store_missing_exit_situations(db):
    """A seed or a `QuerySet.update` sends no signal: `store_missing_exit_situations` (run
    after the seeds and after `migrate`) stores what is missing, and leaves the rest."""
    ended = make("exited", [job("cdi")])
    reopened = make("exited", [])
    still_open = make("in_progress", [])
    Enrolment.objects.filter(pk=ended.pk).update(
        exit_class=None, employment_at_exit=None, housing_at_exit=None, situation_improved=None
    )
    Enrolment.objects.filter(pk=reopened.pk).update(status="in_progress", exit_date=None)
    assert store_missing_exit_situations() == 2
    assert stored_situation(ended)[0] == D
    assert stored_situation(reopened) == (None, None, None, None)
    assert stored_situation(still_open) == (None, None, None, None)
    assert store_missing_exit_situations() == 0
