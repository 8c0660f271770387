"""Turning stops, meetings and registrations into VEVENTs (the organiser's steps: logistics.py).

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
  A meeting is OPAQUE (busy) wherever it appears, public feed, download,
  attendee's feed and e-mail alike, waiting list included (the time may yet
  be needed); only a cancelled one (meeting or registration) is TRANSPARENT.
- **UIDs** are ``stop-<pk>@<domain>``, ``meeting-<pk>@<domain>`` and, for the
  derived events, ``stop-<pk>-<part>@<domain>``: they never change when an item
  is edited, and the domain is ``settings.CALENDAR_UID_DOMAIN``. An attendee's
  own copy of a meeting is ``registration-<pk>@<domain>`` (why: see
  ``build_registration_event``).
- **SEQUENCE** is the model's ``sequence``, which ``events/revisions.py`` bumps
  whenever time, place or status change; every UID has one SEQUENCE, the same
  in every feed, download and e-mail. DTSTAMP and LAST-MODIFIED are the
  row's ``updated_at``, so the same data always gives the same bytes (and the
  same ETag).
- **ORGANIZER** is the organisation's functional address (``site.organizer``),
  as RFC 5546 asks of METHOD:PUBLISH; never a person, and no ATTENDEE.
- **Cancelled** items stay, with STATUS:CANCELLED and "Cancelled:" in front of
  the title: Google hides them, Apple strikes them through, Outlook shows the
  word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from icalendar import Event, vGeo

from events.models import (
    ExhibitionStop,
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    StopStatus,
)

from .site import FeedSite
from .text import ical_line, ical_text, ical_uri
from .vtimezone import AMSTERDAM

CONFIRMED = "CONFIRMED"
TENTATIVE = "TENTATIVE"
CANCELLED = "CANCELLED"

__all__ = [
    "FeedSite",
    "build_events",
    "build_meeting_event",
    "build_registration_event",
    "build_stop_day_events",
    "build_stop_event",
]


# --- Shared pieces -------------------------------------------------------------


def local_datetime(moment: datetime) -> datetime:
    """``moment`` as Europe/Amsterdam wall-clock time, or UTC where that is ambiguous.

    In the hour the clocks go back, 02:30 happens twice; iCalendar reads a
    local time there as the first one, so the second is written in UTC.
    """
    local = moment.astimezone(AMSTERDAM)
    return moment.astimezone(UTC) if local.fold else local


def add_common(
    event: Event,
    site: FeedSite,
    *,
    uid: str,
    created: datetime,
    modified: datetime,
    sequence: int,
    summary: str,
    description: str,
    status: str,
    url: str,
    category: str,
    series_name: str,
    transparent: bool,
    uri: str | None = None,
) -> None:
    """The properties every event has; DTSTAMP is the last change, so bytes follow the data."""
    modified = modified.astimezone(UTC)
    event.add("UID", uid)
    event.add("DTSTAMP", modified)
    event.add("CREATED", created.astimezone(UTC))
    event.add("LAST-MODIFIED", modified)
    event.add("SEQUENCE", sequence)
    if status == CANCELLED:
        summary = site.words["cancelled_title"] % {"title": summary}
    event.add("SUMMARY", ical_text(summary))
    event.add("DESCRIPTION", description)  # made by paragraphs(), which cleans every part
    event.add("STATUS", status)
    if site.organizer is not None:
        event.add("ORGANIZER", site.organizer)
    # One URL per event (RFC 5545): the page, or what ``uri`` puts first (a join link).
    safe_url = uri or ical_uri(url)
    if safe_url:
        event.add("URL", safe_url)
    event.add("CATEGORIES", [category, ical_text(series_name)[:100]])
    event.add("TRANSP", "TRANSPARENT" if transparent else "OPAQUE")


def add_place(event: Event, site: FeedSite, venue, *, online_url: str = "") -> None:
    """LOCATION (venue name and address, or "Online") and GEO; never the venue's contact."""
    parts = []
    if venue is not None:
        parts.append(f"{venue.name}, {venue.address_line}")
    if online_url:
        parts.append(site.words["online"])
    if parts:
        event.add("LOCATION", ical_text(" + ".join(parts)))
    if venue is not None and venue.latitude is not None and venue.longitude is not None:
        event.add("GEO", vGeo((float(venue.latitude), float(venue.longitude))))


def paragraphs(*parts: str) -> str:
    """Non-empty parts, cleaned first (a control character must not hide a blank part)."""
    cleaned = (ical_text(part).strip() for part in parts if part)
    return "\n\n".join(part for part in cleaned if part)


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


# --- Exhibition stops ----------------------------------------------------------

STOP_STATUS = {
    StopStatus.CONFIRMED: CONFIRMED,
    StopStatus.OPTION: TENTATIVE,
    StopStatus.DRAFT: TENTATIVE,
    StopStatus.CANCELLED: CANCELLED,
}


