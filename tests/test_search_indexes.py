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


@pytest.mark.parametrize("text", ["Côte-d’Or", "Œuvre  ÉTÉ", "Łódź — Ødegård"])
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
    row; through a relation too (a convention's parties' names)."""
    wanted = factory(**{field: "Le Géiq d’Île-de-France"})
    factory(**{field: "Autre chose"})
    found = model.objects.filter(matches(field, "GEIQ d'ile de"))
    sql = str(found.query)
    assert f"{field}_normalised" in sql
    assert Normalised.function not in sql
    assert list(found) == [wanted]


def test_a_search_through_a_relation_reads_the_stored_copy():
    party = OrganisationFactory(name="Entreprise Équité")
    convention = ConventionFactory()
    convention.parties.add(party)
    ConventionFactory()
    found = Convention.objects.filter(matches("parties__name", "equite"))
    assert "name_normalised" in str(found.query)
    assert list(found) == [convention]
