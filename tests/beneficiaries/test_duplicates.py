"""Likely duplicates: the names' key, the check on creation, the pairs recorded for review and
who reviews them (issue 12, part 2)."""

import datetime

import pytest
from django.urls import reverse, reverse_lazy
from django_celery_beat.models import PeriodicTask

from beneficiaries.duplicates import (
    find_all_candidates,
    likely_duplicates,
    mark_different,
    name_key,
    record_candidates,
)
from beneficiaries.models import AccessLog, Beneficiary, DuplicateCandidate
from beneficiaries.tasks import find_duplicates

from ..conftest import in_english
from .factories import BeneficiaryFactory, EnrolmentFactory
from .test_query_counts import count_queries

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
    for typed in ("06 12 34 56 78", same_phone.phone):  # as typed, as a PhoneNumber
        found = likely_duplicates(first_name="A", last_name="B", birth_date=BIRTH, phone=typed)
        assert list(found) == [same_phone]
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

    # A fixed number, whatever the number of people: per grouping one windowed read, the known
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


# --- The warning on creation --------------------------------------------------------------------


@pytest.fixture
def english_client(client):
    return in_english(client)


def twin_data(followed, person, **changes):
    """What the record form posts for a new person named and born as `person`, spelled
    otherwise, living in the Rhône and referred by its operator."""
    data = {
        "last_name": person.last_name.upper(),
        "first_name": person.first_name.lower(),
        "birth_date": person.birth_date.isoformat(),
        "sex": "M",
        "nationality": "AF",
        "protection_status": "refugee",
        "department": followed.rhone.person.department_id,
        "employment_at_entry": "none",
        "housing_at_entry": "hosted",
        "referent_organisation": followed.rhone.action.operator_id,
        "notice_given_on": "2026-09-01",
        "notice_version": "2026-01",
    }
    return {**data, **changes}


CREATE = reverse_lazy("beneficiaries:beneficiary-create")


def test_a_duplicate_in_scope_is_shown_before_saving(english_client, followed):
    client, known = english_client, followed.rhone.person
    client.force_login(followed.users["operator"])
    before = Beneficiary.objects.count()

    # With the form's one-time token, as a browser sends it: the warning's page is served from a
    # transaction rolled back, and its access log must survive that.
    token = {"submission_token": "a" * 32}
    response = client.post(CREATE, twin_data(followed, known, **token))

    assert response.status_code == 200
    assert Beneficiary.objects.count() == before
    assert response.context["duplicates"] == [known]
    page = response.content.decode()
    assert "This person may already have a record" in page
    assert known.get_absolute_url() in page
    assert "This is a different person: save anyway" in page
    # Showing the person is an access to their record.
    assert AccessLog.objects.filter(beneficiary=known, kind="view").count() == 1

    response = client.post(CREATE, twin_data(followed, known, different_person="on", **token))

    created = Beneficiary.objects.latest("pk")
    assert response.url == created.get_absolute_url()
    pair = DuplicateCandidate.objects.get()
    assert (pair.first, pair.second, pair.status, pair.source) == (
        known,
        created,
        "pending",
        "form",
    )


def test_a_duplicate_out_of_scope_is_never_revealed_but_flagged(english_client, followed):
    client, hidden = english_client, followed.paris.person
    client.force_login(followed.users["operator"])

    response = client.post(CREATE, twin_data(followed, hidden), follow=True)
    no_duplicate = client.post(CREATE, twin_data(followed, hidden, first_name="Zelda"), follow=True)

    created = Beneficiary.objects.get(first_name=hidden.first_name.lower())
    assert response.redirect_chain == [(created.get_absolute_url(), 302)]
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [str(m) for m in no_duplicate.context["messages"]]
    assert messages == ["The person's record has been created."]
    page = response.content.decode()
    assert hidden.get_absolute_url() not in page
    assert followed.paris_operator.name not in page
    assert "may already have a record" not in page
    assert not AccessLog.objects.filter(beneficiary=hidden).exists()
    # Flagged for the staff who see both: national staff, not the Paris or Rhône coordinators.
    pair = DuplicateCandidate.objects.get()
    assert {pair.first, pair.second} == {hidden, created}
    assert pair in DuplicateCandidate.objects.to_review_by(followed.users["national"])
    assert pair not in DuplicateCandidate.objects.to_review_by(followed.users["rhone"])
    assert pair not in DuplicateCandidate.objects.to_review_by(followed.users["paris"])


def test_a_change_of_names_flags_the_new_duplicates(english_client, followed):
    client = english_client
    person = BeneficiaryFactory(
        department=followed.rhone.person.department,
        referent_organisation=followed.rhone.action.operator,
        birth_date=followed.rhone.person.birth_date,
    )
    client.force_login(followed.users["rhone"])
    data = twin_data(followed, followed.rhone.person)
    client.post(reverse("beneficiaries:beneficiary-update", args=[person.pk]), data)
    pair = DuplicateCandidate.objects.get()
    assert {pair.first, pair.second} == {person, followed.rhone.person}


# --- The nightly task ---------------------------------------------------------------------------


def test_beat_runs_the_search_every_night_in_paris_time(db):
    task = PeriodicTask.objects.get(task="beneficiaries.tasks.find_duplicates")
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == (
        "2",
        "30",
        "Europe/Paris",
    )


