"""Search that ignores letter case, accents, the kind of apostrophe and hyphens, the same way
on PostgreSQL and SQLite: `Organisation.objects.filter(matches("name", "l'oreal"))` finds
« L’Oréal Produits Professionnels ». Importing this module registers the `matches` lookup on
every text field.

The stored text is normalised in SQL (PostgreSQL's `unaccent`, a Python function on SQLite),
what is typed in Python, both to the same form: see docs/decisions.md.
"""

import unicodedata

from django.db import models
from django.db.models import Q, lookups

APOSTROPHES = "’‘ʼ′`´"
DASHES = "-‐‑‒–—―−"
#: Apostrophes become the keyboard's, dashes spaces, so `Côte-d’Or` matches `cote d'or`.
FOLDED_FROM = APOSTROPHES + DASHES
FOLDED_TO = "'" * len(APOSTROPHES) + " " * len(DASHES)
FOLD = str.maketrans(FOLDED_FROM, FOLDED_TO)
#: What PostgreSQL's unaccent spells out and Unicode decomposition does not.
LIGATURES = {"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l"}


def normalise(text):
    """Lower case, no accents, straight apostrophes, dashes as spaces, single spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    for ligature, letters in LIGATURES.items():
        text = text.replace(ligature, letters)
    return " ".join(text.translate(FOLD).split())


class Normalised(models.Transform):
    """A text expression normalised as `normalise` does. On PostgreSQL it calls the IMMUTABLE
    SQL function `tremplin_normalise` (territories migration 0004), so that expression indexes
    on `tremplin_normalise(column)` serve searches; on SQLite, a Python function."""

    lookup_name = "normalised"
    function = "tremplin_normalise"
    output_field = models.TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # Registered on first use by each connection: SQLite calls back into Python.
        connection.ensure_connection()
        connection.connection.create_function(self.function, 1, normalise, deterministic=True)
        return self.as_sql(compiler, connection, **extra_context)


@models.CharField.register_lookup
@models.TextField.register_lookup
class Matches(lookups.Contains):
    """Contains, once both sides are normalised."""

    lookup_name = "matches"

    def __init__(self, lhs, rhs):
        super().__init__(Normalised(lhs), normalise(rhs) if isinstance(rhs, str) else rhs)

    def get_rhs_op(self, connection, rhs):
        return connection.operators["contains"] % rhs


def matches(field, text):
    """The condition "`field` contains `text`", ignoring case, accents, apostrophes, dashes."""
    return Q(**{f"{field}__matches": text})


class NamesNormalised(models.Func):
    """A person's names normalised as `normalise` does, in both orders, one per line:
    `normalise("first last") + "\\n" + normalise("last first")`. What is typed, once
    normalised, never holds a line break, so `contains` on it finds the names in either order
    and never across the two. Takes the first- and last-name expressions (text).

    On PostgreSQL it calls the IMMUTABLE SQL function `tremplin_names_normalised`, which a
    migration creates with a trigram index on its result (beneficiaries 0002), so that a search
    reads the index instead of normalising every row; on SQLite, a Python function."""

    function = "tremplin_names_normalised"
    arity = 2
    output_field = models.TextField()

    @staticmethod
    def python(first_name, last_name):
        """The SQLite implementation (str, str → str)."""
        return f"{normalise(f'{first_name} {last_name}')}\n{normalise(f'{last_name} {first_name}')}"

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        connection.connection.create_function(self.function, 2, self.python, deterministic=True)
        return self.as_sql(compiler, connection, **extra_context)


def names_match(first_name, last_name, text):
    """Q: the names (field names) contain `text` in either order, ignoring case, accents,
    apostrophes and dashes. On PostgreSQL a trigram index serves it (see `NamesNormalised`)."""
    return Q(lookups.Contains(NamesNormalised(first_name, last_name), normalise(text)))
