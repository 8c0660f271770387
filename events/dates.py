"""Short dates as each language writes them: "6 mrt 2027" in Dutch, "6 Mar 2027" in English.

Django's ``M`` capitalises the Dutch abbreviation ("Mrt", "Okt"), which Dutch
does not do; its ``b`` writes it in lower case, which English does not do.
Shared by the organisers' timeline and the templates (``{% load dates %}``).
"""

from __future__ import annotations

from datetime import date

from django.utils import formats, translation

# Languages that write month abbreviations in lower case.
LOWER_CASE_MONTHS = {"nl"}


def short_month(day: date) -> str:
    """The month of ``day``, abbreviated: "mrt" / "Mar"."""
    lower = (translation.get_language() or "nl").split("-")[0] in LOWER_CASE_MONTHS
    return formats.date_format(day, "b" if lower else "M")


def short_date(day: date, *, year: bool = True) -> str:
    """``day`` as "6 mrt 2027" / "6 Mar 2027" (without the year: "6 mrt")."""
    text = f"{day.day} {short_month(day)}"
    return f"{text} {day.year}" if year else text
