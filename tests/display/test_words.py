"""Words a reader meets: labels instead of codes, an empty list that says what will appear
there, English pages without French sort labels, French typography or US dates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import formats, translation

from partners.leads.filters import LeadFilter
from partners.models import Lead

from ..leads.factories import LeadFactory

pytestmark = pytest.mark.django_db


def in_english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def test_sort_labels_follow_the_language_of_the_page():
    with translation.override("en"):
        labels = [str(label) for _, label in LeadFilter().filters["ordering"].field.choices]
        assert "Company (descending)" in labels
        assert not any("décroissant" in label for label in labels)
    with translation.override("fr"):
        labels = [str(label) for _, label in LeadFilter().filters["ordering"].field.choices]
        assert any("(décroissant)" in label for label in labels)


def test_english_dates_read_day_first():
    with translation.override("en"):
        assert formats.date_format(datetime.date(2025, 12, 31), "SHORT_DATE_FORMAT") == "31/12/2025"
        assert formats.date_format(datetime.date(2025, 12, 31)) == "31 December 2025"


def test_an_empty_list_without_filters_says_what_will_appear_there(client, rhone_user):
    client.force_login(in_english(rhone_user))
    html = client.get(reverse("leads:lead-list")).content.decode()
    assert "When a company sends the public partnership form" in html
    assert "matches these filters" not in html


def test_an_empty_list_with_filters_says_nothing_matches_them(client, rhone_user):
    client.force_login(in_english(rhone_user))
    html = client.get(reverse("leads:lead-list"), {"status": "qualified"}).content.decode()
    assert "No lead matches these filters." in html
    assert "When a company sends the public partnership form" not in html


def test_a_yes_no_filter_answered_no_is_a_filter(client, national_user):
    """Inactive users (a chosen "No") are a filter, though the answer is False."""
    client.force_login(in_english(national_user))
    html = client.get(reverse("accounts:user-list"), {"is_active": "false"}).content.decode()
    assert "No user matches these filters." in html


def test_a_list_sorted_but_not_filtered_is_not_filtered(client, rhone_user):
    client.force_login(in_english(rhone_user))
    html = client.get(reverse("leads:lead-list"), {"ordering": "company"}).content.decode()
    assert "When a company sends the public partnership form" in html


def test_an_unassigned_lead_reads_unassigned_and_counts_have_no_french_spaces(
    client, departments, national_user
):
    LeadFactory(department=departments["75"], assignee=None)
    client.force_login(in_english(national_user))
    html = client.get(reverse("leads:lead-list")).content.decode()
    assert "Unassigned" in html
    assert "Nobody" not in html
    assert "New: 1" in html
    assert "New : 1" not in html
    assert Lead.objects.count() == 1
