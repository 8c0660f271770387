"""Public pages: thin adapters over ``queries`` (reads) and the service modules (writes)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from venues.models import Venue

from . import queries


def home(request):
    today = timezone.localdate()
    stops = list(queries.current_and_next_stops(today=today)[:6])
    return render(
        request,
        "events/home.html",
        {
            "current_stops": [s for s in stops if s.opens_on <= today],
            "next_stops": [s for s in stops if s.opens_on > today],
            "meetings": queries.upcoming_meetings()[:6],
        },
    )


def stop_detail(request, slug: str):
    stop = get_object_or_404(queries.public_stops(), slug=slug)
    return render(request, "events/stop_detail.html", {"stop": stop})


def meeting_detail(request, slug: str):
    meeting = get_object_or_404(queries.public_meetings(), slug=slug)
    return render(request, "events/meeting_detail.html", {"meeting": meeting})


def venue_detail(request, slug: str):
    venue = get_object_or_404(Venue, slug=slug)
    today = timezone.localdate()
    return render(
        request,
        "events/venue_detail.html",
        {
            "venue": venue,
            "stops": queries.current_and_next_stops(today=today).filter(venue=venue),
            "meetings": queries.upcoming_meetings().filter(venue=venue),
        },
    )
