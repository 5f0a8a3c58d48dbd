"""The exact number of SQL queries of the beneficiary pages, per role, and that it stays the
same with more people on the page (lists) or more enrolments and steps (a person's page):
a per-row query fails here, naming the page and role."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import BeneficiaryFactory, EnrolmentFactory, PathwayStepFactory

# (page, role): queries. The same whatever the number of rows. National staff's view of a
# person reads the access log (one query more).
QUERY_COUNTS = {
    ("beneficiary-list", "national"): 9,
    ("beneficiary-list", "rhone"): 9,
    ("beneficiary-list", "paris"): 9,
    ("beneficiary-list", "operator"): 9,
    ("beneficiary-detail", "national"): 12,
    ("beneficiary-detail", "rhone"): 11,
    ("beneficiary-detail", "operator"): 11,
    ("followup-list", "national"): 7,
    ("followup-list", "rhone"): 7,
    ("followup-list", "operator"): 7,
}

PAGES = {
    "beneficiary-list": lambda followed: reverse("beneficiaries:beneficiary-list"),
    "beneficiary-detail": lambda followed: followed.rhone.person.get_absolute_url(),
    "followup-list": lambda followed: reverse("beneficiaries:followup-list") + "?state=pending",
}


def count_queries(client, url):
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_rows(followed, n):
    """`n` more people in Rhône, each through two actions with steps and follow-ups; and two
    more enrolments with steps for the Rhône person."""
    department = followed.rhone.person.department
    for _index in range(n):
        person = BeneficiaryFactory(department=department)
        EnrolmentFactory(beneficiary=person, action=followed.rhone.action, exited=True)
        current = EnrolmentFactory(
            beneficiary=person,
            action=followed.paris.action,
            entered=True,
            referral_date=datetime.date(2026, 7, 1),
            entry_date=datetime.date(2026, 7, 2),
        )
        PathwayStepFactory(enrolment=current, job=True)
    for _index in range(2):
        enrolment = EnrolmentFactory(
            beneficiary=followed.rhone.person, action=followed.paris.action, exited=True
        )
        PathwayStepFactory(enrolment=enrolment, training=True)
        PathwayStepFactory(enrolment=followed.rhone.enrolment, french_course=True)


@pytest.mark.parametrize(("page", "role"), sorted(QUERY_COUNTS))
def test_query_count_is_exact_and_flat(client, followed, settings, page, role):
    settings.PAGE_SIZE = 5
    client.force_login(followed.users[role])
    url = PAGES[page](followed)
    few = count_queries(client, url)
    add_rows(followed, settings.PAGE_SIZE + 2)
    many = count_queries(client, url)
    assert (few, many) == (QUERY_COUNTS[page, role],) * 2