def stop_title(stop: ExhibitionStop) -> str:
    return f"{stop.kit.series.name}: {stop.venue.name}, {stop.venue.city}"


def opening_hours_text(stop: ExhibitionStop, site: FeedSite) -> str:
    """The weekly opening hours, one line per weekday open (uses the prefetched rows)."""
    periods = site.opening_periods(stop)
    text = site.memo.get(periods)  # many stops share their hours
    if text is not None:
        return text
    by_day: dict[int, list[str]] = {}
    for weekday, opens_at, closes_at in sorted(periods):
        by_day.setdefault(weekday, []).append(f"{opens_at:%H:%M}–{closes_at:%H:%M}")
    if by_day:
        lines = [site.words["opening_hours"]]
        lines += [f"{site.weekdays[day]}: {', '.join(hours)}" for day, hours in by_day.items()]
        text = "\n".join(lines)
    else:
        text = site.words["no_opening_hours"]
    site.memo[periods] = text
    return text


def stop_status_note(stop: ExhibitionStop, site: FeedSite) -> str:
    return {
        StopStatus.OPTION: site.words["option_note"],
        StopStatus.DRAFT: site.words["draft_note"],
        StopStatus.CANCELLED: site.words["stop_cancelled"],
    }.get(stop.status, "")


def _stop_public_description(stop: ExhibitionStop, site: FeedSite) -> str:
    period = site.words["open_period"] % {
        "first": site.date_text(stop.opens_on),
        "last": site.date_text(stop.closes_on),
    }
    return paragraphs(
        stop_status_note(stop, site),
        stop.description,
        period + "\n" + opening_hours_text(stop, site),
        site.words["host"] % {"host": stop.host_organisation},
        site.stop_url(stop),
    )


def stop_event(
    stop: ExhibitionStop, site: FeedSite, *, part: str, summary: str, description: str
) -> Event:
    """An event of a stop, without its dates; ``part`` tells the stop's events apart."""
    event = Event()
    add_common(
        event,
        site,
        uid=site.uid("stop", stop.pk, part),
        created=stop.created_at,
        modified=stop.updated_at,
        sequence=stop.sequence,
        summary=summary,
        description=description,
        status=STOP_STATUS[stop.status],
        url=site.stop_url(stop),
        category=site.words["exhibition"],
        series_name=stop.kit.series.name,
        transparent=True,
    )
    add_place(event, site, stop.venue)
    return event


def build_stop_event(stop: ExhibitionStop, *, site: FeedSite) -> Event:
    """One all-day event from the first day open to the last (DTEND the day after)."""
    event = stop_event(
        stop,
        site,
        part="",
        summary=stop_title(stop),
        description=_stop_public_description(stop, site),
    )
    event.add("DTSTART", stop.opens_on)
    event.add("DTEND", stop.closes_on + timedelta(days=1))
    return event


def open_periods(stop: ExhibitionStop, site: FeedSite) -> Iterator[tuple[date, time, time]]:
    """Every (day, opens at, closes at) the stop is open, skipping the venue's closures.

    Reads the closures through ``site`` (read once per feed).
    """
    periods: dict[int, list[tuple[time, time]]] = {}
    for weekday, opens_at, closes_at in site.opening_periods(stop):
        periods.setdefault(weekday, []).append((opens_at, closes_at))
    closures = site.venue_closures(stop.venue)
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
    description = _stop_public_description(stop, site)
    events = []
    for day, opens_at, closes_at in open_periods(stop, site):
        event = stop_event(
            stop,
            site,
            part=f"{day:%Y%m%d}T{opens_at:%H%M}",
            summary=stop_title(stop),
            description=description,
        )
        event.add("DTSTART", datetime.combine(day, opens_at, tzinfo=AMSTERDAM))
        event.add("DTEND", datetime.combine(day, closes_at, tzinfo=AMSTERDAM))
        events.append(event)
    return events


# --- Meetings and registrations -----------------------------------------------

MEETING_STATUS = {
    MeetingStatus.PUBLISHED: CONFIRMED,
    MeetingStatus.DRAFT: TENTATIVE,
    MeetingStatus.CANCELLED: CANCELLED,
}


def _meeting_facts(meeting: Meeting, site: FeedSite, *, with_link: bool) -> list[str]:
    """Description, audience, language and page; the online link only ``with_link``.

    The meeting link is for people with a seat: it appears in a confirmed
    registrant's own feed and e-mail, never in a public feed.
    """
    facts = []
    if meeting.audience:
        facts.append(site.words["audience"] % {"audience": meeting.audience})
    language = site.languages.get(meeting.language, meeting.language)
    facts.append(site.words["language"] % {"language": language})
    if with_link and meeting.online_url:
        facts.append(site.words["online_link"] % {"link": meeting.online_url})
    return [meeting.description, "\n".join(facts), site.meeting_url(meeting)]


