"""Public feeds read plain rows, not model instances.

Making a Django model instance costs about 15 µs, and a stop with its kit,
series and venue is four of them: for a large public feed that was most of
the time spent reading (bench/feeds.py). These small classes carry exactly
the attributes the builders read, under the same names as the models, so the
``build_*`` functions take either. Kits, series and venues are made once per
feed and shared by all rows that point to them. Reads stay one query per kind
of row (``values()``), whatever the feed's size.

They also make a guarantee: a row has no field for the venue's contact
person or the internal notes, so a public feed cannot show them by mistake.
The organiser's and the attendee's feeds are small and read model instances.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet

from events.models import ExhibitionStop, Meeting
from venues.models import Venue, VenueClosure


@dataclass(slots=True)
class SeriesRow:
    name: str


@dataclass(slots=True)
class KitRow:
    name: str
    transport_days: int
    series: SeriesRow


@dataclass(slots=True)
class VenueRow:
    pk: int
    name: str
    street_address: str
    postal_code: str
    city: str
    latitude: Decimal | None
    longitude: Decimal | None

    # The same text as the model's, from the same code.
    address_line = property(Venue.address_line.fget)


@dataclass(slots=True)
class StopRow:
    pk: int
    slug: str
    status: str
    description: str
    host_organisation: str
    setup_on: date
    opens_on: date
    closes_on: date
    teardown_on: date
    sequence: int
    created_at: datetime
    updated_at: datetime
    kit: KitRow
    venue: VenueRow


@dataclass(slots=True)
class MeetingRow:
    pk: int
    slug: str
    title: str
    description: str
    audience: str
    language: str
    online_url: str
    starts_at: datetime
    ends_at: datetime
    status: str
    sequence: int
    created_at: datetime
    updated_at: datetime
    series: SeriesRow
    venue: VenueRow | None


_VENUE = ("name", "street_address", "postal_code", "city", "latitude", "longitude")


class _Shared:
    """One row object per kit, series and venue of a feed."""

    def __init__(self) -> None:
        self.series: dict[int, SeriesRow] = {}
        self.kits: dict[int, KitRow] = {}
        self.venues: dict[int, VenueRow] = {}

    def series_row(self, pk: int, name: str) -> SeriesRow:
        row = self.series.get(pk)
        if row is None:
            row = self.series[pk] = SeriesRow(name=name)
        return row

    def venue_row(self, values: dict, prefix: str = "venue__") -> VenueRow | None:
        pk = values[f"{prefix}id"]
        if pk is None:
            return None
        row = self.venues.get(pk)
        if row is None:
            row = self.venues[pk] = VenueRow(pk, *(values[prefix + name] for name in _VENUE))
        return row


_STOP_FIELDS = (
    "pk",
    "slug",
    "status",
    "description",
    "host_organisation",
    "setup_on",
    "opens_on",
    "closes_on",
    "teardown_on",
    "sequence",
    "created_at",
    "updated_at",
)
_MEETING_FIELDS = (
    "pk",
    "slug",
    "title",
    "description",
    "audience",
    "language",
    "online_url",
    "starts_at",
    "ends_at",
    "status",
    "sequence",
    "created_at",
    "updated_at",
)
_VENUE_LOOKUPS = ("venue__id", *(f"venue__{name}" for name in _VENUE))


def stop_rows(stops: QuerySet[ExhibitionStop]) -> list[StopRow]:
    """The stops of ``stops`` (its filters and order), as rows, in one query."""
    shared = _Shared()
    rows = []
    values = stops.values(
        *_STOP_FIELDS,
        "kit_id",
        "kit__name",
        "kit__transport_days",
        "kit__series_id",
        "kit__series__name",
        *_VENUE_LOOKUPS,
    )
    for found in values:
        kit = shared.kits.get(found["kit_id"])
        if kit is None:
            series = shared.series_row(found["kit__series_id"], found["kit__series__name"])
            kit = shared.kits[found["kit_id"]] = KitRow(
                found["kit__name"], found["kit__transport_days"], series
            )
        rows.append(
            StopRow(
                *(found[name] for name in _STOP_FIELDS),
                kit=kit,
                venue=shared.venue_row(found),
            )
        )
    return rows


def meeting_rows(meetings: QuerySet[Meeting]) -> list[MeetingRow]:
    """The meetings of ``meetings`` (its filters and order), as rows, in one query."""
    shared = _Shared()
    values = meetings.values(*_MEETING_FIELDS, "series_id", "series__name", *_VENUE_LOOKUPS)
    return [
        MeetingRow(
            *(found[name] for name in _MEETING_FIELDS),
            series=shared.series_row(found["series_id"], found["series__name"]),
            venue=shared.venue_row(found),
        )
        for found in values
    ]


def venue_closures(stops: QuerySet[ExhibitionStop]) -> dict[int, tuple[tuple[date, date], ...]]:
    """``{venue id: ((first day, last day), ...)}`` for the venues of ``stops``, in one query."""
    closures: dict[int, list[tuple[date, date]]] = {}
    found = (
        VenueClosure.objects.filter(venue__in=stops.order_by().values("venue_id"))
        .order_by("venue_id", "starts_on")
        .values_list("venue_id", "starts_on", "ends_on")
    )
    for venue_id, starts_on, ends_on in found:
        closures.setdefault(venue_id, []).append((starts_on, ends_on))
    return {venue_id: tuple(days) for venue_id, days in closures.items()}
