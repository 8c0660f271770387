"""The public pages answer, show only public data, and keep a fixed query count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import MeetingStatus, StopStatus
from tests.factories import (
    ExhibitionStopFactory,
    MeetingFactory,
    OpeningHoursFactory,
    RegistrationFactory,
    SeriesFactory,
)

pytestmark = pytest.mark.django_db


def test_root_redirects_to_the_language_of_the_browser(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").headers["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="nl").headers["Location"] == "/nl/"


def test_home_shows_current_stop_and_upcoming_meeting(client):
    today = timezone.localdate()
    stop = ExhibitionStopFactory(
        opens_on=today - timedelta(days=3), venue__name="Bibliotheek Zwolle"
    )
    meeting = MeetingFactory(title="Vervolgbijeenkomst geringste aanwijzing")
    response = client.get("/nl/")
    assert response.status_code == 200
    assert response.context["current_stops"] == [stop]
    assert meeting.title in response.content.decode()


def test_home_hides_drafts_and_private_series(client):
    ExhibitionStopFactory(status=StopStatus.DRAFT, venue__name="Geheim Stadhuis")
    MeetingFactory(status=MeetingStatus.DRAFT, title="Conceptbijeenkomst")
    MeetingFactory(series=SeriesFactory(is_public=False), title="Interne bijeenkomst")
    body = client.get("/nl/").content.decode()
    assert "Geheim Stadhuis" not in body
    assert "Conceptbijeenkomst" not in body
    assert "Interne bijeenkomst" not in body


def test_draft_meeting_detail_is_404(client):
    meeting = MeetingFactory(status=MeetingStatus.DRAFT)
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_meeting_detail_shows_seats_and_no_attendee_data(client):
    meeting = MeetingFactory(capacity=3)
    RegistrationFactory(meeting=meeting, name="Anna de Vries", email="anna@example.org")
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "1 van 3" in body or "1 of 3" in body
    assert "Anna de Vries" not in body
    assert "anna@example.org" not in body


def test_venue_page_shows_no_contact_details(client):
    stop = ExhibitionStopFactory(
        venue__contact_name="Petra Bakker", venue__contact_email="p.bakker@example.nl"
    )
    body = client.get(reverse("venue-detail", kwargs={"slug": stop.venue.slug})).content.decode()
    assert stop.venue.name in body
    assert "Petra Bakker" not in body
    assert "p.bakker@example.nl" not in body


@pytest.mark.parametrize("rows", [1, 8])
def test_home_query_count_does_not_grow_with_rows(client, rows, django_assert_max_num_queries):
    for _ in range(rows):
        stop = ExhibitionStopFactory()
        OpeningHoursFactory(stop=stop)
        RegistrationFactory(meeting=MeetingFactory())
    with django_assert_max_num_queries(4):
        assert client.get("/nl/").status_code == 200


@pytest.mark.parametrize("hours", [1, 7])
def test_stop_detail_query_count_is_fixed(client, hours, django_assert_max_num_queries):
    stop = ExhibitionStopFactory()
    for weekday in range(hours):
        OpeningHoursFactory(stop=stop, weekday=weekday)
    with django_assert_max_num_queries(3):
        response = client.get(stop.get_absolute_url())
    assert response.status_code == 200


def test_home_speaks_dutch_by_default_and_english_on_request(client):
    assert "Nu te zien" in client.get("/nl/").content.decode()
    assert "On show now" in client.get("/en/").content.decode()
