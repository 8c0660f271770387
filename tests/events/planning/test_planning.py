"""The planning rules through their services: what is refused, what only warns, what is saved."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from events.meetings.services import publish_meeting, save_meeting
from events.models import ExhibitionStop, Meeting, MeetingStatus, StopStatus
from events.planning import (
    ConflictKind,
    PlanningConflict,
    find_closure_conflicts,
    find_kit_conflicts,
    find_meeting_conflicts,
    find_stop_conflicts,
    save_kit,
    save_stop,
    set_stop_status,
)
from tests.factories import (
    ExhibitionKitFactory,
    MeetingFactory,
    SeriesFactory,
    VenueClosureFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2027, 3, 1)


def new_stop(kit, venue, setup_on: date, *, days: int = 14, status=StopStatus.CONFIRMED, slug=None):
    """An unsaved stop: set up on ``setup_on``, open the next day, taken down ``days`` later."""
    return ExhibitionStop(
        kit=kit,
        venue=venue,
        slug=slug or f"stop-{kit.pk}-{venue.pk}-{setup_on:%Y%m%d}",
        host_organisation="Gemeente Zwolle",
        setup_on=setup_on,
        opens_on=setup_on + timedelta(days=1),
        closes_on=setup_on + timedelta(days=days - 2),
        teardown_on=setup_on + timedelta(days=days - 1),
        status=status,
    )


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Amsterdam in March 2027."""
    return datetime(2027, 3, day, hour, minute, tzinfo=AMSTERDAM)


def planned(kit, venue, setup_on: date, **kwargs) -> ExhibitionStop:
    return save_stop(stop=new_stop(kit, venue, setup_on, **kwargs))


@pytest.fixture
def kit():
    return ExhibitionKitFactory(name="Set A", transport_days=2)


# --- Stops of one kit ----------------------------------------------------------------


def test_save_stop_stores_occupied_days_with_transport(kit):
    stop = planned(kit, VenueFactory(), MONDAY)

    stop.refresh_from_db()
    assert stop.occupied_from == MONDAY - timedelta(days=2)
    assert stop.occupied_until == stop.teardown_on + timedelta(days=2)


def test_confirmed_stops_of_one_kit_clashing_in_transport_days_are_refused(kit):
    first = planned(kit, VenueFactory(name="Stadhuis Zwolle"), MONDAY)
    # Teardown + 2 transport days, then 2 transport days before the next setup:
    # one day short of room.
    setup_on = first.teardown_on + timedelta(days=4)

    with pytest.raises(PlanningConflict) as refusal:
        planned(kit, VenueFactory(), setup_on)

    (conflict,) = refusal.value.conflicts
    assert conflict.kind == ConflictKind.KIT
    assert conflict.stop == first
    assert (conflict.first_day, conflict.last_day) == (setup_on - timedelta(days=2),) * 2
    assert ExhibitionStop.objects.count() == 1


def test_confirmed_stops_of_one_kit_with_transport_room_between_are_saved(kit):
    first = planned(kit, VenueFactory(), MONDAY)

    planned(kit, VenueFactory(), first.teardown_on + timedelta(days=5))

    assert ExhibitionStop.objects.count() == 2


def test_refusal_message_names_the_kit_venue_status_and_days(kit):
    planned(kit, VenueFactory(name="Stadhuis Zwolle"), MONDAY)

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        planned(kit, VenueFactory(), MONDAY + timedelta(days=3))

    (message,) = refusal.value.messages
    assert message.startswith("Set A is already bound to the confirmed stop at Stadhuis Zwolle")
    assert "transport days included" in message
    assert "March 2, 2027 – March 16, 2027" in message


def test_refusal_message_is_dutch_by_default(kit):
    planned(kit, VenueFactory(name="Stadhuis Zwolle"), MONDAY)

    with translation.override("nl"), pytest.raises(ValidationError) as refusal:
        planned(kit, VenueFactory(), MONDAY + timedelta(days=3))

    assert "maart 2027" in refusal.value.messages[0]


