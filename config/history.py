"""Change history shown on detail pages, read from django-simple-history: who, when, and which
fields changed from what to what."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


@dataclass
class HistoryEntry:
    date: object
    user: object
    action: str
    changes: list = field(default_factory=list)


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
                if isinstance(change.old, list) or isinstance(change.new, list):
                    old = _m2m_display(model, change.field, change.old)
                    new = _m2m_display(model, change.field, change.new)
                else:
                    old = _display(model, change.field, change.old)
                    new = _display(model, change.field, change.new)
                entry.changes.append((label, old, new))
        entries.append(entry)
    return entries


def _m2m_display(model, field_name, rows):
    """m2m history values are lists of through-table rows; show the related objects."""
    if not rows:
        return "—"
    related_model = model._meta.get_field(field_name).related_model
    key = related_model._meta.model_name
    ids = [row.get(key) for row in rows if row.get(key) is not None]
    names = related_model._default_manager.filter(pk__in=ids)
    return ", ".join(str(name) for name in names) or "—"
