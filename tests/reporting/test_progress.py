"""Progress of convention objectives and programme targets, computed by reporting for a whole
page at once: what counts, the pro-rata pace, "not measured yet", and a constant number of
queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import ConventionObjective
from reporting.progress import Progress, objectives_progress

from ..conventions.factories import ConventionFactory, MobilisationActionFactory, ObjectiveFactory
from ..factories import OrganisationFactory

MID_2026 = datetime.date(2026, 7, 2)  # 182 of the 364 days of the period


@pytest.fixture
def parties(db):
    return OrganisationFactory(name="Bâtisseurs"), OrganisationFactory(name="Groupe National")


@pytest.fixture
def objective(parties):
    convention = ConventionFactory(
        parties=parties, start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 12, 31)
    )
    return ObjectiveFactory(convention=convention, target=100)


def progress_of(objective, day=None):
    return objectives_progress([objective], day=day)[objective.pk]


def test_event_participants_count_the_actions_the_parties_attended_in_the_period(
    objective, parties
):
    own, national = parties
    MobilisationActionFactory(attendees=[own], participants=30)
    MobilisationActionFactory(attendees=[national], participants=12)
    MobilisationActionFactory(attendees=[own, national], participants=8)  # counted once
    MobilisationActionFactory(attendees=[OrganisationFactory()], participants=50)  # no party
    MobilisationActionFactory(invited=[own], participants=40)  # invited, did not attend
    MobilisationActionFactory(attendees=[own], participants=70, date=datetime.date(2025, 12, 31))
    assert progress_of(objective).achieved == 50


def test_an_objective_below_its_pace_is_behind(objective, parties):
    MobilisationActionFactory(attendees=[parties[0]], participants=30)
    progress = progress_of(objective, day=MID_2026)
    assert (progress.achieved, progress.achieved_percent, progress.expected_percent) == (30, 30, 50)
    assert progress.behind is True
    MobilisationActionFactory(attendees=[parties[0]], participants=25)
    assert progress_of(objective, day=MID_2026).behind is False


def test_an_objective_on_one_departement_counts_its_actions_and_national_ones(
    objective, parties, departments
):
    objective.department = departments["69"]
    objective.save()
    for participants, where in [(10, [departments["69"]]), (99, [departments["75"]]), (5, [])]:
        MobilisationActionFactory(
            attendees=[parties[0]], participants=participants, departments=where
        )
    assert progress_of(objective).achieved == 15


def test_a_territorial_convention_counts_its_departements_and_national_events(parties, departments):
    convention = ConventionFactory(
        scope="territorial", parties=parties, departments=[departments["69"], departments["01"]]
    )
    objective = ObjectiveFactory(convention=convention)
    day = objective.period_start
    for participants, where in [
        (10, [departments["69"]]),
        (20, [departments["01"], departments["75"]]),
        (99, [departments["75"]]),
        (5, []),
    ]:
        MobilisationActionFactory(
            attendees=[parties[1]], participants=participants, departments=where, date=day
        )
    assert progress_of(objective).achieved == 35


def test_a_national_convention_counts_everywhere(objective, parties, departments):
    MobilisationActionFactory(
        attendees=[parties[0]], participants=7, departments=[departments["75"]]
    )
    MobilisationActionFactory(attendees=[parties[0]], participants=3)
    assert progress_of(objective).achieved == 10


def test_the_real_share_goes_past_100_and_the_bar_stops_at_full():
    progress = Progress(target=25, achieved=34, expected=25)
    assert progress.achieved_percent == 136
    assert progress.achieved_bar == 100
    assert progress.behind is False


def _conventions(count, parties, departments):
    """`count` conventions, national and territorial, each with a measured objective, one on a
    département and one not measured yet."""
    for n in range(count):
        convention = ConventionFactory(
            scope="territorial" if n % 2 else "national",
            parties=[*parties, OrganisationFactory()],
            departments=[departments["69"]] if n % 2 else [],
        )
        ObjectiveFactory(convention=convention, indicator="event_participants")
        ObjectiveFactory(
            convention=convention, indicator="event_participants", department=departments["69"]
        )
        ObjectiveFactory(convention=convention, indicator="hires")
        MobilisationActionFactory(
            attendees=[parties[0]], participants=n + 1, departments=[departments["69"]]
        )


def _page(n_conventions):
    return list(ConventionObjective.objects.select_related("convention")[: 3 * n_conventions])


def test_a_page_of_objectives_takes_four_queries_whatever_its_size(parties, departments):
    """Parties, départements, one for event participants and one for hires (the dictionary's
    one query per indicator)."""
    _conventions(2, parties, departments)
    objectives = _page(2)
    with CaptureQueriesContext(connection) as few:
        small = objectives_progress(objectives)
    _conventions(10, parties, departments)
    objectives = _page(12)
    with CaptureQueriesContext(connection) as many:
        large = objectives_progress(objectives)
    assert len(few) == len(many) == 4
    assert len(small) == 6 and len(large) == 36
    assert all(progress.measured for progress in large.values())
