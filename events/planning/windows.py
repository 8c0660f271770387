"""Free windows: where a kit could go to a venue for N weeks without clashing with anything.

Used by the organiser page and the API. A window is free when a stop there
would have no conflict at all, not even a warning: the venue has no other
stop (draft and option included) and no closure from setup to teardown, and
the kit has no other stop in its occupied days (transport included).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext

from venues.models import Venue, VenueClosure

from ..models import ExhibitionKit, ExhibitionStop, StopStatus

# ExhibitionKit's check constraint caps transport days at 30.
MAX_TRANSPORT_DAYS = 30
MAX_WEEKS = 52


@dataclass(frozen=True)
class FreeWindow:
    """A stay of ``kit`` at ``venue``: set up on ``setup_on``, taken down on ``teardown_on``.

    ``free_until`` is the last day the venue and kit stay free (``None``: no
    end), so the stay may start any day up to ``latest_setup_on``.
    """

    kit: ExhibitionKit
    venue: Venue
    setup_on: date
    teardown_on: date
    free_until: date | None

    @property
    def days(self) -> int:
        return (self.teardown_on - self.setup_on).days + 1

    @property
    def opens_on(self) -> date:
        """The first day open, when setup takes one day (what the admin form is filled with)."""
        return self.setup_on + timedelta(days=1)

    @property
    def closes_on(self) -> date:
        """The last day open, when teardown takes one day."""
        return self.teardown_on - timedelta(days=1)

    @property
    def latest_setup_on(self) -> date | None:
        if self.free_until is None:
            return None
        return self.free_until - timedelta(days=self.days - 1)


def find_free_windows(
    *,
    venue: Venue,
    weeks: int,
    after: date,
    kit: ExhibitionKit | None = None,
    kits: Iterable[ExhibitionKit] | None = None,
    limit: int = 5,
) -> list[FreeWindow]:
    """The first ``limit`` free windows of ``weeks`` weeks at ``venue``, set up ``after`` or later.

    For ``kit``, or else for each of ``kits`` (default: every kit). A window
    lasts ``weeks * 7`` days from setup to teardown. Each kit offers the
    earliest start in each free stretch, so the list shows distinct
    possibilities rather than the same stretch day after day. Sorted by
    setup day, then kit name. Three queries whatever the number of stops.

    Raises ``ValidationError`` for ``weeks`` outside 1 to 52 or ``limit`` below 1.
    """
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError(
            gettext("A stay lasts 1 to %(max)d weeks.") % {"max": MAX_WEEKS}, code="weeks"
        )
    if limit < 1:
        raise ValidationError(gettext("Ask for at least one window."), code="limit")
    candidates = [kit] if kit is not None else list(kits or ExhibitionKit.objects.order_by("name"))
    if not candidates:
        return []
    length = weeks * 7
    stops = list(
        ExhibitionStop.objects.exclude(status=StopStatus.CANCELLED)
        .filter(
            Q(venue=venue, teardown_on__gte=after)
            | Q(
                kit__in=[candidate.pk for candidate in candidates],
                occupied_until__gte=after - timedelta(days=MAX_TRANSPORT_DAYS),
            )
        )
        .only("kit_id", "venue_id", "setup_on", "teardown_on", "occupied_from", "occupied_until")
    )
    venue_busy = [(stop.setup_on, stop.teardown_on) for stop in stops if stop.venue_id == venue.pk]
    venue_busy += VenueClosure.objects.filter(venue=venue, ends_on__gte=after).values_list(
        "starts_on", "ends_on"
    )
    windows: list[FreeWindow] = []
    for candidate in candidates:
        transport = timedelta(days=candidate.transport_days)
        # A stay [s, e] takes the kit [s - t, e + t]: it must keep t days clear of
        # another stop's occupied days on either side.
        kit_busy = [
            (stop.occupied_from - transport, stop.occupied_until + transport)
            for stop in stops
            if stop.kit_id == candidate.pk
        ]
        for setup_on, free_until in free_stretches(
            venue_busy + kit_busy, start=after, length=length, limit=limit
        ):
            windows.append(
                FreeWindow(
                    kit=candidate,
                    venue=venue,
                    setup_on=setup_on,
                    teardown_on=setup_on + timedelta(days=length - 1),
                    free_until=free_until,
                )
            )
    windows.sort(key=lambda window: (window.setup_on, window.kit.name, window.kit.pk))
    return windows[:limit]


def free_stretches(
    busy: list[tuple[date, date]], *, start: date, length: int, limit: int
) -> list[tuple[date, date | None]]:
    """The first ``limit`` stretches of at least ``length`` free days from ``start``.

    ``busy`` holds inclusive day ranges, in any order and overlapping.
    Each stretch is (its first day, its last day or ``None`` when it never ends).
    """
    stretches: list[tuple[date, date | None]] = []
    free_from = start
    for busy_from, busy_until in sorted(busy):
        if busy_until < free_from:
            continue
        if (busy_from - free_from).days >= length:
            stretches.append((free_from, busy_from - timedelta(days=1)))
            if len(stretches) == limit:
                return stretches
        free_from = max(free_from, busy_until + timedelta(days=1))
    stretches.append((free_from, None))
    return stretches
