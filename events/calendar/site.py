"""What every event of one feed shares: UID domain, page addresses and the feed's words.

A ``FeedSite`` is made once per feed (``FeedSite.current()``, with the feed's
language active) and handed to every ``build_*`` call. It looks up the
translated words, the weekday names and the page address patterns once, so
that a feed of 10,000 events does not ask gettext, the date formatter and the
URL resolver 10,000 times for the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from icalendar import vCalAddress

from events.models import MeetingLanguage, Weekday

from .text import ical_line, ical_uri

ORGANIZER_NAME = "CoMensha"


def organizer() -> vCalAddress | None:
    """ORGANIZER of every event: the organisation's functional address, named CoMensha.

    RFC 5546 asks for an ORGANIZER in every VEVENT of a METHOD:PUBLISH calendar,
    and clients show it as who to ask about the event. It is never a person's
    address: ``CALENDAR_ORGANIZER_EMAIL``, else the address in
    ``DEFAULT_FROM_EMAIL``. ``None`` (no ORGANIZER) when neither is a usable address.
    """
    address = settings.CALENDAR_ORGANIZER_EMAIL or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    uri = ical_uri(f"mailto:{address}") if "@" in address else None
    if uri is None:
        return None
    found = vCalAddress(uri)
    found.params["CN"] = ical_line(ORGANIZER_NAME)
    return found


def vocabulary() -> dict[str, str]:
    """Every text the feeds write themselves, in the active language."""
    return {
        "exhibition": pgettext("calendar category", "Exhibition"),
        "meeting": pgettext("calendar category", "Meeting"),
        "online": _("Online"),
        "cancelled_title": _("Cancelled: %(title)s"),
        "opening_hours": _("Opening hours:"),
        "no_opening_hours": _("Opening hours: see the venue."),
        "option_note": _("Not yet confirmed (option)."),
        "draft_note": _("Draft: not yet confirmed."),
        "stop_cancelled": _("This stop has been cancelled."),
        "open_period": _("Open from %(first)s to %(last)s (both days included)."),
        "host": _("Host: %(host)s"),
        "kit": _("Kit: %(kit)s"),
        "address": _("Address: %(address)s"),
        "stop_dates": _("Setup %(setup)s, open %(first)s to %(last)s, teardown %(teardown)s."),
        "venue_contact": _("Venue contact: %(contact)s"),
        "transport_out": _("Transport to %(venue)s"),
        "setup": _("Setup at %(venue)s"),
        "opening": _("Opening at %(venue)s"),
        "closing": _("Last day open at %(venue)s"),
        "teardown": _("Teardown at %(venue)s"),
        "transport_back": _("Transport back from %(venue)s"),
        "draft": _("draft"),
        "option": _("option"),
        "audience": _("For: %(audience)s"),
        "language": _("Language: %(language)s"),
        "online_link": _("Online: %(link)s"),
        "join": _("Join the meeting online"),
        "meeting_cancelled": _("This meeting has been cancelled."),
        "registration_cancelled": _("Your registration has been cancelled."),
        "waitlisted": _(
            "You are on the waiting list: we will e-mail you when a seat becomes free."
        ),
        "registered": _("You are registered."),
    }


@dataclass(frozen=True)
class FeedSite:
    """Shared by the events of one feed; make it with ``current()`` in the feed's language."""

    uid_domain: str
    stop_url_template: str
    meeting_url_template: str
    words: dict[str, str] = field(default_factory=dict, compare=False)
    weekdays: tuple[str, ...] = ()
    months: tuple[str, ...] = ()
    languages: dict[str, str] = field(default_factory=dict, compare=False)
    # One ORGANIZER shared by every event of the feed (icalendar writes it as is).
    organizer: vCalAddress | None = field(default=None, compare=False)
    # Opening hours of the feed's stops and closures of their venues, read at
    # once (queries.opening_periods, rows.venue_closures).
    periods: dict[int, tuple[tuple, ...]] | None = field(default=None, compare=False, repr=False)
    closures: dict[int, tuple[tuple, ...]] | None = field(default=None, compare=False, repr=False)
    # Answers already given, per feed: opening-hours texts.
    memo: dict[Any, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def current(
        cls,
        *,
        periods: dict[int, tuple[tuple, ...]] | None = None,
        closures: dict[int, tuple[tuple, ...]] | None = None,
    ) -> FeedSite:
        # Reverse once with a marker and fill slugs in later: reversing per
        # event costs more than building it.
        marker = "SLUG-MARKER"
        return cls(
            uid_domain=settings.CALENDAR_UID_DOMAIN,
            stop_url_template=settings.SITE_URL
            + reverse("stop-detail", kwargs={"slug": marker}).replace(marker, "{slug}"),
            meeting_url_template=settings.SITE_URL
            + reverse("meeting-detail", kwargs={"slug": marker}).replace(marker, "{slug}"),
            words=vocabulary(),
            weekdays=tuple(str(label) for label in Weekday.labels),
            months=tuple(str(MONTHS[number]) for number in range(1, 13)),
            languages={code: str(label) for code, label in MeetingLanguage.choices},
            organizer=organizer(),
            periods=periods,
            closures=closures,
        )

    def uid(self, kind: str, pk: int, part: str = "") -> str:
        return f"{kind}-{pk}{'-' + part if part else ''}@{self.uid_domain}"

    def stop_url(self, stop) -> str:
        return self.stop_url_template.format(slug=stop.slug)

    def meeting_url(self, meeting) -> str:
        return self.meeting_url_template.format(slug=meeting.slug)

    def opening_periods(self, stop) -> tuple[tuple, ...]:
        """(weekday, opens at, closes at) of ``stop``: from the feed's read, else its rows."""
        if self.periods is not None:
            return self.periods.get(stop.pk, ())
        return tuple(
            (period.weekday, period.opens_at, period.closes_at)
            for period in stop.opening_hours.all()
        )

    def venue_closures(self, venue) -> tuple[tuple[date, date], ...]:
        """(first day, last day) of every closure of ``venue``: from the feed's read, else rows."""
        if self.closures is not None:
            return self.closures.get(venue.pk, ())
        return tuple((closure.starts_on, closure.ends_on) for closure in venue.closures.all())

    def date_text(self, day: date) -> str:
        """``14 March 2026`` / ``14 maart 2026`` (Django's "j F Y", without its cost per call)."""
        return f"{day.day} {self.months[day.month - 1]} {day.year}"
