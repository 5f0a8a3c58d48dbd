"""Reminders (DESIGN.md §3, issue 14): each rule is a small function `rule(today) -> [Due]`
finding in the database what is due on `today` (a date, Europe/Paris) and whom to tell; the
sweep keeps the recipients still active and in scope, records each reminder once under its
unique key and delivers only those it recorded. See docs/reminders.md."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation

from accounts.models import User
from accounts.scope import scopes_for
from territories.models import Department

from ..inbox import deliver_many
from ..models import Reminder
from .data_entry import data_entry
from .partnerships import (
    convention_ending_30,
    convention_ending_60,
    event_tomorrow,
    lead_waiting,
    lead_waiting_long,
    objective_behind,
)
from .pathways import agir_22_months, enrolment_without_step, follow_up_due, follow_up_overdue

#: Every rule, by the name `run_reminders --rule` takes (its reminder kind).
RULES = {
    "follow_up_due": follow_up_due,
    "follow_up_overdue": follow_up_overdue,
    "convention_ending_60": convention_ending_60,
    "convention_ending_30": convention_ending_30,
    "objective_behind": objective_behind,
    "lead_waiting": lead_waiting,
    "lead_waiting_long": lead_waiting_long,
    "enrolment_without_step": enrolment_without_step,
    "agir_22_months": agir_22_months,
    "data_entry": data_entry,
    "event_tomorrow": event_tomorrow,
}


@dataclass(frozen=True)
class Outcome:
    """One reminder of a sweep: `rule`, the object's label without personal data
    (`enrolment #123`), the recipient's user id and e-mail, the due date, and `state`:
    "to send" (dry run), "sent" (recorded and delivered by this sweep) or "already sent"."""

    rule: str
    label: str
    recipient_id: int
    recipient_email: str
    due_date: object
    state: str


def sweep(today, rules=None, wet_run=False):
    """Run `rules` (names of RULES, default all) for `today` (a date, Europe/Paris). Dry run
    by default: nothing is written. With `wet_run`, each rule's reminders are recorded and
    delivered in one transaction of their own (a sweep killed half-way leaves whole rules
    done, and the next sweep does the rest), each key once whatever other sweep runs at the
    same time. Returns the list of Outcome. A constant number of queries per rule, plus one per
    distinct scope among its recipients: never one per reminder."""
    outcomes = []
    for name in rules or RULES:
        dues = RULES[name](today)
        with transaction.atomic():
            outcomes += _sweep_rule(name, dues, wet_run)
    return outcomes


def _sweep_rule(name, dues, wet_run):
    recipient_ids = set().union(*(due.recipient_ids for due in dues)) - {None}
    users = {user.pk: user for user in User.objects.filter(pk__in=recipient_ids, is_active=True)}
    scopes = scopes_for(users.values())
    for user in users.values():
        user.__dict__["scope"] = scopes[user.pk]  # the cached property visible_to reads
    in_scope = _in_scope(dues, users)
    content_types = ContentType.objects.get_for_models(*{due.model for due in dues})
    rows = []
    for due in dues:
        for user_id in sorted(due.recipient_ids & in_scope[due.scope_object]):
            with translation.override(users[user_id].language):
                title = str(due.title)
            reminder = Reminder(
                kind=due.kind,
                content_type=content_types[due.model],
                object_id=due.object_id,
                recipient_id=user_id,
                due_date=due.due_date,
                title=title[:300],
                url=due.url,
                created_at=timezone.now(),
            )
            rows.append((due, reminder))
    sent = _record(rows, wet_run)
    return [
        Outcome(
            rule=name,
            label=due.label,
            recipient_id=reminder.recipient_id,
            recipient_email=users[reminder.recipient_id].email,
            due_date=reminder.due_date,
            state=sent(reminder),
        )
        for due, reminder in rows
    ]


def _key(reminder):
    return (
        reminder.kind,
        reminder.content_type_id,
        reminder.object_id,
        reminder.recipient_id,
        reminder.due_date,
    )


def _record(rows, wet_run):
    """Record and deliver (wet run) or look up (dry run) the reminders of `rows`; return a
    function telling the state of each reminder."""
    reminders = [reminder for _due, reminder in rows]
    if wet_run:
        # In the order of their keys: two sweeps inserting the same keys wait for each other
        # instead of deadlocking.
        inserted = Reminder.objects.record(sorted(reminders, key=_key))
        deliver_many(inserted)
        mine = {_key(reminder) for reminder in inserted}
        return lambda reminder: "sent" if _key(reminder) in mine else "already sent"
    existing = _recorded_keys(reminders)
    return lambda reminder: "already sent" if _key(reminder) in existing else "to send"


def _recorded_keys(reminders):
    """The keys among `reminders` recorded already (one query, none without reminders)."""
    if not reminders:
        return set()
    return set(
        Reminder.objects.filter(
            kind__in={r.kind for r in reminders},
            object_id__in={r.object_id for r in reminders},
            due_date__in={r.due_date for r in reminders},
        ).values_list("kind", "content_type_id", "object_id", "recipient_id", "due_date")
    )


def _in_scope(dues, users):
    """{(model, pk): {user id}}: for each object a rule found, the recipients who still see it
    (`Model.objects.visible_to(user)`). Users sharing a scope are checked together: one query
    per model and distinct scope, whatever the number of reminders."""
    sharing = defaultdict(list)  # scope -> users
    for user in users.values():
        sharing[user.scope].append(user)
    wanted = defaultdict(set)  # (model, scope) -> object ids
    for due in dues:
        model, object_id = due.scope_object
        for user_id in due.recipient_ids & users.keys():
            wanted[model, users[user_id].scope].add(object_id)
    in_scope = defaultdict(set)
    for (model, scope), object_ids in wanted.items():
        holders = sharing[scope]
        for object_id in _visible_ids(model, holders[0], object_ids):
            in_scope[model, object_id].update(user.pk for user in holders)
    return in_scope


def _visible_ids(model, user, object_ids):
    """The ids among `object_ids` of `model` that `user` sees. A département (the object of
    a coordinator's data-entry reminder) is seen by national staff and its coordinators."""
    if model is Department:
        scope = user.scope
        return set(object_ids) if scope.is_national else set(object_ids) & scope.department_ids
    return set(
        model.objects.visible_to(user).filter(pk__in=object_ids).values_list("pk", flat=True)
    )
