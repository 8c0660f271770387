"""iCalendar for the exhibition stops and meetings: one builder for every feed and e-mail.

- ``build``: stops, meetings and registrations as VEVENTs (read its
  docstring for how each appears and why: exclusive all-day DTEND, stable
  UIDs, SEQUENCE, time zones); ``logistics``: the organiser's steps per stop;
- ``site``: what the events of one feed share (UID domain, links, words);
- ``serialize``: the VCALENDAR around them, bytes, and the e-mail attachment
  (``build_meeting_invitation``, METHOD:PUBLISH and why);
- ``sources``: what each feed holds and the fingerprint behind its ETag;
- ``text``: escaping what the icalendar library only asserts;
- ``vtimezone``: the Europe/Amsterdam VTIMEZONE, built once;
- ``tokens``: the secret addresses of the private feeds (issue, renew, find);
- ``subscribe``: the "add to calendar" links (webcal, Google, Outlook) for every feed.

The adapters: ``views`` serves the feeds over HTTP (ETag, 304, gzip, tokens in
the path) at the addresses in ``urls``; ``admin`` is the organiser's page for
their own logistics feed.
"""

from .build import (
    FeedSite,
    build_meeting_event,
    build_registration_event,
    build_stop_day_events,
    build_stop_event,
)
from .logistics import build_logistics_events
from .serialize import (
    CONTENT_TYPE,
    INVITATION_CONTENT_TYPE,
    build_calendar,
    build_meeting_invitation,
    invitation_content_type,
    serialize_calendar,
)

__all__ = [
    "CONTENT_TYPE",
    "INVITATION_CONTENT_TYPE",
    "FeedSite",
    "build_calendar",
    "build_logistics_events",
    "build_meeting_event",
    "build_meeting_invitation",
    "build_registration_event",
    "build_stop_day_events",
    "build_stop_event",
    "invitation_content_type",
    "serialize_calendar",
]