def test_option_that_clashes_is_saved_and_its_conflicts_are_warnings(kit):
    confirmed = planned(kit, VenueFactory(), MONDAY)

    option = planned(kit, VenueFactory(), MONDAY + timedelta(days=7), status=StopStatus.OPTION)

    conflicts = find_stop_conflicts(stop=option)
    assert [c.stop for c in conflicts] == [confirmed]
    assert not any(c.blocking for c in conflicts)
    # Seen from the confirmed stop, the option is a warning as well.
    assert [(c.stop, c.blocking) for c in find_stop_conflicts(stop=confirmed)] == [(option, False)]


def test_confirming_an_option_that_clashes_is_refused_and_leaves_it_an_option(kit):
    planned(kit, VenueFactory(), MONDAY)
    option = planned(kit, VenueFactory(), MONDAY + timedelta(days=7), status=StopStatus.OPTION)

    with pytest.raises(PlanningConflict):
        set_stop_status(stop=option, status=StopStatus.CONFIRMED)

    option.refresh_from_db()
    assert option.status == StopStatus.OPTION
    assert option.sequence == 0


def test_cancelled_stops_clash_with_nothing(kit):
    cancelled = planned(kit, VenueFactory(), MONDAY)
    set_stop_status(stop=cancelled, status=StopStatus.CANCELLED)

    stop = planned(kit, VenueFactory(), MONDAY)

    assert find_stop_conflicts(stop=stop) == []
    assert find_stop_conflicts(stop=cancelled) == []


def test_moving_a_stop_does_not_clash_with_itself(kit):
    stop = planned(kit, VenueFactory(), MONDAY)
    stop.setup_on += timedelta(days=1)
    stop.opens_on += timedelta(days=1)

    save_stop(stop=stop)

    stop.refresh_from_db()
    assert stop.occupied_from == MONDAY - timedelta(days=1)
    assert stop.sequence == 1


def test_set_stop_status_checks_the_stored_dates_not_the_ones_in_memory(kit):
    planned(kit, VenueFactory(), MONDAY)
    option = planned(kit, VenueFactory(), MONDAY + timedelta(days=30), status=StopStatus.OPTION)
    option.setup_on = MONDAY  # never saved

    set_stop_status(stop=option, status=StopStatus.CONFIRMED)

    option.refresh_from_db()
    assert option.status == StopStatus.CONFIRMED
    assert option.setup_on == MONDAY + timedelta(days=30)


def test_save_stop_with_dates_out_of_order_is_a_validation_error_not_a_conflict(kit):
    stop = new_stop(kit, VenueFactory(), MONDAY)
    stop.teardown_on = stop.closes_on - timedelta(days=1)

    with pytest.raises(ValidationError) as refusal:
        save_stop(stop=stop)

    assert not isinstance(refusal.value, PlanningConflict)
    assert ExhibitionStop.objects.count() == 0


# --- Venues and closures ------------------------------------------------------------


def test_venue_hosts_one_confirmed_stop_at_a_time(kit):
    venue = VenueFactory(name="Bibliotheek Neude")
    first = planned(kit, venue, MONDAY)

    with translation.override("en"), pytest.raises(PlanningConflict) as refusal:
        planned(ExhibitionKitFactory(name="Set B"), venue, first.teardown_on)

    (conflict,) = refusal.value.conflicts
    assert conflict.kind == ConflictKind.VENUE
    assert conflict.first_day == conflict.last_day == first.teardown_on
    assert refusal.value.messages[0].startswith("Bibliotheek Neude already hosts the confirmed")


def test_venue_takes_the_next_stop_the_day_after_teardown(kit):
    venue = VenueFactory()
    first = planned(kit, venue, MONDAY)

    planned(ExhibitionKitFactory(), venue, first.teardown_on + timedelta(days=1))

    assert venue.stops.count() == 2


