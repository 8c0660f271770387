"""Public pages: thin adapters over ``queries`` (reads) and the service modules (writes).

Every list and detail page reads through ``events.queries`` so its number
of queries stays fixed however many rows there are.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from venues.models import Venue

from .. import queries
from ..calendar import subscribe
from ..registrations.forms import RegistrationForm
from ..registrations.services import registration_state
from .forms import ListFilterForm, When

PAGE_SIZE = 20


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    stops = list(queries.current_and_next_stops(today=today)[:6])
    return render(
        request,
        "events/home.html",
        {
            "current_stops": [s for s in stops if s.opens_on <= today],
            "next_stops": [s for s in stops if s.opens_on > today],
            "meetings": queries.upcoming_meetings()[:6],
            "subscribe": subscribe.all_links(),
        },
    )


def _listing(request: HttpRequest, *, form: ListFilterForm, upcoming, past, venue_path="venue"):
    """The filtered, paginated rows and the status code for a list page."""
    queryset = past if form.period == When.PAST else upcoming
    queryset = queries.filter_by_place(queryset, venue_path=venue_path, filters=form.filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    # A filter value that is not a choice: the full list, the message, and a 400.
    status = 400 if form.is_bound and not form.is_valid() else 200
    query = request.GET.copy()
    query.pop("page", None)
    return page, status, query.urlencode()


def tour(request: HttpRequest) -> HttpResponse:
    """Every public stop by date, filterable by province, city and kind of venue."""
    today = timezone.localdate()
    form = ListFilterForm(request.GET, cities=queries.public_stop_cities())
    page, status, query = _listing(
        request,
        form=form,
        upcoming=queries.public_stops().filter(closes_on__gte=today),
        past=queries.past_stops(today=today),
    )
    return render(
        request,
        "events/tour.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "today": today,
            "past": form.period == When.PAST,
            "subscribe": subscribe.all_links(kind="stop", **_feed_filters(form)),
        },
        status=status,
    )


def meetings(request: HttpRequest) -> HttpResponse:
    """Public meetings by date, filterable by province, city and kind of venue (or online)."""
    form = ListFilterForm(request.GET, cities=queries.public_meeting_cities(), online=True)
    now = timezone.now()
    page, status, query = _listing(
        request,
        form=form,
        upcoming=queries.upcoming_meetings(now=now),
        past=queries.past_meetings(now=now),
    )
    return render(
        request,
        "events/meetings.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "past": form.period == When.PAST,
            "subscribe": subscribe.all_links(kind="meeting", **_feed_filters(form)),
        },
        status=status,
    )


def _feed_filters(form: ListFilterForm) -> dict[str, str]:
    """The filters the public feed understands too (it has no kind of venue)."""
    return {k: v for k, v in form.filters.items() if k in ("province", "city")}


def stop_detail(request: HttpRequest, slug: str) -> HttpResponse:
    stop = get_object_or_404(queries.public_stops(), slug=slug)
    return render(
        request,
        "events/stop_detail.html",
        {
            "stop": stop,
            "today": timezone.localdate(),
            "subscribe": subscribe.venue_links(stop.venue),
            "series_subscribe": subscribe.series_links(stop.kit.series),
        },
    )


def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The meeting, its seats and, while registration is open, the form."""
    meeting = queries.public_meeting(slug)
    if meeting is None:
        raise Http404
    return render_meeting(request, meeting=meeting, form=RegistrationForm())


def render_meeting(
    request: HttpRequest,
    *,
    meeting,
    form: RegistrationForm,
    refusal: str | None = None,
    status: int = 200,
) -> HttpResponse:
    closed = registration_state(meeting)
    seats_left = max(meeting.capacity - meeting.confirmed_count, 0)
    return render(
        request,
        "events/meeting_detail.html",
        {
            "meeting": meeting,
            "form": form,
            "closed": closed,
            "refusal": refusal,
            "seats_left": seats_left,
            "full_without_waitlist": seats_left == 0 and not meeting.waitlist_enabled,
            "subscribe": subscribe.meeting_links(meeting),
        },
        status=status,
    )


def venue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    venue = get_object_or_404(Venue, slug=slug)
    today = timezone.localdate()
    return render(
        request,
        "events/venue_detail.html",
        {
            "venue": venue,
            "stops": queries.current_and_next_stops(today=today).filter(venue=venue),
            "meetings": queries.upcoming_meetings().filter(venue=venue),
            "subscribe": subscribe.venue_links(venue),
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/privacy.html",
        {"retention_days": settings.REGISTRATION_RETENTION_DAYS},
    )
