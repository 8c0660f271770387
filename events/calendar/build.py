"""Turning stops, meetings and registrations into VEVENTs.

Call these with the feed's language active (``translation.override``): every
word the feed writes itself (status, "Opening hours", weekday names) is
translated, the organisers' own texts are not.

How things appear, and why:

- **A stop** is one all-day event from its first to its last day open. All-day
  ``DTEND`` is exclusive (RFC 5545 3.6.1), so it is the day *after* the
  closing day: a stop that closes on the 14th ends on the 15th, or calendars
  drop the last day. The opening hours are in the description. It is marked
  TRANSPARENT, so that an exhibition of three weeks does not make anyone look
  busy. ``build_stop_day_events`` gives the other shape, one timed event per
  opening period per open day, for the feeds' ``?days=1`` variant.
- **A meeting** is a timed event in Europe/Amsterdam (``TZID`` plus the
  VTIMEZONE in the file). The one exception is the second 02:30 of the night
  the clocks go back: local time cannot name it (RFC 5545 reads an ambiguous
  local time as the first one), so it is written in UTC.
- **UIDs** are ``stop-<pk>@<domain>``, ``meeting-<pk>@<domain>`` and, for the
  derived events, ``stop-<pk>-<part>@<domain>``: they never change when an item
  is edited, and the domain is ``settings.CALENDAR_UID_DOMAIN``.
- **SEQUENCE** is the model's ``sequence``, which ``events/revisions.py`` bumps
  whenever time, place or status change. DTSTAMP and LAST-MODIFIED are the
  row's ``updated_at``, so the same data always gives the same bytes (and the
  same ETag).
- **Cancelled** items stay, with STATUS:CANCELLED and "Cancelled:" in front of
  the title: Google hides them, Apple strikes them through, Outlook shows the
  word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from icalendar import Event, vGeo

from events.models import (
    ExhibitionStop,
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    StopStatus,
    Weekday,
)

from .text import ical_line, ical_text, ical_uri
from .vtimezone import AMSTERDAM

CONFIRMED = "CONFIRMED"
TENTATIVE = "TENTATIVE"
CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class FeedSite:
    """What every event of one feed shares: the UID domain and page addresses.

    Make it with ``FeedSite.current()`` while the feed's language is active, so
    that the page links carry the right language prefix.
    """

    uid_domain: str
    stop_url_template: str
    meeting_url_template: str

    @classmethod
    def current(cls) -> FeedSite:
        # Reverse once with a marker and fill slugs in later: reversing per
        # event costs more than everything else in a large feed.
        marker = "SLUG-MARKER"
        return cls(
            uid_domain=settings.CALENDAR_UID_DOMAIN,
            stop_url_template=settings.SITE_URL
            + reverse("stop-detail", kwargs={"slug": marker}).replace(marker, "{slug}"),
            meeting_url_template=settings.SITE_URL
            + reverse("meeting-detail", kwargs={"slug": marker}).replace(marker, "{slug}"),
        )

    def uid(self, kind: str, pk: int, part: str = "") -> str:
        return f"{kind}-{pk}{'-' + part if part else ''}@{self.uid_domain}"

    def stop_url(self, stop: ExhibitionStop) -> str:
        return self.stop_url_template.format(slug=stop.slug)

    def meeting_url(self, meeting: Meeting) -> str:
        return self.meeting_url_template.format(slug=meeting.slug)


# --- Shared pieces -------------------------------------------------------------


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def local_datetime(moment: datetime) -> datetime:
    """``moment`` as Europe/Amsterdam wall-clock time, or UTC where that is ambiguous.

    In the hour the clocks go back, 02:30 happens twice; iCalendar reads a
    local time there as the first one, so the second is written in UTC.
    """
    local = moment.astimezone(AMSTERDAM)
    return _utc(moment) if local.fold else local


def _add_common(
    event: Event,
    *,
    uid: str,
    created: datetime,
    modified: datetime,
    sequence: int,
    summary: str,
    description: str,
    status: str,
    url: str,
    categories: list[str],
    transparent: bool,
) -> None:
    event.add("UID", uid)
    event.add("DTSTAMP", _utc(modified))
    event.add("CREATED", _utc(created))
    event.add("LAST-MODIFIED", _utc(modified))
    event.add("SEQUENCE", sequence)
    event.add("SUMMARY", ical_text(summary))
    event.add("DESCRIPTION", ical_text(description))
    event.add("STATUS", status)
    safe_url = ical_uri(url)
    if safe_url:
        event.add("URL", safe_url)
    event.add("CATEGORIES", [ical_line(name, max_length=100) for name in categories if name])
    event.add("TRANSP", "TRANSPARENT" if transparent else "OPAQUE")


def _add_place(event: Event, venue, *, online_url: str = "") -> None:
    """LOCATION (venue name and address, or "Online") and GEO; never the venue's contact."""
    parts = []
    if venue is not None:
        parts.append(f"{venue.name}, {venue.address_line}")
    if online_url:
        parts.append(_("Online"))
    if parts:
        event.add("LOCATION", ical_text(" + ".join(parts)))
    if venue is not None and venue.latitude is not None and venue.longitude is not None:
        event.add("GEO", vGeo((float(venue.latitude), float(venue.longitude))))


