"""Likely duplicates: the names' key, the check on creation, the pairs recorded for review and
who reviews them (issue 12, part 2)."""

import datetime

import pytest

from beneficiaries.duplicates import (
    find_all_candidates,
    likely_duplicates,
    mark_different,
    name_key,
    record_candidates,
)
from beneficiaries.models import Beneficiary, DuplicateCandidate

from .factories import BeneficiaryFactory, EnrolmentFactory

BIRTH = datetime.date(1994, 5, 12)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Aïcha", "Touré"), ("AICHA", "toure")),
        (("Jean-Baptiste", "Mbaye"), ("Jean Baptiste", "MBAYE")),
        (("Youssouf", "N’Diaye"), ("Youssouf", "Ndiaye")),
        (("Ahmad", "Rahimi"), ("Rahimi", "Ahmad")),
        (("Mohammed", "Hassan"), ("Mohamed", "Hassan")),
        (("Muhammad", "Hassan"), ("Mohamad", "Hassan")),
        (("Mohammad", "Hassan"), ("Mouhamed", "Hassan")),
        (("Abdel", "Karim"), ("Abd el", "Karim")),
        (("Abdul Rahman", "Sultani"), ("Abd-al-Rahman", "Sultani")),
        (("Abdelkader", "Benali"), ("Abd el Kader", "Benali")),
        (("Ahmad", "Noori"), ("Ahmed", "Noori")),
        (("Youssef", "Haddad"), ("Yusuf", "Haddad")),
        (("Yousef", "Haddad"), ("Youssouf", "Haddad")),
        (("Hussein", "Karimi"), ("Husain", "Karimi")),
        (("Hossein", "Karimi"), ("Hussain", "Karimi")),
        (("Ali", "Mansour"), ("Aly", "Mansour")),
        (("Mustafa", "Kaya"), ("Moustafa", "Kaya")),
        (("Mostafa", "Kaya"), ("Mustapha", "Kaya")),
        (("Mahmoud", "Saleh"), ("Mahmud", "Saleh")),
        (("Khaled", "Omar"), ("Khalid", "Umar")),
    ],
)
def test_spellings_of_one_name_share_a_key(one, other):
    assert name_key(*one) == name_key(*other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Ahmad", "Rahimi"), ("Mahmud", "Rahimi")),
        (("Ali", "Haidari"), ("Alia", "Haidari")),
        # National forms kept apart on purpose (beneficiaries/names.py).
        (("Mehmet", "Yilmaz"), ("Mohamed", "Yilmaz")),
        (("Joseph", "Haddad"), ("Youssef", "Haddad")),
        (("Ibrahima", "Sow"), ("Ibrahim", "Sow")),
        (("Abdi", "Farah"), ("Abdel", "Farah")),
    ],
)
def test_different_names_keep_different_keys(one, other):
    assert name_key(*one) != name_key(*other)


def test_the_key_is_kept_on_save_and_bulk_create(db):
    person = BeneficiaryFactory(first_name="Mohammed", last_name="Al-Hassan")
    assert person.name_key == "al hasan muhamad"
    person.first_name = "Ali"
    person.save(update_fields=["first_name"])
    person.refresh_from_db()
    assert person.name_key == "al ali hasan"
    [built] = Beneficiary.objects.bulk_create(
        [
            BeneficiaryFactory.build(
                first_name="Yusuf",
                last_name="Ndiaye",
                referent_organisation=person.referent_organisation,
            )
        ]
    )
    assert Beneficiary.objects.get(pk=built.pk).name_key == "ndiaye yusuf"


def test_likely_duplicates_by_names_and_birth_date_email_or_phone(db):
    same_names = BeneficiaryFactory(first_name="Mohamed", last_name="Hassan", birth_date=BIRTH)
    BeneficiaryFactory(first_name="Mohamed", last_name="Hassan", birth_date=BIRTH.replace(day=13))
    same_email = BeneficiaryFactory(email="Hassan.M@example.org")
    same_phone = BeneficiaryFactory(phone="+33612345678")
    BeneficiaryFactory(first_name="Mahmud", last_name="Hassan", birth_date=BIRTH)

    found = likely_duplicates(
        first_name="Hassan",
        last_name="Muhammad",
        birth_date=BIRTH,
        email="hassan.m@EXAMPLE.org",
        phone="+33612345678",
    )

    assert set(found) == {same_names, same_email, same_phone}
    assert not likely_duplicates(
        first_name="Mohamed", last_name="Hassan", birth_date=BIRTH, exclude_pk=same_names.pk
    ).exists()


