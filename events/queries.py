"""Reads for pages, feeds and the API, each with its joins done once.

A page built from these issues a fixed number of queries whatever the number
of rows.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from .models import (
    ExhibitionStop,
    Meeting,
    MeetingStatus,
    Registration,
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
    """Adds ``confirmed_count``, ``waitlist_count`` and ``seats_left`` (never below 0)."""
    return meetings.annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        ),
        waitlist_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
    ).annotate(seats_left=Greatest(F("capacity") - F("confirmed_count"), Value(0)))


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


def past_stops(*, today: date | None = None) -> QuerySet[ExhibitionStop]:
    """Public stops that have closed, most recent first."""
    today = today or timezone.localdate()
    return public_stops().filter(closes_on__lt=today).order_by("-closes_on", "kit__name")


def past_meetings(*, now: datetime | None = None) -> QuerySet[Meeting]:
    """Public meetings that have ended, most recent first."""
    now = now or timezone.now()
    return public_meetings().filter(ends_at__lt=now).order_by("-starts_at")


def filter_by_place(
    queryset: QuerySet, *, venue_path: str = "venue", filters: dict[str, str]
) -> QuerySet:
    """Narrow stops or meetings by ``province``, ``city`` and ``kind`` of venue.

    ``kind`` ``"online"`` means meetings with an online link.
    """
    lookups = {}
    if province := filters.get("province"):
        lookups[f"{venue_path}__province"] = province
    if city := filters.get("city"):
        lookups[f"{venue_path}__city__iexact"] = city
    kind = filters.get("kind")
    if kind == "online":
        return queryset.filter(**lookups).exclude(online_url="")
    if kind:
        lookups[f"{venue_path}__kind"] = kind
    return queryset.filter(**lookups)


def public_stop_cities() -> list[str]:
    """Cities with a public stop, for the tour's city filter (one query)."""
    return sorted(
        set(public_stops().order_by().values_list("venue__city", flat=True).distinct()),
        key=str.casefold,
    )


def public_meeting_cities() -> list[str]:
    """Cities with a public meeting, for the meetings' city filter (one query)."""
    cities = (
        Meeting.objects.filter(
            series__is_public=True,
            status__in=(MeetingStatus.PUBLISHED, MeetingStatus.CANCELLED),
            venue__isnull=False,
        )
        .order_by()
        .values_list("venue__city", flat=True)
        .distinct()
    )
    return sorted(set(cities), key=str.casefold)


def public_meeting(slug: str) -> Meeting | None:
    """One public meeting with its seat counts and place, or ``None``."""
    return public_meetings().filter(slug=slug).first()


def registration_by_token(token: str) -> Registration | None:
    """The registration behind a manage link, with its meeting and place; ``None`` if unknown."""
    # Tokens are 43 characters; anything longer cannot be one and costs no query.
    if not token or len(token) > 64:
        return None
    return (
        Registration.objects.select_related("meeting", "meeting__venue", "meeting__series")
        .filter(manage_token=token)
        .first()
    )