def _cancelled_prefix(summary: str, status: str) -> str:
    if status == CANCELLED:
        return _("Cancelled: %(title)s") % {"title": summary}
    return summary


def _date_text(day: date) -> str:
    return formats.date_format(day, "j F Y")


def _paragraphs(*parts: str) -> str:
    """Non-empty parts, cleaned first (a control character must not hide a blank part)."""
    cleaned = (ical_text(part).strip() for part in parts if part)
    return "\n\n".join(part for part in cleaned if part)


# --- Exhibition stops ----------------------------------------------------------

STOP_STATUS = {
    StopStatus.CONFIRMED: CONFIRMED,
    StopStatus.OPTION: TENTATIVE,
    StopStatus.DRAFT: TENTATIVE,
    StopStatus.CANCELLED: CANCELLED,
}


def _stop_title(stop: ExhibitionStop) -> str:
    return f"{stop.kit.series.name}: {stop.venue.name}, {stop.venue.city}"


def opening_hours_text(stop: ExhibitionStop) -> str:
    """The weekly opening hours, one line per weekday open (uses the prefetched rows)."""
    by_day: dict[int, list[str]] = {}
    for period in stop.opening_hours.all():
        by_day.setdefault(period.weekday, []).append(
            f"{period.opens_at:%H:%M}–{period.closes_at:%H:%M}"
        )
    if not by_day:
        return _("Opening hours: see the venue.")
    lines = [_("Opening hours:")]
    for weekday in sorted(by_day):
        lines.append(f"{Weekday(weekday).label}: {', '.join(by_day[weekday])}")
    return "\n".join(lines)


def _stop_status_note(stop: ExhibitionStop) -> str:
    if stop.status == StopStatus.OPTION:
        return _("Not yet confirmed (option).")
    if stop.status == StopStatus.DRAFT:
        return _("Draft: not yet confirmed.")
    if stop.status == StopStatus.CANCELLED:
        return _("This stop has been cancelled.")
    return ""


def _stop_public_description(stop: ExhibitionStop, url: str) -> str:
    period = _("Open from %(first)s to %(last)s (both days included).") % {
        "first": _date_text(stop.opens_on),
        "last": _date_text(stop.closes_on),
    }
    host = _("Host: %(host)s") % {"host": stop.host_organisation}
    return _paragraphs(
        _stop_status_note(stop),
        stop.description,
        period + "\n" + opening_hours_text(stop),
        host,
        url,
    )


def _stop_event(
    stop: ExhibitionStop, site: FeedSite, *, part: str, summary: str, description: str
) -> Event:
    status = STOP_STATUS[stop.status]
    event = Event()
    _add_common(
        event,
        uid=site.uid("stop", stop.pk, part),
        created=stop.created_at,
        modified=stop.updated_at,
        sequence=stop.sequence,
        summary=_cancelled_prefix(summary, status),
        description=description,
        status=status,
        url=site.stop_url(stop),
        categories=[pgettext("calendar category", "Exhibition"), stop.kit.series.name],
        transparent=True,
    )
    _add_place(event, stop.venue)
    return event


def build_stop_event(stop: ExhibitionStop, *, site: FeedSite) -> Event:
    """One all-day event from the first day open to the last (DTEND the day after)."""
    url = site.stop_url(stop)
    event = _stop_event(
        stop,
        site,
        part="",
        summary=_stop_title(stop),
        description=_stop_public_description(stop, url),
    )
    event.add("DTSTART", stop.opens_on)
    event.add("DTEND", stop.closes_on + timedelta(days=1))
    return event


