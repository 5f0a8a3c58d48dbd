"""`tremplin_normalise` gives letters, accents, apostrophes, dashes and spaces the form Python's
`config.search.normalise` gives them, and the stored copies and the names index are rebuilt.

Until now the SQL function only lowered, unaccented, folded apostrophes and dashes and
collapsed ASCII white space, where Python first decomposes the text (NFKD): on PostgreSQL a
name holding a no-break space (« Mission locale », typed in a word processor), a narrow one, or
a superscript (2ᵉ) could not be found by typing a plain space or "2e", while SQLite found it.
The function now decomposes the text (`normalize(…, NFKD)`: no-break and thin spaces become
spaces, ᵉ an e, ligatures their letters), removes the combining marks, then does as before,
and trims the ends as Python does. What `unaccent` spells out beyond that (« as <<) stays:
since this change, what is typed goes through the same function (`config.search.typed`), so
both sides of a search always agree.

The stored copies (partners 0011, programmes 0004) are computed again by rewriting their
source column onto itself, and the index of the beneficiaries' names (beneficiaries 0002) is
rebuilt, since both hold the function's former answers. On SQLite, nothing to do: the Python
function did not change.
"""

from django.db import migrations

from config.search import FOLDED_FROM, FOLDED_TO

#: The combining marks Unicode decomposition leaves (accents, cedillas…), as a regex class.
COMBINING = "[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]"


def _literal(text):
    return "'" + text.replace("'", "''") + "'"


def _folded(sql):
    return (
        f"regexp_replace(translate(lower(public.unaccent('public.unaccent'::regdictionary, {sql}))"
        f", {_literal(FOLDED_FROM)}, {_literal(FOLDED_TO)}), '\\s+', ' ', 'g')"
    )


NORMALISE = f"""
CREATE OR REPLACE FUNCTION tremplin_normalise(value text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT btrim({_folded(f"regexp_replace(normalize(value, NFKD), '{COMBINING}', '', 'g')")}, ' ')
$$
"""
NAMES = """
CREATE OR REPLACE FUNCTION tremplin_names_normalised(first_name text, last_name text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT public.tremplin_normalise(first_name || ' ' || last_name)
    || E'\\n' || public.tremplin_normalise(last_name || ' ' || first_name)
$$
"""
FORMER_NORMALISE = f"""
CREATE OR REPLACE FUNCTION tremplin_normalise(value text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT {_folded("value")}
$$
"""
FORMER_NAMES = f"""
CREATE OR REPLACE FUNCTION tremplin_names_normalised(first_name text, last_name text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT {_folded("first_name || ' ' || last_name")}
    || E'\\n' || {_folded("last_name || ' ' || first_name")}
$$
"""
#: (table, source column) of each stored normalised copy.
COPIES = [
    ("partners_organisation", "name"),
    ("partners_convention", "title"),
    ("partners_mobilisationaction", "title"),
    ("programmes_action", "title"),
]


def _rebuild(schema_editor, *functions):
    if schema_editor.connection.vendor != "postgresql":
        return
    for function in functions:
        schema_editor.execute(function)
    for table, column in COPIES:
        schema_editor.execute(f"UPDATE {table} SET {column} = {column}")
        schema_editor.execute(f"ANALYZE {table}")
    schema_editor.execute("REINDEX INDEX beneficiary_names_trgm")


def forwards(apps, schema_editor):
    _rebuild(schema_editor, NORMALISE, NAMES)


def backwards(apps, schema_editor):
    _rebuild(schema_editor, FORMER_NORMALISE, FORMER_NAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("territories", "0004_normalise_function"),
        ("beneficiaries", "0008_enrolment_action_person_covers_key"),
        ("partners", "0011_search_normalised_copies"),
        ("programmes", "0004_search_normalised_copy"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
