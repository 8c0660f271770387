"""The one time zone our feeds use, Europe/Amsterdam, as a VTIMEZONE.

Every timed event is written with ``TZID=Europe/Amsterdam``, and a TZID needs
its VTIMEZONE in the same file, or some clients show floating times and
Outlook shifts by an hour. We write the compact rule form (EU summer time:
last Sunday of March 02:00 to last Sunday of October 03:00, in force since
1996) that Outlook and Apple handle best, instead of the long list of dates
``Timezone.from_tzid`` produces. It is built once per process: building a
VTIMEZONE costs milliseconds, which add up over thousands of requests.
tests/events/test_calendar_timezone.py checks it against the tz database.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

TZID = "Europe/Amsterdam"
AMSTERDAM = ZoneInfo(TZID)


@cache
def amsterdam_vtimezone() -> Timezone:
    """The VTIMEZONE for ``TZID`` (cached: treat it as read-only)."""
    summer = TimezoneDaylight()
    summer.add("TZNAME", "CEST")
    summer.add("TZOFFSETFROM", timedelta(hours=1))
    summer.add("TZOFFSETTO", timedelta(hours=2))
    summer.add("DTSTART", datetime(1970, 3, 29, 2, 0))
    summer.add("RRULE", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))

    winter = TimezoneStandard()
    winter.add("TZNAME", "CET")
    winter.add("TZOFFSETFROM", timedelta(hours=2))
    winter.add("TZOFFSETTO", timedelta(hours=1))
    winter.add("DTSTART", datetime(1970, 10, 25, 3, 0))
    winter.add("RRULE", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))

    vtimezone = Timezone()
    vtimezone.add("TZID", TZID)
    vtimezone.add("X-LIC-LOCATION", TZID)
    vtimezone.add_component(summer)
    vtimezone.add_component(winter)
    return vtimezone


@cache
def amsterdam_vtimezone_ical() -> bytes:
    """The serialised VTIMEZONE, for writers that assemble a file from parts."""
    return amsterdam_vtimezone().to_ical()