def open_periods(stop: ExhibitionStop) -> Iterator[tuple[date, time, time]]:
    """Every (day, opens at, closes at) the stop is open, skipping the venue's closures.

    Needs ``opening_hours`` and ``venue__closures`` prefetched.
    """
    periods: dict[int, list[tuple[time, time]]] = {}
    for period in stop.opening_hours.all():
        periods.setdefault(period.weekday, []).append((period.opens_at, period.closes_at))
    closures = [(c.starts_on, c.ends_on) for c in stop.venue.closures.all()]
    day = stop.opens_on
    while day <= stop.closes_on:
        if not any(first <= day <= last for first, last in closures):
            for opens_at, closes_at in sorted(periods.get(day.weekday(), [])):
                yield day, opens_at, closes_at
        day += timedelta(days=1)


def build_stop_day_events(stop: ExhibitionStop, *, site: FeedSite) -> list[Event]:
    """One timed event per opening period per open day, in Europe/Amsterdam.

    Each is identified by its day and opening time (``stop-<pk>-20260314T1000``):
    changed opening hours are other occurrences, so calendars drop the old ones.
    """
    url = site.stop_url(stop)
    description = _stop_public_description(stop, url)
    events = []
    for day, opens_at, closes_at in open_periods(stop):
        event = _stop_event(
            stop,
            site,
            part=f"{day:%Y%m%d}T{opens_at:%H%M}",
            summary=_stop_title(stop),
            description=description,
        )
        event.add("DTSTART", datetime.combine(day, opens_at, tzinfo=AMSTERDAM))
        event.add("DTEND", datetime.combine(day, closes_at, tzinfo=AMSTERDAM))
        events.append(event)
    return events


# --- The organiser's logistics -------------------------------------------------


def _logistics_parts(stop: ExhibitionStop) -> Iterable[tuple[str, str, date, date]]:
    """(UID part, title, first day, last day) of each step of a stop, transport included."""
    venue = {"venue": stop.venue.name}
    transport_days = stop.kit.transport_days
    if transport_days:
        before_setup = stop.setup_on - timedelta(days=transport_days)
        yield (
            "transport-out",
            _("Transport to %(venue)s") % venue,
            before_setup,
            stop.setup_on - timedelta(days=1),
        )
    yield "setup", _("Setup at %(venue)s") % venue, stop.setup_on, stop.setup_on
    yield "opening", _("Opening at %(venue)s") % venue, stop.opens_on, stop.opens_on
    yield "closing", _("Last day open at %(venue)s") % venue, stop.closes_on, stop.closes_on
    yield "teardown", _("Teardown at %(venue)s") % venue, stop.teardown_on, stop.teardown_on
    if transport_days:
        after_teardown = stop.teardown_on + timedelta(days=1)
        back_until = stop.teardown_on + timedelta(days=transport_days)
        yield (
            "transport-back",
            _("Transport back from %(venue)s") % venue,
            after_teardown,
            back_until,
        )


def _logistics_description(stop: ExhibitionStop, url: str) -> str:
    venue = stop.venue
    contact = ", ".join(
        part for part in (venue.contact_name, venue.contact_email, venue.contact_phone) if part
    )
    facts = [
        _("Kit: %(kit)s") % {"kit": stop.kit.name},
        _("Host: %(host)s") % {"host": stop.host_organisation},
        _("Address: %(address)s") % {"address": venue.address_line},
        _("Setup %(setup)s, open %(first)s to %(last)s, teardown %(teardown)s.")
        % {
            "setup": _date_text(stop.setup_on),
            "first": _date_text(stop.opens_on),
            "last": _date_text(stop.closes_on),
            "teardown": _date_text(stop.teardown_on),
        },
    ]
    if contact:
        facts.append(_("Venue contact: %(contact)s") % {"contact": contact})
    return _paragraphs(
        _stop_status_note(stop),
        "\n".join(facts),
        stop.internal_notes,
        opening_hours_text(stop),
        url,
    )


def build_logistics_events(stop: ExhibitionStop, *, site: FeedSite) -> list[Event]:
    """The organiser's steps for one stop: transport, setup, opening, closing, teardown, return.

    All-day events (DTEND exclusive), each with its own stable UID; drafts and
    options are TENTATIVE with the status in the title. Private: the venue's
    contact and the internal notes are in the description.
    """
    url = site.stop_url(stop)
    description = _logistics_description(stop, url)
    note = {StopStatus.DRAFT: _("draft"), StopStatus.OPTION: _("option")}.get(stop.status)
    events = []
    for part, title, first, last in _logistics_parts(stop):
        summary = f"{title} ({note})" if note else title
        event = _stop_event(stop, site, part=part, summary=summary, description=description)
        event.add("DTSTART", first)
        event.add("DTEND", last + timedelta(days=1))
        events.append(event)
    return events


