"""Change history shown on detail pages, read from django-simple-history: who, when, and which
fields changed from what to what, told to one reader. Choices show their labels, JSON lists of
codes too (a model names their choices in `list_choices = {field name: choices}`).

A history shows no more than the pages do. The objects a change names (foreign keys and
many-to-many values) and the authors of changes are resolved for the reader, in one query per
related model for the whole page:

- a model with `visible_to(user)` (every scoped Tremplin model, users included) names the
  objects the reader may see and shows the others as “(not visible)”;
- territories (régions, départements) are public reference data, named for everyone;
- any other model is treated as not visible: one added later without `visible_to` stays hidden
  until someone decides who may see it.

An object that no longer exists shows as “(deleted)”. The author of a change follows the rule
of a foreign key to a user: named only for a reader who may see that account (a coordinator
does not learn the names of national staff from a history). Dates and times are shown in the
reader's time zone.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
NOT_VISIBLE = _("(not visible)")
DELETED = _("(deleted)")
#: Apps whose models anyone may read: reference data, not anybody's business.
PUBLIC_APPS = {"territories"}
#: Bookkeeping fields that change on every save: not worth a line.
SKIPPED_FIELDS = ["updated_at"]


@dataclass
class HistoryEntry:
    date: object
    #: The author as the reader may know them: a name, “(not visible)”, or None (the system).
    user: object
    action: str
    changes: list = field(default_factory=list)
    #: Only many-to-many fields changed: the trailing record of a save, merged into it.
    m2m_only: bool = False
    user_id: int | None = None


def history_entries(obj, user, limit=30):
    """The latest changes of `obj` as `user` may read them, newest first, each with its changed
    fields as (label, old, new). A constant number of queries, however long the history."""
    model = type(obj)
    history_model = obj.history.model
    m2m_fields = {f.name: f for f in history_model._history_m2m_fields}
    records = list(obj.history.order_by("-history_date")[: limit + 1])
    raw = _raw_changes(history_model, m2m_fields, records, limit)

    # The names of every object the page mentions, one query per model.
    wanted = defaultdict(set)
    user_model = get_user_model()
    for record, changes in raw:
        if record.history_user_id is not None:
            wanted[user_model].add(record.history_user_id)
        for name, old, new in changes:
            model_field = model._meta.get_field(name)
            if model_field.is_relation:
                wanted[model_field.related_model].update(_ids(old), _ids(new))
    labels = {
        related_model: _labels(related_model, ids, user) for related_model, ids in wanted.items()
    }

    entries = []
    for record, changes in raw:
        author = record.history_user_id
        entry = HistoryEntry(
            date=record.history_date,
            user=labels[user_model][author] if author is not None else None,
            user_id=author,
            action=HISTORY_TYPES.get(record.history_type, record.history_type),
        )
        for name, old, new in changes:
            model_field = model._meta.get_field(name)
            names = labels.get(model_field.related_model, {})
            codes = dict(getattr(model, "list_choices", {}).get(name, ()))
            entry.changes.append(
                (
                    model_field.verbose_name,
                    _display(model_field, old, names, codes),
                    _display(model_field, new, names, codes),
                )
            )
        entry.m2m_only = bool(changes) and all(name in m2m_fields for name, *_ in changes)
        entries.append(entry)
    return _merge_same_save(entries)


def _raw_changes(history_model, m2m_fields, records, limit):
    """[(record, [(field name, old, new)])] of the `limit` latest records, ids left as ids."""
    m2m_values = _m2m_values(history_model, m2m_fields, records)
    raw = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=[*m2m_fields, *SKIPPED_FIELDS])
            changes = [(change.field, change.old, change.new) for change in delta.changes]
            for name in m2m_fields:
                old = m2m_values[previous.history_id, name]
                new = m2m_values[record.history_id, name]
                if old != new:
                    changes.append((name, old, new))
            changes.sort(key=lambda change: change[0])
        raw.append((record, changes))
    return raw


def _m2m_values(history_model, m2m_fields, records):
    """{(history_id, field name): related ids} of every record, one query per many-to-many
    field (django-simple-history's own diff would query twice per field and record)."""
    values = defaultdict(tuple)
    if not records:
        return values
    history_ids = [record.history_id for record in records]
    for name, m2m_field in m2m_fields.items():
        rows_model = getattr(history_model, name).model
        related_key = rows_model._meta.get_field(m2m_field.m2m_reverse_field_name()).attname
        rows = defaultdict(list)
        for history_id, related_id in rows_model._default_manager.filter(
            history_id__in=history_ids
        ).values_list("history_id", related_key):
            rows[history_id].append(related_id)
        for history_id, related_ids in rows.items():
            values[history_id, name] = tuple(sorted(related_ids))
    return values


def _ids(value):
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def _labels(related_model, ids, reader):
    """{pk: what `reader` may read of it} for objects of one model, in one query at most."""
    manager = related_model._default_manager
    if hasattr(manager, "visible_to"):
        visible = manager.visible_to(reader).filter(pk=OuterRef("pk"))
        found = {
            obj.pk: str(obj) if obj.visible_to_reader else str(NOT_VISIBLE)
            for obj in related_model._base_manager.filter(pk__in=ids)
            .annotate(visible_to_reader=Exists(visible))
            .order_by()
        }
    elif related_model._meta.app_label in PUBLIC_APPS:
        found = {obj.pk: str(obj) for obj in manager.filter(pk__in=ids).order_by()}
    else:
        return dict.fromkeys(ids, str(NOT_VISIBLE))
    return {pk: found.get(pk, str(DELETED)) for pk in ids}


def _display(model_field, value, names, codes):
    """`value` of `model_field` as a reader reads it: names of related objects (`names`, {pk:
    label}), labels of choices, and of the codes a JSON list holds (`codes`, {code: label},
    from the model's `list_choices`)."""
    if value in (None, "", [], ()):
        return "—"
    if model_field.many_to_many:
        return _join(names[pk] for pk in value)
    if model_field.is_relation:
        return names[value]
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return formats.localize(timezone.localtime(value))
    if isinstance(value, datetime.date):
        return formats.localize(value)
    if isinstance(value, list):
        return ", ".join(str(codes.get(v, v)) for v in value)
    return str(value)


def _join(labels):
    """Names in alphabetical order, then the objects the reader may not see or that are gone."""
    hidden = {str(NOT_VISIBLE), str(DELETED)}
    labels = list(labels)
    named = sorted((label for label in labels if label not in hidden), key=str.casefold)
    return ", ".join(named + sorted(label for label in labels if label in hidden))


def _merge_same_save(entries):
    """One save of a model with many-to-many fields writes a record per field within the same
    second; show them as one entry (the oldest's action, every change)."""
    merged = []
    for entry in reversed(entries):  # oldest first
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and entry.m2m_only
            and previous.user_id == entry.user_id
            and abs((entry.date - previous.date).total_seconds()) < 2
        ):
            previous.changes.extend(entry.changes)
            previous.date = entry.date
            continue
        merged.append(entry)
    return list(reversed(merged))
