"""Times stay right across the clock changes, in icalendar and in an independent parser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import vobject
from django.urls import reverse

from events.calendar.cache import feed_bodies
from events.calendar.serialize import build_calendar, serialize_calendar
from events.calendar.vtimezone import AMSTERDAM
from tests.events.calendar.ical import by_uid
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_feed_cache():
    feed_bodies.clear()


def meeting_file(client, meeting) -> bytes:
    response = client.get(reverse("calendar:meeting", args=[meeting.slug]))
    assert response.status_code == 200
    return response.content


def our_vtimezone_as_tzinfo():
    """vobject turns the VTIMEZONE we write into a tzinfo of its own (via dateutil)."""
    calendar = vobject.readOne(serialize_calendar(build_calendar(name="tz", events=[])).decode())
    return calendar.vtimezone.gettzinfo()


def test_vtimezone_agrees_with_the_tz_database_from_1996_to_2037():
    ours = our_vtimezone_as_tzinfo()
    moment = datetime(1996, 1, 1, tzinfo=UTC)
    end = datetime(2038, 1, 1, tzinfo=UTC)
    while moment < end:
        # Every 30 minutes of every last week of March and October, every day otherwise.
        step = (
            timedelta(minutes=30)
            if moment.month in (3, 10) and moment.day >= 24
            else timedelta(days=1)
        )
        assert moment.astimezone(ours).utcoffset() == moment.astimezone(AMSTERDAM).utcoffset(), (
            moment
        )
        moment += step


def test_meeting_on_spring_forward_sunday_keeps_its_offset(client):
    # 29 March 2026: 02:00 becomes 03:00. A meeting at 10:00 is at +02:00, 08:00 UTC.
    meeting = MeetingFactory(
        starts_at=datetime(2026, 3, 29, 10, 0, tzinfo=AMSTERDAM),
        ends_at=datetime(2026, 3, 29, 12, 0, tzinfo=AMSTERDAM),
    )
    body = meeting_file(client, meeting)
    assert b"DTSTART;TZID=Europe/Amsterdam:20260329T100000\r\n" in body
    item = by_uid(body)[f"meeting-{meeting.pk}@localhost"]
    assert item.start == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)


def test_meeting_at_0230_on_spring_forward_sunday_keeps_its_instant(client):
    """02:30 does not exist that night: the admin stores it as 01:30 UTC (+01:00, the
    offset before the gap, as RFC 5545 reads it too). The feed writes that instant as
    03:30 local, which every client reads back as the same moment."""
    starts = datetime(2026, 3, 29, 2, 30, tzinfo=AMSTERDAM)
    meeting = MeetingFactory(starts_at=starts, ends_at=starts + timedelta(hours=2))
    meeting.refresh_from_db()
    assert meeting.starts_at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    body = meeting_file(client, meeting)
    assert b"DTSTART;TZID=Europe/Amsterdam:20260329T033000\r\n" in body
    item = by_uid(body)[f"meeting-{meeting.pk}@localhost"]
    assert item.start == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert item.start.astimezone(AMSTERDAM).utcoffset() == timedelta(hours=2)


def test_both_0230_meetings_on_fall_back_sunday_keep_their_instants(client):
    """25 October 2026: 02:30 happens twice. The first (summer time, +02:00) is written as
    local time; the second (+01:00) cannot be, since iCalendar reads an ambiguous local
    time as the first, so it is written in UTC."""
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET
    early = MeetingFactory(starts_at=first, ends_at=first + timedelta(minutes=20))
    late = MeetingFactory(starts_at=second, ends_at=second + timedelta(hours=2))
    early_body = meeting_file(client, early)
    late_body = meeting_file(client, late)
    assert b"DTSTART;TZID=Europe/Amsterdam:20261025T023000\r\n" in early_body
    assert b"DTSTART:20261025T013000Z\r\n" in late_body
    early_item = by_uid(early_body)[f"meeting-{early.pk}@localhost"]
    late_item = by_uid(late_body)[f"meeting-{late.pk}@localhost"]
    assert early_item.start == first
    assert late_item.start == second
    for item, offset in ((early_item, 2), (late_item, 1)):
        local = item.start.astimezone(AMSTERDAM)
        assert (local.hour, local.minute) == (2, 30)
        assert local.utcoffset() == timedelta(hours=offset)


def test_meeting_on_fall_back_sunday_afternoon_is_in_winter_time(client):
    starts = datetime(2026, 10, 25, 14, 0, tzinfo=AMSTERDAM)
    meeting = MeetingFactory(starts_at=starts, ends_at=starts + timedelta(hours=2))
    body = meeting_file(client, meeting)
    assert b"DTSTART;TZID=Europe/Amsterdam:20261025T140000\r\n" in body
    item = by_uid(body)[f"meeting-{meeting.pk}@localhost"]
    assert item.start == datetime(2026, 10, 25, 13, 0, tzinfo=UTC)
