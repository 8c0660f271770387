"""The builder: how stops, meetings and registrations appear in every calendar app."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse

from events.calendar import (
    FeedSite,
    build_meeting_event,
    build_meeting_invitation,
    invitation_content_type,
)
from events.calendar.cache import feed_bodies
from events.calendar.tokens import issue_calendar_token
from events.calendar.vtimezone import AMSTERDAM, amsterdam_vtimezone
from events.meetings.services import cancel_meeting, save_meeting
from events.models import CalendarToken, RegistrationStatus, StopStatus
from events.planning import save_stop, set_stop_status
from events.registrations.services import cancel_registration
from tests.events.calendar.ical import Item, by_uid, calendar_of, read_feed
from tests.factories import (
    ExhibitionStopFactory,
    MeetingFactory,
    OpeningHoursFactory,
    RegistrationFactory,
    SeriesFactory,
    TourFactory,
    VenueClosureFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

ALL = "/calendar/all.ics"


@pytest.fixture(autouse=True)
def empty_feed_cache():
    feed_bodies.clear()
    yield
    feed_bodies.clear()


def stop_uid(stop, part: str = "") -> str:
    return f"stop-{stop.pk}{'-' + part if part else ''}@localhost"


def feed(client, path: str = ALL, **headers) -> bytes:
    response = client.get(path, **headers)
    assert response.status_code == 200, response.content
    return response.content


def test_stop_all_day_dtend_is_the_day_after_closing(client):
    stop = ExhibitionStopFactory(opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 14))
    body = feed(client)
    assert b"DTSTART;VALUE=DATE:20260302\r\n" in body
    assert b"DTEND;VALUE=DATE:20260315\r\n" in body
    item = by_uid(body)[stop_uid(stop)]
    assert (item.start, item.end) == (date(2026, 3, 2), date(2026, 3, 15))


def test_one_day_stop_ends_the_next_day(client):
    stop = ExhibitionStopFactory(
        opens_on=date(2026, 12, 31),
        closes_on=date(2026, 12, 31),
        setup_on=date(2026, 12, 31),
        teardown_on=date(2026, 12, 31),
    )
    item = by_uid(feed(client))[stop_uid(stop)]
    assert (item.start, item.end) == (date(2026, 12, 31), date(2027, 1, 1))


def test_stop_uid_stays_when_edited_and_sequence_goes_up(client):
    stop = ExhibitionStopFactory(opens_on=date(2026, 5, 1), closes_on=date(2026, 5, 20))
    before = by_uid(feed(client))[stop_uid(stop)]
    stop.closes_on = date(2026, 5, 27)
    stop.teardown_on = date(2026, 5, 28)
    stop.venue = VenueFactory(name="Bibliotheek Zwolle")
    save_stop(stop=stop)
    after = by_uid(feed(client))[stop_uid(stop)]
    assert after.sequence == before.sequence + 1
    assert after.end == date(2026, 5, 28)
    assert "Bibliotheek Zwolle" in after.summary


def test_stop_status_maps_to_calendar_status(client):
    confirmed = ExhibitionStopFactory(status=StopStatus.CONFIRMED)
    option = ExhibitionStopFactory(status=StopStatus.OPTION)
    cancelled = ExhibitionStopFactory(status=StopStatus.CONFIRMED)
    set_stop_status(stop=cancelled, status=StopStatus.CANCELLED)
    draft = ExhibitionStopFactory(status=StopStatus.DRAFT)
    items = by_uid(feed(client, ALL + "?lang=en"))
    assert items[stop_uid(confirmed)].status == "CONFIRMED"
    assert items[stop_uid(option)].status == "TENTATIVE"
    assert items[stop_uid(cancelled)].status == "CANCELLED"
    assert items[stop_uid(cancelled)].sequence == 1
    assert items[stop_uid(cancelled)].summary.startswith("Cancelled: ")
    assert stop_uid(draft) not in items


def test_stops_and_meetings_of_private_series_stay_out(client):
    hidden_stop = ExhibitionStopFactory(kit__series=TourFactory(is_public=False))
    hidden_meeting = MeetingFactory(series=SeriesFactory(is_public=False))
    items = by_uid(feed(client))
    assert stop_uid(hidden_stop) not in items
    assert f"meeting-{hidden_meeting.pk}@localhost" not in items


def test_stop_description_has_opening_hours_period_and_page(client):
    stop = ExhibitionStopFactory(opens_on=date(2026, 6, 1), closes_on=date(2026, 6, 21))
    OpeningHoursFactory(stop=stop, weekday=0, opens_at="09:00", closes_at="17:00")
    OpeningHoursFactory(stop=stop, weekday=2, opens_at="13:00", closes_at="20:00")
    item = by_uid(feed(client, ALL + "?lang=en"))[stop_uid(stop)]
    assert "Monday: 09:00–17:00" in item.description
    assert "Wednesday: 13:00–20:00" in item.description
    assert "1 June 2026" in item.description and "21 June 2026" in item.description
    assert f"http://localhost:8000/en/tentoonstelling/{stop.slug}/" in item.description


def test_event_carries_every_property_clients_use(client):
    stop = ExhibitionStopFactory(venue__latitude="52.370216", venue__longitude="4.895168")
    meeting = MeetingFactory(venue__latitude="51.924420", venue__longitude="4.477733")
    calendar = calendar_of(feed(client))
    for event in calendar.walk("VEVENT"):
        for name in (
            "UID",
            "DTSTAMP",
            "CREATED",
            "LAST-MODIFIED",
            "SEQUENCE",
            "SUMMARY",
            "DESCRIPTION",
            "LOCATION",
            "GEO",
            "URL",
            "STATUS",
            "CATEGORIES",
            "DTSTART",
            "DTEND",
        ):
            assert name in event, (event["UID"], name)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    stop_event = events[stop_uid(stop)]
    assert stop_event["LOCATION"] == f"{stop.venue.name}, Markt 1, 3511 AA Utrecht"
    assert (stop_event["GEO"].latitude, stop_event["GEO"].longitude) == (52.370216, 4.895168)
    assert stop_event["URL"] == f"http://localhost:8000/nl/tentoonstelling/{stop.slug}/"
    assert stop_event["TRANSP"] == "TRANSPARENT"
    meeting_event = events[f"meeting-{meeting.pk}@localhost"]
    assert meeting_event["DTSTART"].params["TZID"] == "Europe/Amsterdam"


def test_calendar_carries_every_property_clients_use(client):
    MeetingFactory()
    body = feed(client)
    calendar = calendar_of(body)
    assert calendar["PRODID"] == "-//CoMensha//Open je Ogen scheduler//NL"
    assert calendar["VERSION"] == "2.0"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["NAME"] == calendar["X-WR-CALNAME"]
    assert calendar["X-WR-TIMEZONE"] == "Europe/Amsterdam"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in body
    # Exactly one VTIMEZONE, and it is the one every TZID names.
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Amsterdam"]
    assert calendar.get_used_tzids() == {"Europe/Amsterdam"}


def test_vtimezone_is_built_once():
    assert amsterdam_vtimezone() is amsterdam_vtimezone()


def test_days_variant_has_one_event_per_opening_period(client):
    # Monday 2 March to Sunday 15 March 2026; open Mondays and twice on Wednesdays.
    stop = ExhibitionStopFactory(opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 15))
    OpeningHoursFactory(stop=stop, weekday=0, opens_at="09:00", closes_at="17:00")
    OpeningHoursFactory(stop=stop, weekday=2, opens_at="09:00", closes_at="12:00")
    OpeningHoursFactory(stop=stop, weekday=2, opens_at="13:00", closes_at="17:00")
    # The venue is closed on Wednesday 11 March.
    VenueClosureFactory(venue=stop.venue, starts_on=date(2026, 3, 11), ends_on=date(2026, 3, 11))
    items = by_uid(feed(client, ALL + "?days=1"))
    mine = {uid: item for uid, item in items.items() if uid.startswith(f"stop-{stop.pk}-")}
    assert sorted(mine) == sorted(
        [
            stop_uid(stop, "20260302T0900"),
            stop_uid(stop, "20260304T0900"),
            stop_uid(stop, "20260304T1300"),
            stop_uid(stop, "20260309T0900"),
        ]
    )
    monday = mine[stop_uid(stop, "20260302T0900")]
    assert monday.start == datetime(2026, 3, 2, 9, 0, tzinfo=AMSTERDAM)
    assert monday.end == datetime(2026, 3, 2, 17, 0, tzinfo=AMSTERDAM)
    assert stop_uid(stop) not in items


def test_days_variant_keeps_wall_clock_across_the_clock_change(client):
    # Open every Sunday 12:00 to 17:00 around the spring clock change (29 March 2026).
    stop = ExhibitionStopFactory(opens_on=date(2026, 3, 22), closes_on=date(2026, 4, 5))
    OpeningHoursFactory(stop=stop, weekday=6, opens_at="12:00", closes_at="17:00")
    items = by_uid(feed(client, ALL + "?days=1"))
    starts = sorted(item.start for uid, item in items.items() if uid.startswith(f"stop-{stop.pk}"))
    assert [moment.astimezone(AMSTERDAM).time() for moment in starts] == [time(12)] * 3
    assert [moment.astimezone(AMSTERDAM).utcoffset() for moment in starts] == [
        timedelta(hours=1),
        timedelta(hours=2),
        timedelta(hours=2),
    ]


def copies(client, registration) -> dict[str, dict[str, Item]]:
    """Every place a meeting appears, read with both parsers: public feeds and private copies."""
    meeting = registration.meeting
    token = issue_calendar_token(email=registration.email).token
    return {
        "all": by_uid(feed(client)),
        "series": by_uid(feed(client, reverse("calendar:series", args=[meeting.series.slug]))),
        "download": by_uid(feed(client, reverse("calendar:meeting", args=[meeting.slug]))),
        "attendee": by_uid(feed(client, reverse("calendar:attendee", args=[token]))),
        "manage": by_uid(feed(client, f"/nl/aanmelding/{registration.manage_token}/agenda.ics")),
        "e-mail": by_uid(build_meeting_invitation(registration=registration)),
    }


def sequences(found: dict[str, dict[str, Item]]) -> dict[str, set[int]]:
    """Each UID with every SEQUENCE it carries anywhere."""
    seen: dict[str, set[int]] = {}
    for items in found.values():
        for uid, item in items.items():
            seen.setdefault(uid, set()).add(item.sequence)
    return seen


def test_public_copies_use_the_meeting_uid_and_private_ones_the_registrations(client):
    registration = RegistrationFactory()
    meeting_uid = f"meeting-{registration.meeting.pk}@localhost"
    registration_uid = f"registration-{registration.pk}@localhost"
    found = copies(client, registration)
    for public in ("all", "series", "download"):
        assert meeting_uid in found[public] and registration_uid not in found[public]
    for private in ("attendee", "manage", "e-mail"):
        assert list(found[private]) == [registration_uid], private


def test_every_uid_has_one_sequence_everywhere_as_registration_and_meeting_change(client):
    """Waiting list, seat, meeting moved, cancelled: at every step each UID carries one
    SEQUENCE in every feed and e-mail; the attendee's copy rises at each of their changes,
    the public copy only when the meeting itself changes."""
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    registration = RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    meeting_uid = f"meeting-{meeting.pk}@localhost"
    registration_uid = f"registration-{registration.pk}@localhost"

    def step() -> tuple[int, int, str]:
        registration.refresh_from_db()
        found = copies(client, registration)
        seen = sequences(found)
        assert all(len(values) == 1 for values in seen.values()), seen
        private = found["attendee"][registration_uid]
        return seen[meeting_uid].pop(), seen[registration_uid].pop(), private.status

    waiting = step()
    meeting.refresh_from_db()
    meeting.capacity = 2  # moves the person waiting up
    save_meeting(meeting=meeting)
    seated = step()
    meeting.refresh_from_db()
    meeting.starts_at += timedelta(days=1)
    meeting.ends_at += timedelta(days=1)
    save_meeting(meeting=meeting)
    moved = step()
    cancel_registration(registration=registration)
    cancelled = step()

    assert [status for _, _, status in (waiting, seated, moved, cancelled)] == [
        "TENTATIVE",
        "CONFIRMED",
        "CONFIRMED",
        "CANCELLED",
    ]
    public = [sequence for sequence, _, _ in (waiting, seated, moved, cancelled)]
    private = [sequence for _, sequence, _ in (waiting, seated, moved, cancelled)]
    assert public == [0, 0, 1, 1]
    assert private == sorted(set(private)), "the attendee's copy must rise at every change"


def test_meeting_is_opaque_everywhere_until_cancelled(client):
    waiting = RegistrationFactory(status=RegistrationStatus.WAITLISTED)
    for name, items in copies(client, waiting).items():
        assert {item.transp for item in items.values()} == {"OPAQUE"}, name
    seated = RegistrationFactory()
    for name, items in copies(client, seated).items():
        assert {item.transp for item in items.values()} == {"OPAQUE"}, name
    cancel_registration(registration=seated)
    seated.refresh_from_db()
    (mine,) = by_uid(build_meeting_invitation(registration=seated)).values()
    assert (mine.status, mine.transp) == ("CANCELLED", "TRANSPARENT")
    meeting = MeetingFactory()
    cancel_meeting(meeting=meeting)
    public = by_uid(feed(client))[f"meeting-{meeting.pk}@localhost"]
    assert (public.status, public.transp) == ("CANCELLED", "TRANSPARENT")


def test_meeting_uid_stays_when_moved(client):
    meeting = MeetingFactory()
    uid = f"meeting-{meeting.pk}@localhost"
    before = by_uid(feed(client))[uid]
    meeting.starts_at += timedelta(days=1)
    meeting.ends_at += timedelta(days=1)
    save_meeting(meeting=meeting)
    after = by_uid(feed(client))[uid]
    assert after.start == before.start + timedelta(days=1)
    assert after.sequence == before.sequence + 1


def test_invitation_is_one_published_event_with_a_time_zone():
    registration = RegistrationFactory(name="Anna de Vries", language="en")
    body = build_meeting_invitation(registration=registration)
    calendar = calendar_of(body)
    assert calendar["METHOD"] == "PUBLISH"
    assert len(calendar.walk("VEVENT")) == 1
    assert len(calendar.walk("VTIMEZONE")) == 1
    event = calendar.walk("VEVENT")[0]
    # PUBLISH: the organisation as ORGANIZER (RFC 5546), no ATTENDEE to answer for.
    assert event["ORGANIZER"] == "mailto:noreply@openjeogen.nl"
    assert "ATTENDEE" not in event
    # A calendar travels further than an e-mail: no name in it (issue: private feeds).
    assert "Anna de Vries" not in str(event["DESCRIPTION"])
    assert registration.email.encode() not in body
    assert invitation_content_type() == "text/calendar; charset=utf-8; method=PUBLISH"


def test_invitation_for_waiting_list_is_tentative():
    registration = RegistrationFactory(status=RegistrationStatus.WAITLISTED, language="en")
    (item,) = read_feed(build_meeting_invitation(registration=registration))
    assert item.status == "TENTATIVE"
    assert "waiting list" in item.description


def test_builder_output_does_not_depend_on_the_clock(client):
    """DTSTAMP from the data, not from now: the same data gives the same bytes (and ETag)."""
    meeting = MeetingFactory()
    site = FeedSite.current()
    first = build_meeting_event(meeting, site=site).to_ical()
    meeting.refresh_from_db()
    assert build_meeting_event(meeting, site=site).to_ical() == first
    stamp = meeting.updated_at.astimezone(UTC).strftime("DTSTAMP:%Y%m%dT%H%M%SZ")
    assert stamp.encode() in first


def test_collector_pause_nests_and_always_ends():
    import gc

    from events.calendar.sources import collector_paused

    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), collector_paused():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_organizer_is_the_functional_address_in_every_feed_and_mail(client, settings):
    settings.CALENDAR_ORGANIZER_EMAIL = "info@comensha.nl"
    stop = ExhibitionStopFactory()
    OpeningHoursFactory(stop=stop)
    registration = RegistrationFactory()
    planner = stop.kit.series.organisers.create(username="planner", is_staff=True)
    organiser_token = issue_calendar_token(user=planner)
    bodies = [
        *(feed(client, path) for path in (ALL, ALL + "?days=1")),
        feed(client, reverse("calendar:organiser", args=[organiser_token.token])),
        build_meeting_invitation(registration=registration),
    ]
    for body in bodies:
        items = read_feed(body)
        assert items and {item.organizer for item in items} == {"mailto:info@comensha.nl"}
        for event in calendar_of(body).walk("VEVENT"):
            assert event["ORGANIZER"].params["CN"] == "CoMensha"
            assert "ATTENDEE" not in event


def test_organizer_defaults_to_the_sender_address(settings):
    settings.CALENDAR_ORGANIZER_EMAIL = ""
    settings.DEFAULT_FROM_EMAIL = "Open je Ogen <agenda@openjeogen.nl>"
    (item,) = read_feed(build_meeting_invitation(registration=RegistrationFactory()))
    assert item.organizer == "mailto:agenda@openjeogen.nl"


def test_organizer_left_out_when_the_address_is_unusable(settings):
    settings.CALENDAR_ORGANIZER_EMAIL = "info@comensha.nl\r\nATTENDEE:mailto:x@example.org"
    body = build_meeting_invitation(registration=RegistrationFactory())
    assert b"ORGANIZER" not in body and b"ATTENDEE" not in body


JOIN = "https://meet.example.org/geringste-aanwijzing?pwd=0815"


def conference_of(body: bytes):
    (event,) = calendar_of(body).walk("VEVENT")
    return event.get("CONFERENCE")


def test_join_link_is_conference_and_url_in_a_seat_holders_own_copies(client):
    registration = RegistrationFactory(meeting__online_url=JOIN, language="en")
    token = CalendarToken.objects.create(token="t" * 43, email=registration.email)
    own = [
        feed(client, reverse("calendar:attendee", args=[token.token]) + "?lang=en"),
        feed(client, f"/en/aanmelding/{registration.manage_token}/agenda.ics"),
        build_meeting_invitation(registration=registration),
    ]
    for body in own:
        (item,) = read_feed(body)
        assert (item.conference, item.url) == (JOIN, JOIN)
        conference = conference_of(body)
        assert conference.params["VALUE"] == "URI"
        assert conference.params["FEATURE"] == ["AUDIO", "VIDEO"]
        assert conference.params["LABEL"] == "Join the meeting online"
        # The meeting's page is still one click away, in the description.
        assert f"/en/bijeenkomsten/{registration.meeting.slug}/" in item.description


def test_join_link_stays_out_of_public_feeds(client):
    meeting = RegistrationFactory(meeting__online_url=JOIN).meeting
    for path in (ALL, reverse("calendar:meeting", args=[meeting.slug])):
        body = feed(client, path)
        assert JOIN.encode() not in body and b"CONFERENCE" not in body
        (item,) = read_feed(body)
        assert item.url.endswith(f"/bijeenkomsten/{meeting.slug}/")


@pytest.mark.parametrize("status", [RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED])
def test_join_link_only_while_the_registration_holds_a_seat(status):
    registration = RegistrationFactory(meeting__online_url=JOIN, status=status)
    body = build_meeting_invitation(registration=registration)
    assert JOIN.encode() not in body and b"CONFERENCE" not in body


@pytest.mark.parametrize(
    "link", [JOIN + "\r\nATTENDEE:mailto:x@example.org", "javascript:alert(1)", "meet.example.org"]
)
def test_unsafe_join_link_stays_out_of_conference_and_url(link):
    registration = RegistrationFactory(meeting__online_url=link)
    body = build_meeting_invitation(registration=registration)
    (item,) = read_feed(body)
    assert item.conference == "" and item.url.endswith(f"/{registration.meeting.slug}/")
    assert b"\r\nATTENDEE" not in body
