"""Reads for pages, feeds and the API, each with its joins done once.

A page built from these issues a fixed number of queries whatever the number
of rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import Count, F, Max, Q, QuerySet, Sum, Value, Window
from django.db.models.functions import Greatest, RowNumber
from django.utils import timezone

from .models import (
    ExhibitionKit,
    ExhibitionStop,
    Meeting,
    MeetingStatus,
    OpeningHours,
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


# --- Calendar feeds ------------------------------------------------------------
# Each feed reads with a fixed number of queries whatever its size, and a
# one-query fingerprint tells whether anything it shows has changed.


def feed_stops() -> QuerySet[ExhibitionStop]:
    """Public stops for the calendar feeds: confirmed, options and cancelled ones.

    The feeds read these as plain rows (``events/calendar/rows.py``).
    """
    stops = ExhibitionStop.objects.filter(
        kit__series__is_public=True, status__in=PUBLIC_STOP_STATUSES
    ).select_related("kit__series", "venue")
    # Opening hours come from opening_periods(): thousands of tiny rows read as
    # plain values, not model instances.
    return stops.order_by("opens_on", "pk")


def opening_periods(stops: QuerySet[ExhibitionStop]) -> dict[int, tuple[tuple, ...]]:
    """``{stop id: ((weekday, opens at, closes at), ...)}`` for ``stops``, in one query."""
    rows = (
        OpeningHours.objects.filter(stop__in=stops.order_by().values("pk"))
        .order_by("stop_id", "weekday", "opens_at")
        .values_list("stop_id", "weekday", "opens_at", "closes_at")
    )
    periods: dict[int, list[tuple]] = {}
    for stop_id, weekday, opens_at, closes_at in rows:
        periods.setdefault(stop_id, []).append((weekday, opens_at, closes_at))
    return {stop_id: tuple(found) for stop_id, found in periods.items()}


def feed_meetings() -> QuerySet[Meeting]:
    """Published and cancelled meetings of public series, without the seat counts."""
    return (
        Meeting.objects.filter(
            series__is_public=True,
            status__in=(MeetingStatus.PUBLISHED, MeetingStatus.CANCELLED),
        )
        .select_related("series", "venue")
        .order_by("starts_at", "pk")
    )


def attendee_registrations(*, email: str, cancelled_since: datetime) -> QuerySet[Registration]:
    """What an attendee's private feed shows, whatever the case of the address.

    Active registrations of published meetings; and, so that calendars learn
    of it, registrations cancelled (or of meetings cancelled) since
    ``cancelled_since``. A cancelled meeting's time of cancellation is taken
    from its ``updated_at``. Several rows per meeting are possible (cancelled,
    then registered again): ``registration_per_meeting`` picks one.
    """
    active = Q(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED])
    recently_cancelled = Q(status=RegistrationStatus.CANCELLED, cancelled_at__gte=cancelled_since)
    meeting_recently_cancelled = Q(
        meeting__status=MeetingStatus.CANCELLED, meeting__updated_at__gte=cancelled_since
    )
    return (
        Registration.objects.filter(email__iexact=email)
        .filter(
            (active & Q(meeting__status=MeetingStatus.PUBLISHED))
            | ((active | recently_cancelled) & meeting_recently_cancelled)
            | (recently_cancelled & Q(meeting__status=MeetingStatus.PUBLISHED))
        )
        .select_related("meeting__series", "meeting__venue")
        .order_by("meeting__starts_at", "meeting_id", "-created_at")
    )


def registration_per_meeting(registrations: Iterable[Registration]) -> list[Registration]:
    """One registration per meeting: the active one if any, else the latest cancelled one.

    The attendee's calendar shows each meeting once: a cancelled registration
    followed by a new one for the same meeting would otherwise appear twice
    (each registration has its own UID).
    """
    chosen: dict[int, Registration] = {}
    for registration in registrations:
        current = chosen.get(registration.meeting_id)
        if current is None or (not current.is_active and registration.is_active):
            chosen[registration.meeting_id] = registration
    return list(chosen.values())


def organiser_stops(*, user) -> QuerySet[ExhibitionStop]:
    """Every stop, drafts included, of the series ``user`` organises (their logistics)."""
    organised = Series.objects.filter(organisers=user).values("pk")
    return (
        ExhibitionStop.objects.filter(kit__series__in=organised)
        .select_related("kit__series", "venue")
        .order_by("setup_on", "pk")
    )


def _fingerprint_part(
    queryset: QuerySet, *, updated: tuple[str, str, str], total: str | None = None
) -> QuerySet:
    """One row: how many rows, the latest ``updated_at`` of each of three relations, a sum.

    A change to an item, its venue or its series moves a maximum; an item that
    joins or leaves the feed moves the count. The shape is the same for every
    part, so that several parts make one UNION query.
    """
    return (
        queryset.order_by()
        .annotate(fingerprint_part=Value(queryset.model._meta.label))
        .values("fingerprint_part")
        .annotate(
            rows=Count("pk"),
            changed_1=Max(updated[0]),
            changed_2=Max(updated[1]),
            changed_3=Max(updated[2]),
            total=Sum(total) if total else Value(0),
        )
        .values_list("fingerprint_part", "rows", "changed_1", "changed_2", "changed_3", "total")
    )


def stops_fingerprint(stops: QuerySet[ExhibitionStop]) -> QuerySet:
    # transport_days moves the organiser's transport events; the kit has no updated_at.
    return _fingerprint_part(
        stops,
        updated=("updated_at", "venue__updated_at", "kit__series__updated_at"),
        total="kit__transport_days",
    )


def meetings_fingerprint(meetings: QuerySet[Meeting]) -> QuerySet:
    return _fingerprint_part(
        meetings, updated=("updated_at", "venue__updated_at", "series__updated_at")
    )


def registrations_fingerprint(registrations: QuerySet[Registration]) -> QuerySet:
    return _fingerprint_part(
        registrations,
        updated=("updated_at", "meeting__updated_at", "meeting__venue__updated_at"),
    )


def calendar_fingerprint(*parts: QuerySet) -> list[tuple]:
    """The rows of every fingerprint part, read in one query, in a stable order.

    A UNION promises no order, so the rows are sorted by their part's model.
    """
    first, *rest = parts
    rows = list(first.union(*rest, all=True)) if rest else list(first)
    return sorted(rows, key=lambda row: row[0])
