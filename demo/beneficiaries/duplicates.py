"""A few likely duplicates for ``seed_demo`` to leave in the review queue: second records of
demo people living in the Rhône (so that the Rhône coordinator's demo account reviews them,
as national staff do), spelled as another office would have typed them — a transliteration
variant, the names swapped, capitals without accents — or sharing only a phone number. Each
pair is flagged as the form, the import or the nightly search would flag it. Idempotent: a
second record already there is not made again."""

from datetime import timedelta

from beneficiaries.duplicates import record_candidates
from beneficiaries.models import Beneficiary, DuplicateSource
from config.search import normalise

#: Spellings another office might have typed for a demo first name.
RESPELLED = {
    "Mohammad": "Mohamed",
    "Ahmad": "Ahmed",
    "Mustafa": "Moustafa",
    "Abdul Rahman": "Abd-al-Rahman",
    "Mohamed Lamine": "Muhammad Lamine",
}
#: How many pairs of each kind.
PAIRS = 4


def respelled(person):
    """(first name, last name) of a second record of `person`, typed otherwise."""
    if person.first_name in RESPELLED:
        return RESPELLED[person.first_name], person.last_name
    return normalise(person.last_name).upper(), normalise(person.first_name).upper()


def seed():
    """Create the missing second records and flag each pair pending. Returns the counts of
    created rows ({"beneficiaries": n, "duplicate pairs": m})."""
    fields = [f.name for f in Beneficiary._meta.concrete_fields if f.editable and not f.primary_key]
    people = Beneficiary.objects.current().filter(department__code="69").exclude(phone="")
    # A first name another office would spell otherwise first, then whoever comes.
    respellable = list(people.filter(first_name__in=RESPELLED).order_by("pk")[:2])
    rhone = respellable + list(
        people.exclude(pk__in=[p.pk for p in respellable]).order_by("pk")[: 2 * PAIRS - 2]
    )
    sources = [DuplicateSource.FORM, DuplicateSource.IMPORT, DuplicateSource.NIGHTLY]
    created = {"beneficiaries": 0, "duplicate pairs": 0}
    for number, person in enumerate(rhone):
        values = {name: getattr(person, name) for name in fields}
        if number < PAIRS:
            first_name, last_name = respelled(person)
            values.update(first_name=first_name, last_name=last_name, phone="", email="")
        else:  # the same mobile phone; a letter of the name and the day of birth mistyped
            values.update(
                last_name=person.last_name[:-1],
                birth_date=person.birth_date + timedelta(days=1),
                email="",
            )
        twin, new = Beneficiary.objects.get_or_create(
            first_name=values.pop("first_name"),
            last_name=values.pop("last_name"),
            birth_date=values.pop("birth_date"),
            defaults=values,
        )
        created["beneficiaries"] += new
        created["duplicate pairs"] += record_candidates(twin, sources[number % len(sources)])
    return created
