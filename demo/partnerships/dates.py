"""The demo's calendar: its fixed “today” and the working days events and contacts fall on."""

from datetime import date, datetime, time, timedelta

import holidays
from django.utils import timezone

#: The demo's "today": past actions have happened, later ones are upcoming.
REFERENCE_DAY = date(2026, 11, 27)


def at(day, hour, minute=0):
    """An aware datetime on `day`, in the project's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def working_day(day, forward=False):
    """`day`, or the working day before it (after it if `forward`): weekends, French public
    holidays and, for events, the Christmas fortnight skipped."""
    french_holidays = holidays.France(years=range(day.year - 1, day.year + 2))
    step = timedelta(days=1 if forward else -1)
    if not forward and (day.month, day.day) >= (12, 20):
        day = day.replace(day=18)
    elif not forward and (day.month, day.day) <= (1, 4):
        day = date(day.year - 1, 12, 18)
    while day.weekday() >= 5 or day in french_holidays:
        day += step
    return day


def working_moment_before(moment, days, hour):
    """At `hour` on the working day `days` before `moment` (or the one before it)."""
    return at(working_day(timezone.localtime(moment).date() - timedelta(days=days)), hour)


def on_working_day(moment, latest):
    """`moment` moved to the next working day, and no later than `latest`."""
    day = timezone.localtime(moment).date()
    shifted = moment + timedelta(days=(working_day(day, forward=True) - day).days)
    return min(shifted, latest)
