"""Saving stops, kits and meetings under the planning rules; the one way in for every caller.

Each function owns its transaction and locks rows in one fixed order, so two
organisers never wait on each other in a circle: the kit, then the venue,
then the stop (or the meeting) itself.

- On PostgreSQL the locks make the checks exact (the second of two parallel
  confirmations waits, then sees the first), and the exclusion constraints
  of migration ``events.0002`` stand behind them: should any code path skip
  the service, the database still refuses, and a refusal that reaches us is
  turned back into the same clear message (``PlanningConflict``).
- On SQLite ``select_for_update`` does nothing, but the settings open every
  transaction with ``BEGIN IMMEDIATE``: one writer at a time, so the check
  and the save of one transaction cannot interleave with another's.

The locks are ``FOR NO KEY UPDATE``: they queue planners behind each other
but not the foreign-key checks of other rows that merely point at the kit or
venue (a plain ``FOR UPDATE`` would, and could deadlock against a writer that
skipped the service and waits at its commit).

The locks are held until the *outermost* transaction ends. The admin
validates its form (calling the ``check_*`` function) and saves in one
transaction, so what the form saw is still true when the save runs.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from notifications import outbox
from venues.models import Venue

from ..models import ExhibitionKit, ExhibitionStop, Meeting, MeetingStatus, StopStatus
from ..revisions import save_with_revision
from .conflicts import (
    Conflict,
    find_kit_conflicts,
    find_meeting_conflicts,
    find_stop_conflicts,
    occupied_days,
)

# The PostgreSQL exclusion constraints of migration events.0002 (not in the model state).
KIT_EXCLUSION = "exhibitionstop_kit_one_place_at_a_time"
VENUE_EXCLUSION = "exhibitionstop_venue_one_stop_at_a_time"
MEETING_EXCLUSION = "meeting_venue_one_meeting_at_a_time"
STOP_EXCLUSIONS = frozenset({KIT_EXCLUSION, VENUE_EXCLUSION})


class PlanningConflict(ValidationError):
    """A save the planning rules refuse; nothing was written. ``conflicts`` says why.

    A ``ValidationError``, so forms show it as a form error and anything that
    handles validation errors handles it; each message names the clash.
    """

    def __init__(self, conflicts: list[Conflict], *, fallback: str | None = None):
        messages = [conflict.message for conflict in conflicts] or [fallback or ""]
        super().__init__(
            [ValidationError(message, code="conflict") for message in messages], code="conflict"
        )
        self.conflicts = conflicts


def apply_occupancy(stop: ExhibitionStop) -> None:
    """Set the stop's derived occupied days from its kit's transport days."""
    stop.occupied_from, stop.occupied_until = occupied_days(
        stop, transport_days=stop.kit.transport_days
    )


def _lock_kit_and_venue(*, kit_id: int, venue_id: int) -> ExhibitionKit:
    """Lock the kit row, then the venue row; return the kit as stored now."""
    kit = ExhibitionKit.objects.select_for_update(no_key=True).get(pk=kit_id)
    list(
        Venue.objects.select_for_update(no_key=True)
        .filter(pk=venue_id)
        .values_list("pk", flat=True)
    )
    return kit


def _constraint_name(error: IntegrityError) -> str | None:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


def _refuse_blocking(conflicts: list[Conflict]) -> list[Conflict]:
    """Raise for the blocking conflicts; return the rest (the warnings)."""
    blocking = [conflict for conflict in conflicts if conflict.blocking]
    if blocking:
        raise PlanningConflict(blocking)
    return conflicts


def _save_or_refuse(
    save: Callable[[], object], *, constraints: frozenset[str], find: Callable[[], list[Conflict]]
) -> None:
    """Run ``save`` in a savepoint; turn a refusal by one of ``constraints`` into a message.

    Only a transaction that did not take our locks can get us here (on
    PostgreSQL): by now it has committed, so ``find`` sees what it wrote.
    """
    try:
        with transaction.atomic():
            save()
    except IntegrityError as error:
        if _constraint_name(error) not in constraints:
            raise
        conflicts = [conflict for conflict in find() if conflict.blocking]
        raise PlanningConflict(
            conflicts,
            fallback=gettext(
                "Another change saved at the same moment clashes with this one. "
                "Look at the timeline and try again."
            ),
        ) from error


# --- Stops -----------------------------------------------------------------------


def check_stop(*, stop: ExhibitionStop) -> list[Conflict]:
    """Check ``stop`` as it would be saved, without saving it.

    Raises ``PlanningConflict`` when it is confirmed and clashes with a
    confirmed stop (of its kit, or at its venue) or a closure of its venue.
    Otherwise returns its conflicts, all of them warnings. Locks the kit and
    the venue until the surrounding transaction ends.
    """
    if stop.kit_id is None or stop.venue_id is None:
        return []
    with transaction.atomic():
        stop.kit = _lock_kit_and_venue(kit_id=stop.kit_id, venue_id=stop.venue_id)
        return _refuse_blocking(find_stop_conflicts(stop=stop))


def save_stop(*, stop: ExhibitionStop) -> ExhibitionStop:
    """Create or change a stop after checking every rule on the model and the planning rules.

    A confirmed stop that clashes is refused with ``PlanningConflict`` and
    nothing is written. Drafts and options are saved whatever they clash
    with; ``find_stop_conflicts(stop=stop)`` then lists the warnings to show.
    Keeps the stop's occupied days in step with its kit's transport days.
    """
    with transaction.atomic():
        if stop.kit_id is not None and stop.venue_id is not None:
            stop.kit = _lock_kit_and_venue(kit_id=stop.kit_id, venue_id=stop.venue_id)
            if stop.setup_on is not None and stop.teardown_on is not None:
                apply_occupancy(stop)
        stop.full_clean()
        _refuse_blocking(find_stop_conflicts(stop=stop))
        _save_or_refuse(
            lambda: save_with_revision(stop),
            constraints=STOP_EXCLUSIONS,
            find=lambda: find_stop_conflicts(stop=stop),
        )
        # Logistics notices follow the stop's dates and status.
        outbox.replan_stop_notices(stop=stop)
    return stop


def set_stop_status(*, stop: ExhibitionStop, status: StopStatus) -> bool:
    """Move a stop to ``status`` (confirm, cancel...). Returns whether anything changed.

    Confirming is refused with ``PlanningConflict`` while the stop clashes
    with a confirmed stop or a closure. Works on the stored stop (its dates
    as saved, not as ``stop`` may hold them in memory) and updates ``stop``.
    """
    with transaction.atomic():
        stored = _lock_stop(stop.pk)
        if stored.status == status:
            stop.status = status
            return False
        stored.status = status
        apply_occupancy(stored)
        _refuse_blocking(find_stop_conflicts(stop=stored))
        _save_or_refuse(
            lambda: save_with_revision(stored),
            constraints=STOP_EXCLUSIONS,
            find=lambda: find_stop_conflicts(stop=stored),
        )
        outbox.replan_stop_notices(stop=stored)
    stop.status, stop.sequence, stop.updated_at = stored.status, stored.sequence, stored.updated_at
    return True


def _lock_stop(pk: int) -> ExhibitionStop:
    """Lock the stop's kit, venue and then the stop itself, in that order.

    The kit and venue are read before they are locked; if the stop moved to
    another kit or venue in between, lock again.
    """
    for _attempt in range(3):
        kit_id, venue_id = ExhibitionStop.objects.values_list("kit_id", "venue_id").get(pk=pk)
        kit = _lock_kit_and_venue(kit_id=kit_id, venue_id=venue_id)
        stored = (
            ExhibitionStop.objects.select_for_update(no_key=True, of=("self",))
            .select_related("venue")
            .get(pk=pk)
        )
        if (stored.kit_id, stored.venue_id) == (kit_id, venue_id):
            stored.kit = kit
            return stored
    raise RuntimeError(f"stop {pk} keeps moving between kits or venues")


# --- Kits ------------------------------------------------------------------------


def check_kit(*, kit: ExhibitionKit) -> list[Conflict]:
    """Check the kit's stops against its transport days as they are in memory.

    Raises ``PlanningConflict`` when two confirmed stops would overlap;
    returns the other clashes (warnings). Locks the kit row.
    """
    with transaction.atomic():
        if kit.pk is not None:
            list(
                ExhibitionKit.objects.select_for_update(no_key=True)
                .filter(pk=kit.pk)
                .values_list("pk")
            )
        return _refuse_blocking(find_kit_conflicts(kit=kit))


def save_kit(*, kit: ExhibitionKit) -> ExhibitionKit:
    """Create or change a kit; a change of transport days moves all its stops' occupied days.

    Refused with ``PlanningConflict`` (nothing written) when longer transport
    would make two confirmed stops overlap.
    """
    with transaction.atomic():
        kit.full_clean()
        check_kit(kit=kit)
        kit.save()
        stops = list(kit.stops.all())
        for stop in stops:
            stop.kit = kit
            apply_occupancy(stop)
        # All windows grow or all shrink, so no row in between clashes when the
        # final state does not; the exclusion constraint checks row by row.
        _save_or_refuse(
            lambda: ExhibitionStop.objects.bulk_update(stops, ["occupied_from", "occupied_until"]),
            constraints=STOP_EXCLUSIONS,
            find=lambda: find_kit_conflicts(kit=kit),
        )
        # Transport notices are due the kit's transport days before setup.
        for stop in stops:
            outbox.replan_stop_notices(stop=stop)
    return kit


# --- Meetings --------------------------------------------------------------------


def check_meeting(*, meeting: Meeting) -> None:
    """Refuse (``PlanningConflict``) a meeting that overlaps another at its venue or a closure.

    Locks the venue row until the surrounding transaction ends.
    """
    with transaction.atomic():
        if meeting.venue_id is not None and meeting.status != MeetingStatus.CANCELLED:
            list(
                Venue.objects.select_for_update(no_key=True)
                .filter(pk=meeting.venue_id)
                .values_list("pk", flat=True)
            )
        _refuse_blocking(find_meeting_conflicts(meeting=meeting))


def check_and_save_meeting(*, meeting: Meeting, save: Callable[[], object]) -> None:
    """Check ``meeting`` against its venue, then run ``save`` (as ``save_meeting`` does)."""
    with transaction.atomic():
        check_meeting(meeting=meeting)
        _save_or_refuse(
            save,
            constraints=frozenset({MEETING_EXCLUSION}),
            find=lambda: find_meeting_conflicts(meeting=meeting),
        )
