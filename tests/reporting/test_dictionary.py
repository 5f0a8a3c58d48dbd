"""The indicator dictionary: each indicator on small hand-made data with the number expected
written down, its breakdowns, its filters, and one query per computation whatever the number
of people."""

import datetime

import pytest

from reporting import dictionary
from reporting.dictionary import DICTIONARY, Filters, compute

from ..beneficiaries.factories import BeneficiaryFactory, EnrolmentFactory, PathwayStepFactory
from ..programmes.factories import ActionFactory

YEAR = Filters(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
D = datetime.date


@pytest.fixture
def world(departments):
    """Two actions (a PIC one in Paris, an AGIR one in Lyon) and four people:

    - Amina (Paris, woman, born 1994): entered PIC on 19/01, exited 30/06 to a CDI; entered
      AGIR on 02/02, still in progress;
    - Bilal (Lyon, man, born 1999): entered AGIR on 19/01, exited 30/06 with no job;
    - Chirine (Paris): referred to PIC, never entered;
    - Dawit (Paris): entered PIC, abandoned on 31/03 (no longer in contact).
    """
    pic = ActionFactory(title="PIC Paris", departments=[departments["75"]])
    agir = ActionFactory(title="AGIR Lyon", agir=True, departments=[departments["69"]])
    amina = BeneficiaryFactory(first_name="Amina", sex="F", department=departments["75"])
    bilal = BeneficiaryFactory(
        first_name="Bilal", department=departments["69"], birth_date=D(1999, 3, 1)
    )
    chirine = BeneficiaryFactory(first_name="Chirine", sex="F", department=departments["75"])
    dawit = BeneficiaryFactory(first_name="Dawit", department=departments["75"])
    durable = EnrolmentFactory(beneficiary=amina, action=pic, exited=True)
    PathwayStepFactory(enrolment=durable, job=True, start_date=D(2026, 6, 15))
    EnrolmentFactory(beneficiary=amina, action=agir, in_progress=True, entry_date=D(2026, 2, 2))
    EnrolmentFactory(beneficiary=bilal, action=agir, exited=True)
    EnrolmentFactory(beneficiary=chirine, action=pic)
    EnrolmentFactory(beneficiary=dawit, action=pic, abandoned=True)
    return {"pic": pic, "agir": agir}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("referrals", 5),
        ("entries", 4),  # Amina twice
        ("persons_followed", 3),  # Amina once
        ("in_progress", 1),
        ("exits", 3),  # Dawit's abandonment included
        ("durable_employment", 1),
        ("transitional_employment", 0),
        ("positive_exit", 0),
        ("other_exit", 2),  # Bilal with no job, Dawit's abandonment
        ("sortie_dynamique", 1),
        ("sortie_dynamique_rate", 33.3),
        ("abandonments", 1),
        ("job_or_training", 1),
        ("employment_improved", 33.3),
        # Amina: 147 days from her PIC entry (19/01 → 15/06), 133 from her AGIR entry (02/02).
        ("days_to_first_job", 140.0),
    ],
)
def test_each_indicator_on_the_world(world, code, expected):
    assert compute(code, YEAR).total == expected


def test_breakdown_by_programme_counts_a_person_once_per_programme(world):
    figure = compute("persons_followed", YEAR, by="programme")
    assert {row.key: row.value for row in figure.rows} == {"AGIR": 2, "PIC": 2}
    assert figure.total == 3


@pytest.mark.parametrize("code", sorted(DICTIONARY))
def test_every_indicator_computes_with_each_breakdown(world, code):
    indicator = dictionary.get(code)
    for by in (None, *indicator.breakdowns):
        figure = compute(code, YEAR, by=by)
        assert figure.code == code
        assert figure.version == indicator.version
