"""Subscribe and add-to-calendar links point at the stable feed paths, absolute, in every form."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from events.calendar import subscribe
from events.models import CalendarToken
from tests.factories import ExhibitionStopFactory, MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_links_for_a_feed_offer_webcal_google_outlook_and_https(settings):
    settings.SITE_URL = "https://openjeogen.nl"
    links = subscribe.all_links(kind="stop", province="NH")

    assert links.https == "https://openjeogen.nl/calendar/all.ics?kind=stop&province=NH"
    assert links.webcal == "webcal://openjeogen.nl/calendar/all.ics?kind=stop&province=NH"
    google = urlsplit(links.google)
    assert (google.netloc, google.path) == ("calendar.google.com", "/calendar/r")
    # The feed's own query string stays inside cid, not split into Google's parameters.
    assert parse_qs(google.query) == {"cid": [links.webcal]}
    for outlook, host in (
        (links.outlook_live, "outlook.live.com"),
        (links.outlook_office, "outlook.office.com"),
    ):
        parts = urlsplit(outlook)
        assert (parts.netloc, parts.path) == (host, "/calendar/0/addfromweb")
        assert parse_qs(parts.query)["url"] == [links.https]


def test_series_venue_and_meeting_links_use_their_feed_paths(settings):
    settings.SITE_URL = "https://openjeogen.nl"
    stop = ExhibitionStopFactory(venue__slug="stadhuis-zwolle", kit__series__slug="open-je-ogen")
    meeting = MeetingFactory(slug="geringste-aanwijzing")
    assert subscribe.series_links(stop.kit.series).https.endswith(
        "/calendar/series/open-je-ogen.ics"
    )
    assert subscribe.venue_links(stop.venue).https.endswith("/calendar/venues/stadhuis-zwolle.ics")
    assert subscribe.meeting_links(meeting).https == (
        "https://openjeogen.nl/calendar/meetings/geringste-aanwijzing.ics"
    )


@pytest.mark.parametrize("path", ["/en/", "/en/tentoonstelling/", "/en/bijeenkomsten/"])
def test_list_pages_offer_the_subscribe_links(client, path):
    text = client.get(path).content.decode()
    assert "webcal://" in text
    assert "calendar.google.com/calendar/r?cid=webcal" in text
    assert "outlook.live.com/calendar/0/addfromweb" in text
    assert "outlook.office.com/calendar/0/addfromweb" in text
    assert "/calendar/all.ics" in text


def test_filtered_list_subscribes_to_the_same_selection(client):
    ExhibitionStopFactory(venue__province="NB", venue__city="Tilburg")
    text = client.get("/en/tentoonstelling/", {"province": "NB"}).content.decode()
    assert "/calendar/all.ics?kind=stop&amp;province=NB" in text


def test_detail_pages_offer_their_own_feeds(client):
    stop = ExhibitionStopFactory()
    meeting = MeetingFactory()
    stop_page = client.get(stop.get_absolute_url()).content.decode()
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    venue_page = client.get(stop.venue.get_absolute_url()).content.decode()
    assert f"/calendar/venues/{stop.venue.slug}.ics" in stop_page
    assert f"/calendar/series/{stop.kit.series.slug}.ics" in stop_page
    assert f"/calendar/meetings/{meeting.slug}.ics" in meeting_page
    assert f"/calendar/venues/{stop.venue.slug}.ics" in venue_page


def test_manage_page_offers_this_registration_as_a_file_and_no_address_wide_feed(client):
    registration = RegistrationFactory(email="Anna@Example.org")
    text = client.get(f"/en/aanmelding/{registration.manage_token}/").content.decode()
    assert f"/en/aanmelding/{registration.manage_token}/agenda.ics" in text
    assert "/calendar/me/" not in text
    # Visiting the page issues no private feed: only an e-mail carries one.
    assert not CalendarToken.objects.exists()