def test_record_candidates_stores_each_pair_once_lower_key_first(db):
    older = BeneficiaryFactory(first_name="Ahmad", last_name="Noori", birth_date=BIRTH)
    newer = BeneficiaryFactory(first_name="Ahmed", last_name="Noori", birth_date=BIRTH)

    assert record_candidates(newer, "form") == 1
    assert record_candidates(older, "nightly") == 0
    pair = DuplicateCandidate.objects.get()
    assert (pair.first, pair.second, pair.status, pair.source) == (older, newer, "pending", "form")


def test_a_pair_decided_different_is_never_proposed_again(db, national_user):
    one = BeneficiaryFactory(first_name="Ali", last_name="Mansour", birth_date=BIRTH)
    other = BeneficiaryFactory(first_name="Aly", last_name="Mansour", birth_date=BIRTH)
    record_candidates(other, "form")
    mark_different(DuplicateCandidate.objects.get(), national_user)

    assert record_candidates(one, "import") == 0
    assert find_all_candidates() == 0
    pair = DuplicateCandidate.objects.get()
    assert (pair.status, pair.decided_by) == ("different", national_user)
    assert pair.history.latest().history_user == national_user


def test_the_nightly_search_finds_every_pair_in_sql(db, django_assert_max_num_queries):
    trio = [
        BeneficiaryFactory(first_name=first, last_name="Karimi", birth_date=BIRTH)
        for first in ("Hussein", "Husain", "Hossein")
    ]
    by_email = [BeneficiaryFactory(email=e) for e in ("a.b@example.org", "A.B@example.org")]
    by_phone = [BeneficiaryFactory(phone="+33700000001") for _ in range(2)]
    crowd = [BeneficiaryFactory(phone="+33700000002") for _ in range(11)]  # a front desk
    BeneficiaryFactory(
        first_name="Hussein", last_name="Karimi", birth_date=BIRTH.replace(year=1990)
    )
    Beneficiary.objects.filter(pk=trio[0].pk).update(name_key="")  # written by COPY

    # A fixed number, whatever the number of people: per grouping one GROUP BY read, the known
    # pairs, one insert and its savepoint; the keys written without `save` filled in batches.
    with django_assert_max_num_queries(18):
        created = find_all_candidates()

    pairs = set(DuplicateCandidate.objects.values_list("first", "second"))
    assert created == 5
    assert pairs == {
        (trio[0].pk, trio[1].pk),
        (trio[0].pk, trio[2].pk),
        (trio[1].pk, trio[2].pk),
        (by_email[0].pk, by_email[1].pk),
        (by_phone[0].pk, by_phone[1].pk),
    }
    assert not {p.pk for p in crowd} & {pk for pair in pairs for pk in pair}
    assert find_all_candidates() == 0  # idempotent


@pytest.mark.parametrize(
    ("user", "reviews"),
    [
        ("national", {"rhone", "mixed"}),
        ("rhone", {"rhone"}),
        ("paris", set()),
        ("operator", {"rhone"}),
        ("company", set()),
    ],
)
def test_pairs_are_reviewed_only_by_who_sees_both_people(world, users, user, reviews):
    rhone = world.people["rhone"]
    rhone_twin = BeneficiaryFactory(
        first_name=rhone.first_name, last_name=rhone.last_name, department=rhone.department
    )
    EnrolmentFactory(beneficiary=rhone_twin, action=world.rhone_action)
    paris_twin = BeneficiaryFactory(
        first_name=world.people["paris"].first_name,
        last_name=world.people["paris"].last_name,
        department=world.people["rhone"].department,
    )
    record_candidates(rhone_twin, "form")
    record_candidates(paris_twin, "form")
    names = {
        frozenset({rhone.pk, rhone_twin.pk}): "rhone",
        frozenset({world.people["paris"].pk, paris_twin.pk}): "mixed",
    }

    seen = DuplicateCandidate.objects.to_review_by(users[user])

    assert {names[frozenset({pair.first_id, pair.second_id})] for pair in seen} == reviews
