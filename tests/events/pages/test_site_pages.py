"""The tour and meetings lists, their filters, detail pages and the privacy statement."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import MeetingStatus, StopStatus
from tests.factories import (
    ExhibitionStopFactory,
    MeetingFactory,
    OpeningHoursFactory,
    RegistrationFactory,
    VenueFactory,
)
from venues.models import Province, VenueKind

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


def test_tour_lists_stops_by_date_with_place_and_status(client):
    later = ExhibitionStopFactory(
        opens_on=timezone.localdate() + timedelta(days=40),
        venue__name="Bibliotheek Rozet",
        venue__city="Arnhem",
        venue__province=Province.GELDERLAND,
    )
    sooner = ExhibitionStopFactory(
        opens_on=timezone.localdate() + timedelta(days=5),
        venue__name="Stadhuis Zwolle",
        status=StopStatus.OPTION,
    )
    OpeningHoursFactory(stop=sooner, weekday=0, opens_at=time(9), closes_at=time(17))
    OpeningHoursFactory(stop=sooner, weekday=1, opens_at=time(9), closes_at=time(17))

    response = client.get("/en/tentoonstelling/")

    assert response.status_code == 200
    assert list(response.context["page"]) == [sooner, later]
    text = body(response)
    assert "Gelderland" in text
    assert "Monday–Tuesday 09:00–17:00" in text
    assert "not yet confirmed" in text


def test_tour_hides_past_stops_until_asked(client):
    today = timezone.localdate()
    past = ExhibitionStopFactory(
        opens_on=today - timedelta(days=60),
        closes_on=today - timedelta(days=30),
        venue__name="Oud Stadhuis",
    )
    current = ExhibitionStopFactory(opens_on=today - timedelta(days=2), venue__name="Nu Hier")

    upcoming = client.get("/en/tentoonstelling/")
    earlier = client.get("/en/tentoonstelling/?when=past")

    assert list(upcoming.context["page"]) == [current]
    assert "Show earlier stops" in body(upcoming)
    assert list(earlier.context["page"]) == [past]


def test_tour_filters_by_province_city_and_kind(client):
    library = ExhibitionStopFactory(
        venue__city="Tilburg", venue__province=Province.NOORD_BRABANT, venue__kind=VenueKind.LIBRARY
    )
    ExhibitionStopFactory(
        venue__city="Breda", venue__province=Province.NOORD_BRABANT, venue__kind=VenueKind.TOWN_HALL
    )
    ExhibitionStopFactory(venue__city="Utrecht", venue__province=Province.UTRECHT)

    by_province = client.get("/en/tentoonstelling/", {"province": "NB"})
    by_city = client.get("/en/tentoonstelling/", {"city": "Tilburg"})
    by_kind = client.get("/en/tentoonstelling/", {"province": "NB", "kind": "library"})

    assert by_province.context["page"].paginator.count == 2
    assert list(by_city.context["page"]) == [library]
    assert list(by_kind.context["page"]) == [library]


@pytest.mark.parametrize(
    "query",
    [
        {"province": "XX"},
        {"city": "<script>alert(1)</script>"},
        {"kind": "castle"},
        {"when": "yesterday"},
        {"page": "many"},
    ],
)
def test_tour_bad_filter_values_show_a_message_never_a_server_error(client, query):
    ExhibitionStopFactory()
    response = client.get("/en/tentoonstelling/", query)
    if "page" in query:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    text = body(response)
    assert "Some filters were not understood" in text
    assert "<script>alert(1)</script>" not in text
    assert response.context["page"].paginator.count == 1


def test_meetings_list_filters_online_and_past(client):
    now = timezone.now()
    online = MeetingFactory(venue=None, online_url="https://meet.example.org/x", title="Webinar")
    in_person = MeetingFactory(title="In Utrecht")
    past = MeetingFactory(
        starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=3, hours=-2), title="Oud"
    )

    assert set(client.get("/en/bijeenkomsten/").context["page"]) == {online, in_person}
    assert list(client.get("/en/bijeenkomsten/", {"kind": "online"}).context["page"]) == [online]
    assert list(client.get("/en/bijeenkomsten/", {"when": "past"}).context["page"]) == [past]


def test_meetings_list_paginates(client):
    for _ in range(25):
        MeetingFactory()
    first = client.get("/en/bijeenkomsten/")
    second = client.get("/en/bijeenkomsten/", {"page": 2})
    assert len(first.context["page"]) == 20
    assert len(second.context["page"]) == 5
    assert "Page 1 of 2" in body(first)


@pytest.mark.parametrize("rows", [1, 6])
@pytest.mark.parametrize("path", ["/nl/tentoonstelling/", "/nl/bijeenkomsten/", "/nl/"])
def test_list_pages_query_count_is_fixed(client, rows, path, django_assert_max_num_queries):
    for n in range(rows):
        stop = ExhibitionStopFactory(venue__city=f"Stad {n}")
        OpeningHoursFactory(stop=stop)
        meeting = MeetingFactory(venue=stop.venue)
        RegistrationFactory(meeting=meeting)
    with django_assert_max_num_queries(6):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("registrations", [1, 6])
def test_meeting_detail_query_count_is_fixed(client, registrations, django_assert_max_num_queries):
    meeting = MeetingFactory()
    for _ in range(registrations):
        RegistrationFactory(meeting=meeting)
    with django_assert_max_num_queries(3):
        assert client.get(meeting.get_absolute_url()).status_code == 200


def test_stop_detail_shows_every_weekday_address_access_and_directions(client):
    stop = ExhibitionStopFactory(
        venue__accessibility_notes="Rolstoeltoegankelijk via de zij-ingang.",
        venue__street_address="Grote Markt 1",
    )
    OpeningHoursFactory(stop=stop, weekday=2, opens_at=time(10), closes_at=time(16))
    text = body(client.get(f"/en/tentoonstelling/{stop.slug}/"))
    assert "Wednesday" in text and "10:00–16:00" in text
    assert text.count(">closed<") == 6
    assert "Grote Markt 1" in text
    assert "Rolstoeltoegankelijk via de zij-ingang." in text
    assert "openstreetmap.org" in text


def test_meeting_detail_shows_seats_left_and_the_form_while_open(client):
    meeting = MeetingFactory(capacity=3)
    RegistrationFactory(meeting=meeting)
    response = client.get(f"/en/bijeenkomsten/{meeting.slug}/")
    text = body(response)
    assert "2 seats left" in text
    assert 'name="consent"' in text
    assert reverse("privacy") in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": MeetingStatus.CANCELLED}, "This meeting has been cancelled."),
        (
            {"registration_closes_at": timezone.now() - timedelta(hours=1)},
            "Registration for this meeting has closed.",
        ),
        (
            {"registration_opens_at": timezone.now() + timedelta(days=2)},
            "Registration opens on",
        ),
    ],
)
def test_meeting_detail_without_open_registration_has_no_form(client, changes, message):
    meeting = MeetingFactory(**changes)
    text = body(client.get(f"/en/bijeenkomsten/{meeting.slug}/"))
    assert message in text
    assert 'name="consent"' not in text


def test_full_meeting_with_waitlist_offers_the_waiting_list(client):
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    text = body(client.get(f"/en/bijeenkomsten/{meeting.slug}/"))
    assert "Join the waiting list" in text


def test_venue_page_lists_its_stops_and_meetings(client):
    venue = VenueFactory(name="Jaarbeurs")
    ExhibitionStopFactory(venue=venue)
    MeetingFactory(venue=venue, title="Bijeenkomst in de Jaarbeurs")
    text = body(client.get(f"/en/locaties/{venue.slug}/"))
    assert "Bijeenkomst in de Jaarbeurs" in text


def test_privacy_statement_names_retention_and_how_to_cancel(client, settings):
    settings.REGISTRATION_RETENTION_DAYS = 90
    text = body(client.get("/en/privacy/"))
    assert "90 days after the meeting" in text
    assert "cancel" in text
    assert client.get("/nl/privacy/").status_code == 200


def test_unknown_pages_answer_a_translated_404(client):
    response = client.get("/en/bijeenkomsten/bestaat-niet/")
    assert response.status_code == 404
    assert "Page not found" in body(response)


def test_language_switch_keeps_the_page(client):
    meeting = MeetingFactory()
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": f"/nl/bijeenkomsten/{meeting.slug}/?x=1"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/en/bijeenkomsten/{meeting.slug}/?x=1"


def test_dates_follow_the_active_language(client):
    start = timezone.make_aware(timezone.datetime(2030, 3, 5, 14, 0))
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    assert "Tuesday 5 March 2030, 14:00" in body(client.get(f"/en/bijeenkomsten/{meeting.slug}/"))
    assert "dinsdag 5 maart 2030, 14:00" in body(client.get(f"/nl/bijeenkomsten/{meeting.slug}/"))
