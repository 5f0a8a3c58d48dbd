"""The month calendar: actions in their day's cell, weeks from Monday, localised names, and
navigation from month to month."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import MobilisationActionFactory


def calendar_url(year, month):
    return reverse("mobilisation:calendar", args=[year, month])


def day_cell(response, date):
    return next(day for week in response.context["weeks"] for day in week if day.date == date)


def test_an_action_is_listed_in_its_day_cell(client, national_user, actions):
    client.force_login(national_user)
    response = client.get(calendar_url(2026, 3))
    assert response.status_code == 200
    assert day_cell(response, datetime.date(2026, 3, 20)).actions == [actions["rhone_plain"]]
    assert day_cell(response, datetime.date(2026, 3, 21)).actions == []
    assert f'href="{actions["rhone_plain"].get_absolute_url()}"' in response.content.decode()
    assert response.context["action_count"] == len(actions)


def test_weeks_start_on_monday_and_names_are_localised(client, national_user, db):
    national_user.language = "fr"
    national_user.save(update_fields=["language"])
    client.force_login(national_user)
    response = client.get(calendar_url(2026, 3))
    weeks = response.context["weeks"]
    assert weeks[0][0].date == datetime.date(2026, 2, 23)  # the Monday before 1 March
    assert not weeks[0][0].in_month
    assert all(len(week) == 7 and week[0].date.weekday() == 0 for week in weeks)
    page = response.content.decode()
    assert "Mars 2026" in page
    assert "Lundi" in page
    assert "Dimanche" in page


def test_names_follow_the_users_language(client, national_user, db):
    national_user.language = "en"
    national_user.save(update_fields=["language"])
    client.force_login(national_user)
    page = client.get(calendar_url(2026, 3)).content.decode()
    assert "March 2026" in page
    assert "Monday" in page


def test_december_leads_to_january_of_the_next_year(client, national_user, db):
    MobilisationActionFactory(title="Job dating de janvier", date=datetime.date(2026, 1, 15))
    client.force_login(national_user)
    december = client.get(calendar_url(2025, 12))
    assert f'href="{calendar_url(2026, 1)}"' in december.content.decode()
    assert f'href="{calendar_url(2025, 11)}"' in december.content.decode()
    january = client.get(calendar_url(2026, 1))
    assert "Job dating de janvier" in january.content.decode()
    assert f'href="{calendar_url(2025, 12)}"' in january.content.decode()
    assert "Job dating de janvier" not in december.content.decode()


def test_without_a_month_the_calendar_opens_on_the_current_one(client, national_user, db):
    today = timezone.localdate()
    action = MobilisationActionFactory(title="Aujourd'hui même", date=today)
    client.force_login(national_user)
    response = client.get(reverse("mobilisation:calendar"))
    assert response.status_code == 200
    assert response.context["month"] == today.replace(day=1)
    assert day_cell(response, today).is_today
    assert day_cell(response, today).actions == [action]


@pytest.mark.parametrize(("year", "month"), [(2026, 0), (2026, 13), (1800, 5), (9999, 1)])
def test_a_month_that_does_not_exist_answers_404(client, national_user, year, month):
    client.force_login(national_user)
    assert client.get(calendar_url(year, month)).status_code == 404


def test_the_calendar_links_to_the_months_list(client, national_user, actions):
    client.force_login(national_user)
    page = client.get(calendar_url(2026, 3)).content.decode()
    assert "date_from=2026-03-01&amp;date_to=2026-03-31" in page
