"""Tour planner pages: the organisers' timeline, free windows and clash check, and the
public "where is the exhibition" page.

Thin adapters: forms parse the query string, ``events.planning`` answers,
templates draw. The organiser pages need a signed-in organiser (a staff user
who organises a series) or an administrator, and show only the kits and stops
of the series the user organises.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from venues.models import Province

from .. import queries
from ..models import ExhibitionKit, ExhibitionStop, StopStatus
from ..permissions import is_administrator, is_organiser, scope_to_organiser
from .conflicts import find_stop_conflicts
from .forms import ClashCheckForm, FreeWindowsForm, TimelineForm
from .timeline import build_timeline
from .windows import find_free_windows

PLANNED_FIELDS = ("kit", "venue", "setup_on", "opens_on", "closes_on", "teardown_on")


def organiser_required(view):
    """Signed-in organisers and administrators only; others sign in, or get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (is_administrator(request) or is_organiser(request)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def organiser_kits(request: HttpRequest) -> QuerySet[ExhibitionKit]:
    kits = ExhibitionKit.objects.order_by("name")
    return kits if is_administrator(request) else scope_to_organiser(kits, request, "series")


def organiser_stops(request: HttpRequest) -> QuerySet[ExhibitionStop]:
    stops = ExhibitionStop.objects.select_related("kit", "venue")
    return stops if is_administrator(request) else scope_to_organiser(stops, request, "kit__series")


@require_safe
@organiser_required
def organiser_home(request: HttpRequest) -> HttpResponse:
    return render(request, "events/organiser/home.html", {"year": timezone.localdate().year})


@require_safe
@organiser_required
def timeline(request: HttpRequest) -> HttpResponse:
    """The year as a picture: ``?year=2027`` (default: this year)."""
    today = timezone.localdate()
    form = TimelineForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "events/organiser/timeline.html", {"form": form}, status=400)
    year = (form.cleaned_data.get("year") if form.is_bound else None) or today.year
    picture = build_timeline(year=year, kits=organiser_kits(request), today=today)
    return render(
        request,
        "events/organiser/timeline.html",
        {"form": form, "timeline": picture, "year": year, "today": today},
    )


@require_safe
@organiser_required
def free_windows(request: HttpRequest) -> HttpResponse:
    """The first free windows of N weeks at a venue, for any of the user's kits or one."""
    kits = organiser_kits(request)
    today = timezone.localdate()
    if request.GET:
        form = FreeWindowsForm(request.GET, kits=kits)
    else:
        form = FreeWindowsForm(kits=kits, initial={"after": today, "weeks": 4, "limit": 5})
    windows = None
    if form.is_bound:
        if not form.is_valid():
            return render(request, "events/organiser/free_windows.html", {"form": form}, status=400)
        data = form.cleaned_data
        windows = find_free_windows(
            venue=data["venue"],
            weeks=data["weeks"],
            after=data["after"],
            kit=data["kit"],
            kits=kits,
            limit=data["limit"],
        )
    return render(request, "events/organiser/free_windows.html", {"form": form, "windows": windows})


@require_safe
@organiser_required
def clash_check(request: HttpRequest) -> HttpResponse:
    """What a stop would clash with on other dates, before anything is saved.

    ``?stop=<id>`` alone starts from that stop as saved. With ``fragment=1``
    only the result is sent: the admin's change form asks for it as the
    organiser edits the dates.
    """
    kits, stops = organiser_kits(request), organiser_stops(request)
    params = request.GET.copy()
    fragment = params.pop("fragment", None) is not None
    if set(params) <= {"stop"}:
        stop = get_object_or_404(stops, pk=params["stop"]) if params.get("stop") else None
        initial = {name: getattr(stop, name) for name in PLANNED_FIELDS} if stop else {}
        form = ClashCheckForm(kits=kits, stops=stops, initial={**initial, "stop": stop})
        if stop is None:
            return render(request, "events/organiser/clash_check.html", {"form": form})
        # Nothing changed yet: check the stop as it is.
        form = ClashCheckForm(
            {**{name: _raw(initial[name]) for name in PLANNED_FIELDS}, "stop": stop.pk},
            kits=kits,
            stops=stops,
        )
    else:
        form = ClashCheckForm(params, kits=kits, stops=stops)
    template = (
        "events/organiser/_clash_result.html" if fragment else "events/organiser/clash_check.html"
    )
    if not form.is_valid():
        return render(request, template, {"form": form}, status=400)
    candidate = _candidate(form.cleaned_data)
    context = {
        "form": form,
        "candidate": candidate,
        "stop": form.cleaned_data["stop"],
        "conflicts": find_stop_conflicts(stop=candidate),
    }
    return render(request, template, context)


def _raw(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value.pk)


def _candidate(data: dict) -> ExhibitionStop:
    """The stop as it would be, checked as if confirmed: that is when clashes refuse."""
    stored = data["stop"]
    candidate = copy.copy(stored) if stored is not None else ExhibitionStop()
    for name in PLANNED_FIELDS:
        setattr(candidate, name, data[name])
    candidate.status = StopStatus.CONFIRMED
    return candidate


# --- Public: where is the exhibition? -------------------------------------------


@dataclass
class ProvinceGroup:
    code: str
    name: str
    stops: list[ExhibitionStop] = field(default_factory=list)
    has_current: bool = False


def group_by_province(stops: list[ExhibitionStop], *, today: date) -> list[ProvinceGroup]:
    """Stops grouped by province: provinces with a stop on show now first, then by date.

    Within a province the stop on show now comes first, then the next ones by date.
    """
    groups: dict[str, ProvinceGroup] = {}
    for stop in sorted(stops, key=lambda s: (not s.is_open_on(today), s.opens_on, s.pk)):
        code = stop.venue.province
        group = groups.setdefault(code, ProvinceGroup(code, Province(code).label))
        group.stops.append(stop)
        group.has_current |= stop.is_open_on(today)
    return list(groups.values())


@require_safe
def where(request: HttpRequest) -> HttpResponse:
    """Where the exhibition is now and will be next, by province; public data only."""
    today = timezone.localdate()
    stops = list(queries.current_and_next_stops(today=today))
    return render(
        request,
        "events/where.html",
        {
            "today": today,
            "current_stops": [stop for stop in stops if stop.is_open_on(today)],
            "next_opening": next((s for s in stops if s.opens_on > today), None),
            "groups": group_by_province(stops, today=today),
            "soon": today + timedelta(days=14),
        },
    )
