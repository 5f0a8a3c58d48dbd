"""Each reminder rule on a table of dates (the day before it is due, the day, after; a DST
change; 29 February), told to the right people, once, in the right words."""

import datetime

import pytest

from beneficiaries.models import Enrolment
from notifications.models import Notification, Reminder
from notifications.reminders import sweep
from notifications.reminders.base import paris_today

from ..beneficiaries.factories import BeneficiaryFactory, EnrolmentFactory, PathwayStepFactory
from ..conventions.factories import ConventionFactory, MobilisationActionFactory, ObjectiveFactory
from ..factories import MembershipFactory, OrganisationFactory
from ..leads.factories import LeadFactory
from ..programmes.factories import ActionFactory

D = datetime.date


@pytest.fixture(autouse=True)
def recipients_read_english(monkeypatch):
    """Titles are written in each recipient's language: the users of these tests read English,
    so that the titles compared below are the msgids."""
    from accounts.models import User

    monkeypatch.setattr(User._meta.get_field("language"), "default", "en")


@pytest.fixture
def action(rhone_operator, departments):
    return ActionFactory(operator=rhone_operator, departments=[departments["69"]])


@pytest.fixture
def person(departments, rhone_operator):
    return BeneficiaryFactory(department=departments["69"], referent_organisation=rhone_operator)


def told(rule, today):
    """{(kind, user id, due date)} a wet sweep of `rule` on `today` sent."""
    return {
        (o.rule, o.recipient_id, o.due_date)
        for o in sweep(today, [rule], wet_run=True)
        if o.state == "sent"
    }


@pytest.mark.parametrize(
    ("exit_date", "today", "due"),
    [
        # 31 August + 6 months = 28 February 2026 (no 29th that year).
        (D(2025, 8, 31), D(2026, 2, 27), None),
        (D(2025, 8, 31), D(2026, 2, 28), D(2026, 2, 28)),
        (D(2025, 8, 31), D(2026, 3, 1), D(2026, 2, 28)),  # a missed sweep caught up
        (D(2025, 8, 31), D(2026, 3, 6), D(2026, 2, 28)),  # the last day of the window
        (D(2025, 8, 31), D(2026, 3, 7), None),  # past the catch-up window
        # 29 August 2027 + 6 months = 29 February 2028.
        (D(2027, 8, 29), D(2028, 2, 28), None),
        (D(2027, 8, 29), D(2028, 2, 29), D(2028, 2, 29)),
    ],
)
def test_follow_up_due(action, person, operator_user, rhone_user, exit_date, today, due):
    enrolment = EnrolmentFactory(
        beneficiary=person,
        action=action,
        status="exited",
        referral_date=exit_date - datetime.timedelta(days=200),
        entry_date=exit_date - datetime.timedelta(days=180),
        exit_date=exit_date,
        exit_reason="completed",
    )
    expected = {("follow_up_due", operator_user.pk, due)} if due else set()
    assert told("follow_up_due", today) == expected
    if due:
        notification = Notification.objects.get(user=operator_user)
        follow_up = enrolment.follow_ups.get(months=6)
        assert notification.title == (
            f"Follow-up at 6 months due — {action.title}, enrolment #{enrolment.pk}"
        )
        assert person.first_name not in notification.title
        assert person.last_name not in notification.title
        assert notification.url == f"/beneficiaires/suivis/{follow_up.pk}/"


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (D(2026, 3, 30), False),
        (D(2026, 3, 31), True),
        (D(2026, 4, 6), True),
        (D(2026, 4, 7), False),
    ],
)
def test_follow_up_overdue_also_tells_the_coordinators(
    action, person, operator_user, rhone_user, paris_user, today, overdue
):
    # Due on 28 February 2026; overdue once 30 days have passed (30 March): from 31 March, told
    # within the 7-day catch-up window.
    EnrolmentFactory(
        beneficiary=person,
        action=action,
        status="exited",
        entry_date=D(2025, 3, 1),
        referral_date=D(2025, 2, 1),
        exit_date=D(2025, 8, 31),
        exit_reason="completed",
    )
    expected = (
        {("follow_up_overdue", user.pk, D(2026, 2, 28)) for user in (operator_user, rhone_user)}
        if overdue
        else set()
    )
    assert told("follow_up_overdue", today) == expected


def test_a_recorded_follow_up_is_not_reminded(action, person, operator_user):
    enrolment = EnrolmentFactory(beneficiary=person, action=action, exited=True)
    enrolment.follow_ups.get(months=6).record("employed", "cdi", on=D(2026, 12, 1))
    assert told("follow_up_due", D(2026, 12, 31)) == set()


