"""``{{ day|short_date }}`` and ``{{ day|short_day }}``: see ``events.dates``."""

from __future__ import annotations

from datetime import date

from django import template

from events import dates

register = template.Library()


@register.filter
def short_date(day: date | None) -> str:
    return dates.short_date(day) if day else ""


@register.filter
def short_day(day: date | None) -> str:
    """Without the year."""
    return dates.short_date(day, year=False) if day else ""
