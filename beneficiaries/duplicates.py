"""Likely duplicates: two records that may be one person (DESIGN.md §2). Found on every
creation (the form, the import) and by a nightly search over everyone; reviewed by the staff
who can see both (`DuplicateCandidate.objects.to_review_by`), then merged (`merge.py`) or
marked "different people", never proposed again.

Two records are likely the same person when they share the birth date and the names once
reduced (`name_key`, in `beneficiaries/names.py`: accents, case, punctuation, order of the
names, transliteration variants), or the same e-mail address (any case), or the same phone
number (stored in E.164, so spacing and +33/0 do not count). Each test reads an index.
"""

import itertools
import logging

from django.db import transaction
from django.db.models import Count, F, Q, Window
from django.db.models.functions import Upper
from django.utils import timezone

from .models import Beneficiary, DuplicateCandidate, DuplicateSource, DuplicateStatus
from .names import name_key

__all__ = [
    "DuplicateCandidate",
    "find_all_candidates",
    "likely_duplicates",
    "mark_different",
    "name_key",
    "record_candidates",
]

logger = logging.getLogger(__name__)

#: A group larger than this (one phone number or e-mail shared by a whole family or an
#: association's front desk) yields no pairs: reviewing its n·(n-1)/2 pairs would bury the
#: real duplicates. The form and the import still check each new record against it.
LARGEST_GROUP = 10


def duplicate_conditions(*, first_name, last_name, birth_date, email="", phone=""):
    """The condition (Q on Beneficiary) "likely the same person as these details": same birth
    date and `name_key`, or same e-mail (any case), or same phone. `phone` is a PhoneNumber or
    a number as typed (French when without country code); empty details test nothing."""
    condition = Q(birth_date=birth_date, name_key=name_key(first_name, last_name))
    if email:
        # "not empty" repeats the partial index's condition, so that PostgreSQL may use it.
        condition |= Q(email_upper=email.upper()) & ~Q(email="")
    if phone:
        # The field brings a PhoneNumber or a typed number to E.164 (never str(): that is the
        # display format).
        condition |= Q(phone=phone) & ~Q(phone="")
    return condition


def likely_duplicates(*, first_name, last_name, birth_date, email="", phone="", exclude_pk=None):
    """The records (QuerySet of Beneficiary, not merged away) likely to be the person with
    these details (see the module's rule), the record `exclude_pk` (int) left out.

    UNSCOPED: it answers about everyone, so a caller showing the result intersects it with
    `Beneficiary.objects.visible_to(user)` and never reveals the rest (issue 12)."""
    people = (
        Beneficiary.objects.current()
        .alias(email_upper=Upper("email"))
        .filter(
            duplicate_conditions(
                first_name=first_name,
                last_name=last_name,
                birth_date=birth_date,
                email=email,
                phone=phone,
            )
        )
    )
    if exclude_pk is not None:
        people = people.exclude(pk=exclude_pk)
    return people


def _pair(a, b):
    return (a, b) if a < b else (b, a)


def _create_pairs(pairs, source):
    """Store each new pair of keys (iterable of (int, int)) as a pending candidate; a pair
    known already (pending or decided) is left as it is. Returns the number created."""
    rows = [
        DuplicateCandidate(first_id=first, second_id=second, source=source)
        for first, second in sorted({_pair(a, b) for a, b in pairs if a != b})
    ]
    if not rows:
        return 0
    known = set(
        DuplicateCandidate.objects.filter(
            first__in={row.first_id for row in rows}, second__in={row.second_id for row in rows}
        ).values_list("first_id", "second_id")
    )
    rows = [row for row in rows if (row.first_id, row.second_id) not in known]
    # ignore_conflicts: a pair written meanwhile by another creation or the nightly search.
    DuplicateCandidate.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def record_candidates(beneficiary, source):
    """Flag the likely duplicates of `beneficiary` (a saved Beneficiary) as pending pairs for
    review, found by `source` (a `DuplicateSource`: "form", "import", "nightly"). A pair known
    already (pending, or decided "different people") is not proposed again. Unscoped: the
    reviewers are those who see both (`to_review_by`). Returns the number of pairs created."""
    others = likely_duplicates(
        first_name=beneficiary.first_name,
        last_name=beneficiary.last_name,
        birth_date=beneficiary.birth_date,
        email=beneficiary.email,
        phone=beneficiary.phone,
        exclude_pk=beneficiary.pk,
    ).values_list("pk", flat=True)
    return _create_pairs(((beneficiary.pk, other) for other in others), source)


def fill_missing_name_keys(batch_size=2000):
    """Compute `name_key` where it is empty (rows written without `save`, such as COPY).
    Returns the number of rows filled."""
    filled = 0
    while True:
        people = list(
            Beneficiary.objects.filter(name_key="").only("pk", "first_name", "last_name")[
                :batch_size
            ]
        )
        people = [person for person in people if person.first_name or person.last_name]
        if not people:
            return filled
        for person in people:
            person.set_name_key()
        Beneficiary.objects.bulk_update(people, ["name_key"])
        filled += len(people)


def _groups(people, **keys):
    """The records of `people` (a Beneficiary queryset) sharing the values of `keys` (name →
    expression) with 2 to `LARGEST_GROUP` records: one read, each record counted within its
    group by a window function (one sort, no per-row subquery: 1 s for 100,000 people, where
    a correlated EXISTS took minutes). Yields each group's primary keys (list of int)."""
    members = (
        people.annotate(**keys)
        .annotate(size=Window(Count("pk"), partition_by=[F(name) for name in keys]))
        .filter(size__gt=1, size__lte=LARGEST_GROUP)
        .order_by(*keys, "pk")
        .values_list(*keys, "pk")
    )
    for _key, rows in itertools.groupby(members.iterator(), key=lambda row: row[:-1]):
        yield [row[-1] for row in rows]


def find_all_candidates(source=DuplicateSource.NIGHTLY):
    """The nightly search: group every current record by (birth date, name key), by e-mail
    (any case) and by phone, in SQL, and store each pair of a group of 2 to `LARGEST_GROUP`
    records as a pending candidate (pairs known already are left alone). Returns the number
    of pairs created (int)."""
    fill_missing_name_keys()
    people = Beneficiary.objects.current()
    groupings = [
        _groups(people, born=F("birth_date"), names=F("name_key")),
        _groups(people.exclude(email=""), email_upper=Upper("email")),
        _groups(people.exclude(phone=""), phone_number=F("phone")),
    ]
    created = 0
    for groups in groupings:
        pairs = [pair for keys in groups for pair in itertools.combinations(keys, 2)]
        with transaction.atomic():
            created += _create_pairs(pairs, source)
    logger.info("Nightly duplicate search: %s new pairs to review.", created)
    return created


def mark_different(candidate, user):
    """Record that `candidate` (a pending DuplicateCandidate) is two different people, decided
    by `user` now: the pair is never proposed again. Saved with its history."""
    candidate.status = DuplicateStatus.DIFFERENT
    candidate.decided_by = user
    candidate.decided_at = timezone.now()
    candidate._history_user = user
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
