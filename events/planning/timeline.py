"""The organisers' timeline: a year as a picture, one row per kit, a bar per stop.

``build_timeline`` does the reading (four queries, whatever the number of
kits and stops) and the geometry, so that the SVG template only draws. A bar
is cut into segments: transport, setup, open, teardown, transport. Conflicts
come from the same rule functions as ``find_stop_conflicts``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from venues.models import VenueClosure

from ..dates import short_month
from ..models import ExhibitionKit, ExhibitionStop, StopStatus
from .conflicts import Conflict, stop_conflicts

# Geometry, in SVG user units (the picture scales to the page width).
LABEL_WIDTH = 150
DAY_WIDTH = 3
HEADER_HEIGHT = 46
ROW_PADDING = 11
BAR_HEIGHT = 26
LANE_GAP = 4
FOOTER_HEIGHT = 8
# Room a bar needs per character of its label before it is written inside.
LABEL_CHAR_WIDTH = 6.2


@dataclass(frozen=True)
class Segment:
    """A part of a bar: ``kind`` is transport, setup, open or teardown."""

    kind: str
    first_day: date
    last_day: date
    x: float
    width: float


@dataclass
class TimelineBar:
    stop: ExhibitionStop
    conflicts: list[Conflict]
    segments: list[Segment]
    x: float
    width: float
    y: float

    @property
    def has_conflict(self) -> bool:
        return bool(self.conflicts)

    @property
    def label(self) -> str:
        return self.stop.venue.city

    @property
    def short_label(self) -> str:
        """The label as it fits inside the bar (⚠ first on a conflict), cut with … or empty."""
        label = f"⚠ {self.label}" if self.conflicts else self.label
        room = int((self.width - 8) / LABEL_CHAR_WIDTH)
        if len(label) <= room:
            return label
        if room < 4:
            return "⚠" if self.conflicts and room >= 1 else ""
        return label[: room - 1].rstrip() + "…"

    @property
    def label_x(self) -> float:
        return self.x + 4

    @property
    def open_segment(self) -> Segment | None:
        return next((s for s in self.segments if s.kind == "open"), None)


@dataclass
class TimelineRow:
    """One kit. Bars that overlap (a clash) go in lanes below each other, so none hides another."""

    kit: ExhibitionKit
    y: float = 0
    lanes: int = 1
    bars: list[TimelineBar] = field(default_factory=list)

    @property
    def height(self) -> float:
        return 2 * ROW_PADDING + self.lanes * BAR_HEIGHT + (self.lanes - 1) * LANE_GAP

    def lane_y(self, lane: int) -> float:
        return self.y + ROW_PADDING + lane * (BAR_HEIGHT + LANE_GAP)

    @property
    def label_y(self) -> float:
        return self.y + ROW_PADDING + BAR_HEIGHT / 2


@dataclass(frozen=True)
class Month:
    label: str
    x: float
    width: float


@dataclass
class Timeline:
    year: int
    first_day: date
    last_day: date
    today: date
    rows: list[TimelineRow]
    months: list[Month]
    week_lines: list[float]

    label_width: int = LABEL_WIDTH
    header_height: int = HEADER_HEIGHT
    bar_height: int = BAR_HEIGHT

    @property
    def width(self) -> float:
        return self.x_of(self.last_day) + DAY_WIDTH

    @property
    def height(self) -> float:
        rows = sum(row.height for row in self.rows) if self.rows else 2 * ROW_PADDING + BAR_HEIGHT
        return HEADER_HEIGHT + rows + FOOTER_HEIGHT

    @property
    def body_bottom(self) -> float:
        return self.height - FOOTER_HEIGHT

    @property
    def today_x(self) -> float | None:
        if not self.first_day <= self.today <= self.last_day:
            return None
        return self.x_of(self.today) + DAY_WIDTH / 2

    @property
    def conflicting_bars(self) -> list[TimelineBar]:
        bars = [bar for row in self.rows for bar in row.bars if bar.conflicts]
        return sorted(bars, key=lambda bar: (bar.stop.setup_on, bar.stop.kit.name))

    @property
    def bar_count(self) -> int:
        return sum(len(row.bars) for row in self.rows)

    def x_of(self, day: date) -> float:
        return LABEL_WIDTH + (day - self.first_day).days * DAY_WIDTH


def timeline_stops(kits: QuerySet[ExhibitionKit], first_day: date, last_day: date):
    """Stops (not cancelled) of ``kits`` whose occupied days touch the given days."""
    return (
        ExhibitionStop.objects.filter(
            kit__in=kits, occupied_from__lte=last_day, occupied_until__gte=first_day
        )
        .exclude(status=StopStatus.CANCELLED)
        .select_related("kit", "venue")
        .order_by("setup_on", "pk")
    )


def build_timeline(*, year: int, kits: QuerySet[ExhibitionKit], today: date) -> Timeline:
    """The picture of ``year`` for ``kits`` (scope them to the organiser before calling).

    Four queries: the kits, their stops in the year, every stop that could
    clash with those (another kit's stop at the same venue included), and the
    venues' closures.
    """
    first_day, last_day = date(year, 1, 1), date(year, 12, 31)
    timeline = Timeline(
        year=year,
        first_day=first_day,
        last_day=last_day,
        today=today,
        rows=[],
        months=[],
        week_lines=[],
    )
    kit_list = list(kits.select_related("series").order_by("series__name", "name"))
    stops = list(timeline_stops(kits, first_day, last_day)) if kit_list else []
    conflicts = _conflicts_of(stops)

    rows = {kit.pk: TimelineRow(kit=kit) for kit in kit_list}
    lanes_of = {kit.pk: _lanes([s for s in stops if s.kit_id == kit.pk]) for kit in kit_list}
    y = HEADER_HEIGHT
    for row in rows.values():
        row.y = y
        row.lanes = max(lanes_of[row.kit.pk].values(), default=0) + 1
        y += row.height
    for stop in stops:
        row = rows[stop.kit_id]
        segments = _segments(timeline, stop)
        x = segments[0].x
        row.bars.append(
            TimelineBar(
                stop=stop,
                conflicts=conflicts[stop.pk],
                segments=segments,
                x=x,
                width=segments[-1].x + segments[-1].width - x,
                y=row.lane_y(lanes_of[stop.kit_id][stop.pk]),
            )
        )
    timeline.rows = list(rows.values())
    timeline.months = _months(timeline)
    timeline.week_lines = [
        timeline.x_of(day)
        for day in (first_day + timedelta(days=offset) for offset in range(366))
        if day.year == year and day.weekday() == 0
    ]
    return timeline


def _conflicts_of(stops: list[ExhibitionStop]) -> dict[int, list[Conflict]]:
    """Each stop's conflicts, from two more queries (partners and closures)."""
    result: dict[int, list[Conflict]] = defaultdict(list)
    if not stops:
        return result
    kit_ids = {stop.kit_id for stop in stops}
    venue_ids = {stop.venue_id for stop in stops}
    occupied_from = min(stop.occupied_from for stop in stops)
    occupied_until = max(stop.occupied_until for stop in stops)
    hosted_from = min(stop.setup_on for stop in stops)
    hosted_until = max(stop.teardown_on for stop in stops)
    partners = (
        ExhibitionStop.objects.exclude(status=StopStatus.CANCELLED)
        .filter(
            Q(
                kit_id__in=kit_ids,
                occupied_from__lte=occupied_until,
                occupied_until__gte=occupied_from,
            )
            | Q(venue_id__in=venue_ids, setup_on__lte=hosted_until, teardown_on__gte=hosted_from)
        )
        .select_related("kit", "venue")
    )
    by_kit: dict[int, dict[int, ExhibitionStop]] = defaultdict(dict)
    by_venue: dict[int, dict[int, ExhibitionStop]] = defaultdict(dict)
    for partner in partners:
        by_kit[partner.kit_id][partner.pk] = partner
        by_venue[partner.venue_id][partner.pk] = partner
    closures: dict[int, list[VenueClosure]] = defaultdict(list)
    for closure in VenueClosure.objects.filter(
        venue_id__in=venue_ids, starts_on__lte=hosted_until, ends_on__gte=hosted_from
    ).select_related("venue"):
        closures[closure.venue_id].append(closure)
    for stop in stops:
        others = {**by_kit[stop.kit_id], **by_venue[stop.venue_id]}
        result[stop.pk] = stop_conflicts(
            stop,
            occupied=(stop.occupied_from, stop.occupied_until),
            others=others.values(),
            closures=closures[stop.venue_id],
        )
    return result


def _lanes(stops: list[ExhibitionStop]) -> dict[int, int]:
    """Lane per stop: the first lane whose last bar ends before this one starts."""
    lane_ends: list[date] = []
    lanes = {}
    for stop in sorted(stops, key=lambda s: (s.occupied_from, s.pk)):
        lane = next(
            (i for i, end in enumerate(lane_ends) if end < stop.occupied_from), len(lane_ends)
        )
        if lane == len(lane_ends):
            lane_ends.append(stop.occupied_until)
        else:
            lane_ends[lane] = stop.occupied_until
        lanes[stop.pk] = lane
    return lanes


def _segments(timeline: Timeline, stop: ExhibitionStop) -> list[Segment]:
    one_day = timedelta(days=1)
    parts = [
        ("transport", stop.occupied_from, stop.setup_on - one_day),
        ("setup", stop.setup_on, stop.opens_on - one_day),
        ("open", stop.opens_on, stop.closes_on),
        ("teardown", stop.closes_on + one_day, stop.teardown_on),
        ("transport", stop.teardown_on + one_day, stop.occupied_until),
    ]
    segments = []
    for kind, first, last in parts:
        first, last = max(first, timeline.first_day), min(last, timeline.last_day)
        if first > last:
            continue
        x = timeline.x_of(first)
        segments.append(Segment(kind, first, last, x, ((last - first).days + 1) * DAY_WIDTH))
    return segments


def _months(timeline: Timeline) -> list[Month]:
    months = []
    for month in range(1, 13):
        first = date(timeline.year, month, 1)
        following = (
            date(timeline.year + 1, 1, 1) if month == 12 else date(timeline.year, month + 1, 1)
        )
        months.append(
            Month(
                label=short_month(first),
                x=timeline.x_of(first),
                width=(following - first).days * DAY_WIDTH,
            )
        )
    return months
