"""What each feed holds: its items, its name, and the fingerprint of its data.

A ``FeedSource`` is resolved from the request (filters, slug or token) by the
views in ``events/calendar/views.py``; it knows how to fingerprint its data in one
query (for ETag and Last-Modified, without building anything) and how to build
its events with a fixed number of queries whatever the number of items.
"""

from __future__ import annotations

import gc
import hashlib
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from icalendar import Event

from events import queries
from events.models import Meeting, Series
from venues.models import Venue

from .build import (
    FeedSite,
    build_events,
    build_meeting_event,
    build_registration_event,
    build_stop_day_events,
    build_stop_event,
)
from .logistics import build_logistics_events
from .names import public_feed_name
from .rows import meeting_rows, stop_rows, venue_closures
from .serialize import build_calendar, serialize_calendar
from .vtimezone import AMSTERDAM

_pause_lock = threading.Lock()
_pauses = 0
_collector_was_enabled = False


@contextmanager
def collector_paused():
    """Pause CPython's cyclic garbage collector while a feed is built.

    A build makes tens of objects per event that all live until the response
    is sent. Seeing the heap grow, the collector would scan all of it again
    and again for cycles that are not there: about a fifth of a cold build in
    bench/feeds.py. Reference counting still frees everything at once; the
    collector resumes when the last build running in this process ends
    (threads share it, hence the count).
    """
    global _pauses, _collector_was_enabled
    with _pause_lock:
        if _pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _collector_was_enabled:
                gc.enable()


# Raise when the builder's output changes, so that every client's cached copy
# is replaced after a deployment.
FEED_FORMAT_VERSION = 2

# A cancelled registration or meeting stays this long in the attendee's feed.
ATTENDEE_CANCELLED_DAYS = 30


@dataclass(frozen=True)
class Fingerprint:
    etag: str
    last_modified: datetime | None


@dataclass
class FeedSource:
    """One feed with its parameters.

    ``key`` names the feed and its parameters; with the language and the
    fingerprint rows it makes the ETag. ``name`` and ``events`` are called with
    the feed's language active.
    """

    key: str
    private: bool
    name: Callable[[], str]
    fingerprint_parts: Callable[[], list[QuerySet]]
    events: Callable[[FeedSite], list[Event]]
    description: Callable[[], str] = lambda: ""
    filename: str = ""
    # A day the feed changes by itself (a cancelled item dropping out after 30 days).
    today: date | None = None
    # The opening hours of the feed's stops and the closures of their venues,
    # each read in one query (None: not needed).
    periods: Callable[[], dict[int, tuple[tuple, ...]]] | None = None
    closures: Callable[[], dict[int, tuple[tuple, ...]]] | None = None

    def fingerprint(self, *, lang: str) -> Fingerprint:
        """ETag and Last-Modified from the data, in one query; nothing is built."""
        rows = queries.calendar_fingerprint(*self.fingerprint_parts())
        digest = hashlib.sha256(
            repr((FEED_FORMAT_VERSION, self.key, lang, self.today, rows)).encode()
        ).hexdigest()[:40]
        moments = [value for row in rows for value in row if isinstance(value, datetime)]
        if self.today is not None:
            # What drops out at midnight changed the feed at midnight.
            midnight = datetime.combine(self.today, time(), tzinfo=AMSTERDAM)
            moments.append(midnight.astimezone(UTC))
        return Fingerprint(etag=digest, last_modified=max(moments, default=None))

    def render(self, *, source_url: str = "") -> bytes:
        """The whole calendar; call it with the feed's language active."""
        with collector_paused():
            site = FeedSite.current(
                periods=self.periods() if self.periods else None,
                closures=self.closures() if self.closures else None,
            )
            calendar = build_calendar(
                name=self.name(),
                description=self.description(),
                events=self.events(site),
                source_url="" if self.private else source_url,
            )
            return serialize_calendar(calendar)


# --- Public feeds ----------------------------------------------------------------