def test_confirmed_stop_during_a_closure_is_refused_with_the_reason(kit):
    venue = VenueFactory(name="Centrale Bibliotheek")
    VenueClosureFactory(
        venue=venue, starts_on=MONDAY + timedelta(days=10), ends_on=MONDAY + timedelta(days=20)
    )

    with translation.override("en"), pytest.raises(PlanningConflict) as refusal:
        planned(kit, venue, MONDAY)

    (message,) = refusal.value.messages
    assert "Centrale Bibliotheek is closed from March 11, 2027 to March 21, 2027" in message
    assert "(Verbouwing)" in message
    assert "March 11, 2027 – March 14, 2027" in message


def test_draft_during_a_closure_is_saved_with_a_warning(kit):
    venue = VenueFactory()
    closure = VenueClosureFactory(venue=venue, starts_on=MONDAY, ends_on=MONDAY)

    draft = planned(kit, venue, MONDAY, status=StopStatus.DRAFT)

    (conflict,) = find_stop_conflicts(stop=draft)
    assert (conflict.kind, conflict.closure, conflict.blocking) == (
        ConflictKind.CLOSURE,
        closure,
        False,
    )


def test_closure_conflicts_name_the_stops_and_meetings_that_must_move(kit):
    venue = VenueFactory()
    stop = planned(kit, venue, MONDAY)
    meeting = MeetingFactory(venue=venue, starts_at=at(5, 13, 30), ends_at=at(5, 17))
    closed_day = MONDAY + timedelta(days=4)
    closure = VenueClosureFactory(venue=venue, starts_on=closed_day, ends_on=closed_day)

    conflicts = find_closure_conflicts(closure=closure)

    assert [(c.stop, c.meeting, c.blocking) for c in conflicts] == [
        (stop, None, True),
        (None, meeting, True),
    ]
    with translation.override("en"):
        assert "falls on days the venue is closed" in conflicts[0].message
        assert "falls on days" in conflicts[1].message


# --- Kits and their transport days ----------------------------------------------------


def test_longer_transport_that_makes_confirmed_stops_overlap_is_refused(kit):
    first = planned(kit, VenueFactory(name="Stadhuis Zwolle"), MONDAY)
    planned(kit, VenueFactory(name="Stadhuis Leiden"), first.teardown_on + timedelta(days=5))
    kit.transport_days = 3

    with translation.override("en"), pytest.raises(PlanningConflict) as refusal:
        save_kit(kit=kit)

    assert (
        "With 3 transport day(s), the confirmed stop at Stadhuis Zwolle"
        in (refusal.value.messages[0])
    )
    kit.refresh_from_db()
    assert kit.transport_days == 2
    first.refresh_from_db()
    assert first.occupied_until == first.teardown_on + timedelta(days=2)


def test_shorter_transport_moves_every_stops_occupied_days(kit):
    stops = [planned(kit, VenueFactory(), MONDAY + timedelta(weeks=4 * n)) for n in range(3)]
    kit.transport_days = 0

    save_kit(kit=kit)

    for stop in stops:
        stop.refresh_from_db()
        assert (stop.occupied_from, stop.occupied_until) == (stop.setup_on, stop.teardown_on)


def test_longer_transport_over_an_option_saves_and_warns(kit):
    first = planned(kit, VenueFactory(), MONDAY)
    planned(kit, VenueFactory(), first.teardown_on + timedelta(days=5), status=StopStatus.OPTION)
    kit.transport_days = 3

    save_kit(kit=kit)

    (warning,) = find_kit_conflicts(kit=kit)
    assert not warning.blocking
    assert warning.subject == first


# --- Meetings ----------------------------------------------------------------------


def unsaved_meeting(venue, starts_at: datetime, ends_at: datetime, **fields) -> Meeting:
    return Meeting(
        series=SeriesFactory(),
        title="Expertbijeenkomst",
        slug=f"meeting-{starts_at:%d%H%M}-{ends_at:%d%H%M}",
        venue=venue,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=20,
        status=MeetingStatus.PUBLISHED,
        **fields,
    )


