"""Subscribe and add-to-calendar links point at the stable feed paths, absolute, in every form."""

from __future__ import annotations

import html
import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation

from events.calendar import subscribe
from events.calendar.vtimezone import AMSTERDAM
from events.models import CalendarToken
from tests.events.calendar.ical import calendar_of
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


def test_meeting_links_add_the_event_itself_not_a_subscription(settings):
    settings.SITE_URL = "https://openjeogen.nl"
    meeting = MeetingFactory(
        slug="geringste-aanwijzing",
        title="Geringste aanwijzing & signalen",
        description="Signalen van mensenhandel herkennen.",
        # 13:30 in Amsterdam in winter is 12:30 UTC.
        starts_at=datetime(2030, 3, 12, 13, 30, tzinfo=AMSTERDAM),
        ends_at=datetime(2030, 3, 12, 16, 30, tzinfo=AMSTERDAM),
        venue__name="Stadhuis Utrecht",
        online_url="https://meet.example.org/geheim",
    )
    with translation.override("en"):
        links = subscribe.meeting_links(meeting)
    page = "https://openjeogen.nl/en/bijeenkomsten/geringste-aanwijzing/"
    google = urlsplit(links.google)
    assert (google.netloc, google.path) == ("calendar.google.com", "/calendar/render")
    assert parse_qs(google.query) == {
        "action": ["TEMPLATE"],
        "text": ["Geringste aanwijzing & signalen"],
        "dates": ["20300312T123000Z/20300312T153000Z"],
        "details": [f"Signalen van mensenhandel herkennen.\n\n{page}"],
        "location": ["Stadhuis Utrecht, Markt 1, 3511 AA Utrecht + Online"],
    }
    for outlook, host in (
        (links.outlook_live, "outlook.live.com"),
        (links.outlook_office, "outlook.office.com"),
    ):
        parts = urlsplit(outlook)
        assert (parts.netloc, parts.path) == (host, "/calendar/0/deeplink/compose")
        query = parse_qs(parts.query)
        assert query["subject"] == ["Geringste aanwijzing & signalen"]
        assert (query["startdt"], query["enddt"]) == (
            ["2030-03-12T12:30:00Z"],
            ["2030-03-12T15:30:00Z"],
        )
        assert query["location"] == ["Stadhuis Utrecht, Markt 1, 3511 AA Utrecht + Online"]
        assert query["body"] == [f"Signalen van mensenhandel herkennen.\n\n{page}"]
    assert links.https == "https://openjeogen.nl/calendar/meetings/geringste-aanwijzing.ics"
    # The join link reaches only people with a seat, never a public "add" link.
    assert not any("geheim" in link for link in (links.google, links.outlook_live))


def test_meeting_page_adds_the_event_and_subscribes_to_nothing(client):
    meeting = MeetingFactory(venue=None, online_url="https://meet.example.org/geheim")
    text = client.get(meeting.get_absolute_url()).content.decode()
    assert "calendar.google.com/calendar/render?action=TEMPLATE" in text
    assert "outlook.live.com/calendar/0/deeplink/compose" in text
    assert "outlook.office.com/calendar/0/deeplink/compose" in text
    assert f"/calendar/meetings/{meeting.slug}.ics" in text
    assert "webcal://" not in text and "addfromweb" not in text and "cid=" not in text
    assert "geheim" not in text


def outlook_names(text: str) -> list[str]:
    found = re.findall(r'https://outlook\.live\.com/calendar/0/addfromweb\?([^"]+)"', text)
    return [parse_qs(html.unescape(query))["name"][0] for query in found]


def test_every_subscription_is_named_after_its_selection(client):
    stop = ExhibitionStopFactory(
        kit__series__name="Open je Ogen", venue__name="Stadhuis", venue__city="Zwolle"
    )
    names = []
    stop_page = f"/en/tentoonstelling/{stop.slug}/"
    for path in ("/en/", "/en/tentoonstelling/", "/en/bijeenkomsten/", stop_page):
        names += outlook_names(client.get(path).content.decode())
    filtered = client.get("/en/tentoonstelling/", {"province": "NB"}).content.decode()
    names += outlook_names(filtered)
    assert names == [
        "Open je Ogen: exhibition and meetings",
        "Open je Ogen: exhibition",
        "Open je Ogen: exhibition, per opening day",
        "Open je Ogen: expert meetings",
        "Open je Ogen at Stadhuis, Zwolle",
        "Open je Ogen at Stadhuis, Zwolle, per opening day",
        "Open je Ogen",
        "Open je Ogen: exhibition (Noord-Brabant)",
        "Open je Ogen: exhibition (Noord-Brabant), per opening day",
    ]


def test_subscription_name_is_the_feeds_own_name(client):
    with translation.override("nl"):
        links = subscribe.all_links(kind="stop", province="NB")
    assert links.per_day is not None
    for url, outlook in (
        (links.https, links.outlook_live),
        (links.per_day.https, links.per_day.outlook_live),
    ):
        path = url.removeprefix("http://localhost:8000")
        body = client.get(path + "&lang=nl").content
        name = parse_qs(urlsplit(outlook).query)["name"][0]
        assert calendar_of(body)["X-WR-CALNAME"] == name


@pytest.mark.parametrize("language", ["nl", "en"])
def test_tour_and_stop_pages_offer_the_per_day_feed_with_a_line_saying_what_it_is(client, language):
    stop = ExhibitionStopFactory()
    explanation = {
        "nl": "één afspraak voor elke dag dat de tentoonstelling open is",
        "en": "one event for every day it is open",
    }[language]
    for path in (f"/{language}/tentoonstelling/", f"/{language}/tentoonstelling/{stop.slug}/"):
        text = client.get(path).content.decode()
        assert explanation in text, path
        assert "days=1" in text, path
    days_link = re.search(r'href="(http://localhost:8000/calendar/[^"]*days=1)"', text).group(1)
    response = client.get(days_link.removeprefix("http://localhost:8000"))
    assert response.status_code == 200
    # The other pages keep one offer each: the per-day variant is for following stops.
    assert "days=1" not in client.get(f"/{language}/bijeenkomsten/").content.decode()


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
