"""The `matches` searches of organisations, conventions, mobilisation actions and actions: they
read a stored normalised copy of the text (`config.search.NormalisedCopy`, partners 0011,
programmes 0004), which the database computes on every write as `config.search.normalise`
does; on PostgreSQL a trigram index on the copy serves them."""

import pytest
from django.db import connection

from config.search import Normalised, matches, normalise
from partners.models import Convention, MobilisationAction, Organisation
from programmes.models import Action

from .conventions.factories import ConventionFactory
from .factories import OrganisationFactory
from .mobilisation.factories import MobilisationActionFactory
from .programmes.factories import ActionFactory

pytestmark = pytest.mark.django_db

SEARCHES = [
    (OrganisationFactory, Organisation, "name", "organisation_name_trgm"),
    (ConventionFactory, Convention, "title", "convention_title_trgm"),
    (MobilisationActionFactory, MobilisationAction, "title", "mobilisation_title_trgm"),
    (ActionFactory, Action, "title", "action_title_trgm"),
]


@pytest.mark.parametrize(
    "text",
    [
        "Côte-d’Or",
        "Œuvre  ÉTÉ",
        "Łódź — Ødegård",
        # No-break and narrow no-break spaces (French typography), a superscript, a ligature,
        # spaces at the ends: territories 0005.
        "Mission\u00a0locale du 2ᵉ",
        "Ville\u202fd’Avray",
        "  ﬁnances  publiques ",
    ],
)
def test_the_database_normalises_as_python_does(text):
    organisation = OrganisationFactory(name=text)
    value = (
        Organisation.objects.annotate(normalised=Normalised("name"))
        .values_list("normalised", flat=True)
        .get(pk=organisation.pk)
    )
    assert value == normalise(text)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram indexes")
@pytest.mark.parametrize(("factory", "model", "field", "index"), SEARCHES)
def test_a_trigram_index_serves_the_search(factory, model, field, index):
    template = factory()
    fields = [
        f.attname for f in model._meta.concrete_fields if not f.primary_key and not f.generated
    ]
    copy = {name: getattr(template, name) for name in fields}
    if model is Organisation:
        copy.update(siret="", siren="")
    model.objects.bulk_create(model(**{**copy, field: f"Texte {i}"}) for i in range(2000))
    wanted = model.objects.bulk_create([model(**{**copy, field: "Le Géiq d’Île-de-France"})])
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {model._meta.db_table}")
        # Whether the index *can* serve the search, whatever the table's size this run: no
        # sequential scan, no full walk of a sort index (the test's transaction ends both).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    found = model.objects.filter(matches(field, "geiq"))
    assert index in found.explain()
    assert set(found) == {
        *wanted,
        *([template] if "geiq" in normalise(getattr(template, field)) else []),
    }


@pytest.mark.parametrize(("factory", "model", "field", "index"), SEARCHES)
def test_the_stored_copy_follows_every_write(factory, model, field, index):
    """Created, saved, then changed by `update()` (no `save`, no signal): the copy is the
    normalised text each time, on PostgreSQL and SQLite."""
    row = factory(**{field: "L’Œuvre  d’Été"})
    copy = f"{field}_normalised"

    def stored():
        return model.objects.values_list(copy, flat=True).get(pk=row.pk)

    assert stored() == "l'oeuvre d'ete"
    setattr(row, field, "Côte-d’Or")
    row.save()
    assert stored() == normalise("Côte-d’Or") == "cote d'or"
    model.objects.filter(pk=row.pk).update(**{field: "Ødegård — ÉTÉ"})
    assert stored() == "odegard ete"


@pytest.mark.parametrize(("factory", "model", "field", "index"), SEARCHES)
def test_a_search_reads_the_stored_copy(factory, model, field, index):
    """`matches` on the text reads its copy (a LIKE on a column), not the text normalised row by
    row."""
    wanted = factory(**{field: "Le Géiq d’Île-de-France"})
    factory(**{field: "Autre chose"})
    found = model.objects.filter(matches(field, "GEIQ d'ile de"))
    sql = str(found.query)
    assert f"{field}_normalised" in sql
    # Only what is typed is normalised in the query, never the column.
    column = f'"{model._meta.db_table}"."{field}"'
    assert f"{Normalised.function}({column})" not in sql
    assert list(found) == [wanted]


def test_a_search_through_a_relation_reads_the_stored_copy():
    party = OrganisationFactory(name="Entreprise Équité")
    convention = ConventionFactory()
    convention.parties.add(party)
    ConventionFactory()
    found = Convention.objects.filter(matches("parties__name", "equite"))
    assert "name_normalised" in str(found.query)
    assert list(found) == [convention]


@pytest.mark.parametrize(
    "typed",
    [
        "mission locale",
        "2e arrondissement",
        "2ᵉ arrondissement",
        "« avenir » du",
        "mission locale « avenir",
        "MISSION LOCALE « AVENIR »",
    ],
)
def test_french_typography_is_found_as_typed(typed):
    """A name written with a no-break space before a guillemet and a superscript is found by
    what a keyboard types, on PostgreSQL as on SQLite: both sides of the search go through the
    database's one function (`config.search.typed`)."""
    wanted = OrganisationFactory(
        name="Mission\u00a0locale «\u00a0Avenir\u00a0» du 2ᵉ arrondissement"
    )
    OrganisationFactory(name="Mission d’avenir")
    assert list(Organisation.objects.filter(matches("name", typed))) == [wanted]


def test_a_name_with_a_no_break_space_is_found_by_a_plain_one():
    from beneficiaries.models import Beneficiary
    from config.search import names_match

    from .beneficiaries.factories import BeneficiaryFactory

    wanted = BeneficiaryFactory(first_name="Awa", last_name="N\u00a0Diaye")
    BeneficiaryFactory(first_name="Awa", last_name="Ndiaye")
    found = Beneficiary.objects.filter(names_match("first_name", "last_name", "n diaye awa"))
    assert list(found) == [wanted]
