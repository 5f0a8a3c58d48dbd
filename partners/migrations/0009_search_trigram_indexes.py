"""Trigram indexes for the text searches of organisations (name; a convention's parties too), conventions (title) and mobilisation
actions (title).

The `matches` lookup (config/search.py) filters on `tremplin_normalise(column) LIKE '%text%'`;
without an index PostgreSQL normalises every row for each search (the page's count, then its
rows): at national volume that made these searches 2 to 6.5 times slower than on the demo.
A GIN trigram index (`pg_trgm`) on the very expression the search filters on lets PostgreSQL
read the rows whose normalised text holds the typed trigrams (three characters or more typed;
shorter texts read the whole index, still right). `tremplin_normalise` is IMMUTABLE
(territories 0004), which an index requires. The answers do not change.

On SQLite it does nothing: `Normalised` calls a Python function there.
"""

from django.db import migrations

#: (index, table, column)
INDEXES = [
    ("organisation_name_trgm", "partners_organisation", "name"),
    ("convention_title_trgm", "partners_convention", "title"),
    ("mobilisation_title_trgm", "partners_mobilisationaction", "title"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX {index} ON {table} USING gin (tremplin_normalise({column}) gin_trgm_ops)"
        )
        # Statistics on the indexed expression: the planner's estimate of how many rows match.
        schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0008_list_order_indexes"),
        ("territories", "0004_normalise_function"),
    ]

    operations = [migrations.RunPython(create, drop)]
