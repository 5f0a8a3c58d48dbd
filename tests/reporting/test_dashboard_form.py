"""The dashboards' filters: the form shows the period it counts, the dates of a period stay
within the years a period may cover (a field error, never a server error), and the period
before a year fallen back to is the whole year before."""

import datetime
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation

from reporting.forms import DashboardForm

from ..conftest import in_english

D = datetime.date


def form(user, **data):
    return DashboardForm(QueryDict(urlencode(data)), user=user)


def test_the_form_shows_the_period_it_counts(national_user):
    today = timezone.localdate()
    bare = form(national_user)
    assert (bare["period"].value(), bare["year"].value()) == ("year", str(today.year))
    assert bare.dates() == (D(today.year, 1, 1), D(today.year, 12, 31))
    january = form(national_user, period="month", year="2025", month="")
    assert january["month"].value() == "1"
    assert january.dates() == (D(2025, 1, 1), D(2025, 1, 31))
    quarter = form(national_user, period="quarter")
    assert quarter["quarter"].value() == str((today.month - 1) // 3 + 1)


@pytest.mark.parametrize(
    ("start", "end", "refused"),
    [
        ("0001-01-01", "0001-12-31", {"start", "end"}),
        ("2026-01-01", "9999-12-31", {"end"}),
        ("1999-12-31", "2026-06-30", {"start"}),
        ("", "2026-06-30", {"start"}),
        ("", "", {"start", "end"}),
    ],
)
def test_custom_dates_outside_2000_to_2100_or_missing_are_refused(
    national_user, start, end, refused
):
    today = timezone.localdate()
    custom = form(national_user, period="custom", start=start, end=end)
    assert set(custom.errors) == refused
    assert custom.dates() == (D(today.year, 1, 1), D(today.year, 12, 31))
    assert custom.previous_dates() == (D(today.year - 1, 1, 1), D(today.year - 1, 12, 31))


def test_the_first_and_last_days_accepted():
    custom = DashboardForm(
        QueryDict(urlencode({"period": "custom", "start": "2000-01-01", "end": "2100-12-31"})),
        user=None,
        territory=False,
        programmes=False,
    )
    assert custom.dates() == (D(2000, 1, 1), D(2100, 12, 31))
    before_start, before_end = custom.previous_dates()  # as many days, just before
    assert before_end == D(1999, 12, 31)
    assert before_end - before_start == D(2100, 12, 31) - D(2000, 1, 1)


def test_the_period_before_a_year_fallen_back_to_is_the_year_before(national_user):
    # 2024 is a leap year: as many days before 2025 would start on 2 January.
    custom = form(national_user, period="custom", year="2025", start="2026-05-01", end="2026-01-01")
    assert "end" in custom.errors
    assert custom.dates() == (D(2025, 1, 1), D(2025, 12, 31))
    assert custom.previous_dates() == (D(2024, 1, 1), D(2024, 12, 31))


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("reporting:dashboard-national", {"period": "custom", "start": "0001-01-01"}),
        ("reporting:dashboard-national", {"period": "custom", "end": "9999-12-31"}),
        ("reporting:dashboard-companies", {"period": "custom", "start": "9999-12-01"}),
        ("reporting:funnel", {"start": "0001-01-01", "end": "9999-12-31"}),
    ],
)
def test_pages_answer_extreme_dates_with_a_field_error(client, national_user, name, query):
    client = in_english(client)
    client.force_login(national_user)
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    assert "Enter a date from 1 January 2000 to 31 December 2100." in response.content.decode()


def test_the_companies_dashboard_offers_no_breakdown_of_people(client, national_user):
    client.force_login(national_user)
    response = client.get(reverse("reporting:dashboard-companies"))
    assert "breakdown" not in response.context["form"].fields
    national = client.get(reverse("reporting:dashboard-national"))
    assert "breakdown" in national.context["form"].fields


@pytest.mark.parametrize(
    ("query", "applied"),
    [
        # Invalid custom dates: the figures are the year's, so are the filters applied.
        ({"period": "custom", "start": "2024-06-30", "end": "2024-01-01"}, {"year"}),
        ({"period": "custom", "start": "1999-12-31", "end": "2000-06-30"}, {"year"}),
        # Dates apply to a custom period only.
        ({"period": "year", "start": "2024-06-30"}, {"period", "year"}),
        (
            {"period": "custom", "start": "2024-01-01", "end": "2024-06-30"},
            {"period", "start", "end", "year"},
        ),
    ],
)
def test_the_filters_applied_are_those_the_figures_use(national_user, query, applied):
    """What `cleaned_data` holds is what the active filters' tags show."""
    filters = form(national_user, **query)
    filters.is_valid()
    shown = {name for name, value in filters.cleaned_data.items() if value not in (None, "")}
    assert shown - {"breakdown"} == applied


def test_a_choice_no_list_offers_shows_the_default_counted(national_user):
    today = timezone.localdate()
    crafted = form(national_user, period="bogus", month="13", quarter="9")
    assert crafted["period"].value() == "year"
    assert crafted.dates() == (D(today.year, 1, 1), D(today.year, 12, 31))
    month = form(national_user, period="month", month="13")
    assert month["month"].value() == str(today.month)
    assert month.dates()[0] == D(today.year, today.month, 1)


def test_quarters_are_named_in_the_users_language(national_user):
    with translation.override("en"):
        assert [label for _value, label in form(national_user).fields["quarter"].choices][1] == "Q1"
    with translation.override("fr"):
        assert [label for _value, label in form(national_user).fields["quarter"].choices][1] == "T1"
