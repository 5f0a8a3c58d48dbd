"""Writing many rows fast: PostgreSQL ``COPY … FROM STDIN`` (psycopg 3 ``cursor.copy()``)
with primary keys reserved beforehand from the table's sequence, so that the rows of other
tables can point at them without reading them back."""

from django.db import connection
from django.utils import timezone


def reserve_ids(model, count):
    """Reserve `count` (int ≥ 1) consecutive primary keys of `model` from its PostgreSQL
    sequence (identity column). Returns the range of them; no other writer is expected
    meanwhile (the volume is generated alone)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return range(first, first + count)


class CopyWriter:
    """Streams rows of one model to ``COPY``. A row is a dict keyed by field name (a foreign
    key given as an object with a `pk`, or by its attname `…_id`); missing fields take their
    default, `created_at`/`updated_at` the time the writer was made (aware datetime). With
    `with_id` each row brings its "id" (see `reserve_ids`); else the sequence numbers them."""

    def __init__(self, model, with_id=False):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        now = timezone.now()
        self.stamps = {
            field.name: now for field in self.fields if getattr(field, "auto_now_add", False)
        }
        self.stamps.update(
            {field.name: now for field in self.fields if getattr(field, "auto_now", False)}
        )
        self.defaults = {
            field.name: field.get_default()
            for field in self.fields
            if not field.primary_key and not field.is_relation
        }
        columns = ", ".join(connection.ops.quote_name(field.column) for field in self.fields)
        self.sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"

    def value(self, field, row):
        if field.is_relation:
            if field.attname in row:
                return row[field.attname]
            target = row.get(field.name)
            return target.pk if target is not None else None
        if field.name in row:
            return row[field.name]
        if field.name in self.stamps:
            return self.stamps[field.name]
        return self.defaults[field.name]

    def write(self, rows):
        """COPY `rows` (dicts) into the table. Returns how many were written."""
        count = 0
        with connection.cursor() as cursor, cursor.copy(self.sql) as copy:
            for row in rows:
                copy.write_row([self.value(field, row) for field in self.fields])
                count += 1
        return count
