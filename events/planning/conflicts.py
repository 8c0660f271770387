"""What clashes with what: the planning rules as pure functions, and finders that query for them.

The rules, all with inclusive local dates:

- a stop binds its kit from ``setup_on - transport_days`` to
  ``teardown_on + transport_days`` (its *occupied* days); two stops of one
  kit must not share an occupied day;
- a venue hosts one stop at a time, from setup to teardown, and none on the
  days of its closures;
- a venue hosts one meeting at a time (times overlap; one ending at 12:00
  and the next starting at 12:00 do not), and none on a closed day.

Cancelled stops and meetings never clash. Whether a clash *refuses* a save is
decided here too (``Conflict.blocking``): for a stop, only when it is
confirmed and the other side is a confirmed stop or a closure (drafts and
options may clash: that is what planning them is for); for a meeting, always.

The pure functions (``stop_conflicts``) are shared by the finders, which
query the candidates, and by the timeline, which has everything in memory:
both therefore agree on what a conflict is.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext

from venues.models import VenueClosure

from ..models import ExhibitionKit, ExhibitionStop, Meeting, MeetingStatus, StopStatus

# Meetings that hold their room: a draft is being planned there, a published one happens.
ROOM_HOLDING_MEETING_STATUSES = (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED)


class ConflictKind(enum.StrEnum):
    KIT = "kit"  # the kit would be in two places
    VENUE = "venue"  # the venue would host two stops
    CLOSURE = "closure"  # the venue is closed
    MEETING = "meeting"  # the venue would host two meetings at once


@dataclass(frozen=True)
class Conflict:
    """One clash: what it is with, on which days, and whether it refuses the save.

    From a stop's point of view, ``stop``, ``closure`` or ``meeting`` is the
    other side. A kit check (``find_kit_conflicts``) fills ``subject`` with
    the first of the two stops; a closure check fills ``closure`` with the
    closure and ``stop`` or ``meeting`` with what falls in it.
    """

    kind: ConflictKind
    first_day: date
    last_day: date
    blocking: bool
    stop: ExhibitionStop | None = None
    closure: VenueClosure | None = None
    meeting: Meeting | None = None
    subject: ExhibitionStop | None = None

    @property
    def days(self) -> str:
        """The clashing days, for people: one day, or the first and the last."""
        return format_days(self.first_day, self.last_day)

    @property
    def message(self) -> str:
        """A sentence naming the other side and the days, in the active language."""
        if self.kind == ConflictKind.KIT and self.subject is not None:
            return gettext(
                "With %(transport)s transport day(s), the %(first_status)s stop at %(first)s "
                "and the %(second_status)s stop at %(second)s of %(kit)s would overlap "
                "on %(days)s."
            ) % {
                "transport": self.stop.kit.transport_days,
                "first_status": self.subject.get_status_display(),
                "first": self.subject.venue.name,
                "second_status": self.stop.get_status_display(),
                "second": self.stop.venue.name,
                "kit": self.stop.kit.name,
                "days": self.days,
            }
        if self.kind == ConflictKind.KIT:
            return gettext(
                "%(kit)s is already bound to the %(status)s stop at %(venue)s from %(start)s "
                "to %(end)s, transport days included; they overlap on %(days)s."
            ) % {
                "kit": self.stop.kit.name,
                "status": self.stop.get_status_display(),
                "venue": self.stop.venue.name,
                "start": format_day(self.stop.occupied_from),
                "end": format_day(self.stop.occupied_until),
                "days": self.days,
            }
        if self.kind == ConflictKind.VENUE:
            return gettext(
                "%(venue)s already hosts the %(status)s stop of %(kit)s from %(start)s to "
                "%(end)s (setup to teardown); they overlap on %(days)s."
            ) % {
                "venue": self.stop.venue.name,
                "status": self.stop.get_status_display(),
                "kit": self.stop.kit.name,
                "start": format_day(self.stop.setup_on),
                "end": format_day(self.stop.teardown_on),
                "days": self.days,
            }
        if self.kind == ConflictKind.CLOSURE and self.stop is not None:
            return gettext(
                "The %(status)s stop of %(kit)s at %(venue)s (%(start)s to %(end)s) falls on "
                "days the venue is closed: %(days)s."
            ) % {
                "status": self.stop.get_status_display(),
                "kit": self.stop.kit.name,
                "venue": self.stop.venue.name,
                "start": format_day(self.stop.setup_on),
                "end": format_day(self.stop.teardown_on),
                "days": self.days,
            }
        if self.kind == ConflictKind.CLOSURE and self.meeting is not None:
            return gettext(
                "The meeting “%(title)s” (%(when)s) falls on days %(venue)s is closed: %(days)s."
            ) % {
                "title": self.meeting.title,
                "when": format_moment(self.meeting.starts_at),
                "venue": self.closure.venue.name,
                "days": self.days,
            }
        if self.kind == ConflictKind.CLOSURE:
            reason = f" ({self.closure.reason})" if self.closure.reason else ""
            return gettext(
                "%(venue)s is closed from %(start)s to %(end)s%(reason)s; that falls on %(days)s."
            ) % {
                "venue": self.closure.venue.name,
                "start": format_day(self.closure.starts_on),
                "end": format_day(self.closure.ends_on),
                "reason": reason,
                "days": self.days,
            }
        return gettext(
            "%(venue)s already has the meeting “%(title)s” from %(start)s to %(end)s at that time."
        ) % {
            "venue": self.meeting.venue.name,
            "title": self.meeting.title,
            "start": format_moment(self.meeting.starts_at),
            "end": format_moment(self.meeting.ends_at),
        }

    def __str__(self) -> str:
        return self.message


def format_day(day: date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def format_days(first: date, last: date) -> str:
    if first == last:
        return format_day(first)
    return f"{format_day(first)} – {format_day(last)}"


def format_moment(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def overlap(first: tuple[date, date], second: tuple[date, date]) -> tuple[date, date] | None:
    """The days two inclusive day ranges share, or ``None``."""
    start, end = max(first[0], second[0]), min(first[1], second[1])
    return (start, end) if start <= end else None


def occupied_days(stop: ExhibitionStop, *, transport_days: int) -> tuple[date, date]:
    """The days ``stop`` binds its kit: setup and teardown widened by the transport days."""
    transport = timedelta(days=transport_days)
    return stop.setup_on - transport, stop.teardown_on + transport


def hosted_days(stop: ExhibitionStop) -> tuple[date, date]:
    """The days ``stop`` takes its venue: setup to teardown."""
    return stop.setup_on, stop.teardown_on


def stop_blocks(stop: ExhibitionStop, other: ExhibitionStop | None) -> bool:
    """Whether a clash refuses saving ``stop``: both confirmed, or ``other`` is a closure (None)."""
    if stop.status != StopStatus.CONFIRMED:
        return False
    return other is None or other.status == StopStatus.CONFIRMED


def stop_conflicts(
    stop: ExhibitionStop,
    *,
    occupied: tuple[date, date],
    others: Iterable[ExhibitionStop],
    closures: Iterable[VenueClosure],
) -> list[Conflict]:
    """The conflicts of ``stop`` (occupying ``occupied``) with the given stops and closures.

    ``others`` may hold anything (``stop`` itself, cancelled stops, other kits
    and venues): only what the rules concern counts. The other stops'
    occupied days are their stored ones.
    """
    if stop.status == StopStatus.CANCELLED:
        return []
    conflicts: list[Conflict] = []
    for other in others:
        if other.status == StopStatus.CANCELLED or (stop.pk is not None and other.pk == stop.pk):
            continue
        blocking = stop_blocks(stop, other)
        if other.kit_id == stop.kit_id:
            days = overlap(occupied, (other.occupied_from, other.occupied_until))
            if days:
                conflicts.append(Conflict(ConflictKind.KIT, *days, blocking, stop=other))
        if other.venue_id == stop.venue_id:
            days = overlap(hosted_days(stop), hosted_days(other))
            if days:
                conflicts.append(Conflict(ConflictKind.VENUE, *days, blocking, stop=other))
    for closure in closures:
        if closure.venue_id != stop.venue_id:
            continue
        days = overlap(hosted_days(stop), (closure.starts_on, closure.ends_on))
        if days:
            conflicts.append(
                Conflict(ConflictKind.CLOSURE, *days, stop_blocks(stop, None), closure=closure)
            )
    return sorted(conflicts, key=_conflict_order)


def _conflict_order(conflict: Conflict) -> tuple:
    # Stops before meetings before closures on the same day, then in the order they were made.
    if conflict.stop is not None:
        return (conflict.first_day, conflict.kind, 0, conflict.stop.pk or 0)
    if conflict.meeting is not None:
        return (conflict.first_day, conflict.kind, 1, conflict.meeting.pk or 0)
    return (conflict.first_day, conflict.kind, 2, conflict.closure.pk or 0)


def find_stop_conflicts(*, stop: ExhibitionStop) -> list[Conflict]:
    """What ``stop`` clashes with, as it stands in memory (saved or not).

    Reads the kit's transport days from ``stop.kit``; two queries (stops and
    closures). Each conflict says whether it would refuse the save
    (``blocking``); the others are warnings.
    """
    if (
        stop.status == StopStatus.CANCELLED
        or stop.kit_id is None
        or stop.venue_id is None
        or stop.setup_on is None
        or stop.teardown_on is None
    ):
        return []
    occupied = occupied_days(stop, transport_days=stop.kit.transport_days)
    setup_on, teardown_on = hosted_days(stop)
    others = (
        ExhibitionStop.objects.exclude(status=StopStatus.CANCELLED)
        .filter(
            Q(kit_id=stop.kit_id, occupied_from__lte=occupied[1], occupied_until__gte=occupied[0])
            | Q(venue_id=stop.venue_id, setup_on__lte=teardown_on, teardown_on__gte=setup_on)
        )
        .select_related("kit", "venue")
    )
    if stop.pk is not None:
        others = others.exclude(pk=stop.pk)
    closures = VenueClosure.objects.filter(
        venue_id=stop.venue_id, starts_on__lte=teardown_on, ends_on__gte=setup_on
    ).select_related("venue")
    return stop_conflicts(stop, occupied=occupied, others=others, closures=closures)


def find_kit_conflicts(*, kit: ExhibitionKit) -> list[Conflict]:
    """Clashes among the stops of ``kit`` if its transport days were as they are in memory.

    For a change of transport days: every pair of the kit's stops whose
    widened windows would overlap, once, with ``subject`` the earlier stop.
    """
    if kit.pk is None:
        return []
    stops = list(
        kit.stops.exclude(status=StopStatus.CANCELLED)
        .select_related("kit", "venue")
        .order_by("setup_on", "pk")
    )
    windows = {}
    for stop in stops:
        stop.kit = kit  # the transport days in memory, not the stored ones
        windows[stop.pk] = occupied_days(stop, transport_days=kit.transport_days)
    conflicts = []
    for index, first in enumerate(stops):
        for second in stops[index + 1 :]:
            days = overlap(windows[first.pk], windows[second.pk])
            if days:
                blocking = first.status == second.status == StopStatus.CONFIRMED
                conflicts.append(
                    Conflict(ConflictKind.KIT, *days, blocking, stop=second, subject=first)
                )
    return conflicts


def meeting_days(meeting: Meeting) -> tuple[date, date]:
    """The local days a meeting touches (one ending at midnight does not touch the next day)."""
    last_moment = meeting.ends_at - timedelta(microseconds=1)
    return timezone.localdate(meeting.starts_at), timezone.localdate(last_moment)


def find_meeting_conflicts(*, meeting: Meeting) -> list[Conflict]:
    """Other draft or published meetings at the same venue at overlapping times, and closures.

    Every one of them refuses the save. Online-only and cancelled meetings
    hold no room and clash with nothing.
    """
    if (
        meeting.venue_id is None
        or meeting.status not in ROOM_HOLDING_MEETING_STATUSES
        or meeting.starts_at is None
        or meeting.ends_at is None
        or meeting.ends_at <= meeting.starts_at
    ):
        return []
    others = Meeting.objects.filter(
        venue_id=meeting.venue_id,
        status__in=ROOM_HOLDING_MEETING_STATUSES,
        starts_at__lt=meeting.ends_at,
        ends_at__gt=meeting.starts_at,
    ).select_related("venue")
    if meeting.pk is not None:
        others = others.exclude(pk=meeting.pk)
    days = meeting_days(meeting)
    conflicts = [
        Conflict(
            ConflictKind.MEETING,
            *overlap(days, meeting_days(other)),
            blocking=True,
            meeting=other,
        )
        for other in others
    ]
    for closure in VenueClosure.objects.filter(
        venue_id=meeting.venue_id, starts_on__lte=days[1], ends_on__gte=days[0]
    ).select_related("venue"):
        closed = overlap(days, (closure.starts_on, closure.ends_on))
        conflicts.append(Conflict(ConflictKind.CLOSURE, *closed, blocking=True, closure=closure))
    return sorted(conflicts, key=_conflict_order)


def find_closure_conflicts(*, closure: VenueClosure) -> list[Conflict]:
    """Stops (not cancelled) and room-holding meetings at the venue on the closed days.

    A closure is a fact (a renovation, a holiday), so saving one is never
    refused: these conflicts are warnings that name what must move. They are
    ``blocking`` where the stop or meeting could not be saved as it is now.
    """
    if closure.venue_id is None or closure.starts_on is None or closure.ends_on is None:
        return []
    closed = (closure.starts_on, closure.ends_on)
    conflicts = []
    for stop in (
        ExhibitionStop.objects.filter(
            venue_id=closure.venue_id, setup_on__lte=closed[1], teardown_on__gte=closed[0]
        )
        .exclude(status=StopStatus.CANCELLED)
        .select_related("kit", "venue")
    ):
        days = overlap(closed, hosted_days(stop))
        conflicts.append(
            Conflict(
                ConflictKind.CLOSURE,
                *days,
                blocking=stop.status == StopStatus.CONFIRMED,
                stop=stop,
                closure=closure,
            )
        )
    start = timezone.make_aware(datetime.combine(closed[0], datetime.min.time()))
    end = timezone.make_aware(datetime.combine(closed[1] + timedelta(days=1), datetime.min.time()))
    for meeting in Meeting.objects.filter(
        venue_id=closure.venue_id,
        status__in=ROOM_HOLDING_MEETING_STATUSES,
        starts_at__lt=end,
        ends_at__gt=start,
    ):
        days = overlap(closed, meeting_days(meeting))
        conflicts.append(
            Conflict(ConflictKind.CLOSURE, *days, blocking=True, meeting=meeting, closure=closure)
        )
    return sorted(conflicts, key=_conflict_order)
