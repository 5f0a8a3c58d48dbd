"""A reminder reaches each recipient still active and in scope, once: two sweeps, two sweeps at
the same time, a sweep killed half-way, a deactivated account or a changed scope."""

import datetime
import threading

import pytest
from django.db import connection

from accounts.models import Membership
from notifications import reminders
from notifications.models import Notification, Reminder
from notifications.reminders import sweep

from ..beneficiaries.factories import BeneficiaryFactory, EnrolmentFactory
from ..factories import MembershipFactory, OrganisationFactory
from ..programmes.factories import ActionFactory

TODAY = datetime.date(2026, 12, 31)  # the 6-month follow-up of a 30 June exit is due (30th)


@pytest.fixture
def exited(rhone_operator, departments):
    """An enrolment in a Rhône action of `rhone_operator`, exited on 30 June 2026: its 6-month
    follow-up is due on 30 December, overdue from 31 January 2027."""
    action = ActionFactory(operator=rhone_operator, departments=[departments["69"]])
    person = BeneficiaryFactory(department=departments["69"], referent_organisation=rhone_operator)
    return EnrolmentFactory(beneficiary=person, action=action, exited=True)


def test_two_sweeps_send_once(exited, operator_user):
    first = sweep(TODAY, wet_run=True)
    second = sweep(TODAY, wet_run=True)
    assert [(o.rule, o.state) for o in first] == [("follow_up_due", "sent")]
    assert [(o.rule, o.state) for o in second] == [("follow_up_due", "already sent")]
    assert Notification.objects.filter(user=operator_user).count() == 1


def test_a_dry_run_writes_nothing(exited, operator_user):
    outcomes = sweep(TODAY)
    assert [(o.rule, o.state, o.recipient_id) for o in outcomes] == [
        ("follow_up_due", "to send", operator_user.pk)
    ]
    assert not Reminder.objects.exists() and not Notification.objects.exists()


def test_a_deactivated_account_is_not_told(exited, operator_user):
    operator_user.is_active = False
    operator_user.save()
    assert sweep(TODAY, wet_run=True) == []


def test_someone_who_moved_to_another_organisation_is_not_told(exited, operator_user):
    Membership.objects.filter(user=operator_user).update(
        organisation=OrganisationFactory(kind="operator")
    )
    assert sweep(TODAY, wet_run=True) == []


def test_a_coordinator_whose_territory_changed_is_not_told(exited, rhone_user, departments):
    overdue_day = datetime.date(2027, 1, 31)
    rhone_user.memberships.get().departments.set([departments["75"]])
    outcomes = sweep(overdue_day, ["follow_up_overdue"], wet_run=True)
    assert rhone_user.pk not in {o.recipient_id for o in outcomes}


def test_a_sweep_killed_half_way_is_finished_by_the_next(exited, operator_user, monkeypatch):
    """The worker dies after the first rule committed (simulated by a rule that raises): the
    next sweep sends the rest and nothing twice."""
    # In progress since 2 October 2026 without a step: 90 days on 31 December too.
    EnrolmentFactory(
        action=exited.action,
        status="in_progress",
        referral_date=datetime.date(2026, 10, 1),
        entry_date=datetime.date(2026, 10, 2),
    )

    def killed(today):
        raise SystemExit("worker lost")

    rules = {
        "follow_up_due": reminders.RULES["follow_up_due"],
        "killed": killed,
        "enrolment_without_step": reminders.RULES["enrolment_without_step"],
    }
    monkeypatch.setattr(reminders, "RULES", rules)
    with pytest.raises(SystemExit):
        sweep(TODAY, wet_run=True)
    assert list(Reminder.objects.values_list("kind", flat=True)) == ["follow_up_due"]
    monkeypatch.undo()

    outcomes = sweep(TODAY, wet_run=True)
    assert sorted((o.rule, o.state) for o in outcomes) == [
        ("enrolment_without_step", "sent"),
        ("follow_up_due", "already sent"),
    ]
    assert Notification.objects.filter(user=operator_user).count() == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two connections to SQLite's in-memory test database fail at once with 'database "
    "table is locked' instead of waiting (the embedded default's file database waits)",
)
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_time_send_once(rhone_operator, departments):
    """Two sweeps in two threads, each on its own database connection, started together: the
    unique key lets one record each reminder, the other waits for it and records nothing."""
    users = [MembershipFactory(role="operator", organisation=rhone_operator).user for _ in range(3)]
    action = ActionFactory(operator=rhone_operator, departments=[departments["69"]])
    for _ in range(20):
        person = BeneficiaryFactory(
            department=departments["69"], referent_organisation=rhone_operator
        )
        EnrolmentFactory(beneficiary=person, action=action, exited=True)
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            start.wait()
            results.append(sweep(TODAY, wet_run=True))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    sent = [o for outcomes in results for o in outcomes if o.state == "sent"]
    assert len(sent) == 20 * len(users)
    assert Reminder.objects.count() == Notification.objects.count() == 20 * len(users)
