"""Dates and times in a history are those of the reader's clock (Europe/Paris), summer and
winter, on the night clocks change and around midnight: a lead contacted at 02:31 in Paris
shows 02:31, not the 01:31 or 00:31 stored in UTC."""

import datetime

import pytest
from django.utils import formats, translation

from config.history import history_entries

from ..leads.factories import LeadFactory

UTC = datetime.UTC


def paris_datetime(*args):
    return formats.localize(datetime.datetime(*args))


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        pytest.param((2026, 1, 15, 1, 31), (2026, 1, 15, 2, 31), id="winter"),
        pytest.param((2026, 7, 1, 0, 31), (2026, 7, 1, 2, 31), id="summer"),
        pytest.param((2026, 10, 25, 0, 31), (2026, 10, 25, 2, 31), id="last-summer-02:31"),
        pytest.param((2026, 10, 25, 1, 31), (2026, 10, 25, 2, 31), id="first-winter-02:31"),
        pytest.param((2026, 3, 28, 23, 30), (2026, 3, 29, 0, 30), id="midnight-winter"),
        pytest.param((2026, 6, 30, 22, 15), (2026, 7, 1, 0, 15), id="midnight-summer"),
    ],
)
def test_a_changed_date_and_time_is_shown_in_paris_time(departments, national_user, stored, shown):
    lead = LeadFactory(department=departments["75"])
    lead.contacted_at = datetime.datetime(*stored, tzinfo=UTC)
    lead.save()
    with translation.override("fr"):
        [change] = history_entries(lead, national_user)[0].changes
        assert change == (
            lead._meta.get_field("contacted_at").verbose_name,
            "—",
            paris_datetime(*shown),
        )
        assert paris_datetime(*stored) != change[2]


def test_the_date_of_each_change_is_shown_in_paris_time(departments, national_user, render_history):
    lead = LeadFactory(department=departments["75"])
    lead.history.update(history_date=datetime.datetime(2026, 10, 24, 22, 31, tzinfo=UTC))
    with translation.override("fr"):
        page = render_history(lead, national_user)
        paris = datetime.datetime(2026, 10, 25, 0, 31)
        utc = datetime.datetime(2026, 10, 24, 22, 31)
        assert formats.date_format(paris, "SHORT_DATETIME_FORMAT") in page
        assert formats.date_format(utc, "SHORT_DATETIME_FORMAT") not in page
