"""Reads for pages, feeds and the API, each with its joins done once.

A page built from these issues a fixed number of queries whatever the number
of rows.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import (
    ExhibitionStop,
    Meeting,
    MeetingStatus,
    RegistrationStatus,
    StopStatus,
)

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
