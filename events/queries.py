"""Reads for pages, feeds and the API, each with its joins done once.

A page built from these issues a fixed number of queries whatever the number
of rows.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from .models import (
    ExhibitionKit,
    ExhibitionStop,
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    Series,
    StopStatus,
)
from .permissions import Scope

PUBLIC_STOP_STATUSES = (StopStatus.CONFIRMED, StopStatus.OPTION, StopStatus.CANCELLED)


def public_stops() -> QuerySet[ExhibitionStop]:
    """Stops the public may see: of a public series and past the draft stage."""
    return (
        ExhibitionStop.objects.filter(kit__series__is_public=True, status__in=PUBLIC_STOP_STATUSES)
        .select_related("kit", "kit__series", "venue")
        .prefetch_related("opening_hours")
        .order_by("opens_on", "kit__name")
    )


def current_and_next_stops(*, today: date | None = None) -> QuerySet[ExhibitionStop]:
    """Public stops that are open today or later, soonest first (cancelled left out)."""
    today = today or timezone.localdate()
    return public_stops().filter(closes_on__gte=today).exclude(status=StopStatus.CANCELLED)


def with_seat_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        ),
        waitlist_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
    )


def public_meetings() -> QuerySet[Meeting]:
    """Published (or cancelled, so people learn of it) meetings of public series."""
    return with_seat_counts(
        Meeting.objects.filter(
            series__is_public=True,
            status__in=(MeetingStatus.PUBLISHED, MeetingStatus.CANCELLED),
        ).select_related("series", "venue")
    ).order_by("starts_at")


def upcoming_meetings(*, now: datetime | None = None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return public_meetings().filter(ends_at__gte=now)


# --- Reads scoped to one user (the API) ----------------------------------------
# Administrators see everything; organisers see what is public plus everything of
# the series they organise (drafts, private series); everybody else what is public.


def series_visible_in(scope: Scope) -> QuerySet[Series]:
    series = Series.objects.prefetch_related("kits").order_by("name")
    if scope.is_administrator:
        return series
    return series.filter(Q(is_public=True) | Q(pk__in=scope.series_ids))


def stops_visible_in(scope: Scope) -> QuerySet[ExhibitionStop]:
    stops = ExhibitionStop.objects.select_related("kit", "kit__series", "venue").prefetch_related(
        "opening_hours"
    )
    if not scope.is_administrator:
        public = Q(kit__series__is_public=True, status__in=PUBLIC_STOP_STATUSES)
        stops = stops.filter(public | Q(kit__series__in=scope.series_ids))
    return stops.order_by("opens_on", "kit__name", "pk")


def meetings_visible_in(scope: Scope) -> QuerySet[Meeting]:
    meetings = Meeting.objects.select_related("series", "venue")
    if not scope.is_administrator:
        public = Q(
            series__is_public=True,
            status__in=(MeetingStatus.PUBLISHED, MeetingStatus.CANCELLED),
        )
        meetings = meetings.filter(public | Q(series__in=scope.series_ids))
    return with_seat_counts(meetings).order_by("starts_at", "pk")


def registrations_managed_in(scope: Scope) -> QuerySet[Registration]:
    """Registrations of the series the user organises, with waiting-list positions.

    ``waitlist_position`` is a window over each meeting's waiting list, so a page
    of any length costs one query; it stays right as long as filters keep whole
    meetings and statuses (meeting, series, status do).
    """
    registrations = Registration.objects.select_related("meeting", "meeting__series")
    if not scope.is_administrator:
        registrations = registrations.filter(meeting__series__in=scope.series_ids)
    return registrations.annotate(
        waitlist_rank=Window(
            RowNumber(),
            partition_by=[F("meeting_id"), F("status")],
            order_by=[F("waitlisted_at").asc(), F("id").asc()],
        )
    ).order_by("meeting__starts_at", "meeting_id", "created_at", "id")


def kits_visible_in(scope: Scope) -> QuerySet[ExhibitionKit]:
    kits = ExhibitionKit.objects.select_related("series")
    if scope.is_administrator:
        return kits
    return kits.filter(Q(series__is_public=True) | Q(series__in=scope.series_ids))
