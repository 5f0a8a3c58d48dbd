"""The beneficiaries' name search reads a trigram index instead of normalising every row.

The search (`config.search.names_match`) looks for the typed text, normalised, inside the
person's names normalised in both orders. Normalising 100,000 rows (unaccent, lower, translate,
regexp_replace, twice) for each search took over half a second, once for the page's count and
once for its rows. So on PostgreSQL this migration creates:

- the `pg_trgm` extension, whose GIN operator class answers `LIKE '%text%'` from an index of
  the trigrams of a text (a text of three characters or more typed; shorter ones read the
  whole index, still right);
- `tremplin_names_normalised(first, last)`, an SQL function declared IMMUTABLE (an index may
  only hold immutable expressions; `unaccent(text)` is only STABLE because it looks its
  dictionary up in the search path, so the function names the dictionary and its schema). It
  normalises as `config.search.normalise` does, the same SQL as the `matches` lookup;
- a GIN trigram index on `tremplin_names_normalised(first_name, last_name)`, the very
  expression the search filters on, so PostgreSQL matches it to the index.

On SQLite it does nothing: `NamesNormalised` calls a Python function there.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from config.search import FOLDED_FROM, FOLDED_TO


def _literal(text):
    return "'" + text.replace("'", "''") + "'"


def _normalised(sql):
    return (
        f"regexp_replace(translate(lower(public.unaccent('public.unaccent'::regdictionary, {sql}))"
        f", {_literal(FOLDED_FROM)}, {_literal(FOLDED_TO)}), '\\s+', ' ', 'g')"
    )


FUNCTION = f"""
CREATE OR REPLACE FUNCTION tremplin_names_normalised(first_name text, last_name text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT {_normalised("first_name || ' ' || last_name")}
    || E'\\n' || {_normalised("last_name || ' ' || first_name")}
$$
"""
INDEX = """
CREATE INDEX beneficiary_names_trgm ON beneficiaries_beneficiary
USING gin (tremplin_names_normalised(first_name, last_name) gin_trgm_ops)
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(INDEX)
    # Statistics on the indexed expression: the planner's estimate of how many names match.
    schema_editor.execute("ANALYZE beneficiaries_beneficiary")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS beneficiary_names_trgm")
    schema_editor.execute("DROP FUNCTION IF EXISTS tremplin_names_normalised(text, text)")


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0001_beneficiaries_enrolments_steps")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