@pytest.mark.parametrize(
    ("today", "kinds"),
    [
        (D(2026, 5, 1), set()),  # 61 days before 1 July
        (D(2026, 5, 2), {"convention_ending_60"}),
        (D(2026, 6, 1), {"convention_ending_30"}),
        (D(2026, 7, 1), {"convention_ending_30"}),  # its last day
        (D(2026, 7, 2), set()),
    ],
)
def test_convention_ending(departments, national_user, rhone_user, paris_user, today, kinds):
    convention = ConventionFactory(
        status="active",
        signed_on=D(2025, 6, 1),
        start_date=D(2025, 7, 1),
        end_date=D(2026, 7, 1),
        owner=national_user,
        departments=[departments["69"]],
    )
    sent = told("convention_ending_60", today) | told("convention_ending_30", today)
    assert sent == {
        (kind, user.pk, D(2026, 7, 1)) for kind in kinds for user in (national_user, rhone_user)
    }
    if kinds:
        title = Notification.objects.filter(user=rhone_user).get().title
        assert title == f"Convention ending on 01/07/2026 — {convention.title}"


@pytest.mark.parametrize(
    ("end_date", "today", "kinds"),
    [
        # Ending on 29 February 2028: 60 days before is 31 December 2027, 30 days 30 January.
        (D(2028, 2, 29), D(2027, 12, 30), set()),
        (D(2028, 2, 29), D(2027, 12, 31), {"convention_ending_60"}),
        (D(2028, 2, 29), D(2028, 1, 30), {"convention_ending_30"}),
        (D(2028, 2, 29), D(2028, 2, 29), {"convention_ending_30"}),  # its last day
        (D(2028, 2, 29), D(2028, 3, 1), set()),
        # 30 days before 24 November 2026 is 25 October, the day clocks go back an hour.
        (D(2026, 11, 24), D(2026, 10, 24), {"convention_ending_60"}),  # 31 days before
        (D(2026, 11, 24), D(2026, 10, 25), {"convention_ending_30"}),
    ],
)
def test_convention_ending_on_a_leap_day_and_across_a_clock_change(
    departments, national_user, end_date, today, kinds
):
    ConventionFactory(
        status="active",
        signed_on=D(2025, 6, 1),
        start_date=D(2025, 7, 1),
        end_date=end_date,
        owner=national_user,
    )
    sent = told("convention_ending_60", today) | told("convention_ending_30", today)
    assert sent == {(kind, national_user.pk, end_date) for kind in kinds}


def test_the_60_day_reminder_comes_before_the_30_day_one_once_each(departments, national_user):
    ConventionFactory(
        status="active",
        signed_on=D(2025, 6, 1),
        start_date=D(2025, 7, 1),
        end_date=D(2026, 7, 1),
        owner=national_user,
    )
    for day in range(60):
        today = D(2026, 5, 2) + datetime.timedelta(days=day)
        sweep(today, ["convention_ending_60", "convention_ending_30"], wet_run=True)
    assert sorted(Reminder.objects.values_list("kind", flat=True)) == [
        "convention_ending_30",
        "convention_ending_60",
    ]


@pytest.mark.parametrize(("today", "behind"), [(D(2026, 3, 1), False), (D(2026, 4, 1), True)])
def test_objective_behind_its_pace(db, national_user, today, behind):
    # Nothing achieved of 100 over 2026: 16 % expected on 1 March, 25 % on 1 April.
    convention = ConventionFactory(status="active", signed_on=D(2025, 12, 1), owner=national_user)
    ObjectiveFactory(convention=convention, indicator="event_participants", target=100)
    ObjectiveFactory(convention=convention, indicator="event_participants", target=200)
    expected = {("objective_behind", national_user.pk, D(2026, 4, 1))} if behind else set()
    assert told("objective_behind", today) == expected
    if behind:  # one reminder for the convention, not one per objective
        title = Notification.objects.get().title
        assert title == f"2 objectives behind their pro-rata pace — {convention.title}"
    # Still behind later in the month: nothing more until the next month.
    assert told("objective_behind", today + datetime.timedelta(days=10)) == set()


