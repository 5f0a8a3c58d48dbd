"""The access log's writer: one row per person, who, what, from which address, and the page
without its query string."""

import pytest
from django.test import RequestFactory

from beneficiaries.access import record_access
from beneficiaries.models import AccessLog

from .factories import BeneficiaryFactory


@pytest.fixture
def request_of(national_user):
    def make(path="/beneficiaires/12/?q=Haidari", **meta):
        request = RequestFactory().get(path, REMOTE_ADDR="203.0.113.7", **meta)
        request.user = national_user
        return request

    return make


def test_a_page_view_writes_one_row(departments, request_of, national_user):
    person = BeneficiaryFactory()
    assert record_access(request_of(), person, "view") == 1
    line = AccessLog.objects.get()
    assert (line.beneficiary, line.user, line.kind, line.address, line.path) == (
        person,
        national_user,
        "view",
        "203.0.113.7",
        "/beneficiaires/12/",
    )
    assert line.at is not None


def test_an_export_writes_one_row_per_person_in_one_query(
    departments, request_of, django_assert_num_queries
):
    people = BeneficiaryFactory.create_batch(3)
    request = request_of("/beneficiaires/export/")
    with django_assert_num_queries(1):
        written = record_access(request, [p.pk for p in people], "export")
    assert written == 3
    assert set(AccessLog.objects.values_list("beneficiary", flat=True)) == {p.pk for p in people}


def test_the_proxy_header_gives_the_address_when_configured(departments, request_of, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = request_of(HTTP_X_FORWARDED_FOR="198.51.100.4, 10.0.0.1")
    record_access(request, BeneficiaryFactory(), "change")
    assert AccessLog.objects.get().address == "198.51.100.4"
