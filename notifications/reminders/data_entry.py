"""The monthly data-entry reminder: operators and territorial coordinators whose data is stale
are asked, at the start of each month, to bring their enrolments up to date.

Stale (decided for issue 14, docs/reminders.md): an action that has people entered or in
progress, but where in the last `STALE_AFTER_DAYS` days no enrolment was created or changed,
no pathway step of its enrolments was recorded or changed, and no follow-up was recorded. The
operator running it, and the coordinators of its départements, are reminded."""

import datetime

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from beneficiaries.choices import EnrolmentStatus
from beneficiaries.models import Enrolment, FollowUp, PathwayStep
from partners.models import Organisation
from partners.models.interest import day_start
from programmes.models import Action
from territories.models import Department

from ..kinds import ReminderKind
from .base import Due, catch_up_days, coordinators_of, departments_of, month_start, operators_of

#: Data is stale when nothing was entered for this many days.
STALE_AFTER_DAYS = 30


def stale_actions(today):
    """[(action id, operator id)] of the actions whose data is stale on `today` (a date,
    Europe/Paris): see the module's docstring. Five queries, each one pass over its table
    (a NOT IN over a million steps would be planned row by row)."""
    since = today - datetime.timedelta(days=STALE_AFTER_DAYS)
    # From the start of the day after `since` in Paris: a range on the timestamp itself.
    start = day_start(since + datetime.timedelta(days=1))
    open_actions = _action_ids(
        Enrolment.objects.filter(
            status__in=[EnrolmentStatus.ENTERED, EnrolmentStatus.IN_PROGRESS]
        ).values_list("action_id", flat=True)
    )
    recent = _action_ids(
        Enrolment.objects.filter(updated_at__gte=start).values_list("action_id", flat=True)
    )
    recent |= _action_ids(
        PathwayStep.objects.filter(updated_at__gte=start, enrolment__isnull=False).values_list(
            "enrolment__action_id", flat=True
        )
    )
    recent |= _action_ids(
        FollowUp.objects.filter(recorded_on__gt=since).values_list(
            "enrolment__action_id", flat=True
        )
    )
    return list(
        Action.objects.filter(pk__in=sorted(open_actions - recent))
        .order_by("pk")
        .values_list("pk", "operator_id")
    )


def _action_ids(values):
    return set(values.order_by().distinct())


def data_entry(today):
    """In the first days of each month (the 1st and the catch-up window after it), the
    operators running an action with stale data, and the coordinators of its départements:
    one reminder a month each, about their organisation or their département. Due date of the
    reminder: the first of the month."""
    first = month_start(today)
    if today > first + datetime.timedelta(days=catch_up_days()):
        return []
    actions = stale_actions(today)
    operators = operators_of(operator_id for _pk, operator_id in actions)
    action_departments = departments_of(
        Action.departments.through, "action_id", (pk for pk, _o in actions)
    )
    departments = set().union(*action_departments.values())
    coordinators = coordinators_of(departments)
    title = _("Monthly data entry: some of your enrolments have had no news for {days} days")
    dues = [
        Due(
            kind=ReminderKind.DATA_ENTRY,
            model=Organisation,
            object_id=organisation_id,
            due_date=first,
            title=format_lazy(title, days=STALE_AFTER_DAYS),
            url=reverse("beneficiaries:beneficiary-list"),
            recipient_ids=set(operators[organisation_id]),
        )
        for organisation_id in sorted({operator_id for _pk, operator_id in actions})
    ]
    dues += [
        Due(
            kind=ReminderKind.DATA_ENTRY,
            model=Department,
            object_id=department_id,
            due_date=first,
            title=format_lazy(title, days=STALE_AFTER_DAYS),
            url=reverse("beneficiaries:beneficiary-list"),
            recipient_ids=set(coordinators[department_id]),
        )
        for department_id in sorted(departments)
    ]
    return dues
