"""Property tests: the planning rules against a brute-force, day-by-day model of occupancy.

Hypothesis draws small worlds: two kits with 0 to 3 transport days, three
venues, closures, and up to ten stops of every status at random dates. The
model marks, day by day, which days each stop takes its kit (transport
included) and its venue, and which days each venue is closed. The checker,
the timeline and the free windows must agree with it exactly.

``hypothesis.event`` records what the examples covered; run with
``--hypothesis-show-statistics`` to see it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from events.models import ExhibitionKit, ExhibitionStop, StopStatus
from events.planning import (
    ConflictKind,
    PlanningConflict,
    build_timeline,
    find_free_windows,
    find_stop_conflicts,
    save_stop,
)
from tests.factories import ExhibitionKitFactory, TourFactory, VenueClosureFactory, VenueFactory

pytestmark = pytest.mark.django_db

START = date(2027, 1, 4)
# Confirmed first: Hypothesis leans towards the first choice, and confirmed is where refusals are.
STATUSES = [StopStatus.CONFIRMED, StopStatus.OPTION, StopStatus.DRAFT, StopStatus.CANCELLED]
PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass(frozen=True)
class StopSpec:
    kit: int
    venue: int
    offset: int  # setup day, days after START
    setup_days: int
    open_days: int
    teardown_days: int
    status: str

    @property
    def setup_on(self) -> date:
        return START + timedelta(days=self.offset)

    @property
    def opens_on(self) -> date:
        return self.setup_on + timedelta(days=self.setup_days)

    @property
    def closes_on(self) -> date:
        return self.opens_on + timedelta(days=self.open_days - 1)

    @property
    def teardown_on(self) -> date:
        return self.closes_on + timedelta(days=self.teardown_days)


stop_specs = st.builds(
    StopSpec,
    kit=st.integers(0, 1),
    venue=st.integers(0, 2),
    offset=st.integers(0, 70),
    setup_days=st.integers(0, 2),
    open_days=st.integers(1, 24),
    teardown_days=st.integers(0, 2),
    status=st.sampled_from(STATUSES),
)
# The stop under test is confirmed half the time: that is where saves are refused.
candidate_specs = st.builds(
    StopSpec,
    kit=st.integers(0, 1),
    venue=st.integers(0, 2),
    offset=st.integers(0, 70),
    setup_days=st.integers(0, 2),
    open_days=st.integers(1, 24),
    teardown_days=st.integers(0, 2),
    status=st.sampled_from([StopStatus.CONFIRMED] * 3 + STATUSES[1:]),
)
closure_specs = st.tuples(st.integers(0, 2), st.integers(0, 80), st.integers(0, 9))


@dataclass
class World:
    kits: list[ExhibitionKit]
    venues: list
    closures: list
    stops: list[ExhibitionStop]


def days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


# --- The brute-force model -----------------------------------------------------------


def kit_days(stop: ExhibitionStop, transport_days: int) -> set[date]:
    return days(
        stop.setup_on - timedelta(days=transport_days),
        stop.teardown_on + timedelta(days=transport_days),
    )


def venue_days(stop: ExhibitionStop) -> set[date]:
    return days(stop.setup_on, stop.teardown_on)


def expected_conflicts(stop: ExhibitionStop, world: World) -> set[tuple]:
    """(kind, other, first day, last day, blocking) for ``stop``, from day sets alone."""
    if stop.status == StopStatus.CANCELLED:
        return set()
    transport = stop.kit.transport_days
    expected = set()
    for other in world.stops:
        if other.pk == stop.pk or other.status == StopStatus.CANCELLED:
            continue
        blocking = stop.status == other.status == StopStatus.CONFIRMED
        if other.kit_id == stop.kit_id:
            shared = kit_days(stop, transport) & kit_days(other, transport)
            if shared:
                expected.add((ConflictKind.KIT, other.pk, min(shared), max(shared), blocking))
        if other.venue_id == stop.venue_id:
            shared = venue_days(stop) & venue_days(other)
            if shared:
                expected.add((ConflictKind.VENUE, other.pk, min(shared), max(shared), blocking))
    for closure in world.closures:
        if closure.venue_id == stop.venue_id:
            shared = venue_days(stop) & days(closure.starts_on, closure.ends_on)
            if shared:
                expected.add(
                    (
                        ConflictKind.CLOSURE,
                        closure.pk,
                        min(shared),
                        max(shared),
                        stop.status == StopStatus.CONFIRMED,
                    )
                )
    return expected


def as_tuples(conflicts) -> set[tuple]:
    return {
        (c.kind, (c.stop or c.closure).pk, c.first_day, c.last_day, c.blocking) for c in conflicts
    }


# --- Building a world ------------------------------------------------------------------


def new_stop(spec: StopSpec, world: World, slug: str) -> ExhibitionStop:
    kit = world.kits[spec.kit]
    stop = ExhibitionStop(
        kit=kit,
        venue=world.venues[spec.venue],
        slug=slug,
        host_organisation="Gemeente",
        setup_on=spec.setup_on,
        opens_on=spec.opens_on,
        closes_on=spec.closes_on,
        teardown_on=spec.teardown_on,
        status=spec.status,
    )
    stop.occupied_from = stop.setup_on - timedelta(days=kit.transport_days)
    stop.occupied_until = stop.teardown_on + timedelta(days=kit.transport_days)
    return stop


def build_world(transport: tuple[int, int], specs: list[StopSpec], closures: list) -> World:
    """Write the world straight to the database, as rows from any code path would be.

    A confirmed stop that clashes with an earlier confirmed one becomes an
    option: PostgreSQL's exclusion constraints would refuse it, and rightly.
    """
    tour = TourFactory()
    world = World(
        kits=[ExhibitionKitFactory(series=tour, transport_days=t) for t in transport],
        venues=[VenueFactory() for _ in range(3)],
        closures=[],
        stops=[],
    )
    for venue, offset, length in closures:
        first = START + timedelta(days=offset)
        world.closures.append(
            VenueClosureFactory(
                venue=world.venues[venue], starts_on=first, ends_on=first + timedelta(days=length)
            )
        )
    for index, spec in enumerate(specs):
        stop = new_stop(spec, world, f"stop-{index}")
        if stop.status == StopStatus.CONFIRMED and any(
            c[4] and c[0] != ConflictKind.CLOSURE for c in expected_conflicts(stop, world)
        ):
            stop.status = StopStatus.OPTION
        stop.save()
        world.stops.append(stop)
    return world


def in_rolled_back_transaction(test):
    """Each example writes its world and leaves nothing behind for the next."""

    def run(*args, **kwargs):
        with transaction.atomic():
            test(*args, **kwargs)
            transaction.set_rollback(True)

    return run


# --- The properties ----------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(
    transport=st.tuples(st.integers(0, 3), st.integers(0, 3)),
    specs=st.lists(stop_specs, max_size=10),
    closures=st.lists(closure_specs, max_size=4),
    candidate=candidate_specs,
    moving=st.one_of(st.none(), st.integers(0, 9)),
)
@in_rolled_back_transaction
def test_conflict_checker_agrees_with_the_day_by_day_model(
    transport, specs, closures, candidate, moving
):
    world = build_world(transport, specs, closures)
    stop = new_stop(candidate, world, "candidate")
    if moving is not None and moving < len(world.stops):
        # Move a stored stop (and change its status): it never clashes with itself.
        stored = ExhibitionStop.objects.get(pk=world.stops[moving].pk)
        for name in ("kit", "venue", "setup_on", "opens_on", "closes_on", "teardown_on"):
            setattr(stored, name, getattr(stop, name))
        stored.status, stop = stop.status, stored
        event("candidate: a stored stop, moved")

    found = find_stop_conflicts(stop=stop)

    expected = expected_conflicts(stop, world)
    assert as_tuples(found) == expected
    for kind in {conflict[0] for conflict in expected}:
        event(f"candidate clashes: {kind}")
    event(f"candidate: {stop.status}, {'clashes' if expected else 'free'}")

    blocking = any(conflict[4] for conflict in expected)
    count = ExhibitionStop.objects.count()
    try:
        with transaction.atomic():
            save_stop(stop=stop)
    except PlanningConflict as refusal:
        assert blocking, "refused without a blocking conflict"
        assert as_tuples(refusal.conflicts) == {c for c in expected if c[4]}
        assert ExhibitionStop.objects.count() == count
        event("save refused")
    else:
        assert not blocking, "saved despite a blocking conflict"
        assert ExhibitionStop.objects.count() == count + (moving is None or moving >= len(specs))
        assert ExhibitionStop.objects.get(pk=stop.pk).setup_on == stop.setup_on
        event("saved" + (" with warnings" if expected else ""))


@PROPERTY_SETTINGS
@given(
    transport=st.tuples(st.integers(0, 3), st.integers(0, 3)),
    specs=st.lists(stop_specs, max_size=10),
    closures=st.lists(closure_specs, max_size=4),
)
@in_rolled_back_transaction
def test_timeline_conflicts_agree_with_the_day_by_day_model(transport, specs, closures):
    world = build_world(transport, specs, closures)

    timeline = build_timeline(
        year=START.year,
        kits=ExhibitionKit.objects.filter(pk__in=[k.pk for k in world.kits]),
        today=START,
    )

    drawn = {bar.stop.pk: bar for row in timeline.rows for bar in row.bars}
    shown = [s for s in world.stops if s.status != StopStatus.CANCELLED]
    assert set(drawn) == {s.pk for s in shown}
    for stop in shown:
        assert as_tuples(drawn[stop.pk].conflicts) == expected_conflicts(stop, world), stop.slug
        # Bars in one row never share a lane while they overlap.
    for row in timeline.rows:
        bars = sorted(row.bars, key=lambda bar: (bar.y, bar.x))
        for first, second in itertools.pairwise(bars):
            if first.y == second.y:
                assert first.stop.occupied_until < second.stop.occupied_from
    red = len(timeline.conflicting_bars)
    event(f"bars in red: {red}" if red < 4 else "bars in red: 4 or more")
    event(f"deepest row: {max((row.lanes for row in timeline.rows), default=1)} lane(s)")


@PROPERTY_SETTINGS
@given(
    transport=st.tuples(st.integers(0, 3), st.integers(0, 3)),
    specs=st.lists(stop_specs, max_size=10),
    closures=st.lists(closure_specs, max_size=4),
    venue=st.integers(0, 2),
    weeks=st.integers(1, 3),
    after=st.integers(0, 60),
    kit=st.sampled_from([None, 0, 1]),
    limit=st.integers(1, 4),
)
@in_rolled_back_transaction
def test_every_free_window_can_be_booked_and_none_earlier_is_missed(
    transport, specs, closures, venue, weeks, after, kit, limit
):
    world = build_world(transport, specs, closures)
    after_day = START + timedelta(days=after)
    length = 7 * weeks

    windows = find_free_windows(
        venue=world.venues[venue],
        weeks=weeks,
        after=after_day,
        kit=world.kits[kit] if kit is not None else None,
        kits=world.kits,
        limit=limit,
    )

    assert 1 <= len(windows) <= limit  # past the last stop every kit is free
    assert windows == sorted(windows, key=lambda w: (w.setup_on, w.kit.name, w.kit.pk))
    venue_busy = set().union(
        *(
            venue_days(s)
            for s in world.stops
            if s.venue_id == world.venues[venue].pk and s.status != StopStatus.CANCELLED
        ),
        *(
            days(c.starts_on, c.ends_on)
            for c in world.closures
            if c.venue_id == world.venues[venue].pk
        ),
    )

    def free_start(candidate_kit: ExhibitionKit, day: date) -> bool:
        """Brute force: no day of the stay at the venue is taken, no day of the kit's trip."""
        t = candidate_kit.transport_days
        kit_busy = set().union(
            *(
                kit_days(s, t)
                for s in world.stops
                if s.kit_id == candidate_kit.pk and s.status != StopStatus.CANCELLED
            )
        )
        stay = days(day, day + timedelta(days=length - 1))
        trip = days(day - timedelta(days=t), day + timedelta(days=length - 1 + t))
        return not (stay & venue_busy) and not (trip & kit_busy)

    seen_kits = set()
    for window in windows:
        assert window.setup_on >= after_day
        assert window.days == length
        assert free_start(window.kit, window.setup_on)
        if window.free_until is not None:
            latest = window.latest_setup_on
            assert latest >= window.setup_on
            assert free_start(window.kit, latest)
            assert not free_start(window.kit, latest + timedelta(days=1))
        if window.kit.pk not in seen_kits:
            # The kit's first window is the first free start day; nothing earlier was missed.
            day = after_day
            while day < window.setup_on:
                assert not free_start(window.kit, day), day
                day += timedelta(days=1)
            seen_kits.add(window.kit.pk)
        booking = new_stop(
            StopSpec(
                0, venue, (window.setup_on - START).days, 1, length - 2, 1, StopStatus.CONFIRMED
            ),
            world,
            f"booked-{window.kit.pk}-{window.setup_on:%Y%m%d}",
        )
        booking.kit = window.kit
        assert find_stop_conflicts(stop=booking) == []
        with transaction.atomic():
            save_stop(stop=booking)  # confirmed, and not refused
            transaction.set_rollback(True)
    event(f"windows offered: {len(windows)}")
    event(
        "first window right at the start day"
        if windows[0].setup_on == after_day
        else "first window later"
    )
