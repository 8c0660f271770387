"""The feeds over HTTP: addresses, filters, caching headers, 304s, private feeds, query counts."""

from __future__ import annotations

import gzip
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from events.calendar.cache import FeedValidators, feed_bodies, feed_validators
from events.calendar.tokens import issue_calendar_token, renew_calendar_token
from events.models import (
    ExhibitionStop,
    Meeting,
    MeetingStatus,
    OpeningHours,
    Registration,
    RegistrationStatus,
    Sector,
    StopStatus,
)
from events.planning import save_stop
from events.registrations.services import cancel_registration
from tests.events.calendar.ical import by_uid, calendar_of, read_feed
from tests.factories import (
    ExhibitionKitFactory,
    ExhibitionStopFactory,
    MeetingFactory,
    OpeningHoursFactory,
    OrganiserFactory,
    RegistrationFactory,
    SeriesFactory,
    TourFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

ALL = "/calendar/all.ics"


@pytest.fixture(autouse=True)
def empty_feed_cache():
    feed_bodies.clear()
    feed_validators.clear()
    yield
    feed_bodies.clear()
    feed_validators.clear()


def uids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return set(by_uid(response.content))


def meeting_uid(meeting) -> str:
    return f"meeting-{meeting.pk}@localhost"


def registration_uid(registration) -> str:
    return f"registration-{registration.pk}@localhost"


def stop_uid(stop, part: str = "") -> str:
    return f"stop-{stop.pk}{'-' + part if part else ''}@localhost"


# --- Addresses -----------------------------------------------------------------


def test_feed_addresses_are_stable():
    assert reverse("calendar:all") == "/calendar/all.ics"
    assert reverse("calendar:series", args=["open-je-ogen"]) == "/calendar/series/open-je-ogen.ics"
    assert reverse("calendar:venue", args=["stadhuis"]) == "/calendar/venues/stadhuis.ics"
    assert reverse("calendar:meeting", args=["sessie"]) == "/calendar/meetings/sessie.ics"
    token = "A1b2" * 10 + "xyz"  # 43 characters, as secrets.token_urlsafe(32) gives
    assert reverse("calendar:attendee", args=[token]) == f"/calendar/me/{token}.ics"
    assert reverse("calendar:organiser", args=[token]) == f"/calendar/organiser/{token}.ics"


def test_all_feed_holds_public_stops_and_meetings(client):
    stop = ExhibitionStopFactory()
    meeting = MeetingFactory()
    cancelled = MeetingFactory(status=MeetingStatus.CANCELLED)
    draft = MeetingFactory(status=MeetingStatus.DRAFT)
    found = uids(client.get(ALL))
    assert found == {stop_uid(stop), meeting_uid(meeting), meeting_uid(cancelled)}
    assert meeting_uid(draft) not in found


# --- HTTP as calendar clients expect ---------------------------------------------


def test_feed_headers(client):
    MeetingFactory()
    response = client.get(ALL)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=900"
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    assert {"Accept-Encoding", "Accept-Language"} <= {
        v.strip() for v in response["Vary"].split(",")
    }
    assert int(response["Content-Length"]) == len(response.content)
    assert "Content-Disposition" not in response


def test_meeting_file_is_an_attachment_with_a_file_name(client):
    meeting = MeetingFactory(slug="geringste-aanwijzing-utrecht")
    response = client.get(reverse("calendar:meeting", args=[meeting.slug]))
    assert response["Content-Disposition"] == (
        'attachment; filename="geringste-aanwijzing-utrecht.ics"'
    )
    assert uids(response) == {meeting_uid(meeting)}


def test_if_none_match_answers_304_without_building(client, django_assert_num_queries):
    MeetingFactory()
    etag = client.get(ALL)["ETag"]
    feed_bodies.clear()
    with django_assert_num_queries(1):
        response = client.get(ALL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=900"
    assert len(feed_bodies) == 0, "a 304 must not build the feed"


def test_if_modified_since_answers_304(client):
    MeetingFactory()
    last_modified = client.get(ALL)["Last-Modified"]
    assert client.get(ALL, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    earlier = http_date((timezone.now() - timedelta(days=1)).timestamp())
    assert client.get(ALL, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_etag_changes_with_the_data(client):
    stop = ExhibitionStopFactory()
    first = client.get(ALL)["ETag"]
    assert client.get(ALL)["ETag"] == first
    stop.description = "Nu met rondleidingen."
    save_stop(stop=stop)
    second = client.get(ALL)["ETag"]
    assert second != first
    stop.venue.name = "Nieuwe naam"
    stop.venue.save()
    third = client.get(ALL)["ETag"]
    assert third != second
    MeetingFactory()
    assert client.get(ALL)["ETag"] != third


def test_etag_differs_per_language_and_filter(client):
    MeetingFactory()
    etags = {
        client.get(ALL)["ETag"],
        client.get(ALL + "?lang=en")["ETag"],
        client.get(ALL + "?kind=meeting")["ETag"],
        client.get(ALL + "?days=1")["ETag"],
    }
    assert len(etags) == 4


def test_warm_request_is_one_query(client, django_assert_num_queries):
    ExhibitionStopFactory()
    MeetingFactory()
    body = client.get(ALL).content
    with django_assert_num_queries(1):
        assert client.get(ALL).content == body


def test_fingerprint_is_trusted_for_the_freshness_window(
    client, settings, django_assert_num_queries
):
    settings.CALENDAR_FEED_FRESHNESS_SECONDS = 60
    stop = ExhibitionStopFactory()
    first = client.get(ALL)
    with django_assert_num_queries(0):
        assert client.get(ALL).content == first.content
        assert client.get(ALL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    stop.description = "Nu met rondleidingen."
    save_stop(stop=stop)
    assert client.get(ALL)["ETag"] == first["ETag"]  # still within the window
    feed_validators.clear()  # as when the window has passed
    assert client.get(ALL)["ETag"] != first["ETag"]


def test_remembered_fingerprints_expire():
    validators = FeedValidators(max_entries=2)
    validators.set("a", "fingerprint", seconds=60)
    validators.set("b", "old", seconds=-1)
    assert validators.get("a") == "fingerprint"
    assert validators.get("b") is None
    validators.set("c", "x", seconds=60)
    validators.set("d", "y", seconds=60)
    assert validators.get("a") is None  # the oldest went first


def test_head_sends_headers_only(client):
    MeetingFactory()
    get = client.get(ALL)
    head = client.head(ALL)
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Length"] == get["Content-Length"]


def test_post_is_not_allowed(client):
    assert client.post(ALL).status_code == 405


def test_gzip_when_asked(client):
    for _ in range(3):
        MeetingFactory(description="Lange beschrijving. " * 20)
    plain = client.get(ALL)
    zipped = client.get(ALL, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content)
    # Another representation, another ETag; each revalidates on its own.
    assert zipped["ETag"] != plain["ETag"]
    again = client.get(ALL, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"])
    assert again.status_code == 304
    assert "Content-Encoding" not in plain


# --- Filters and languages -------------------------------------------------------


def test_kind_filter(client):
    stop = ExhibitionStopFactory()
    meeting = MeetingFactory()
    assert uids(client.get(ALL + "?kind=stop")) == {stop_uid(stop)}
    assert uids(client.get(ALL + "?kind=meeting")) == {meeting_uid(meeting)}


def test_city_and_province_filters(client):
    zwolle = VenueFactory(city="Zwolle", province="OV")
    utrecht = VenueFactory(city="Utrecht", province="UT")
    in_zwolle = ExhibitionStopFactory(venue=zwolle)
    meeting_in_zwolle = MeetingFactory(venue=zwolle)
    ExhibitionStopFactory(venue=utrecht)
    online = MeetingFactory(venue=None, online_url="https://meet.example/a")
    expected = {stop_uid(in_zwolle), meeting_uid(meeting_in_zwolle)}
    assert uids(client.get(ALL + "?city=zwolle")) == expected
    assert uids(client.get(ALL + "?province=OV")) == expected
    assert uids(client.get(ALL + "?province=overijssel")) == expected
    assert uids(client.get(ALL + "?province=ov&city=Utrecht")) == set()
    assert meeting_uid(online) in uids(client.get(ALL))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=stops", "kind must be “stop” or “meeting”."),
        ("province=Brabant", "province must be one of"),
        ("city=" + "x" * 101, "city can be at most 100 characters long."),
        ("city=Zwolle%0D%0AX", "city contains characters that are not allowed."),
        ("days=yes", "days must be “1”"),
        ("lang=de", "lang must be “nl” or “en”."),
    ],
)
def test_invalid_filters_answer_400_with_a_message(client, query, message):
    response = client.get(f"{ALL}?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()


def test_unknown_parameters_are_ignored(client):
    MeetingFactory()
    assert client.get(ALL + "?nocache=12345").status_code == 200


def test_language_from_parameter_or_header_defaults_to_dutch(client):
    stop = ExhibitionStopFactory(opens_on=date(2026, 6, 1), closes_on=date(2026, 6, 21))
    OpeningHoursFactory(stop=stop, weekday=0)
    dutch = client.get(ALL)
    english = client.get(ALL + "?lang=en")
    by_header = client.get(ALL, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert dutch["Content-Language"] == "nl"
    assert english["Content-Language"] == by_header["Content-Language"] == "en"
    assert "maandag: 09:00–17:00" in read_feed(dutch.content)[0].description
    assert "Monday: 09:00–17:00" in read_feed(english.content)[0].description
    assert read_feed(english.content) == read_feed(by_header.content)


# --- Series, venue and meeting feeds -----------------------------------------------


def test_series_feed_holds_only_that_series(client):
    tour = TourFactory()
    stop = ExhibitionStopFactory(kit__series=tour)
    meeting = MeetingFactory(series=tour)
    ExhibitionStopFactory()
    MeetingFactory()
    assert uids(client.get(reverse("calendar:series", args=[tour.slug]))) == {
        stop_uid(stop),
        meeting_uid(meeting),
    }


def test_venue_feed_holds_only_that_venue(client):
    venue = VenueFactory()
    stop = ExhibitionStopFactory(venue=venue)
    meeting = MeetingFactory(venue=venue)
    ExhibitionStopFactory()
    assert uids(client.get(reverse("calendar:venue", args=[venue.slug]))) == {
        stop_uid(stop),
        meeting_uid(meeting),
    }


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/series/bestaat-niet.ics",
        "/calendar/venues/bestaat-niet.ics",
        "/calendar/meetings/bestaat-niet.ics",
        "/calendar/me/bestaat-niet.ics",
        "/calendar/organiser/bestaat-niet.ics",
        "/calendar/me/" + "x" * 500 + ".ics",
    ],
)
def test_unknown_slug_or_token_is_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_private_series_and_draft_meeting_are_404(client):
    hidden = SeriesFactory(is_public=False)
    draft = MeetingFactory(status=MeetingStatus.DRAFT)
    private_meeting = MeetingFactory(series=hidden)
    assert client.get(reverse("calendar:series", args=[hidden.slug])).status_code == 404
    assert client.get(reverse("calendar:meeting", args=[draft.slug])).status_code == 404
    assert client.get(reverse("calendar:meeting", args=[private_meeting.slug])).status_code == 404


# --- No personal data in public feeds ------------------------------------------------


@pytest.mark.parametrize("query", ["", "?days=1", "?kind=meeting", "?lang=en"])
def test_public_feeds_carry_no_personal_data(client, query):
    venue = VenueFactory(
        contact_name="Petra Bakker",
        contact_email="p.bakker@gemeente.nl",
        contact_phone="0612345678",
    )
    stop = ExhibitionStopFactory(venue=venue, internal_notes="Sleutel bij de portier")
    OpeningHoursFactory(stop=stop)
    meeting = MeetingFactory(venue=venue)
    RegistrationFactory(meeting=meeting, name="Anna de Vries", email="anna@example.org")
    RegistrationFactory(
        meeting=meeting,
        name="Bram Jansen",
        email="bram@example.org",
        status=RegistrationStatus.WAITLISTED,
    )
    bodies = [
        client.get(ALL + query).content,
        client.get(reverse("calendar:venue", args=[venue.slug]) + query).content,
        client.get(reverse("calendar:series", args=[meeting.series.slug]) + query).content,
        client.get(reverse("calendar:meeting", args=[meeting.slug]) + query).content,
    ]
    for body in bodies:
        assert b"BEGIN:VEVENT" in body
        for secret in (
            "Petra Bakker",
            "p.bakker@gemeente.nl",
            "0612345678",
            "Sleutel bij de portier",
            "Anna de Vries",
            "anna@example.org",
            "Bram Jansen",
            "bram@example.org",
            "ATTENDEE",
        ):
            assert secret.encode() not in body


# --- The attendee's private feed ------------------------------------------------------


def attendee_path(email: str) -> str:
    return reverse("calendar:attendee", args=[issue_calendar_token(email=email).token])


def test_attendee_feed_holds_only_their_registrations(client):
    mine = RegistrationFactory(email="anna@example.org", name="Anna de Vries")
    waiting = RegistrationFactory(email="anna@example.org", status=RegistrationStatus.WAITLISTED)
    theirs = RegistrationFactory(meeting=mine.meeting, name="Bram Jansen", email="b@example.org")
    response = client.get(attendee_path("Anna@Example.ORG") + "?lang=en")
    assert response["Cache-Control"] == "private, max-age=300"
    items = by_uid(response.content)
    assert set(items) == {registration_uid(mine), registration_uid(waiting)}
    assert items[registration_uid(mine)].status == "CONFIRMED"
    # No name in a calendar, not even the owner's: calendars are shared and synced.
    assert mine.name.encode() not in response.content
    assert items[registration_uid(waiting)].status == "TENTATIVE"
    assert "waiting list" in items[registration_uid(waiting)].description
    assert theirs.name.encode() not in response.content
    assert theirs.email.encode() not in response.content


def test_attendee_feed_keeps_cancellations_for_30_days(client):
    now = timezone.now()
    recent = RegistrationFactory(email="anna@example.org")
    cancel_registration(registration=recent)
    old = RegistrationFactory(email="anna@example.org", status=RegistrationStatus.CANCELLED)
    Registration.objects.filter(pk=old.pk).update(cancelled_at=now - timedelta(days=31))
    in_cancelled_meeting = RegistrationFactory(email="anna@example.org")
    cancelled_meeting = in_cancelled_meeting.meeting
    Meeting.objects.filter(pk=cancelled_meeting.pk).update(status=MeetingStatus.CANCELLED)
    long_cancelled = RegistrationFactory(email="anna@example.org").meeting
    Meeting.objects.filter(pk=long_cancelled.pk).update(
        status=MeetingStatus.CANCELLED, updated_at=now - timedelta(days=40)
    )
    items = by_uid(client.get(attendee_path("anna@example.org")).content)
    assert set(items) == {registration_uid(recent), registration_uid(in_cancelled_meeting)}
    assert items[registration_uid(recent)].status == "CANCELLED"
    assert items[registration_uid(in_cancelled_meeting)].status == "CANCELLED"


def test_attendee_feed_shows_a_new_registration_once_after_a_cancelled_one(client):
    first = RegistrationFactory(email="anna@example.org")
    cancel_registration(registration=first)
    RegistrationFactory(email="anna@example.org", meeting=first.meeting)
    (item,) = read_feed(client.get(attendee_path("anna@example.org")).content)
    assert item.status == "CONFIRMED"


def test_attendee_feed_sequence_rises_as_the_registration_moves_on(client):
    registration = RegistrationFactory(
        email="anna@example.org", status=RegistrationStatus.WAITLISTED
    )
    path = attendee_path("anna@example.org")
    (waiting,) = read_feed(client.get(path).content)
    Registration.objects.filter(pk=registration.pk).update(
        status=RegistrationStatus.CONFIRMED, waitlisted_at=None, updated_at=timezone.now()
    )
    (confirmed,) = read_feed(client.get(path).content)
    cancel_registration(registration=registration)
    (cancelled,) = read_feed(client.get(path).content)
    assert waiting.sequence < confirmed.sequence < cancelled.sequence
    assert [waiting.status, confirmed.status, cancelled.status] == [
        "TENTATIVE",
        "CONFIRMED",
        "CANCELLED",
    ]


def test_renewed_or_revoked_attendee_token_is_404(client):
    RegistrationFactory(email="anna@example.org")
    old = attendee_path("anna@example.org")
    assert client.get(old).status_code == 200
    new = renew_calendar_token(email="anna@example.org")
    assert client.get(old).status_code == 404
    assert client.get(reverse("calendar:attendee", args=[new.token])).status_code == 200


def test_tokens_do_not_open_the_other_kind_of_feed(client):
    organiser = OrganiserFactory()
    organiser_token = issue_calendar_token(user=organiser).token
    attendee_token = issue_calendar_token(email="anna@example.org").token
    assert client.get(reverse("calendar:attendee", args=[organiser_token])).status_code == 404
    assert client.get(reverse("calendar:organiser", args=[attendee_token])).status_code == 404


# --- The organiser's logistics feed ------------------------------------------------------


def organiser_path(user) -> str:
    return reverse("calendar:organiser", args=[issue_calendar_token(user=user).token])


def test_organiser_feed_holds_every_step_of_their_stops(client):
    organiser = OrganiserFactory()
    kit = ExhibitionKitFactory(series=TourFactory(organisers=[organiser]), transport_days=2)
    stop = ExhibitionStopFactory(
        kit=kit,
        setup_on=date(2026, 4, 9),
        opens_on=date(2026, 4, 10),
        closes_on=date(2026, 4, 30),
        teardown_on=date(2026, 5, 1),
        venue__contact_name="Petra Bakker",
    )
    ExhibitionStopFactory()  # someone else's tour
    response = client.get(organiser_path(organiser))
    assert response["Cache-Control"] == "private, max-age=300"
    items = by_uid(response.content)
    expected = {
        "transport-out": (date(2026, 4, 7), date(2026, 4, 9)),
        "setup": (date(2026, 4, 9), date(2026, 4, 10)),
        "opening": (date(2026, 4, 10), date(2026, 4, 11)),
        "closing": (date(2026, 4, 30), date(2026, 5, 1)),
        "teardown": (date(2026, 5, 1), date(2026, 5, 2)),
        "transport-back": (date(2026, 5, 2), date(2026, 5, 4)),
    }
    assert set(items) == {stop_uid(stop, part) for part in expected}
    for part, (first, end) in expected.items():
        item = items[stop_uid(stop, part)]
        assert (item.start, item.end) == (first, end), part
        assert item.status == "CONFIRMED"
    assert "Petra Bakker" in items[stop_uid(stop, "setup")].description


def test_organiser_feed_marks_drafts_and_options_tentative(client):
    organiser = OrganiserFactory()
    tour = TourFactory(organisers=[organiser])
    draft = ExhibitionStopFactory(kit__series=tour, kit__transport_days=0, status=StopStatus.DRAFT)
    option = ExhibitionStopFactory(kit__series=tour, status=StopStatus.OPTION)
    items = by_uid(client.get(organiser_path(organiser) + "?lang=en").content)
    assert items[stop_uid(draft, "setup")].status == "TENTATIVE"
    assert items[stop_uid(draft, "setup")].summary.endswith("(draft)")
    assert items[stop_uid(option, "opening")].status == "TENTATIVE"
    assert stop_uid(draft, "transport-out") not in items  # no transport days
    assert stop_uid(option, "transport-out") in items


def test_organiser_feed_follows_transport_days(client):
    organiser = OrganiserFactory()
    stop = ExhibitionStopFactory(kit__series=TourFactory(organisers=[organiser]))
    path = organiser_path(organiser)
    first = client.get(path)
    stop.kit.transport_days = 3
    stop.kit.save()
    second = client.get(path)
    assert second["ETag"] != first["ETag"]
    item = by_uid(second.content)[stop_uid(stop, "transport-out")]
    assert item.start == stop.setup_on - timedelta(days=3)


def test_organiser_feed_closes_when_the_user_leaves(client):
    organiser = OrganiserFactory()
    ExhibitionStopFactory(kit__series=TourFactory(organisers=[organiser]))
    path = organiser_path(organiser)
    assert client.get(path).status_code == 200
    organiser.is_active = False
    organiser.save()
    assert client.get(path).status_code == 404


# --- A fixed number of queries, whatever the size ---------------------------------------


def bulk_data(events: int, *, organiser=None, email: str = "anna@example.org") -> dict:
    """``events`` stops and meetings (half each), made with bulk_create for speed.

    Each stop is open one week, on Mondays only, a fortnight apart so that
    none clashes with the next in kit or venue: one all-day event, and one
    event in the ``?days=1`` variant too.
    """
    tour = TourFactory(organisers=[organiser] if organiser else [])
    kit = ExhibitionKitFactory(series=tour, transport_days=1)
    venue = VenueFactory(latitude="52.1", longitude="5.1")
    series = SeriesFactory()
    monday = date(2026, 3, 2)
    stops = ExhibitionStop.objects.bulk_create(
        ExhibitionStop(
            kit=kit,
            venue=venue,
            slug=f"bulk-stop-{index}",
            host_organisation="Gemeente",
            setup_on=monday + timedelta(weeks=2 * index) - timedelta(days=1),
            opens_on=monday + timedelta(weeks=2 * index),
            closes_on=monday + timedelta(weeks=2 * index, days=6),
            teardown_on=monday + timedelta(weeks=2 * index, days=7),
            # bulk_create skips the planning service: fill in the kit's days it would.
            occupied_from=monday + timedelta(weeks=2 * index) - timedelta(days=2),
            occupied_until=monday + timedelta(weeks=2 * index, days=8),
            status=StopStatus.CONFIRMED,
        )
        for index in range(events // 2)
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(stop=stop, weekday=0, opens_at=time(10), closes_at=time(17)) for stop in stops
    )
    start = timezone.make_aware(datetime(2026, 3, 3, 10, 0))
    meetings = Meeting.objects.bulk_create(
        Meeting(
            series=series,
            title=f"Bijeenkomst {index}",
            slug=f"bulk-meeting-{index}",
            venue=venue,
            starts_at=start + timedelta(days=index),
            ends_at=start + timedelta(days=index, hours=2),
            capacity=30,
            status=MeetingStatus.PUBLISHED,
        )
        for index in range(events - events // 2)
    )
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            name="Anna de Vries",
            email=email,
            sector=Sector.MEDICAL,
            status=RegistrationStatus.CONFIRMED,
            consent_at=start,
        )
        for meeting in meetings
    )
    return {"tour": tour, "venue": venue, "series": series}


@pytest.mark.parametrize("events", [10, 1000])
@pytest.mark.parametrize(
    ("feed", "queries"),
    [("all", 4), ("all-days", 5), ("tour", 5), ("venue", 5), ("attendee", 3), ("organiser", 4)],
)
def test_query_count_does_not_grow_with_the_feed(
    client, events, feed, queries, django_assert_num_queries
):
    organiser = OrganiserFactory()
    data = bulk_data(events, organiser=organiser)
    path = {
        "all": ALL,
        "all-days": ALL + "?days=1",
        "tour": reverse("calendar:series", args=[data["tour"].slug]),
        "venue": reverse("calendar:venue", args=[data["venue"].slug]),
        "attendee": reverse(
            "calendar:attendee", args=[issue_calendar_token(email="anna@example.org").token]
        ),
        "organiser": reverse(
            "calendar:organiser", args=[issue_calendar_token(user=organiser).token]
        ),
    }[feed]
    with django_assert_num_queries(queries):
        response = client.get(path)
    assert response.status_code == 200
    count = len(calendar_of(response.content).walk("VEVENT"))
    expected = {
        "all": events,
        "all-days": events,
        "tour": events // 2,
        "venue": events,
        "attendee": events - events // 2,
        "organiser": 6 * (events // 2),
    }[feed]
    assert count == expected


def test_opening_hours_added_in_the_admin_change_the_etag(owner_client, own_tour, client):
    """The fingerprint reads no opening hours: it relies on the admin saving the stop
    (and so its updated_at) whenever its inline opening hours are saved."""
    from tests.events.admin_helpers import admin_url, stop_form_data

    stop = ExhibitionStopFactory(kit__series=own_tour)
    before = client.get(ALL)["ETag"]
    data = stop_form_data(stop)
    data.update(
        {
            "opening_hours-TOTAL_FORMS": "1",
            "opening_hours-0-weekday": "0",
            "opening_hours-0-opens_at": "10:00",
            "opening_hours-0-closes_at": "16:00",
        }
    )
    response = owner_client.post(admin_url("exhibitionstop", "change", stop.pk), data)
    assert response.status_code == 302
    after = client.get(ALL)
    assert after["ETag"] != before
    assert "10:00–16:00" in read_feed(after.content)[0].description
