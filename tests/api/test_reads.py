"""Public reads: what each caller sees, filters, ordering, pages, language, query counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from events.models import MeetingStatus, StopStatus
from tests.api.conftest import token_client
from tests.factories import (
    ExhibitionStopFactory,
    MeetingFactory,
    OpeningHoursFactory,
    RegistrationFactory,
    SeriesFactory,
    VenueFactory,
)

V = "/api/v1"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_anonymous_lists_show_only_public_rows(world):
    client = APIClient()
    assert set(slugs(client.get(f"{V}/stops/"))) == {world.stop_a.slug, world.stop_b.slug}
    assert set(slugs(client.get(f"{V}/meetings/"))) == {world.meeting_a.slug, world.meeting_b.slug}
    assert world.private_series_a.slug not in slugs(client.get(f"{V}/series/"))


def test_organiser_sees_own_drafts_and_private_series_but_not_others(world, clients):
    own = set(slugs(clients["organiser_a"].get(f"{V}/meetings/")))
    assert {world.draft_meeting_a.slug, world.private_meeting_a.slug} <= own
    other = set(slugs(clients["organiser_b"].get(f"{V}/meetings/")))
    assert world.draft_meeting_a.slug not in other
    assert world.private_meeting_a.slug not in other
    assert world.meeting_a.slug in other
    assert world.draft_stop_a.slug in slugs(clients["organiser_a"].get(f"{V}/stops/"))
    assert world.draft_stop_a.slug not in slugs(clients["organiser_b"].get(f"{V}/stops/"))


def test_superuser_sees_everything(world, clients):
    every = set(slugs(clients["superuser"].get(f"{V}/meetings/")))
    assert {world.draft_meeting_a.slug, world.private_meeting_a.slug, world.meeting_b.slug} <= every


def test_public_stop_of_a_private_series_is_hidden(db):
    stop = ExhibitionStopFactory(kit__series__is_public=False)
    assert APIClient().get(f"{V}/stops/{stop.slug}/").status_code == 404


def test_organiser_only_fields_are_null_for_everyone_else(world, clients):
    for actor in ("anonymous", "organiser_b"):
        stop = clients[actor].get(f"{V}/stops/{world.stop_a.slug}/").json()
        assert stop["internal_notes"] is None
        meeting = clients[actor].get(f"{V}/meetings/{world.meeting_a.slug}/").json()
        assert meeting["online_url"] is None
        assert meeting["is_online"] is True
    stop = clients["organiser_a"].get(f"{V}/stops/{world.stop_a.slug}/").json()
    assert stop["internal_notes"] == "Sleutel bij de bode"
    meeting = clients["organiser_a"].get(f"{V}/meetings/{world.meeting_a.slug}/").json()
    assert meeting["online_url"] == "https://meet.example.org/geheim"


def test_venue_contact_details_only_for_organisers(world, clients):
    path = f"{V}/venues/{world.venue.slug}/"
    anonymous = clients["anonymous"].get(path).json()
    assert anonymous["contact_name"] is None
    assert anonymous["contact_email"] is None
    assert anonymous["contact_phone"] is None
    # Venues are shared: every organiser may see and correct the contact.
    assert clients["organiser_b"].get(path).json()["contact_email"] == world.venue.contact_email


def test_meeting_shows_seats_and_registration_state(world):
    RegistrationFactory(meeting=world.meeting_a)  # the second and last seat
    RegistrationFactory(meeting=world.meeting_a, status="waitlisted")
    meeting = APIClient().get(f"{V}/meetings/{world.meeting_a.slug}/").json()
    assert meeting["capacity"] == 2
    assert meeting["seats_taken"] == 2
    assert meeting["seats_left"] == 0
    assert meeting["waitlist_length"] == 1
    assert meeting["registration_open"] is True
    assert meeting["registration_closed_reason"] is None
    assert meeting["venue_summary"]["city"] == "Utrecht"
    assert meeting["page_url"].endswith(f"/bijeenkomsten/{world.meeting_a.slug}/")


def test_stop_shows_opening_hours_and_venue(world):
    stop = APIClient().get(f"{V}/stops/{world.stop_a.slug}/").json()
    assert stop["series"] == world.tour_a.slug
    assert stop["kit"] == world.kit_a.slug
    assert stop["venue"] == world.venue.slug
    assert stop["opening_hours"] == [
        {
            "weekday": 0,
            "weekday_display": "maandag",
            "opens_at": "09:00",
            "closes_at": "17:00",
        }
    ]


def test_human_texts_follow_accept_language(world):
    path = f"{V}/meetings/{world.meeting_a.slug}/"
    english = APIClient().get(path, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["status_display"] == "published"
    assert english["language_display"] == "Dutch"
    dutch = APIClient().get(path, HTTP_ACCEPT_LANGUAGE="nl").json()
    assert dutch["language_display"] == "Nederlands"
    response = APIClient().get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.headers["Content-Language"] == "en"
    assert "/en/" in response.json()["page_url"]


def test_times_are_shown_in_amsterdam_time(world):
    meeting = APIClient().get(f"{V}/meetings/{world.meeting_a.slug}/").json()
    assert meeting["starts_at"].endswith(("+01:00", "+02:00"))


# --- Filters, ordering, pages --------------------------------------------------


def test_stops_filter_by_date_range_overlap(db):
    first = ExhibitionStopFactory(opens_on=date(2030, 3, 1), closes_on=date(2030, 3, 20))
    ExhibitionStopFactory(opens_on=date(2030, 5, 1), closes_on=date(2030, 5, 20))
    found = slugs(
        APIClient().get(f"{V}/stops/", {"date_from": "2030-03-15", "date_to": "2030-04-01"})
    )
    assert found == [first.slug]


def test_stops_filter_by_city_province_series_and_status(db):
    zwolle = ExhibitionStopFactory(
        venue=VenueFactory(city="Zwolle", province="OV"), status=StopStatus.OPTION
    )
    ExhibitionStopFactory()
    client = APIClient()
    assert slugs(client.get(f"{V}/stops/", {"city": "zwolle"})) == [zwolle.slug]
    assert slugs(client.get(f"{V}/stops/", {"province": "OV"})) == [zwolle.slug]
    assert slugs(client.get(f"{V}/stops/", {"series": zwolle.kit.series.slug})) == [zwolle.slug]
    assert slugs(client.get(f"{V}/stops/", {"status": "option"})) == [zwolle.slug]


def test_meetings_filter_by_local_day_kind_and_status(db):
    day = date.today() + timedelta(days=40)
    meeting = MeetingFactory(starts_at=f"{day}T22:30:00+01:00", ends_at=f"{day}T23:30:00+01:00")
    MeetingFactory(status=MeetingStatus.CANCELLED)
    client = APIClient()
    # 22:30 in Amsterdam is already the next day in UTC in winter: the local day counts.
    assert slugs(client.get(f"{V}/meetings/", {"date_from": day, "date_to": day})) == [meeting.slug]
    assert meeting.slug not in slugs(client.get(f"{V}/meetings/", {"status": "cancelled"}))
    assert slugs(client.get(f"{V}/meetings/", {"venue_kind": "library"})) == []


def test_venues_filter_by_kind_and_province(db):
    library = VenueFactory(kind="library", province="OV")
    VenueFactory()
    assert slugs(APIClient().get(f"{V}/venues/", {"kind": "library"})) == [library.slug]
    assert slugs(APIClient().get(f"{V}/venues/", {"province": "OV"})) == [library.slug]


def test_series_filter_by_kind(world):
    tours = slugs(APIClient().get(f"{V}/series/", {"kind": "exhibition_tour"}))
    assert set(tours) == {world.tour_a.slug, world.tour_b.slug}


def test_invalid_filter_is_400_with_the_field(db):
    response = APIClient().get(f"{V}/stops/", {"province": "XX", "date_from": "gisteren"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"province", "date_from"}


def test_out_of_range_dates_are_400_not_500(db):
    for params in ({"date_from": "0001-01-01"}, {"date_to": "9999-12-31"}):
        assert APIClient().get(f"{V}/meetings/", params).status_code == 400
    response = APIClient().get(f"{V}/stops/", {"updated_since": "0001-01-01T00:00:00+14:00"})
    assert response.status_code == 400


def test_ordering_and_pages(db):
    stops = [ExhibitionStopFactory(opens_on=date(2030, 1, n)) for n in (3, 1, 2)]
    client = APIClient()
    ordered = slugs(client.get(f"{V}/stops/", {"ordering": "-opens_on"}))
    assert ordered == [stops[0].slug, stops[2].slug, stops[1].slug]
    page = client.get(f"{V}/stops/", {"page_size": 2, "page": 2}).json()
    assert page["count"] == 3
    assert len(page["results"]) == 1
    assert page["previous"] is not None
    assert client.get(f"{V}/stops/", {"page": 9}).status_code == 404


def test_page_size_is_capped(db):
    response = APIClient().get(f"{V}/venues/", {"page_size": 100000})
    assert response.status_code == 200


# --- Query counts ----------------------------------------------------------------


def make_rows(count: int, organiser) -> None:
    series = SeriesFactory(organisers=[organiser])
    for _ in range(count):
        stop = ExhibitionStopFactory(kit__series=series)
        OpeningHoursFactory(stop=stop)
        OpeningHoursFactory(stop=stop, weekday=1)
        meeting = MeetingFactory(series=series)
        RegistrationFactory(meeting=meeting)
        RegistrationFactory(meeting=meeting, status="waitlisted")


LIST_PATHS = [
    f"{V}/venues/",
    f"{V}/series/",
    f"{V}/stops/",
    f"{V}/meetings/",
    f"{V}/registrations/",
    f"{V}/registrations/export/?format=csv",
]


@pytest.mark.parametrize("path", LIST_PATHS)
@pytest.mark.parametrize("actor", ["anonymous", "organiser"])
def test_list_query_count_does_not_grow_with_rows(path, actor, db):
    from tests.factories import OrganiserFactory

    organiser = OrganiserFactory()
    client = token_client(organiser) if actor == "organiser" else APIClient()
    counts = []
    for rows in (1, 6):
        make_rows(rows if not counts else rows - 1, organiser)
        client.get(path)  # warm up: the token's user, the content types
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code in (200, 401), response.content
        counts.append(len(queries))
    assert counts[0] == counts[1], f"{path}: {counts}"
    assert counts[1] <= 6


def test_not_found_is_the_same_translated_answer_for_hidden_and_missing(world):
    client = APIClient()
    hidden = client.get(f"{V}/meetings/{world.draft_meeting_a.slug}/", HTTP_ACCEPT_LANGUAGE="nl")
    missing = client.get(f"{V}/meetings/bestaat-niet/", HTTP_ACCEPT_LANGUAGE="nl")
    assert hidden.status_code == missing.status_code == 404
    assert (
        hidden.json()
        == missing.json()
        == {
            "detail": "Niet gevonden.",
            "code": "not_found",
            "errors": {},
        }
    )
