"""Opening hours of a stop, replaced as a whole (the API sends the full week).

The admin edits them row by row in an inline; scripts send the complete list,
which is checked row by row and stored in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import ExhibitionStop, OpeningHours


@dataclass(frozen=True)
class OpeningPeriod:
    weekday: int
    opens_at: time
    closes_at: time


def replace_opening_hours(
    *, stop: ExhibitionStop, periods: Iterable[OpeningPeriod]
) -> list[OpeningHours]:
    """Make ``periods`` the opening hours of ``stop``; nothing changes if one is invalid.

    Raises ``ValidationError`` with the message under ``opening_hours``.
    """
    rows = [
        OpeningHours(
            stop=stop, weekday=period.weekday, opens_at=period.opens_at, closes_at=period.closes_at
        )
        for period in periods
    ]
    starts = [(row.weekday, row.opens_at) for row in rows]
    if len(set(starts)) != len(starts):
        raise ValidationError(
            {"opening_hours": _("Two periods start at the same time on the same day.")},
            code="duplicate",
        )
    for row in rows:
        try:
            # The rows are new: the unique check against the old ones would be wrong.
            row.full_clean(exclude=["stop"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            raise ValidationError({"opening_hours": exc.messages}, code="invalid") from exc
        if row.closes_at <= row.opens_at:
            raise ValidationError(
                {"opening_hours": _("Closing time must be after opening time.")}, code="invalid"
            )
    with transaction.atomic():
        stop.opening_hours.all().delete()
        return OpeningHours.objects.bulk_create(rows)
