"""Links that put our calendar feeds, or one meeting, into people's calendar apps.

A feed address (https, absolute, from ``settings.SITE_URL``) becomes the
handful of links the ``_subscribe.html`` partial shows: ``webcal://`` for
desktop calendar apps, Google Calendar and Outlook (personal and work
accounts) subscribe pages, and the plain https address to download the
``.ics`` (``webcal://`` does not open on Android, so that one must be there).
Each subscription is named after its selection (``names.public_feed_name``,
the feed's own NAME), so Outlook never lists three calendars called the same.
Feeds of stops also offer their per-day variant (``?days=1``).

One meeting is not a feed to subscribe to: ``meeting_links`` gives Google's
event template and Outlook's compose links, which add the event itself, and
the ``.ics`` download. The feed paths are the stable public interface in DESIGN.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from venues.models import Venue

from ..models import Meeting, Series
from .names import public_feed_name
from .text import ical_line, ical_text

# Google and Outlook read the event from the link's query string; browsers and
# servers refuse very long addresses, so a long description is cut.
DETAILS_MAX_CHARACTERS = 1000


@dataclass(frozen=True)
class SubscribeLinks:
    https: str
    webcal: str
    google: str
    outlook_live: str
    outlook_office: str
    # The same selection with one event per opening day (stops' feeds only).
    per_day: SubscribeLinks | None = None


@dataclass(frozen=True)
class EventLinks:
    """Add one event: Google's and Outlook's forms filled in, and the ``.ics`` file."""

    https: str
    google: str
    outlook_live: str
    outlook_office: str


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def links_for(https_url: str, *, name: str = "", per_day_name: str = "") -> SubscribeLinks:
    """Every way to subscribe to (or download) the feed at ``https_url``.

    With ``per_day_name`` the links of its ``days=1`` variant, so named, come along.
    """
    webcal = "webcal://" + https_url.split("://", 1)[1]
    outlook_query = {"url": https_url}
    if name:
        outlook_query["name"] = name
    outlook = urlencode(outlook_query, quote_via=quote)
    per_day = None
    if per_day_name:
        days_url = https_url + ("&" if "?" in https_url else "?") + "days=1"
        per_day = links_for(days_url, name=per_day_name)
    return SubscribeLinks(
        https=https_url,
        webcal=webcal,
        # Google wants the webcal:// form in ``cid``; quoted, so a feed's own
        # query string (?kind=stop&province=NH) stays inside the parameter.
        google="https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
        outlook_live="https://outlook.live.com/calendar/0/addfromweb?" + outlook,
        outlook_office="https://outlook.office.com/calendar/0/addfromweb?" + outlook,
        per_day=per_day,
    )


def all_links(*, kind: str = "", province: str = "", city: str = "") -> SubscribeLinks:
    """The public feed of everything, narrowed like the list the person is looking at."""
    query = {key: value for key, value in (("kind", kind), ("province", province), ("city", city))}
    query = {key: value for key, value in query.items() if value}
    url = absolute(reverse("calendar:all"))
    if query:
        url += "?" + urlencode(query)
    names = {"kind": kind, "province": province, "city": city}
    return links_for(
        url,
        name=public_feed_name(**names),
        per_day_name=public_feed_name(**names, days=True) if kind != "meeting" else "",
    )


def series_links(series: Series) -> SubscribeLinks:
    return links_for(
        absolute(reverse("calendar:series", kwargs={"slug": series.slug})),
        name=public_feed_name(series_name=series.name),
        per_day_name=public_feed_name(series_name=series.name, days=True),
    )


def venue_links(venue: Venue) -> SubscribeLinks:
    return links_for(
        absolute(reverse("calendar:venue", kwargs={"slug": venue.slug})),
        name=public_feed_name(venue=venue),
        per_day_name=public_feed_name(venue=venue, days=True),
    )


def _utc(moment: datetime, pattern: str) -> str:
    return moment.astimezone(UTC).strftime(pattern)


def meeting_links(meeting: Meeting) -> EventLinks:
    """One meeting, added as a single event (not a one-event subscription).

    Times go in UTC, which both services convert to the person's own zone.
    The text is what the public feed shows: title, place (never the online
    meeting link, which only reaches people with a seat) and the description
    with the meeting's page, cut to ``DETAILS_MAX_CHARACTERS``.
    """
    page = absolute(meeting.get_absolute_url())
    title = ical_line(meeting.title)
    # As the feed's LOCATION says it (build.add_place): the venue, "Online", or both.
    places = []
    if meeting.venue is not None:
        places.append(f"{meeting.venue.name}, {meeting.venue.address_line}")
    if meeting.online_url or meeting.venue is None:
        places.append(_("Online"))
    location = ical_line(" + ".join(places))
    description = ical_text(meeting.description).strip()
    if len(description) > DETAILS_MAX_CHARACTERS:
        description = description[: DETAILS_MAX_CHARACTERS - 1].rstrip() + "…"
    details = "\n\n".join(part for part in (description, page) if part)
    google = {
        "action": "TEMPLATE",
        "text": title,
        "dates": _utc(meeting.starts_at, "%Y%m%dT%H%M%SZ")
        + "/"
        + _utc(meeting.ends_at, "%Y%m%dT%H%M%SZ"),
        "details": details,
        "location": location,
    }
    outlook = urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": title,
            "startdt": _utc(meeting.starts_at, "%Y-%m-%dT%H:%M:%SZ"),
            "enddt": _utc(meeting.ends_at, "%Y-%m-%dT%H:%M:%SZ"),
            "location": location,
            "body": details,
        },
        quote_via=quote,
    )
    return EventLinks(
        https=absolute(reverse("calendar:meeting", kwargs={"slug": meeting.slug})),
        google="https://calendar.google.com/calendar/render?" + urlencode(google, quote_via=quote),
        outlook_live="https://outlook.live.com/calendar/0/deeplink/compose?" + outlook,
        outlook_office="https://outlook.office.com/calendar/0/deeplink/compose?" + outlook,
    )
