"""Reminders about people's pathways, to the operators who accompany them: follow-ups due and
overdue after an exit, enrolments without a step, AGIR accompaniments nearing their limit.
Each rule reads its definition of "due" from the beneficiaries' querysets and looks back
`catch_up_days()` so that a missed sweep is caught up."""

import datetime

from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import (
    AGIR_WARNING_MONTHS,
    Enrolment,
    FollowUp,
)
from programmes.models import Action

from ..kinds import ReminderKind
from .base import TITLE_PART, Due, coordinators_of, departments_of, operators_of, window_start

#: An enrolment in progress with no step for this many days is flagged (DESIGN.md §3).
WITHOUT_STEP_DAYS = 90

FOLLOW_UP_COLUMNS = (
    "pk",
    "months",
    "due_date",
    "enrolment_id",
    "enrolment__action_id",
    "enrolment__action__operator_id",
    "enrolment__action__title",
)


def follow_up_due(today):
    """Follow-ups at 6 or 12 months whose due date came within the catch-up window ending
    `today` (a date, Europe/Paris), still pending: to the operator's members of the enrolment.
    Due date of the reminder: the follow-up's. Source: DESIGN.md §3, issue 14."""
    since = window_start(today)
    rows = list(
        FollowUp.objects.due(today).filter(due_date__gt=since).values_list(*FOLLOW_UP_COLUMNS)
    )
    operators = operators_of(row[5] for row in rows)
    return [
        Due(
            kind=ReminderKind.FOLLOW_UP_DUE,
            model=FollowUp,
            object_id=pk,
            due_date=due_date,
            title=format_lazy(
                _("Follow-up at {months} months due — {action}, enrolment #{enrolment}"),
                months=months,
                action=Truncator(action_title).chars(TITLE_PART),
                enrolment=enrolment_id,
            ),
            url=reverse("beneficiaries:followup-record", args=[pk]),
            recipient_ids=set(operators[operator_id]),
        )
        for pk, months, due_date, enrolment_id, _a, operator_id, action_title in rows
    ]


def follow_up_overdue(today):
    """Follow-ups still pending more than `FOLLOW_UP_GRACE` (30 days, the operators' time to
    reach the person) after their due date, that became overdue within the catch-up window
    ending `today`: to the operator's members and the territorial coordinators of the action's
    départements. Due date of the reminder: the follow-up's."""
    since = window_start(today)
    rows = list(
        FollowUp.objects.overdue(today)
        .exclude(pk__in=FollowUp.objects.overdue(since).values("pk"))
        .values_list(*FOLLOW_UP_COLUMNS)
    )
    operators = operators_of(row[5] for row in rows)
    action_departments = departments_of(
        Action.departments.through, "action_id", (row[4] for row in rows)
    )
    coordinators = coordinators_of(set().union(*action_departments.values()))
    dues = []
    for pk, months, due_date, enrolment_id, action_id, operator_id, action_title in rows:
        recipients = set(operators[operator_id])
        for department_id in action_departments[action_id]:
            recipients |= coordinators[department_id]
        dues.append(
            Due(
                kind=ReminderKind.FOLLOW_UP_OVERDUE,
                model=FollowUp,
                object_id=pk,
                due_date=due_date,
                title=format_lazy(
                    _("Follow-up at {months} months overdue — {action}, enrolment #{enrolment}"),
                    months=months,
                    action=Truncator(action_title).chars(TITLE_PART),
                    enrolment=enrolment_id,
                ),
                url=reverse("beneficiaries:followup-record", args=[pk]),
                recipient_ids=recipients,
            )
        )
    return dues


def enrolment_without_step(today):
    """Enrolments in progress whose latest step (else their entry) is `WITHOUT_STEP_DAYS` days
    old or more, that reached that age within the catch-up window ending `today`: to the
    operator's members. Due date of the reminder: the day it reached that age, so that a new
    step and another silence give another reminder."""
    since = window_start(today)
    rows = list(
        Enrolment.objects.without_step_for(WITHOUT_STEP_DAYS, today)
        .filter(quiet_since__gt=since - datetime.timedelta(days=WITHOUT_STEP_DAYS))
        .values_list("pk", "quiet_since", "action__operator_id", "action__title")
    )
    operators = operators_of(row[2] for row in rows)
    return [
        Due(
            kind=ReminderKind.ENROLMENT_WITHOUT_STEP,
            model=Enrolment,
            object_id=pk,
            due_date=quiet_since + datetime.timedelta(days=WITHOUT_STEP_DAYS),
            title=format_lazy(
                _("No pathway step for {days} days — {action}, enrolment #{enrolment}"),
                days=WITHOUT_STEP_DAYS,
                action=Truncator(action_title).chars(TITLE_PART),
                enrolment=pk,
            ),
            url=reverse("beneficiaries:enrolment-detail", args=[pk]),
            recipient_ids=set(operators[operator_id]),
        )
        for pk, quiet_since, operator_id, action_title in rows
    ]


def agir_22_months(today):
    """Open AGIR enrolments that reached `AGIR_WARNING_MONTHS` (22) months of their 24 within
    the catch-up window ending `today` (`EnrolmentQuerySet.agir_nearing_limit`): to the
    operator's members. Due date of the reminder: entry date + 22 calendar months (a 29
    February entry reaches them on the 28th or 29th, as relativedelta counts)."""
    since = window_start(today)
    rows = list(
        Enrolment.objects.agir_nearing_limit(today)
        .exclude(pk__in=Enrolment.objects.agir_nearing_limit(since).values("pk"))
        .values_list("pk", "entry_date", "action__operator_id", "action__title")
    )
    operators = operators_of(row[2] for row in rows)
    return [
        Due(
            kind=ReminderKind.AGIR_22_MONTHS,
            model=Enrolment,
            object_id=pk,
            due_date=entry_date + relativedelta(months=AGIR_WARNING_MONTHS),
            title=format_lazy(
                _("AGIR accompaniment reaching {months} months of 24 — {action}, enrolment #{id}"),
                months=AGIR_WARNING_MONTHS,
                action=Truncator(action_title).chars(TITLE_PART),
                id=pk,
            ),
            url=reverse("beneficiaries:enrolment-detail", args=[pk]),
            recipient_ids=set(operators[operator_id]),
        )
        for pk, entry_date, operator_id, action_title in rows
    ]