def test_overlapping_meetings_at_one_venue_are_refused():
    venue = VenueFactory(name="Jaarbeurs Meeting Center")
    MeetingFactory(
        venue=venue, title="Landelijke bijeenkomst", starts_at=at(4, 13), ends_at=at(4, 17)
    )
    meeting = unsaved_meeting(venue, at(4, 16), at(4, 18))

    with translation.override("en"), pytest.raises(PlanningConflict) as refusal:
        save_meeting(meeting=meeting)

    (message,) = refusal.value.messages
    assert "Jaarbeurs Meeting Center already has the meeting “Landelijke bijeenkomst”" in message
    assert meeting.pk is None


def test_back_to_back_meetings_and_other_venues_and_online_meetings_are_fine():
    venue = VenueFactory()
    MeetingFactory(venue=venue, starts_at=at(4, 9), ends_at=at(4, 12))

    save_meeting(meeting=unsaved_meeting(venue, at(4, 12), at(4, 15)))
    save_meeting(meeting=unsaved_meeting(VenueFactory(), at(4, 9), at(4, 12)))
    save_meeting(
        meeting=unsaved_meeting(None, at(4, 10), at(4, 11), online_url="https://meet.example.org/x")
    )

    assert Meeting.objects.count() == 4


def test_cancelled_meeting_frees_its_room():
    venue = VenueFactory()
    MeetingFactory(
        venue=venue, starts_at=at(4, 9), ends_at=at(4, 12), status=MeetingStatus.CANCELLED
    )
    meeting = unsaved_meeting(venue, at(4, 10), at(4, 11))

    save_meeting(meeting=meeting)

    assert find_meeting_conflicts(meeting=meeting) == []


def test_draft_meeting_holds_its_room_too():
    venue = VenueFactory()
    MeetingFactory(venue=venue, starts_at=at(4, 9), ends_at=at(4, 12), status=MeetingStatus.DRAFT)

    with pytest.raises(PlanningConflict):
        save_meeting(meeting=unsaved_meeting(venue, at(4, 10), at(4, 11)))


def test_moving_a_meeting_does_not_clash_with_itself():
    meeting = MeetingFactory(starts_at=at(4, 9), ends_at=at(4, 12))
    meeting.ends_at = at(4, 13)

    save_meeting(meeting=meeting)

    assert meeting.sequence == 1


def test_meeting_on_a_closed_day_is_refused():
    venue = VenueFactory()
    VenueClosureFactory(venue=venue, starts_on=date(2027, 3, 4), ends_on=date(2027, 3, 4))

    with pytest.raises(PlanningConflict) as refusal:
        save_meeting(meeting=unsaved_meeting(venue, at(4, 19), at(4, 21)))

    assert refusal.value.conflicts[0].kind == ConflictKind.CLOSURE


def test_meeting_ending_at_midnight_does_not_touch_the_closed_next_day():
    venue = VenueFactory()
    VenueClosureFactory(venue=venue, starts_on=date(2027, 3, 5), ends_on=date(2027, 3, 5))

    save_meeting(meeting=unsaved_meeting(venue, at(4, 20), at(5, 0)))


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the exclusion constraint refuses the setup itself"
)
def test_publishing_a_draft_that_clashes_is_refused_and_it_stays_a_draft():
    venue = VenueFactory()
    draft = MeetingFactory(
        venue=venue, starts_at=at(4, 9), ends_at=at(4, 12), status=MeetingStatus.DRAFT
    )
    # Written past the service, as rows from before the rule would be.
    MeetingFactory(venue=venue, starts_at=at(4, 10), ends_at=at(4, 11))

    with pytest.raises(PlanningConflict):
        publish_meeting(meeting=draft)

    draft.refresh_from_db()
    assert draft.status == MeetingStatus.DRAFT