def public_feed(
    *,
    kind: str = "",
    city: str = "",
    province: str = "",
    series: Series | None = None,
    venue: Venue | None = None,
    days: bool = False,
) -> FeedSource:
    """Everything public, narrowed by kind, city, province, series or venue.

    With ``days`` a stop is one event per opening period per open day instead
    of one all-day event.
    """
    with_stops = kind in ("", "stop")
    with_meetings = kind in ("", "meeting")

    @cache
    def selected() -> tuple[QuerySet | None, QuerySet | None]:
        # Made when first needed: a warm request answered from memory builds no queryset.
        narrow: dict[str, object] = {}
        if city:
            narrow["venue__city__iexact"] = city
        if province:
            narrow["venue__province"] = province
        if venue is not None:
            narrow["venue"] = venue
        stops = meetings = None
        if with_stops:
            stops = queries.feed_stops().filter(**narrow)
            if series is not None:
                stops = stops.filter(kit__series=series)
        if with_meetings:
            meetings = queries.feed_meetings().filter(**narrow)
            if series is not None:
                meetings = meetings.filter(series=series)
        return stops, meetings

    def periods() -> dict[int, tuple[tuple, ...]]:
        stops = selected()[0]
        return queries.opening_periods(stops) if stops is not None else {}

    def closures() -> dict[int, tuple[tuple, ...]]:
        stops = selected()[0]
        return venue_closures(stops) if stops is not None else {}

    def parts() -> list[QuerySet]:
        stops, meetings = selected()
        found = []
        if stops is not None:
            found.append(queries.stops_fingerprint(stops))
        if meetings is not None:
            found.append(queries.meetings_fingerprint(meetings))
        return found

    def events(site: FeedSite) -> list[Event]:
        stops, meetings = selected()
        built: list[Event] = []
        if stops is not None:
            builder = build_stop_day_events if days else build_stop_event
            built += build_events(builder, stop_rows(stops), site=site)
        if meetings is not None:
            built += build_events(build_meeting_event, meeting_rows(meetings), site=site)
        return built

    def name() -> str:
        return public_feed_name(
            kind=kind,
            city=city,
            province=province,
            series_name=series.name if series is not None else "",
            venue=venue,
            days=days,
        )

    key_series = series.pk if series is not None else ""
    key_venue = venue.pk if venue is not None else ""
    return FeedSource(
        key=f"public|{kind}|{city}|{province}|{key_series}|{key_venue}|{int(days)}",
        private=False,
        name=name,
        description=lambda: _(
            "Where CoMensha's touring photo exhibition Open je Ogen is, and its expert meetings."
        ),
        fingerprint_parts=parts,
        events=events,
        periods=periods,
        closures=closures if days else None,
    )


def meeting_feed(*, meeting: Meeting) -> FeedSource:
    """The "add to calendar" file of one public meeting."""
    meetings = queries.feed_meetings().filter(pk=meeting.pk)
    return FeedSource(
        key=f"meeting|{meeting.pk}",
        private=False,
        name=lambda: meeting.title,
        fingerprint_parts=lambda: [queries.meetings_fingerprint(meetings)],
        events=lambda site: build_events(build_meeting_event, meeting_rows(meetings), site=site),
        filename=f"{meeting.slug}.ics",
    )


# --- Private feeds ---------------------------------------------------------------


def attendee_feed(*, email: str, today: date) -> FeedSource:
    """An attendee's registrations; cancelled ones stay 30 days as STATUS:CANCELLED."""
    midnight = datetime.combine(today, time(), tzinfo=AMSTERDAM)
    since = midnight - timedelta(days=ATTENDEE_CANCELLED_DAYS)
    registrations = queries.attendee_registrations(email=email, cancelled_since=since)

    def events(site: FeedSite) -> list[Event]:
        chosen = queries.registration_per_meeting(registrations)
        return build_events(build_registration_event, chosen, site=site)

    return FeedSource(
        key=f"attendee|{email.lower()}",
        private=True,
        name=lambda: _("My meetings (CoMensha)"),
        fingerprint_parts=lambda: [queries.registrations_fingerprint(registrations)],
        events=events,
        today=today,
    )


def organiser_feed(*, user) -> FeedSource:
    """Logistics of every stop of the series ``user`` organises, drafts included."""
    stops = queries.organiser_stops(user=user)
    return FeedSource(
        key=f"organiser|{user.pk}",
        private=True,
        name=lambda: _("Open je Ogen logistics (%(user)s)") % {"user": user.get_username()},
        fingerprint_parts=lambda: [queries.stops_fingerprint(stops)],
        events=lambda site: build_events(build_logistics_events, stops, site=site),
        periods=lambda: queries.opening_periods(stops),
    )