# --- Meetings and registrations -----------------------------------------------

MEETING_STATUS = {
    MeetingStatus.PUBLISHED: CONFIRMED,
    MeetingStatus.DRAFT: TENTATIVE,
    MeetingStatus.CANCELLED: CANCELLED,
}


def _meeting_facts(meeting: Meeting, url: str) -> list[str]:
    facts = []
    if meeting.audience:
        facts.append(_("For: %(audience)s") % {"audience": meeting.audience})
    facts.append(_("Language: %(language)s") % {"language": meeting.get_language_display()})
    if meeting.online_url:
        facts.append(_("Online: %(link)s") % {"link": meeting.online_url})
    return [meeting.description, "\n".join(facts), url]


def _meeting_event(
    meeting: Meeting,
    site: FeedSite,
    *,
    status: str,
    sequence: int,
    description: str,
    modified: datetime,
    transparent: bool,
) -> Event:
    event = Event()
    _add_common(
        event,
        uid=site.uid("meeting", meeting.pk),
        created=meeting.created_at,
        modified=modified,
        sequence=sequence,
        summary=_cancelled_prefix(meeting.title, status),
        description=description,
        status=status,
        url=site.meeting_url(meeting),
        categories=[pgettext("calendar category", "Meeting"), meeting.series.name],
        transparent=transparent,
    )
    event.add("DTSTART", local_datetime(meeting.starts_at))
    event.add("DTEND", local_datetime(meeting.ends_at))
    _add_place(event, meeting.venue, online_url=meeting.online_url)
    return event


def build_meeting_event(meeting: Meeting, *, site: FeedSite) -> Event:
    """A meeting as the public sees it: time, place, audience, link; nobody's registration."""
    status = MEETING_STATUS[meeting.status]
    url = site.meeting_url(meeting)
    note = _("This meeting has been cancelled.") if status == CANCELLED else ""
    return _meeting_event(
        meeting,
        site,
        status=status,
        sequence=meeting.sequence,
        description=_paragraphs(note, *_meeting_facts(meeting, url)),
        modified=meeting.updated_at,
        transparent=True,
    )


# A registration's own changes (waiting list to seat, cancelled) must raise
# SEQUENCE too, or calendars keep the old status. Its lifecycle only moves up
# this ladder (restoring a cancelled registration is the rare exception).
_REGISTRATION_RANK = {
    RegistrationStatus.WAITLISTED: 0,
    RegistrationStatus.CONFIRMED: 1,
    RegistrationStatus.CANCELLED: 2,
}


def registration_status(registration: Registration) -> str:
    if (
        registration.status == RegistrationStatus.CANCELLED
        or registration.meeting.status == MeetingStatus.CANCELLED
    ):
        return CANCELLED
    if registration.status == RegistrationStatus.WAITLISTED:
        return TENTATIVE
    return CONFIRMED


def _registration_note(registration: Registration) -> str:
    if registration.meeting.status == MeetingStatus.CANCELLED:
        return _("This meeting has been cancelled.")
    if registration.status == RegistrationStatus.CANCELLED:
        return _("Your registration has been cancelled.")
    if registration.status == RegistrationStatus.WAITLISTED:
        return _("You are on the waiting list: we will e-mail you when a seat becomes free.")
    return _("You are registered.")


def build_registration_event(registration: Registration, *, site: FeedSite) -> Event:
    """A meeting in the attendee's own calendar: same UID as in the public feeds.

    Waiting-list places are TENTATIVE with a note; the attendee's own name is in
    the description (it is their private feed or e-mail), nobody else's is.
    """
    meeting = registration.meeting
    status = registration_status(registration)
    url = site.meeting_url(meeting)
    registered_as = _("Registered as: %(name)s") % {"name": registration.name}
    if registration.organisation:
        registered_as += f" ({registration.organisation})"
    return _meeting_event(
        meeting,
        site,
        status=status,
        sequence=meeting.sequence + _REGISTRATION_RANK[registration.status],
        description=_paragraphs(
            _registration_note(registration), registered_as, *_meeting_facts(meeting, url)
        ),
        modified=max(meeting.updated_at, registration.updated_at),
        transparent=status != CONFIRMED,
    )


def build_events(builder: Any, items: Iterable[Any], *, site: FeedSite) -> list[Event]:
    """Apply a ``build_*`` function to every item, flattening those that return lists."""
    events: list[Event] = []
    for item in items:
        built = builder(item, site=site)
        if isinstance(built, list):
            events.extend(built)
        else:
            events.append(built)
    return events
