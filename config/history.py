"""Change history shown on detail pages, read from django-simple-history: who, when, and which
fields changed from what to what."""

import datetime
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext_lazy as _

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


@dataclass
class HistoryEntry:
    date: object
    user: object
    action: str
    changes: list = field(default_factory=list)
    #: Only many-to-many fields changed: the trailing record of a save, merged into it.
    m2m_only: bool = False


def _display(model, field_name, value):
    if value in (None, "", []):
        return "—"
    try:
        model_field = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 (m2m history fields are not model fields of the record)
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation and not model_field.many_to_many:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime.datetime | datetime.date):
        return formats.localize(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def history_entries(obj, limit=30):
    """The latest changes of `obj`, newest first, each with its changed fields."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    model = type(obj)
    entries = []
    for index, record in enumerate(records[:limit]):
        entry = HistoryEntry(
            date=record.history_date,
            user=record.history_user,
            action=HISTORY_TYPES.get(record.history_type, record.history_type),
        )
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in ("updated_at",):
                    continue
                try:
                    label = model._meta.get_field(change.field).verbose_name
                except Exception:  # noqa: BLE001
                    label = change.field
                if _is_many_to_many(model, change.field):
                    old = _m2m_display(model, change.field, change.old)
                    new = _m2m_display(model, change.field, change.new)
                else:
                    old = _display(model, change.field, change.old)
                    new = _display(model, change.field, change.new)
                entry.changes.append((label, old, new))
            entry.m2m_only = bool(delta.changes) and all(
                _is_many_to_many(model, change.field) for change in delta.changes
            )
        entries.append(entry)
    return _merge_same_save(entries)


def _merge_same_save(entries):
    """One save of a model with many-to-many fields writes a record per field within the same
    second; show them as one entry (the oldest's action, every change)."""
    merged = []
    for entry in reversed(entries):  # oldest first
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and entry.m2m_only
            and previous.user == entry.user
            and abs((entry.date - previous.date).total_seconds()) < 2
        ):
            previous.changes.extend(entry.changes)
            previous.date = entry.date
            continue
        merged.append(entry)
    return list(reversed(merged))


def _is_many_to_many(model, field_name):
    try:
        return model._meta.get_field(field_name).many_to_many
    except Exception:  # noqa: BLE001
        return False


def _m2m_display(model, field_name, rows):
    """m2m history values are lists of through-table rows; show the related objects."""
    if not rows:
        return "—"
    related_model = model._meta.get_field(field_name).related_model
    key = related_model._meta.model_name
    ids = [row.get(key) for row in rows if row.get(key) is not None]
    names = related_model._default_manager.filter(pk__in=ids)
    return ", ".join(str(name) for name in names) or "—"
