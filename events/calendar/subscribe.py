"""Links that put our calendar feeds into people's calendar apps.

One feed address (https, absolute, from ``settings.SITE_URL``) becomes the
handful of links the ``_subscribe.html`` partial shows: ``webcal://`` for
desktop calendar apps, Google Calendar and Outlook (personal and work
accounts) subscribe pages, and the plain https address to download the
``.ics`` (``webcal://`` does not open on Android, so that one must be there).
The feed paths are the stable public interface in DESIGN.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.urls import reverse

from venues.models import Venue

from ..models import Meeting, Series


@dataclass(frozen=True)
class SubscribeLinks:
    https: str
    webcal: str
    google: str
    outlook_live: str
    outlook_office: str


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def links_for(https_url: str, *, name: str = "") -> SubscribeLinks:
    """Every way to subscribe to (or download) the feed at ``https_url``."""
    webcal = "webcal://" + https_url.split("://", 1)[1]
    outlook_query = {"url": https_url}
    if name:
        outlook_query["name"] = name
    outlook = urlencode(outlook_query, quote_via=quote)
    return SubscribeLinks(
        https=https_url,
        webcal=webcal,
        # Google wants the webcal:// form in ``cid``; quoted, so a feed's own
        # query string (?kind=stop&province=NH) stays inside the parameter.
        google="https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
        outlook_live="https://outlook.live.com/calendar/0/addfromweb?" + outlook,
        outlook_office="https://outlook.office.com/calendar/0/addfromweb?" + outlook,
    )


def all_links(*, kind: str = "", province: str = "", city: str = "") -> SubscribeLinks:
    """The public feed of everything, narrowed like the list the person is looking at."""
    query = {key: value for key, value in (("kind", kind), ("province", province), ("city", city))}
    query = {key: value for key, value in query.items() if value}
    url = absolute(reverse("calendar:all"))
    if query:
        url += "?" + urlencode(query)
    return links_for(url, name="Open je Ogen")


def series_links(series: Series) -> SubscribeLinks:
    return links_for(
        absolute(reverse("calendar:series", kwargs={"slug": series.slug})), name=series.name
    )


def venue_links(venue: Venue) -> SubscribeLinks:
    return links_for(
        absolute(reverse("calendar:venue", kwargs={"slug": venue.slug})), name=venue.name
    )


def meeting_links(meeting: Meeting) -> SubscribeLinks:
    """One meeting: the same links, for adding this single event."""
    return links_for(
        absolute(reverse("calendar:meeting", kwargs={"slug": meeting.slug})), name=meeting.title
    )
