"""Whatever organisers type, the file keeps its structure and the text comes back exactly."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from events.calendar import FeedSite, build_meeting_event
from events.calendar.cache import feed_bodies
from events.calendar.serialize import build_calendar, serialize_calendar
from events.calendar.text import ical_line, ical_text, ical_uri
from events.models import Meeting, MeetingStatus, Series
from tests.events.calendar.ical import by_uid, calendar_of, read_feed
from tests.factories import ExhibitionStopFactory, MeetingFactory, SeriesFactory, VenueFactory

ROOT = Path(__file__).resolve().parents[3]
INJECTION = "Bijeenkomst\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@example.org\r\nSUMMARY:pwned"
NASTY = "Komma, puntkomma; backslash \\ \"aanhalingstekens\" 'enkel'\nnieuwe regel 🎉 ëïé – ✓"


@pytest.fixture(autouse=True)
def empty_feed_cache():
    feed_bodies.clear()


def meeting_file(client, meeting) -> bytes:
    response = client.get(reverse("calendar:meeting", args=[meeting.slug]))
    assert response.status_code == 200
    return response.content


def lines(body: bytes, line: bytes) -> int:
    """How many content lines are exactly ``line`` (text inside values does not count)."""
    return body.split(b"\r\n").count(line)


def assert_folded_at_75_octets(body: bytes) -> None:
    assert body.endswith(b"\r\n")
    for line in body.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a UTF-8 character
        assert b"\n" not in line and b"\r" not in line


@pytest.mark.django_db
def test_title_with_crlf_injection_stays_one_event(client):
    meeting = MeetingFactory(title=INJECTION)
    body = meeting_file(client, meeting)
    items = read_feed(body)
    assert [item.uid for item in items] == [f"meeting-{meeting.pk}@localhost"]
    assert items[0].summary == INJECTION.replace("\r\n", "\n")
    assert lines(body, b"BEGIN:VEVENT") == 1
    assert b"\r\nUID:evil@example.org" not in body


@pytest.mark.django_db
def test_special_characters_round_trip_exactly(client):
    venue = VenueFactory(name="Zaal 'De Kroon'; eerste, tweede \\ 🎭")
    meeting = MeetingFactory(title=NASTY.replace("\n", " "), description=NASTY, venue=venue)
    item = by_uid(meeting_file(client, meeting))[f"meeting-{meeting.pk}@localhost"]
    assert item.summary == NASTY.replace("\n", " ")
    assert item.description.startswith(NASTY + "\n\n")
    location = calendar_of(meeting_file(client, meeting)).walk("VEVENT")[0]["LOCATION"]
    assert location == f"{venue.name}, Markt 1, 3511 AA Utrecht"


@pytest.mark.django_db
def test_ten_thousand_character_description_round_trips_and_folds(client):
    description = ("Één foto zegt meer dan 1.000 woorden 📷, echt; toch?\n" * 200)[:10_000]
    assert len(description) == 10_000
    meeting = MeetingFactory(description=description)
    body = meeting_file(client, meeting)
    assert_folded_at_75_octets(body)
    (item,) = read_feed(body)
    assert item.description.startswith(description + "\n\n")


@pytest.mark.django_db
def test_crlf_in_stored_text_reads_back_as_lf(client):
    meeting = MeetingFactory(description="eerste regel\r\ntweede regel\rderde")
    (item,) = read_feed(meeting_file(client, meeting))
    assert item.description.startswith("eerste regel\ntweede regel\nderde\n\n")


@pytest.mark.django_db
def test_control_characters_are_dropped(client):
    # NUL cannot be stored in PostgreSQL; the property test below covers it.
    meeting = MeetingFactory(title="Start\x01 escape\x1b bel\x07 tab\tblijft")
    body = meeting_file(client, meeting)
    (item,) = read_feed(body)
    assert item.summary == "Start escape bel tab\tblijft"
    assert b"\x01" not in body and b"\x1b" not in body


@pytest.mark.django_db
def test_calendar_name_with_newlines_stays_one_line(client):
    series = SeriesFactory(name="Reeks\r\nEND:VCALENDAR\r\nX-EVIL:1")
    MeetingFactory(series=series)
    body = client.get(reverse("calendar:series", args=[series.slug])).content
    calendar = calendar_of(body)
    assert calendar["X-WR-CALNAME"] == "Reeks END:VCALENDAR X-EVIL:1"
    assert calendar["NAME"] == "Reeks END:VCALENDAR X-EVIL:1"
    assert b"\r\nX-EVIL" not in body
    assert lines(body, b"END:VCALENDAR") == 1
    assert len(read_feed(body)) == 1


@pytest.mark.django_db
def test_online_link_with_crlf_does_not_break_the_feed(client):
    meeting = MeetingFactory(online_url="https://meet.example/x")
    # Bypassing the form's URL check, as a script or an old row could.
    Meeting.objects.filter(pk=meeting.pk).update(
        online_url="https://meet.example/x\r\nEND:VEVENT\r\nBEGIN:VEVENT"
    )
    response = client.get("/calendar/all.ics")
    assert response.status_code == 200
    assert lines(response.content, b"BEGIN:VEVENT") == 1
    assert len(read_feed(response.content)) == 1


@pytest.mark.django_db
def test_stop_texts_fold_without_splitting_characters(client):
    ExhibitionStopFactory(description="🌷" * 500, host_organisation="Gemeente ’s-Hertogenbosch")
    assert_folded_at_75_octets(client.get("/calendar/all.ics?days=0").content)


def test_uri_with_crlf_or_spaces_is_refused():
    assert ical_uri("https://openjeogen.nl/calendar/all.ics") is not None
    assert ical_uri("https://x.nl/\r\nBEGIN:VEVENT") is None
    assert ical_uri("https://x.nl/a b") is None
    assert ical_uri("javascript:alert(1)") is None
    assert ical_uri("") is None


def test_calendar_with_bad_source_url_still_serialises():
    body = serialize_calendar(build_calendar(name="x", events=[], source_url="https://a\r\nb"))
    assert b"SOURCE" not in body


def test_line_and_text_helpers():
    assert ical_line("  a\r\n\tb   c\n") == "a b c"
    assert ical_line("x" * 300) == "x" * 250
    assert ical_text("a\r\nb\rc\nd\x00") == "a\nb\nc\nd"


def test_calendar_name_is_safe_without_asserts():
    """Under ``python -O`` the icalendar library's asserts are gone: our escaping is not."""
    script = (
        "import django; django.setup()\n"
        "from events.calendar.serialize import build_calendar, serialize_calendar\n"
        "import sys\n"
        "body = serialize_calendar(build_calendar(name='Naam\\r\\nEND:VCALENDAR\\r\\nX-A:1',"
        " description='Beschrijving\\r\\nEND:VCALENDAR', events=[]))\n"
        "sys.stdout.buffer.write(body)\n"
    )
    result = subprocess.run(
        [sys.executable, "-O", "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        capture_output=True,
        check=True,
        timeout=60,
    )
    body = result.stdout
    assert lines(body, b"END:VCALENDAR") == 1
    assert b"\r\nX-A:1" not in body
    assert calendar_of(body)["X-WR-CALNAME"] == "Naam END:VCALENDAR X-A:1"


def _unsaved_meeting(title: str, description: str) -> Meeting:
    moment = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    return Meeting(
        pk=1,
        slug="m",
        title=title,
        description=description,
        series=Series(name="Reeks"),
        starts_at=moment,
        ends_at=moment.replace(hour=10),
        status=MeetingStatus.PUBLISHED,
        capacity=1,
        created_at=moment,
        updated_at=moment,
    )


@settings(max_examples=150, deadline=None)
@given(title=st.text(max_size=300), description=st.text(max_size=2000))
def test_any_text_round_trips_after_normalising_line_ends(title, description):
    site = FeedSite.current()
    event = build_meeting_event(_unsaved_meeting(title, description), site=site)
    body = serialize_calendar(build_calendar(name=title, events=[event]))
    assert_folded_at_75_octets(body)
    (item,) = read_feed(body)
    assert item.summary == ical_text(title)
    assert item.description.startswith(ical_text(description).strip())