def test_the_nightly_task_flags_the_pairs(db):
    one = BeneficiaryFactory(first_name="Mustafa", last_name="Kaya", birth_date=BIRTH)
    other = BeneficiaryFactory(first_name="Kaya", last_name="Moustafa", birth_date=BIRTH)

    assert find_duplicates.delay().get() == 1

    pair = DuplicateCandidate.objects.get()
    assert (pair.first, pair.second, pair.source) == (one, other, "nightly")


# --- The review queue ---------------------------------------------------------------------------


@pytest.fixture
def pairs(followed):
    """A pair within the Rhône, and a pair of a Rhône and a Paris person."""
    rhone, paris = followed.rhone.person, followed.paris.person
    rhone_twin = BeneficiaryFactory(
        first_name=rhone.first_name,
        last_name=rhone.last_name,
        birth_date=rhone.birth_date,
        department=rhone.department,
    )
    paris_twin = BeneficiaryFactory(
        first_name=paris.first_name,
        last_name=paris.last_name,
        birth_date=paris.birth_date,
        department=rhone.department,
    )
    record_candidates(rhone_twin, "form")
    record_candidates(paris_twin, "import")
    return {
        "in_rhone": DuplicateCandidate.objects.get(second=rhone_twin),
        "mixed": DuplicateCandidate.objects.get(second=paris_twin),
    }


@pytest.mark.parametrize(
    ("role", "listed", "in_rhone", "mixed"),
    [
        ("national", {"in_rhone", "mixed"}, 200, 200),
        ("rhone", {"in_rhone"}, 200, 404),
        ("paris", set(), 404, 404),
        ("operator", None, 404, 404),
        ("other_operator", None, 404, 404),
        ("company", None, 404, 404),
    ],
)
def test_the_review_queue_shows_only_pairs_of_people_one_sees(
    english_client, followed, pairs, role, listed, in_rhone, mixed
):
    client = english_client
    client.force_login(followed.users[role])
    response = client.get(reverse("beneficiaries:duplicate-list"))
    if listed is None:
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        names = {pair.pk: name for name, pair in pairs.items()}
        assert {names[pair.pk] for pair in response.context["object_list"]} == listed
    for name, expected in (("in_rhone", in_rhone), ("mixed", mixed)):
        url = reverse("beneficiaries:duplicate-detail", args=[pairs[name].pk])
        assert client.get(url).status_code == expected
        different = reverse("beneficiaries:duplicate-different", args=[pairs[name].pk])
        if expected == 404:
            assert client.post(different).status_code == 404
    assert set(DuplicateCandidate.objects.values_list("status", flat=True)) == {"pending"}


def test_the_review_pages_log_access_to_both_people(english_client, followed, pairs):
    client, pair = english_client, pairs["in_rhone"]
    client.force_login(followed.users["rhone"])
    client.get(reverse("beneficiaries:duplicate-list"))
    client.get(reverse("beneficiaries:duplicate-detail", args=[pair.pk]))
    for person in pair.people:
        assert AccessLog.objects.filter(beneficiary=person, kind="view").count() == 2


def test_the_queue_filters_decided_pairs_out_by_default(english_client, followed, pairs):
    client = english_client
    client.force_login(followed.users["national"])
    response = client.post(reverse("beneficiaries:duplicate-different", args=[pairs["mixed"].pk]))
    assert response.url == reverse("beneficiaries:duplicate-list")
    pairs["mixed"].refresh_from_db()
    assert (pairs["mixed"].status, pairs["mixed"].decided_by) == (
        "different",
        followed.users["national"],
    )
    listed = client.get(reverse("beneficiaries:duplicate-list")).context["object_list"]
    assert [pair.pk for pair in listed] == [pairs["in_rhone"].pk]
    decided = client.get(reverse("beneficiaries:duplicate-list"), {"status": "different"})
    assert [pair.pk for pair in decided.context["object_list"]] == [pairs["mixed"].pk]
    by_source = client.get(reverse("beneficiaries:duplicate-list"), {"source": "import"})
    assert list(by_source.context["object_list"]) == []


def rhone_pairs(followed, n):
    """`n` more pending pairs of Rhône people, flagged by the nightly search."""
    department = followed.rhone.person.department
    for index in range(n):
        first = BeneficiaryFactory(department=department, last_name=f"Jumeau {index}")
        BeneficiaryFactory(
            department=department, last_name=first.last_name, first_name=first.first_name
        )
    find_all_candidates()


# (page, role): queries, the same whatever the number of pairs (see test_query_counts.py).
QUERY_COUNTS = {
    ("duplicate-list", "national"): 8,
    ("duplicate-list", "rhone"): 8,
    ("duplicate-detail", "national"): 10,
    ("duplicate-detail", "rhone"): 10,
}


@pytest.mark.parametrize(("page", "role"), sorted(QUERY_COUNTS))
def test_review_pages_query_count_is_exact_and_flat(client, followed, settings, page, role):
    settings.PAGE_SIZE = 5
    client.force_login(followed.users[role])
    rhone_pairs(followed, 1)
    if page == "duplicate-list":
        url = reverse("beneficiaries:duplicate-list")
    else:
        url = reverse("beneficiaries:duplicate-detail", args=[DuplicateCandidate.objects.get().pk])
    few = count_queries(client, url)
    rhone_pairs(followed, settings.PAGE_SIZE + 2)
    many = count_queries(client, url)
    assert (few, many) == (QUERY_COUNTS[page, role],) * 2
