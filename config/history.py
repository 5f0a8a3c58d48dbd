"""Change history shown on detail pages, read from django-simple-history: who, when, and which
fields changed from what to what."""

import datetime
from collections import defaultdict
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


def history_entries(obj, limit=30):
    """The latest changes of `obj`, newest first, each with its changed fields.

    A fixed number of queries whatever the number of records: the records with their
    many-to-many rows (one query per such field), then one per model of related objects named."""
    model = type(obj)
    m2m_fields = [m2m.name for m2m in obj.history.model._history_m2m_fields]
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    m2m_ids = _m2m_ids_by_record(model, records, m2m_fields)
    entries, raw_changes = [], []
    for index, record in enumerate(records[:limit]):
        entry = HistoryEntry(
            date=record.history_date,
            user=record.history_user,
            action=HISTORY_TYPES.get(record.history_type, record.history_type),
        )
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is not None and record.history_type == "~":
            changes = _changes(record, previous, m2m_fields, m2m_ids)
            raw_changes.append((entry, changes))
            entry.m2m_only = bool(changes) and all(name in m2m_fields for name, _, _ in changes)
        entries.append(entry)
    related = _related_objects(model, [changes for _, changes in raw_changes])
    for entry, changes in raw_changes:
        for name, old, new in changes:
            try:
                label = model._meta.get_field(name).verbose_name
            except Exception:  # noqa: BLE001
                label = name
            entry.changes.append(
                (label, _display(model, name, old, related), _display(model, name, new, related))
            )
    return _merge_same_save(entries)


def _changes(record, previous, m2m_fields, m2m_ids):
    """(field, old, new) of what changed from `previous` to `record`, by field name; many-to-many
    values as lists of related ids."""
    delta = record.diff_against(previous, excluded_fields=m2m_fields)
    changes = [
        (change.field, change.old, change.new)
        for change in delta.changes
        if change.field not in ("updated_at",)
    ]
    for name in m2m_fields:
        old, new = m2m_ids[name, previous.pk], m2m_ids[name, record.pk]
        if old != new:
            changes.append((name, old, new))
    return sorted(changes, key=lambda change: change[0])


def _m2m_ids_by_record(model, records, m2m_fields):
    """The related ids of each many-to-many field at each record, sorted, by (field, record pk):
    one query per field, where django-simple-history's diff makes two per field and record."""
    ids = {(name, record.pk): [] for name in m2m_fields for record in records}
    for name in m2m_fields if records else []:
        m2m_model = getattr(type(records[0]), name).model
        column = model._meta.get_field(name).m2m_reverse_field_name() + "_id"
        rows = m2m_model._base_manager.filter(history__in=[r.pk for r in records])
        for history_id, related_id in rows.values_list("history_id", column):
            ids[name, history_id].append(related_id)
    return {key: sorted(values) for key, values in ids.items()}


def _related_objects(model, changes_lists):
    """The objects that changed relations name, by related model and pk: one query per model."""
    wanted = defaultdict(set)
    for changes in changes_lists:
        for name, old, new in changes:
            try:
                model_field = model._meta.get_field(name)
            except Exception:  # noqa: BLE001
                continue
            if not model_field.is_relation:
                continue
            for value in (old, new):
                values = value if model_field.many_to_many else [value]
                wanted[model_field.related_model].update(v for v in values if v is not None)
    return {
        related_model: list(related_model._default_manager.filter(pk__in=pks))
        for related_model, pks in wanted.items()
        if pks
    }


def _display(model, field_name, value, related):
    if value in (None, "", []):
        return "—"
    try:
        model_field = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 (m2m history fields are not model fields of the record)
        return str(value)
    if model_field.many_to_many:
        # The related objects in their model's order, as the pages list them.
        ids = set(value)
        names = [str(o) for o in related.get(model_field.related_model, []) if o.pk in ids]
        return ", ".join(names) or "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        found = [o for o in related.get(model_field.related_model, []) if o.pk == value]
        return str(found[0]) if found else str(value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime.datetime | datetime.date):
        return formats.localize(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


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
