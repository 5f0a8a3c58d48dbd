"""The beneficiaries' name search: the same answers as `config.search.normalise` on both sides,
the names in either order but never across them, and on PostgreSQL a trigram index that
serves it (beneficiaries migration 0002)."""

import pytest
from django.db import connection

from beneficiaries.models import Beneficiary
from config.search import NamesNormalised, names_match

from .factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db

NAMES = [
    ("Jean-Pierre", "Haïdari"),
    ("Œdipe", "D’Alembert"),
    ("Ana  María", "Núñez—López"),
    ("Łukasz", "Ødegård"),
]


@pytest.mark.parametrize(("first_name", "last_name"), NAMES)
def test_the_database_normalises_names_as_python_does(first_name, last_name):
    value = (
        Beneficiary.objects.annotate(names=NamesNormalised("first_name", "last_name"))
        .filter(pk=BeneficiaryFactory(first_name=first_name, last_name=last_name).pk)
        .values_list("names", flat=True)
        .get()
    )
    assert value == NamesNormalised.python(first_name, last_name)


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("haidari jean", True),
        ("pierre haïdari", True),
        ("JEAN-PIERRE", True),
        ("d'alembert", False),
        # The end of one order and the start of the other are not one name.
        ("haidari haidari", False),
        ("pierre jean", False),
    ],
)
def test_the_names_match_in_either_order_never_across(typed, found):
    person = BeneficiaryFactory(first_name="Jean-Pierre", last_name="Haïdari")
    matched = Beneficiary.objects.filter(names_match("first_name", "last_name", typed))
    assert list(matched) == ([person] if found else [])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram index")
def test_the_trigram_index_serves_the_search():
    template = BeneficiaryFactory()
    fields = [f.attname for f in Beneficiary._meta.concrete_fields if not f.primary_key]
    Beneficiary.objects.bulk_create(
        Beneficiary(**{**{name: getattr(template, name) for name in fields}, "last_name": f"N{i}"})
        for i in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE beneficiaries_beneficiary")
    plan = Beneficiary.objects.filter(names_match("first_name", "last_name", "kone")).explain()
    assert "beneficiary_names_trgm" in plan
