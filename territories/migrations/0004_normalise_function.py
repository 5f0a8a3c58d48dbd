"""`tremplin_normalise(text)`: the `matches` lookup's normalisation as an IMMUTABLE SQL function.

The `matches` lookup (config/search.py) normalised each row's text inline (unaccent, lower,
translate, regexp_replace), which no index can hold: `unaccent(text)` is only STABLE, since it
looks its dictionary up in the search path. This function names the dictionary and its schema,
so it may be declared IMMUTABLE, and an expression index on `tremplin_normalise(column)` can
then serve searches (the trigram indexes of partners 0009 and programmes 0003). Same SQL as
before, same answers; `Normalised` calls it on PostgreSQL. Also creates `pg_trgm`, which those
indexes need.

On SQLite it does nothing: `Normalised` registers a Python function of that name there.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from config.search import FOLDED_FROM, FOLDED_TO


def _literal(text):
    return "'" + text.replace("'", "''") + "'"


FUNCTION = f"""
CREATE OR REPLACE FUNCTION tremplin_normalise(value text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT regexp_replace(translate(lower(public.unaccent('public.unaccent'::regdictionary, value))
    , {_literal(FOLDED_FROM)}, {_literal(FOLDED_TO)}), '\\s+', ' ', 'g')
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS tremplin_normalise(text)")


class Migration(migrations.Migration):
    dependencies = [("territories", "0003_unaccent_extension")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
