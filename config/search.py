"""Search that ignores letter case, accents, the kind of apostrophe and hyphens, the kind of
space: `Organisation.objects.filter(matches("name", "l'oreal"))` finds « L’Oréal Produits
Professionnels ». Importing this module registers the `matches` lookup on every text field.

Both sides of a search, the stored text and what is typed, are normalised by the database
with one function (`tremplin_normalise`: SQL on PostgreSQL, territories 0005; the Python
`normalise` on SQLite), so they always agree. The two functions give the same form to
letters, accents, apostrophes, dashes and spaces (no-break ones included); PostgreSQL's
`unaccent` also spells out a few symbols Python keeps (« » as << >>, “ ” as "), on both sides
alike. See docs/decisions.md.
"""

import unicodedata

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models import F, Q, Value, lookups
from django.db.models.expressions import Col

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
    SQL function `tremplin_normalise` (territories migrations 0004 and 0005), so that indexes
    on `tremplin_normalise(column)` serve searches; on SQLite, a Python function (registered
    on every connection by `register_sqlite_functions`)."""

    lookup_name = "normalised"
    function = "tremplin_normalise"
    output_field = models.TextField()


class NormalisedCopy(models.GeneratedField):
    """A stored copy of the text field `source` (its name), normalised as `normalise` does:
    a generated column the database computes on every write (PostgreSQL: STORED, by the
    IMMUTABLE `tremplin_normalise`; SQLite: the Python `normalise`, deterministic), whatever
    writes the row (forms, admin, bulk writes, `update()`). `matches` on `source` reads it
    instead of normalising each row it tests: a search's candidate rows (a trigram index on
    the copy gives them on PostgreSQL) then cost a LIKE each, not a normalisation (about 3 µs
    for an organisation's name, 8 µs for a 60-character title). Not editable, not in history
    (`HistoricalRecords(excluded_fields=...)`): it says nothing the source does not."""

    def __init__(self, source, **kwargs):
        self.source = source
        super().__init__(
            expression=Normalised(F(source)),
            output_field=models.TextField(),
            db_persist=True,
            **kwargs,
        )

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for generated in ("expression", "output_field", "db_persist"):
            kwargs.pop(generated, None)
        return name, path, [self.source, *args], kwargs


def stored_copy(expression):
    """The `NormalisedCopy` column of `expression` (a column, as a lookup's left-hand side
    gets it) in the same table, or None when it has none."""
    if not isinstance(expression, Col):
        return None
    target = expression.target
    for field in target.model._meta.concrete_fields:
        if isinstance(field, NormalisedCopy) and field.source == target.name:
            return Col(expression.alias, field)
    return None


@models.CharField.register_lookup
@models.TextField.register_lookup
class Matches(lookups.Contains):
    """Contains, once both sides are normalised: the column's `NormalisedCopy` when its model
    keeps one, else the column normalised on the fly."""

    lookup_name = "matches"

    def __init__(self, lhs, rhs):
        copy = stored_copy(lhs)
        super().__init__(
            copy if copy is not None else Normalised(lhs),
            typed(rhs) if isinstance(rhs, str) else rhs,
        )

    def get_rhs_op(self, connection, rhs):
        # As `contains` does: Django has no SQL operator under this lookup's own name.
        if hasattr(self.rhs, "as_sql"):
            return connection.pattern_ops["contains"].format(connection.pattern_esc).format(rhs)
        return connection.operators["contains"] % rhs


def typed(text):
    """What is typed (str), normalised by the database as the stored text is: an expression.
    PostgreSQL computes it once, while planning (the function is IMMUTABLE), so a trigram
    index still serves the search."""
    return Normalised(Value(text, output_field=models.TextField()))


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
    reads the index instead of normalising every row; on SQLite, a Python function (registered
    on every connection by `register_sqlite_functions`)."""

    function = "tremplin_names_normalised"
    arity = 2
    output_field = models.TextField()

    @staticmethod
    def python(first_name, last_name):
        """The SQLite implementation (str, str → str)."""
        return f"{normalise(f'{first_name} {last_name}')}\n{normalise(f'{last_name} {first_name}')}"


def names_match(first_name, last_name, text):
    """Q: the names (field names) contain `text` in either order, ignoring case, accents,
    apostrophes and dashes. On PostgreSQL a trigram index serves it (see `NamesNormalised`)."""
    return Q(lookups.Contains(NamesNormalised(first_name, last_name), typed(text)))


def register_sqlite_functions(sender, connection, **kwargs):
    """Give every new SQLite connection the Python functions the SQL above calls, once, when it
    opens: a generated column (`NormalisedCopy`) is computed by SQLite on write, before any
    expression of ours is compiled on that connection. Receiver of `connection_created`."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function(Normalised.function, 1, normalise, deterministic=True)
    raw.create_function(NamesNormalised.function, 2, NamesNormalised.python, deterministic=True)


connection_created.connect(register_sqlite_functions, dispatch_uid="tremplin_sqlite_functions")