@pytest.mark.parametrize(
    ("today", "waiting", "long"),
    [
        # Submitted Thursday 30 April 2026; 1, 8 and 14 May (Ascension) are holidays.
        (D(2026, 5, 11), False, False),
        (D(2026, 5, 12), True, False),  # 5 working days have passed
        (D(2026, 5, 18), True, False),  # caught up within the window
        (D(2026, 5, 19), False, False),  # late since the 12th: the window has passed
        (D(2026, 5, 20), False, True),  # 10 working days
    ],
)
def test_lead_waiting(departments, paris_user, national_user, today, waiting, long):
    LeadFactory(
        department=departments["75"],
        submitted_at=datetime.datetime(2026, 4, 30, 10, tzinfo=datetime.UTC),
    )
    day = D(2026, 4, 30)
    sent = told("lead_waiting", today) | told("lead_waiting_long", today)
    expected = {("lead_waiting", paris_user.pk, day)} if waiting else set()
    if long:
        expected |= {("lead_waiting_long", u.pk, day) for u in (paris_user, national_user)}
    assert sent == expected


def test_a_lead_waits_for_its_assignee(departments, paris_user, rhone_user):
    LeadFactory(
        department=departments["75"],
        assignee=rhone_user,  # assigned across départements, but not in scope of Paris' leads
        submitted_at=datetime.datetime(2026, 4, 30, 10, tzinfo=datetime.UTC),
    )
    assert told("lead_waiting", D(2026, 5, 12)) == set()
    other = LeadFactory(
        department=departments["69"],
        assignee=rhone_user,
        submitted_at=datetime.datetime(2026, 4, 30, 10, tzinfo=datetime.UTC),
    )
    assert told("lead_waiting", D(2026, 5, 12)) == {("lead_waiting", rhone_user.pk, D(2026, 4, 30))}
    assert Notification.objects.get().url == f"/partenariat/pistes/{other.pk}/"


def test_a_lead_no_coordinator_covers_waits_for_national_staff(departments, national_user):
    """A lead of a département without a coordinator is national staff's (DESIGN.md §2, as
    its notice on submission): they are its assignees after 5 working days, not nobody."""
    LeadFactory(
        department=departments["13"],
        submitted_at=datetime.datetime(2026, 4, 30, 10, tzinfo=datetime.UTC),
    )
    assert told("lead_waiting", D(2026, 5, 12)) == {
        ("lead_waiting", national_user.pk, D(2026, 4, 30))
    }


def test_a_lead_submitted_after_midnight_in_paris_on_the_dst_day(departments, paris_user):
    # 00:30 in Paris on Sunday 29 March 2026 (clocks go forward at 02:00) is still 28 March in
    # UTC: the submission day is Paris' 29th, and Monday 30 March is its first working day.
    LeadFactory(
        department=departments["75"],
        submitted_at=datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC),
    )
    assert told("lead_waiting", D(2026, 4, 3)) == set()  # 30, 31 March, 1, 2, 3 April
    assert told("lead_waiting", D(2026, 4, 4)) == {("lead_waiting", paris_user.pk, D(2026, 3, 29))}


@pytest.mark.parametrize(
    ("today", "due"),
    [(D(2026, 5, 2), None), (D(2026, 5, 3), D(2026, 5, 3)), (D(2026, 5, 9), D(2026, 5, 3))],
)
def test_enrolment_without_step(action, person, operator_user, today, due):
    enrolment = EnrolmentFactory(beneficiary=person, action=action, in_progress=True)
    PathwayStepFactory(enrolment=enrolment, start_date=D(2026, 2, 2))  # + 90 days = 3 May
    expected = {("enrolment_without_step", operator_user.pk, due)} if due else set()
    assert told("enrolment_without_step", today) == expected
    if due:
        assert Notification.objects.get().url == f"/beneficiaires/inscriptions/{enrolment.pk}/"
        # A new step, then silence again: another reminder, 90 days after that step.
        PathwayStepFactory(enrolment=enrolment, start_date=D(2026, 6, 1))
        assert told("enrolment_without_step", D(2026, 8, 30)) == {
            ("enrolment_without_step", operator_user.pk, D(2026, 8, 30))
        }


@pytest.mark.parametrize(
    ("last_step", "today", "due"),
    [
        # 90 days after 1 December 2027 is 29 February 2028.
        (D(2027, 12, 1), D(2028, 2, 28), None),
        (D(2027, 12, 1), D(2028, 2, 29), D(2028, 2, 29)),
        (D(2027, 12, 1), D(2028, 3, 1), D(2028, 2, 29)),
        # 90 days after 27 July 2026 is 25 October, the day clocks go back an hour.
        (D(2026, 7, 27), D(2026, 10, 24), None),
        (D(2026, 7, 27), D(2026, 10, 25), D(2026, 10, 25)),
        # 90 days after 29 December 2026 is 29 March 2027, the day after clocks go forward.
        (D(2026, 12, 29), D(2027, 3, 28), None),
        (D(2026, 12, 29), D(2027, 3, 29), D(2027, 3, 29)),
    ],
)
def test_enrolment_without_step_on_a_leap_day_and_across_a_clock_change(
    action, person, operator_user, last_step, today, due
):
    enrolment = EnrolmentFactory(
        beneficiary=person,
        action=action,
        in_progress=True,
        referral_date=D(2026, 1, 5),
        entry_date=D(2026, 1, 5),
    )
    PathwayStepFactory(enrolment=enrolment, start_date=last_step)
    expected = {("enrolment_without_step", operator_user.pk, due)} if due else set()
    assert told("enrolment_without_step", today) == expected


