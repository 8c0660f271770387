"""Opening hours as people read them: per weekday, and as a short summary."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from events.models import ExhibitionStop, Weekday

register = template.Library()


@dataclass(frozen=True)
class OpeningDay:
    weekday: int
    name: str
    hours: str  # "" when closed


def _days(stop: ExhibitionStop) -> list[OpeningDay]:
    # .all() reads the prefetched rows: no query per stop.
    periods: dict[int, list[str]] = {}
    for hours in stop.opening_hours.all():
        periods.setdefault(hours.weekday, []).append(
            f"{hours.opens_at:%H:%M}–{hours.closes_at:%H:%M}"
        )
    return [
        OpeningDay(weekday=day.value, name=str(day.label), hours=", ".join(periods.get(day, [])))
        for day in Weekday
    ]


@register.filter
def opening_days(stop: ExhibitionStop) -> list[OpeningDay]:
    """All seven weekdays of ``stop``, Monday first, with their hours ("" when closed)."""
    return _days(stop)


@register.filter
def opening_summary(stop: ExhibitionStop) -> str:
    """E.g. "Monday-Friday 09:00-17:00; Saturday 10:00-16:00" (en dashes); "" without hours."""
    days = _days(stop)
    if not any(day.hours for day in days):
        return ""
    parts = []
    run: list[OpeningDay] = []
    for day in [*days, OpeningDay(weekday=7, name="", hours="")]:
        if run and day.hours == run[0].hours:
            run.append(day)
            continue
        if run and run[0].hours:
            names = run[0].name if len(run) == 1 else f"{run[0].name}–{run[-1].name}"
            parts.append(f"{names} {run[0].hours}")
        run = [day]
    return "; ".join(parts)
