"""Every date and time a person reads is in Europe/Paris, across daylight-saving changes
(field case: a lead contacted at 02:31 Paris time read 01:31 elsewhere)."""

import datetime
import zoneinfo

import pytest

from .leads.factories import LeadFactory

UTC = datetime.UTC
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("stored_utc", "shown"),
    [
        # Summer time (UTC+2): 02:31 in Paris is 00:31 UTC.
        (datetime.datetime(2026, 7, 14, 0, 31, tzinfo=UTC), "14/07/2026 02:31"),
        # Winter time (UTC+1), near midnight: 23:40 UTC on 31 December is 1 January in Paris.
        (datetime.datetime(2025, 12, 31, 23, 40, tzinfo=UTC), "01/01/2026 00:40"),
        # The night the clocks go forward (29 March 2026): 01:30 UTC is 03:30 in Paris.
        (datetime.datetime(2026, 3, 29, 1, 30, tzinfo=UTC), "29/03/2026 03:30"),
    ],
)
def test_the_lead_page_shows_paris_time(client, departments, rhone_user, stored_utc, shown):
    lead = LeadFactory(department=departments["69"], status="contacted", contacted_at=stored_utc)
    assert stored_utc.astimezone(PARIS).strftime("%d/%m/%Y %H:%M") == shown
    client.force_login(rhone_user)
    page = client.get(lead.get_absolute_url()).content.decode()
    assert shown in page
