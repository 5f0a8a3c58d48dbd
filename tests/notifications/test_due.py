"""The "what is due" definitions on the domain models, on a table of dates."""

import datetime

import pytest

from beneficiaries.models import Enrolment
from partners.models import Convention, Lead

from ..beneficiaries.factories import EnrolmentFactory, PathwayStepFactory
from ..conventions.factories import ConventionFactory
from ..leads.factories import LeadFactory

D = datetime.date


@pytest.mark.parametrize(
    ("today", "ending_60", "ending_30"),
    [
        (D(2026, 5, 1), False, False),  # 61 days before 1 July
        (D(2026, 5, 2), True, False),
        (D(2026, 6, 1), True, True),  # 30 days before
        (D(2026, 7, 1), True, True),  # its last day
        (D(2026, 7, 2), False, False),  # ended
    ],
)
def test_conventions_ending_within(db, today, ending_60, ending_30):
    convention = ConventionFactory(
        status="active", signed_on=D(2025, 6, 1), start_date=D(2025, 7, 1), end_date=D(2026, 7, 1)
    )
    assert (convention in Convention.objects.ending_within(60, today)) is ending_60
    assert (convention in Convention.objects.ending_within(30, today)) is ending_30


@pytest.mark.parametrize(
    ("today", "quiet"),
    [(D(2026, 5, 2), False), (D(2026, 5, 3), True), (D(2026, 6, 1), True)],
)
def test_enrolments_without_a_step_for_90_days(db, today, quiet):
    enrolment = EnrolmentFactory(in_progress=True)  # entered 19 January
    PathwayStepFactory(enrolment=enrolment, start_date=D(2026, 2, 2))  # + 90 days = 3 May
    found = Enrolment.objects.without_step_for(90, today).filter(pk=enrolment.pk)
    assert found.exists() is quiet
    if quiet:
        assert found.get().quiet_since == D(2026, 2, 2)


def test_leads_waiting_skip_weekends_and_holidays(departments):
    # Submitted Thursday 30 April 2026: 1 May (Friday) and 8 May are public holidays.
    lead = LeadFactory(
        department=departments["75"],
        submitted_at=datetime.datetime(2026, 4, 30, 10, tzinfo=datetime.UTC),
    )
    # Working days after it: 4, 5, 6, 7 (8 is a holiday), 11 May → the 5th is 11 May.
    assert lead not in Lead.objects.waiting(5, D(2026, 5, 11))
    assert lead in Lead.objects.waiting(5, D(2026, 5, 12))
    assert lead in Lead.objects.late(D(2026, 5, 12))