def join_uri(meeting: Meeting) -> str | None:
    """The meeting's online link when it is a plain web address, else ``None``.

    A CR/LF or a space in a URI makes icalendar raise (a 500); such a link,
    and any that is not http(s), stays out of CONFERENCE and URL (the
    description still shows it as text).
    """
    uri = ical_uri(meeting.online_url)
    return uri if uri and uri.lower().startswith(("https://", "http://")) else None


def _meeting_event(
    meeting: Meeting,
    site: FeedSite,
    *,
    uid: str,
    status: str,
    sequence: int,
    description: str,
    modified: datetime,
    join: str | None = None,
) -> Event:
    """A meeting; ``join`` (a seat holder's own copy only) adds CONFERENCE and makes it the URL."""
    event = Event()
    add_common(
        event,
        site,
        uid=uid,
        created=meeting.created_at,
        modified=modified,
        sequence=sequence,
        summary=meeting.title,
        description=description,
        status=status,
        url=site.meeting_url(meeting),
        category=site.words["meeting"],
        series_name=meeting.series.name,
        # Busy while it takes place; free once cancelled.
        transparent=status == CANCELLED,
        uri=join,
    )
    event.add("DTSTART", local_datetime(meeting.starts_at))
    event.add("DTEND", local_datetime(meeting.ends_at))
    add_place(event, site, meeting.venue, online_url=meeting.online_url)
    if join:
        # RFC 7986 CONFERENCE: Apple Calendar, Thunderbird and others show a join button.
        event.add(
            "CONFERENCE",
            join,
            parameters={
                "VALUE": "URI",
                "FEATURE": ["AUDIO", "VIDEO"],
                "LABEL": ical_line(site.words["join"]),
            },
        )
    return event


def build_meeting_event(meeting: Meeting, *, site: FeedSite) -> Event:
    """A meeting as the public sees it: time, place, audience, page; no meeting link, nobody's
    registration."""
    status = MEETING_STATUS[meeting.status]
    note = site.words["meeting_cancelled"] if status == CANCELLED else ""
    return _meeting_event(
        meeting,
        site,
        uid=site.uid("meeting", meeting.pk),
        status=status,
        sequence=meeting.sequence,
        description=paragraphs(note, *_meeting_facts(meeting, site, with_link=False)),
        modified=meeting.updated_at,
    )


# A registration's own changes (waiting list to seat, cancelled) must raise the
# SEQUENCE of its own UID, or calendars keep the old status. Its lifecycle only
# moves up this ladder; restoring a cancelled registration (an organiser's rare
# undo) moves down, so an e-mail calendar keeps "cancelled" until the meeting's
# next change: a per-registration revision counter would close that gap.
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


def _registration_note(registration: Registration, site: FeedSite) -> str:
    if registration.meeting.status == MeetingStatus.CANCELLED:
        return site.words["meeting_cancelled"]
    if registration.status == RegistrationStatus.CANCELLED:
        return site.words["registration_cancelled"]
    if registration.status == RegistrationStatus.WAITLISTED:
        return site.words["waitlisted"]
    return site.words["registered"]


def build_registration_event(registration: Registration, *, site: FeedSite) -> Event:
    """A meeting in the attendee's own calendar (feed, ``.ics``, e-mail): UID ``registration-<pk>``.

    **Why a UID of its own, not the meeting's.** This copy changes when the
    registration does (waiting list to seat, cancelled), which the public copy
    must not show. Under one UID the two would need one SEQUENCE: either the
    public copy is bumped by every registration change of anyone (a revision
    with nothing new for every subscriber, and a signal of who does what), or
    the copies disagree and a calendar holding both keeps whichever it deems
    newer, possibly the public "confirmed" over "your registration is
    cancelled" (RFC 5546 compares SEQUENCE, then DTSTAMP, per UID). With its
    own UID each stream's SEQUENCE only grows: the meeting's ``sequence`` plus
    the registration's rank, identical in the attendee's feed, the manage
    page's ``.ics`` and every e-mail. The price: someone who adds the public
    event *and* their registration to one calendar sees it twice, as two
    entries with different descriptions ("You are registered").

    Waiting-list places are TENTATIVE with a note. No name or organisation: a
    calendar is shared, synced and forwarded more widely than an e-mail. The
    online meeting link (description, CONFERENCE and URL) only while the
    registration holds a seat.
    """
    meeting = registration.meeting
    status = registration_status(registration)
    seated = status == CONFIRMED
    return _meeting_event(
        meeting,
        site,
        uid=site.uid("registration", registration.pk),
        status=status,
        sequence=meeting.sequence + _REGISTRATION_RANK[registration.status],
        description=paragraphs(
            _registration_note(registration, site),
            *_meeting_facts(meeting, site, with_link=seated),
        ),
        modified=max(meeting.updated_at, registration.updated_at),
        join=join_uri(meeting) if seated else None,
    )
