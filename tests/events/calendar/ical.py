"""Reading feeds back for the tests, with icalendar and with vobject (an independent parser)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import icalendar
import vobject


@dataclass(frozen=True)
class Item:
    uid: str
    summary: str
    start: date | datetime
    end: date | datetime
    status: str
    description: str
    sequence: int
    transp: str
    url: str
    organizer: str
    conference: str


def _instant(value: date | datetime) -> date | datetime:
    # Timed values compare as UTC instants; all-day values stay dates.
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"floating time {value!r}"
        return value.astimezone(UTC)
    return value


def with_icalendar(body: bytes) -> list[Item]:
    calendar = icalendar.Calendar.from_ical(body)
    return [
        Item(
            uid=str(event["UID"]),
            summary=str(event["SUMMARY"]),
            start=_instant(event.decoded("DTSTART")),
            end=_instant(event.decoded("DTEND")),
            status=str(event["STATUS"]),
            description=str(event.get("DESCRIPTION", "")),
            sequence=int(event.get("SEQUENCE", 0)),
            transp=str(event.get("TRANSP", "OPAQUE")),
            url=str(event.get("URL", "")),
            organizer=str(event.get("ORGANIZER", "")),
            conference=str(event.get("CONFERENCE", "")),
        )
        for event in calendar.walk("VEVENT")
    ]


def _value(event, name: str, default: str = "") -> str:
    return getattr(event, name).value if hasattr(event, name) else default


def with_vobject(body: bytes) -> list[Item]:
    calendar = vobject.readOne(body.decode("utf-8"))
    return [
        Item(
            uid=event.uid.value,
            summary=event.summary.value,
            start=_instant(event.dtstart.value),
            end=_instant(event.dtend.value),
            status=event.status.value,
            description=event.description.value if hasattr(event, "description") else "",
            sequence=int(event.sequence.value) if hasattr(event, "sequence") else 0,
            transp=_value(event, "transp", "OPAQUE"),
            url=_value(event, "url"),
            organizer=_value(event, "organizer"),
            conference=_value(event, "conference"),
        )
        for event in getattr(calendar, "vevent_list", [])
    ]


def read_feed(body: bytes) -> list[Item]:
    """The feed's events; both parsers must agree on every one of them."""
    first = with_icalendar(body)
    second = with_vobject(body)
    assert first == second
    return first


def by_uid(body: bytes) -> dict[str, Item]:
    items = read_feed(body)
    uids = [item.uid for item in items]
    assert len(uids) == len(set(uids)), "a UID appears twice"
    return {item.uid: item for item in items}


def calendar_of(body: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)
