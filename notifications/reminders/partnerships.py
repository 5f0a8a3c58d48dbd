"""Reminders about partnerships: conventions ending, objectives behind their pace, company
interest waiting for an answer, mobilisation actions tomorrow. Each rule reads its definition
of "due" from the partners' querysets (reporting for the objectives' pace)."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from partners.models import Convention, Lead, MobilisationAction
from partners.models.interest import LEAD_ESCALATION_WORKING_DAYS, LEAD_RESPONSE_WORKING_DAYS
from reporting.progress import objectives_behind

from ..kinds import ReminderKind
from .base import (
    TITLE_PART,
    Due,
    coordinators_of,
    departments_of,
    members_of,
    month_start,
    national_staff_ids,
    window_start,
)


def _conventions_ending(today, kind, days, later_than=None):
    conventions = Convention.objects.ending_within(days, today)
    if later_than is not None:
        conventions = conventions.exclude(
            pk__in=Convention.objects.ending_within(later_than, today)
        )
    rows = list(conventions.values_list("pk", "title", "end_date", "owner_id"))
    departments = departments_of(
        Convention.departments.through, "convention_id", (r[0] for r in rows)
    )
    coordinators = coordinators_of(set().union(*departments.values()))
    dues = []
    for pk, title, end_date, owner_id in rows:
        recipients = {owner_id} if owner_id else set()
        for department_id in departments[pk]:
            recipients |= coordinators[department_id]
        dues.append(
            Due(
                kind=kind,
                model=Convention,
                object_id=pk,
                due_date=end_date,
                title=format_lazy(
                    _("Convention ending on {end} — {title}"),
                    end=end_date.strftime("%d/%m/%Y"),
                    title=Truncator(title).chars(TITLE_PART),
                ),
                url=reverse("conventions:convention-detail", args=[pk]),
                recipient_ids=recipients,
            )
        )
    return dues


def convention_ending_60(today):
    """Active conventions ending in 31 to 60 days from `today` (a date, Europe/Paris): to their
    DIAIR owner and the coordinators of their départements. Due date of the reminder: the end
    date (a convention extended to a new end is reminded again). Source: DESIGN.md §3."""
    return _conventions_ending(today, ReminderKind.CONVENTION_ENDING_60, 60, later_than=30)


def convention_ending_30(today):
    """Active conventions ending within 30 days of `today`, today included: to the same people
    as `convention_ending_60`."""
    return _conventions_ending(today, ReminderKind.CONVENTION_ENDING_30, 30)


def objective_behind(today):
    """Active conventions with objectives whose achieved share trails the pro-rata pace by
    more than settings.REMINDERS_OBJECTIVE_MARGIN percentage points on `today`
    (`reporting.progress.objectives_behind`): one reminder per convention (not per objective:
    an owner of many is not flooded) to its DIAIR owner, once a month while any stays behind
    (due date: the first of the month)."""
    behind = {}
    for objective, _progress in objectives_behind(today, settings.REMINDERS_OBJECTIVE_MARGIN):
        convention = objective.convention
        if convention.owner_id:
            behind.setdefault(convention, []).append(objective)
    return [
        Due(
            kind=ReminderKind.OBJECTIVE_BEHIND,
            model=Convention,
            object_id=convention.pk,
            due_date=month_start(today),
            title=format_lazy(
                ngettext_lazy(
                    "{count} objective behind its pro-rata pace — {title}",
                    "{count} objectives behind their pro-rata pace — {title}",
                    len(objectives),
                ),
                count=len(objectives),
                title=Truncator(convention.title).chars(TITLE_PART),
            ),
            url=reverse("conventions:convention-detail", args=[convention.pk]),
            recipient_ids={convention.owner_id},
        )
        for convention, objectives in behind.items()
    ]


def _leads_waiting(today, kind, working_days, recipients_of):
    since = window_start(today)
    rows = list(
        Lead.objects.waiting(working_days, today)
        .exclude(pk__in=Lead.objects.waiting(working_days, since).values("pk"))
        .values_list("pk", "submitted_at", "assignee_id", "department_id", "organisation__name")
    )
    recipients = recipients_of(rows)
    return [
        Due(
            kind=kind,
            model=Lead,
            object_id=pk,
            due_date=timezone.localdate(submitted_at),
            title=format_lazy(
                _("Company interest still new after {days} working days — {company}"),
                days=working_days,
                company=Truncator(company).chars(TITLE_PART),
            ),
            url=reverse("leads:lead-detail", args=[pk]),
            recipient_ids=recipients(pk, assignee_id, department_id),
        )
        for pk, submitted_at, assignee_id, department_id, company in rows
    ]


def _assignees(rows):
    """Whom a waiting lead concerns: its assignee, else the coordinators of its département,
    else national staff (a lead no coordinator covers is theirs, DESIGN.md §2)."""
    coordinators = coordinators_of(row[3] for row in rows if not row[2])
    uncovered = any(not row[2] and not coordinators[row[3]] for row in rows)
    national = national_staff_ids() if uncovered else set()

    def recipients(pk, assignee_id, department_id):
        if assignee_id:
            return {assignee_id}
        return set(coordinators[department_id]) or set(national)

    return recipients


def lead_waiting(today):
    """Leads still "new" after `LEAD_RESPONSE_WORKING_DAYS` (5) working days of their
    département's calendar, that became so within the catch-up window ending `today`: to
    their assignee (else the coordinators of their département, else national staff). Due
    date of the reminder: the submission day (Europe/Paris)."""
    return _leads_waiting(today, ReminderKind.LEAD_WAITING, LEAD_RESPONSE_WORKING_DAYS, _assignees)


def lead_waiting_long(today):
    """Leads still "new" after `LEAD_ESCALATION_WORKING_DAYS` (10) working days: to national
    staff, and again to those `lead_waiting` told."""

    def recipients_of(rows):
        national = national_staff_ids()
        assignees = _assignees(rows)
        return lambda *row: national | assignees(*row)

    return _leads_waiting(
        today, ReminderKind.LEAD_WAITING_LONG, LEAD_ESCALATION_WORKING_DAYS, recipients_of
    )


def event_tomorrow(today):
    """Mobilisation actions taking place tomorrow (`today` + 1 day, Europe/Paris) — or today,
    when the sweep of the day before was missed: to the person who recorded it, the members
    of its organiser and the contacts with an account of the organisations invited. Due date
    of the reminder: the action's date."""
    tomorrow = today + datetime.timedelta(days=1)
    actions = list(
        MobilisationAction.objects.filter(date__range=(today, tomorrow)).values_list(
            "pk", "title", "date", "organiser_id", "created_by_id"
        )
    )
    invited = {}
    for action_id, organisation_id in MobilisationAction.invited.through.objects.filter(
        mobilisationaction_id__in=[a[0] for a in actions]
    ).values_list("mobilisationaction_id", "organisation_id"):
        invited.setdefault(action_id, set()).add(organisation_id)
    organisations = {a[3] for a in actions if a[3]}.union(*invited.values())
    members = members_of(organisations)
    dues = []
    for pk, title, day, organiser_id, created_by_id in actions:
        recipients = {created_by_id} if created_by_id else set()
        for organisation_id in {organiser_id, *invited.get(pk, ())} - {None}:
            recipients |= members[organisation_id]
        dues.append(
            Due(
                kind=ReminderKind.EVENT_TOMORROW,
                model=MobilisationAction,
                object_id=pk,
                due_date=day,
                title=format_lazy(
                    _("Mobilisation action on {day} — {title}"),
                    day=day.strftime("%d/%m/%Y"),
                    title=Truncator(title).chars(TITLE_PART),
                ),
                url=reverse("mobilisation:action-detail", args=[pk]),
                recipient_ids=recipients,
            )
        )
    return dues
