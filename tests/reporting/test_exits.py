"""The exit classification table: each case is checked three ways, the expected answer, the
Python function on one enrolment and the SQL annotation for counts — they must agree."""

import datetime

import pytest

from beneficiaries.models import Enrolment
from reporting.exits import (
    ExitClass,
    exit_class,
    situation_at_exit,
    situation_improved,
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
    annotated = with_exit_situation(Enrolment.objects.filter(pk=enrolment.pk)).get()
    assert exit_class(enrolment) == expected
    assert annotated.exit_class == expected
    assert situation_improved(enrolment) == improved
    assert annotated.situation_improved == improved
    situation = situation_at_exit(enrolment)
    if situation is None:
        assert (annotated.employment_at_exit, annotated.housing_at_exit) == (None, None)
    else:
        assert (annotated.employment_at_exit, annotated.housing_at_exit) == situation


def test_a_person_in_a_job_at_entry_has_not_improved_with_a_job(db):
    enrolment = make("exited", [job("cdd_under_6m")])
    enrolment.beneficiary.employment_at_entry = "job"
    enrolment.beneficiary.save()
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    assert situation_improved(enrolment) is False
    assert (
        with_exit_situation(Enrolment.objects.filter(pk=enrolment.pk)).get().situation_improved
        is False
    )


def test_the_steps_of_another_enrolment_of_the_person_count(db):
    """One person, one situation: a job recorded during a later enrolment counts at the exit
    of an earlier one when it was going on at that date."""
    enrolment = make("exited", [])
    PathwayStepFactory(beneficiary=enrolment.beneficiary, job=True, start_date=BEFORE)
    assert exit_class(enrolment) == D
    assert with_exit_situation(Enrolment.objects.filter(pk=enrolment.pk)).get().exit_class == D


def test_the_annotation_classifies_many_enrolments_in_one_query(db, django_assert_num_queries):
    for trait, steps, *_ in [case[1:] for case in CASES]:
        make(trait, steps)
    with django_assert_num_queries(1):
        classes = [e.exit_class for e in with_exit_situation(Enrolment.objects.all())]
    assert sorted(map(str, classes)) == sorted(str(case[3]) for case in CASES)
