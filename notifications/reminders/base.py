"""What every reminder rule shares: what a rule finds (`Due`), the people it may tell (batched
look-ups of operators, coordinators and national staff), and the dates it reasons on."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.models import Membership, Role
from territories.models import Department


def paris_today(now=None):
    """The date in Europe/Paris (settings.TIME_ZONE) at the aware datetime `now` (default: now):
    the day every rule reasons on, whatever the server's clock zone and across DST changes."""
    return timezone.localdate(now or timezone.now())


#: The longest a name (an action's, a convention's, a company's) is quoted in a notification's
#: title, in characters, cut with "…" (django.utils.text.Truncator).
TITLE_PART = 100


def catch_up_days():
    """How many days back (an int) the rules that fire on a given day still look, so that a
    sweep missed (Redis or beat down, worker lost) is caught up by the next one
    (settings.REMINDERS_CATCH_UP_DAYS, 7 by default; see docs/reminders.md)."""
    return settings.REMINDERS_CATCH_UP_DAYS


def window_start(today):
    """The first day (excluded) of the catch-up window ending `today` (a date, Europe/Paris):
    `catch_up_days()` days earlier. A rule reminds of what came due after it."""
    return today - datetime.timedelta(days=catch_up_days())


def month_start(day):
    """The first day of `day`'s month: the due date of monthly reminders."""
    return day.replace(day=1)


@dataclass
class Due:
    """Something a rule found due, and whom to tell.

    `about` is the object of the reminder (its model and pk form the key with `kind`, the
    recipient and `due_date`); `seen_through` the object whose `visible_to(recipient)` decides
    whether a recipient is still in scope (default: `about`). `title` is a lazy string rendered
    in each recipient's language, never holding a beneficiary's name; `url` the object's page,
    which checks scope again."""

    kind: str
    model: type
    object_id: int
    due_date: datetime.date
    title: object
    url: str
    recipient_ids: set = field(default_factory=set)
    seen_through: tuple | None = None

    @property
    def label(self):
        """The object without personal data: its model and number (`enrolment #123`)."""
        return f"{self.model._meta.model_name} #{self.object_id}"

    @property
    def scope_object(self):
        return self.seen_through or (self.model, self.object_id)


def operators_of(organisation_ids):
    """{organisation id: {user id}}: the active users with an operator membership of each
    organisation. One query."""
    members = defaultdict(set)
    rows = Membership.objects.filter(
        role=Role.OPERATOR, organisation__in=set(organisation_ids), user__is_active=True
    ).values_list("organisation_id", "user_id")
    for organisation_id, user_id in rows:
        members[organisation_id].add(user_id)
    return members


def members_of(organisation_ids):
    """{organisation id: {user id}}: the active users with any membership of each organisation
    (operators and company contacts). One query."""
    members = defaultdict(set)
    rows = Membership.objects.filter(
        organisation__in=set(organisation_ids), user__is_active=True
    ).values_list("organisation_id", "user_id")
    for organisation_id, user_id in rows:
        members[organisation_id].add(user_id)
    return members


def coordinators_of(department_ids):
    """{département id: {user id}}: the active territorial coordinators covering each
    département, by name or by its whole région (as `partners.leads.coordinators`). Two
    queries."""
    department_ids = set(department_ids)
    coordinators = defaultdict(set)
    if not department_ids:
        return coordinators
    named = Membership.departments.through.objects.filter(
        department_id__in=department_ids,
        membership__role=Role.TERRITORIAL,
        membership__user__is_active=True,
    ).values_list("department_id", "membership__user_id")
    by_region = Department.objects.filter(
        Q(pk__in=department_ids),
        region__memberships__role=Role.TERRITORIAL,
        region__memberships__user__is_active=True,
    ).values_list("pk", "region__memberships__user_id")
    for department_id, user_id in [*named, *by_region]:
        coordinators[department_id].add(user_id)
    return coordinators


def national_staff_ids():
    """{user id} of active national staff (DIAIR). One query."""
    return set(
        Membership.objects.filter(role=Role.NATIONAL, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def departments_of(through, owner_field, owner_ids):
    """{owner id: {département id}} from a many-to-many `through` model (an action's or a
    convention's départements). One query."""
    departments = defaultdict(set)
    rows = through.objects.filter(**{f"{owner_field}__in": set(owner_ids)}).values_list(
        owner_field, "department_id"
    )
    for owner_id, department_id in rows:
        departments[owner_id].add(department_id)
    return departments
