"""`config.paginators.KeysFirstPaginator`: the same rows in the same order as Django's
`Paginator`, in one query per page, whatever the page, the order or the scope."""

import pytest
from django.core.paginator import Paginator
from django.db.models import Prefetch, Value

from beneficiaries.models import Beneficiary, Enrolment
from config.paginators import KeysFirstPaginator

from .factories import BeneficiaryFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    # Ties on the names, so that the order's last key (pk) decides.
    people = BeneficiaryFactory.create_batch(7, last_name="Kone", first_name="Awa")
    people += BeneficiaryFactory.create_batch(5)
    EnrolmentFactory(beneficiary=people[0])
    return people


def listing():
    enrolments = Enrolment.objects.select_related("action__programme")
    return (
        Beneficiary.objects.filter(pk__gt=0)
        .select_related("department")
        .prefetch_related(Prefetch("enrolments", queryset=enrolments))
    )


@pytest.mark.parametrize(
    "shape",
    [
        lambda qs: qs,
        lambda qs: qs.order_by("-birth_date", "pk"),
        lambda qs: qs.annotate(one=Value(1)).order_by("one", "-pk"),
    ],
    ids=["default order", "ordered", "annotated"],
)
@pytest.mark.parametrize("number", [1, 2, 3])
def test_pages_hold_the_rows_django_s_paginator_gives(people, shape, number):
    expected = Paginator(shape(listing()), 5).page(number)
    page = KeysFirstPaginator(shape(listing()), 5).page(number)
    assert list(page) == list(expected)
    assert (page.number, page.paginator.num_pages) == (expected.number, 3)


def test_a_page_is_one_query_and_keeps_its_joins(people, django_assert_num_queries):
    page = KeysFirstPaginator(listing(), 5).page(1)
    with django_assert_num_queries(2):  # the rows with their départements, the enrolments
        rows = list(page)
        assert [person.department.code for person in rows]
        assert [len(person.enrolments.all()) for person in rows]