@pytest.mark.parametrize(
    ("today", "due"),
    [
        # Entered 29 April 2026: 22 months later is 29 February 2028 (a leap year).
        (D(2028, 2, 28), None),
        (D(2028, 2, 29), D(2028, 2, 29)),
        (D(2028, 3, 1), D(2028, 2, 29)),
    ],
)
def test_agir_reaching_22_months(rhone_operator, person, operator_user, departments, today, due):
    agir = ActionFactory(agir=True, operator=rhone_operator, departments=[departments["69"]])
    EnrolmentFactory(
        beneficiary=person,
        action=agir,
        status="in_progress",
        referral_date=D(2026, 4, 1),
        entry_date=D(2026, 4, 29),
    )
    expected = {("agir_22_months", operator_user.pk, due)} if due else set()
    assert told("agir_22_months", today) == expected


def test_monthly_data_entry_to_operators_and_coordinators_with_stale_data(
    action, person, operator_user, rhone_user, paris_user
):
    enrolment = EnrolmentFactory(beneficiary=person, action=action, in_progress=True)
    old = datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)
    Enrolment.objects.filter(pk=enrolment.pk).update(updated_at=old)
    assert told("data_entry", D(2027, 1, 15)) == set()  # past the first week of the month
    assert told("data_entry", D(2027, 1, 1)) == {
        ("data_entry", operator_user.pk, D(2027, 1, 1)),
        ("data_entry", rhone_user.pk, D(2027, 1, 1)),
    }
    assert told("data_entry", D(2027, 1, 2)) == set()  # once a month


def test_no_data_entry_reminder_when_data_is_fresh(action, person, operator_user):
    enrolment = EnrolmentFactory(beneficiary=person, action=action, in_progress=True)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        updated_at=datetime.datetime(2026, 12, 20, tzinfo=datetime.UTC)
    )
    assert told("data_entry", D(2027, 1, 1)) == set()


@pytest.mark.parametrize(
    ("today", "sent"),
    [
        (D(2026, 3, 27), False),
        (D(2026, 3, 28), True),
        (D(2026, 3, 29), True),
        (D(2026, 3, 30), False),
    ],
)
def test_event_tomorrow(departments, national_user, company_user, today, sent):
    # 29 March 2026 is the day clocks go forward in Paris.
    company = company_user.memberships.get().organisation
    stranger = MembershipFactory(role="company", organisation=OrganisationFactory()).user
    MobilisationActionFactory(
        date=D(2026, 3, 29), created_by=national_user, invited=[company], departments=[]
    )
    expected = (
        {("event_tomorrow", u.pk, D(2026, 3, 29)) for u in (national_user, company_user)}
        if sent
        else set()
    )
    assert told("event_tomorrow", today) == expected
    assert not Reminder.objects.filter(recipient=stranger).exists()


@pytest.mark.parametrize(
    ("now", "today"),
    [
        # Spring forward: 23:30 UTC on 28 March 2026 is 00:30 (UTC+1) on the 29th in Paris.
        (datetime.datetime(2026, 3, 28, 22, 59, tzinfo=datetime.UTC), D(2026, 3, 28)),
        (datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC), D(2026, 3, 29)),
        # Fall back: 22:30 UTC on 24 October is 00:30 (UTC+2) on the 25th; 22:30 UTC on the
        # 25th is 23:30 (UTC+1), still the 25th.
        (datetime.datetime(2026, 10, 24, 22, 30, tzinfo=datetime.UTC), D(2026, 10, 25)),
        (datetime.datetime(2026, 10, 25, 22, 30, tzinfo=datetime.UTC), D(2026, 10, 25)),
        (datetime.datetime(2026, 10, 25, 23, 0, tzinfo=datetime.UTC), D(2026, 10, 26)),
    ],
)
def test_today_is_the_day_in_paris(now, today):
    assert paris_today(now) == today
