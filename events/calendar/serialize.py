"""Wrapping VEVENTs in a VCALENDAR and writing bytes; the e-mail attachment.

**Why METHOD:PUBLISH for the registration e-mail, not REQUEST.** REQUEST is
an invitation from an ORGANIZER to the ATTENDEEs listed in it, and mail
clients act on that: Outlook blocks the import when the recipient is not an
ATTENDEE, and it, Gmail and Apple Mail offer Accept/Decline buttons whose
replies (METHOD:REPLY) would go to an organiser address that nobody reads.
Listing the attendee to satisfy that would put their address in the file
and invite replies we cannot process. PUBLISH means "here is an event, add it
to your calendar": Outlook offers "Add to calendar", Gmail shows the event
card with "Add to calendar", Apple Mail imports it. Its ORGANIZER is the
organisation's functional address (RFC 5546 wants one in PUBLISH too), and it
lists no ATTENDEE. It carries the same UID (the registration's) and SEQUENCE
as the attendee's private feed, so adding both never gives two different
events, and a later e-mail with a higher SEQUENCE updates it. The
attachment's Content-Type names the method too (``method=PUBLISH``), as
RFC 6047 asks, so that clients which read the header and not the body agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.utils import translation
from icalendar import Calendar, Event, vDuration

from events.models import Registration

from .build import FeedSite, build_registration_event
from .text import ical_line, ical_text, ical_uri
from .vtimezone import TZID, amsterdam_vtimezone

PRODID = "-//CoMensha//Open je Ogen scheduler//NL"
CONTENT_TYPE = "text/calendar; charset=utf-8"
INVITATION_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"
DEFAULT_REFRESH = timedelta(hours=1)


def build_calendar(
    *,
    name: str,
    events: Iterable[Event],
    description: str = "",
    source_url: str = "",
    refresh: timedelta = DEFAULT_REFRESH,
) -> Calendar:
    """A VCALENDAR around ``events`` with the properties every client looks for.

    NAME (RFC 7986) and X-WR-CALNAME (Apple, Google, Outlook) name the
    subscription; REFRESH-INTERVAL and X-PUBLISHED-TTL ask for a refresh
    interval (Google ignores it and refreshes every 8 to 24 hours).
    """
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    title = ical_line(name)
    calendar.add("NAME", title)
    calendar.add("X-WR-CALNAME", title)
    if description:
        calendar.add("DESCRIPTION", ical_text(description))
        calendar.add("X-WR-CALDESC", ical_line(description, max_length=1000))
    calendar.add("X-WR-TIMEZONE", TZID)
    calendar.add("REFRESH-INTERVAL", vDuration(refresh), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(refresh))
    safe_source = ical_uri(source_url)
    if safe_source:
        calendar.add("SOURCE", safe_source, parameters={"VALUE": "URI"})
    # Dates-only feeds have no TZID, but one VTIMEZONE costs ~600 bytes and
    # keeps the file valid whatever is added to it later.
    calendar.add_component(amsterdam_vtimezone())
    for event in events:
        calendar.add_component(event)
    return calendar


def serialize_calendar(calendar: Calendar) -> bytes:
    """The calendar as UTF-8 with CRLF line ends, lines folded at 75 octets.

    Properties keep the order they were added in (``sorted=False``): the same
    output as sorted, for a quarter less time on large feeds.
    """
    return calendar.to_ical(sorted=False)


def build_meeting_invitation(*, registration: Registration) -> bytes:
    """The ``.ics`` attachment for a registration e-mail: one VEVENT, METHOD:PUBLISH.

    Same UID and SEQUENCE as in the attendee's private feed; written in the
    language of the registration. Send it with ``INVITATION_CONTENT_TYPE``
    (``invitation_content_type()``) and a file name such as ``meeting.ics``.
    """
    with translation.override(registration.language):
        site = FeedSite.current()
        event = build_registration_event(registration, site=site)
        calendar = build_calendar(name=registration.meeting.title, events=[event])
        return serialize_calendar(calendar)


def invitation_content_type() -> str:
    """The MIME type of the e-mail attachment, with the method the body declares."""
    return INVITATION_CONTENT_TYPE
