"""Writing an import's rows fast, each with its django-simple-history row: on PostgreSQL with
``COPY … FROM STDIN`` (psycopg 3 ``cursor.copy()``, as ``demo.volume.copying`` does), primary
keys drawn from the table's sequence first so that other rows can point at them; elsewhere
(SQLite, ``make run``'s embedded default) with ``bulk_create`` and simple-history's
``bulk_create_with_history``. Either way inside the caller's transaction: nothing is kept if
it fails.

A row is a dict keyed by the model's field attnames (``beneficiary_id`` for a foreign key);
missing fields take their default, ``auto_now``/``auto_now_add`` fields the time given. Values
must be those the database stores (str, int, date, aware datetime, bool, None…): an import's
cells are read into these already (`cells.CellReader`); any other value goes through the
field's ``get_db_prep_save``."""

import datetime
import decimal

from django.db import connection, models
from simple_history.utils import bulk_create_with_history

#: Rows written per INSERT on databases without COPY.
BATCH_SIZE = 1000
#: Types written to COPY as they are (anything else goes through the field's preparation).
PLAIN = {str, int, bool, float, decimal.Decimal, datetime.date, datetime.datetime, type(None)}
#: Fields whose values, of a plain type, are written as they are (others are prepared).
TRUSTED = (
    models.CharField,
    models.TextField,
    models.DateField,  # and DateTimeField
    models.IntegerField,  # and its small, big, positive and auto kinds
    models.BooleanField,
    models.ForeignKey,
)
#: A created record's history type (simple-history: "+" created, "~" changed, "-" deleted).
CREATED = "+"


def uses_copy():
    """True when rows go through PostgreSQL's COPY (psycopg 3), False for bulk_create."""
    return connection.vendor == "postgresql"


def insert(model, rows, *, when, history=None):
    """Insert `rows` (list of dicts, see the module) into `model`'s table and give each its
    primary key as ``row["id"]``. `when` (aware datetime) fills ``auto_now``/``auto_now_add``
    fields. `history`: None for a model without history, else a dict ``user`` (User or None),
    ``reason`` (str, ≤ 100 characters): one historical row per row, created ("+") at `when`
    by that user with that change reason. Returns `rows`."""
    if not rows:
        return rows
    if uses_copy():
        _copy(model, rows, when, history)
    else:
        _bulk_create(model, rows, when, history)
    return rows


def _fields(model, row_has_id=True):
    return [f for f in model._meta.concrete_fields if row_has_id or not f.primary_key]


def _defaults(fields, when):
    """The value of each field a row leaves out: `when` for auto_now(_add), else its default
    (a callable default is called once for all the rows: these models have none that must
    differ from row to row, such as a UUID)."""
    values = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values[field.attname] = when
        elif not field.primary_key:
            values[field.attname] = field.get_default()
    return values


def _rows(rows, fields, defaults, sources=None):
    """The values of each of `rows` for COPY, in the order of `fields`: a row's own value (by
    the attname of its `sources` field, default `fields` themselves) or the default. Values of
    fields other than TRUSTED ones go through the field's preparation unless plain."""
    sources = sources or fields
    pairs = [(f.attname, _prepared(f, defaults.get(f.attname))) for f in sources]
    prepare = [
        (index, field)
        for index, field in enumerate(sources)
        if not isinstance(field, TRUSTED) and not field.primary_key
    ]
    for row in rows:
        values = [row.get(name, default) for name, default in pairs]
        for index, field in prepare:
            if type(values[index]) not in PLAIN:
                values[index] = field.get_db_prep_save(values[index], connection)
        yield values


def _prepared(field, value):
    if type(value) in PLAIN:
        return value
    return field.get_db_prep_save(value, connection)


def _reserve_ids(model, count):
    """`count` primary keys of `model` drawn from its sequence (unique even with other writers
    meanwhile; not necessarily consecutive). Returns a list of int."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy_rows(model, fields, values):
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in values:
            copy.write_row(row)


def _copy(model, rows, when, history):
    pk = model._meta.pk.attname
    for row, value in zip(rows, _reserve_ids(model, len(rows)), strict=True):
        row[pk] = value
    fields = _fields(model)
    defaults = _defaults(fields, when)
    _copy_rows(model, fields, _rows(rows, fields, defaults))
    if history is None:
        return
    # The historical table's columns: the model's own (its id as a plain column) and the
    # history's, its history_id numbered by its sequence.
    historical = model.history.model
    own = {
        "history_date": when,
        "history_change_reason": history["reason"],
        "history_type": CREATED,
        "history_user_id": history["user"].pk if history["user"] else None,
    }
    named = {f.attname: f for f in historical._meta.concrete_fields}
    by_name = {f.attname: f for f in fields}
    sources = [by_name[name] for name in named if name not in own and name != "history_id"]
    columns = [named[f.attname] for f in sources] + [named[name] for name in own]
    tail = list(own.values())
    _copy_rows(
        historical, columns, (values + tail for values in _rows(rows, fields, defaults, sources))
    )


def _bulk_create(model, rows, when, history):
    fields = _fields(model, row_has_id=False)
    defaults = _defaults(fields, when)
    objs = [model(**{**defaults, **row}) for row in rows]
    if history is None:
        model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
    else:
        bulk_create_with_history(
            objs,
            model,
            batch_size=BATCH_SIZE,
            default_user=history["user"],
            default_date=when,
            default_change_reason=history["reason"],
        )
    pk = model._meta.pk.attname
    for row, obj in zip(rows, objs, strict=True):
        row[pk] = obj.pk
