"""The organiser's logistics: every step of a stop as an all-day event of its own.

Transport there (the kit's ``transport_days`` before setup), setup, opening
day, last day open, teardown and transport back. Each has a stable UID
(``stop-<pk>-setup@<domain>``...), the stop's SEQUENCE and status; drafts and
options are TENTATIVE with the status in the title. This feed is private, so
the description holds what organisers need on the road: the venue's contact
and the internal notes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from icalendar import Event

from events.models import ExhibitionStop, StopStatus

from .build import opening_hours_text, paragraphs, stop_event, stop_status_note
from .site import FeedSite


def logistics_steps(stop: ExhibitionStop, site: FeedSite) -> Iterator[tuple[str, str, date, date]]:
    """(UID part, title, first day, last day) of each step of a stop, transport included."""
    words = site.words
    venue = {"venue": stop.venue.name}
    transport_days = stop.kit.transport_days
    if transport_days:
        before_setup = stop.setup_on - timedelta(days=transport_days)
        yield (
            "transport-out",
            words["transport_out"] % venue,
            before_setup,
            stop.setup_on - timedelta(days=1),
        )
    yield "setup", words["setup"] % venue, stop.setup_on, stop.setup_on
    yield "opening", words["opening"] % venue, stop.opens_on, stop.opens_on
    yield "closing", words["closing"] % venue, stop.closes_on, stop.closes_on
    yield "teardown", words["teardown"] % venue, stop.teardown_on, stop.teardown_on
    if transport_days:
        yield (
            "transport-back",
            words["transport_back"] % venue,
            stop.teardown_on + timedelta(days=1),
            stop.teardown_on + timedelta(days=transport_days),
        )


def _logistics_description(stop: ExhibitionStop, site: FeedSite) -> str:
    words = site.words
    venue = stop.venue
    contact = ", ".join(
        part for part in (venue.contact_name, venue.contact_email, venue.contact_phone) if part
    )
    facts = [
        words["kit"] % {"kit": stop.kit.name},
        words["host"] % {"host": stop.host_organisation},
        words["address"] % {"address": venue.address_line},
        words["stop_dates"]
        % {
            "setup": site.date_text(stop.setup_on),
            "first": site.date_text(stop.opens_on),
            "last": site.date_text(stop.closes_on),
            "teardown": site.date_text(stop.teardown_on),
        },
    ]
    if contact:
        facts.append(words["venue_contact"] % {"contact": contact})
    return paragraphs(
        stop_status_note(stop, site),
        "\n".join(facts),
        stop.internal_notes,
        opening_hours_text(stop, site),
        site.stop_url(stop),
    )


def build_logistics_events(stop: ExhibitionStop, *, site: FeedSite) -> list[Event]:
    """The organiser's steps for one stop, all-day with exclusive DTEND."""
    description = _logistics_description(stop, site)
    note = {StopStatus.DRAFT: site.words["draft"], StopStatus.OPTION: site.words["option"]}.get(
        stop.status
    )
    events = []
    for part, title, first, last in logistics_steps(stop, site):
        summary = f"{title} ({note})" if note else title
        event = stop_event(stop, site, part=part, summary=summary, description=description)
        event.add("DTSTART", first)
        event.add("DTEND", last + timedelta(days=1))
        events.append(event)
    return events
