"""One kit, one place at a time, on PostgreSQL: parallel organisers and the exclusion constraints.

Threads have their own connections; ``transaction=True`` so that what one
commits the others really see (or wait for).
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from events.meetings.services import save_meeting
from events.models import ExhibitionStop, Meeting, MeetingStatus, StopStatus
from events.planning import PlanningConflict, save_stop, set_stop_status
from tests.factories import (
    ExhibitionKitFactory,
    ExhibitionStopFactory,
    MeetingFactory,
    SeriesFactory,
    VenueFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MONDAY = date(2027, 3, 1)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def run_in_threads(count: int, work) -> list:
    """Run ``work(i)`` in ``count`` threads released together; refusals are returned."""
    barrier = threading.Barrier(count)

    def worker(i: int):
        try:
            barrier.wait()
            with translation.override("en"):
                return work(i)
        except PlanningConflict as exc:
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(worker, range(count)))


def stop_at(
    kit, venue, setup_on: date, *, status=StopStatus.CONFIRMED, slug: str
) -> ExhibitionStop:
    return ExhibitionStop(
        kit=kit,
        venue=venue,
        slug=slug,
        host_organisation="Gemeente",
        setup_on=setup_on,
        opens_on=setup_on + timedelta(days=1),
        closes_on=setup_on + timedelta(days=12),
        teardown_on=setup_on + timedelta(days=13),
        status=status,
    )


def test_parallel_confirmations_of_clashing_options_let_exactly_one_through():
    kit = ExhibitionKitFactory(name="Set A", transport_days=1)
    options = [
        ExhibitionStopFactory(
            kit=kit,
            venue=VenueFactory(name=f"Stadhuis {i}"),
            setup_on=MONDAY + timedelta(days=i),
            opens_on=MONDAY + timedelta(days=i + 1),
            closes_on=MONDAY + timedelta(days=i + 10),
            teardown_on=MONDAY + timedelta(days=i + 11),
            status=StopStatus.OPTION,
        )
        for i in range(6)
    ]

    results = run_in_threads(
        6, lambda i: set_stop_status(stop=options[i], status=StopStatus.CONFIRMED)
    )

    assert results.count(True) == 1
    refusals = [r for r in results if isinstance(r, PlanningConflict)]
    assert len(refusals) == 5
    winner = ExhibitionStop.objects.get(status=StopStatus.CONFIRMED)
    for refusal in refusals:
        assert [c.stop for c in refusal.conflicts] == [winner]
        assert (
            f"Set A is already bound to the confirmed stop at {winner.venue.name}"
            in (refusal.messages[0])
        )
    assert ExhibitionStop.objects.filter(status=StopStatus.OPTION).count() == 5


def test_parallel_new_confirmed_stops_of_one_kit_save_exactly_one():
    kit = ExhibitionKitFactory(transport_days=2)
    venues = [VenueFactory() for _ in range(5)]

    results = run_in_threads(
        5,
        lambda i: save_stop(stop=stop_at(kit, venues[i], MONDAY + timedelta(days=i), slug=f"s{i}")),
    )

    assert len([r for r in results if isinstance(r, ExhibitionStop)]) == 1
    assert len([r for r in results if isinstance(r, PlanningConflict)]) == 4
    assert ExhibitionStop.objects.count() == 1


def test_parallel_confirmed_stops_of_different_kits_at_one_venue_save_exactly_one():
    venue = VenueFactory()
    kits = [ExhibitionKitFactory() for _ in range(4)]

    results = run_in_threads(
        4, lambda i: save_stop(stop=stop_at(kits[i], venue, MONDAY, slug=f"v{i}"))
    )

    assert len([r for r in results if isinstance(r, PlanningConflict)]) == 3
    assert venue.stops.count() == 1


def test_parallel_overlapping_meetings_at_one_venue_save_exactly_one():
    venue = VenueFactory()
    series = SeriesFactory()
    start = datetime(2027, 3, 4, 13, 30, tzinfo=AMSTERDAM)

    def attempt(i: int):
        meeting = Meeting(
            series=series,
            title=f"Bijeenkomst {i}",
            slug=f"bijeenkomst-{i}",
            venue=venue,
            starts_at=start + timedelta(minutes=10 * i),
            ends_at=start + timedelta(hours=3),
            capacity=20,
            status=MeetingStatus.PUBLISHED,
        )
        return save_meeting(meeting=meeting)

    results = run_in_threads(5, attempt)

    assert len([r for r in results if isinstance(r, PlanningConflict)]) == 4
    assert Meeting.objects.count() == 1


def test_database_refuses_clashing_confirmed_stops_written_past_the_service():
    kit = ExhibitionKitFactory(transport_days=1)
    ExhibitionStopFactory(
        kit=kit, setup_on=MONDAY, opens_on=MONDAY, closes_on=MONDAY + timedelta(days=9)
    )
    # Two weeks later at the venue, but the transport days touch: only the kit's rule.
    later = ExhibitionStopFactory.build(
        kit=kit,
        venue=VenueFactory(),
        setup_on=MONDAY + timedelta(days=12),
        opens_on=MONDAY + timedelta(days=12),
        closes_on=MONDAY + timedelta(days=20),
    )

    with (
        pytest.raises(IntegrityError, match="exhibitionstop_kit_one_place_at_a_time"),
        transaction.atomic(),
    ):
        later.save()

    later.status = StopStatus.OPTION
    later.save()  # options may clash
    with pytest.raises(IntegrityError, match="exhibitionstop_kit_one_place_at_a_time"):
        ExhibitionStop.objects.filter(pk=later.pk).update(status=StopStatus.CONFIRMED)


def test_database_refuses_two_confirmed_stops_at_one_venue_and_overlapping_meetings():
    venue = VenueFactory()
    first = ExhibitionStopFactory(venue=venue)
    with (
        pytest.raises(IntegrityError, match="exhibitionstop_venue_one_stop_at_a_time"),
        transaction.atomic(),
    ):
        ExhibitionStopFactory(venue=venue, opens_on=first.closes_on)

    meeting = MeetingFactory(venue=venue)
    with (
        pytest.raises(IntegrityError, match="meeting_venue_one_meeting_at_a_time"),
        transaction.atomic(),
    ):
        MeetingFactory(venue=venue, starts_at=meeting.starts_at + timedelta(hours=1))
    MeetingFactory(venue=venue, starts_at=meeting.ends_at)  # back to back is fine


def test_clash_committed_past_the_lock_is_refused_by_the_database_with_the_clear_message():
    """A writer that skips the service (no kit lock) commits while the service is saving.

    The service's check cannot see the uncommitted row, so its insert waits on
    the exclusion constraint; when the writer commits, the database refuses
    it, and the service turns that into the same message as its own check.
    """
    kit = ExhibitionKitFactory(name="Set B", transport_days=2)
    venue = VenueFactory(name="Gemeentehuis Emmen")
    inserted, release = threading.Event(), threading.Event()
    planner_pid: list[int] = []

    def writer():
        try:
            with transaction.atomic():
                ExhibitionStopFactory(
                    kit=kit,
                    venue=venue,
                    slug="past-the-service",
                    setup_on=MONDAY,
                    opens_on=MONDAY + timedelta(days=1),
                )
                inserted.set()
                release.wait(20)
        finally:
            connection.close()

    def planner():
        try:
            inserted.wait(20)
            connection.ensure_connection()
            planner_pid.append(connection.connection.info.backend_pid)
            with translation.override("en"):
                return save_stop(
                    stop=stop_at(
                        kit, VenueFactory(), MONDAY + timedelta(days=3), slug="via-service"
                    )
                )
        except PlanningConflict as exc:
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        writing = pool.submit(writer)
        planning = pool.submit(planner)
        try:
            assert wait_until_waiting_on_a_lock(planner_pid), "the service never waited"
        finally:
            release.set()
        refusal = planning.result(timeout=30)
        writing.result(timeout=30)

    assert isinstance(refusal, PlanningConflict)
    assert isinstance(refusal.__cause__, IntegrityError)
    assert (
        "Set B is already bound to the confirmed stop at Gemeentehuis Emmen"
        in (refusal.messages[0])
    )
    assert list(ExhibitionStop.objects.values_list("slug", flat=True)) == ["past-the-service"]


def wait_until_waiting_on_a_lock(pids: list[int], timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pids:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pids[0]]
                )
                row = cursor.fetchone()
            if row and row[0] == "Lock":
                return True
        time.sleep(0.05)
    return False
