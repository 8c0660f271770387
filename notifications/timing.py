"""When messages are due: local wall-clock arithmetic, and the backoff between attempts.

"One day before" a meeting at 10:00 means 10:00 the day before *in
Amsterdam*, so across a change to or from summer time the gap is 23 or 25
hours, not 24. Everything is computed on local dates and times and converted
to UTC at the end.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

# Logistics notices arrive at the start of a working day.
LOGISTICS_NOTICE_TIME = time(8, 0)


def local_zone():
    return timezone.get_default_timezone()


def at_local(day: date, wall_clock: time) -> datetime:
    """``wall_clock`` on ``day`` in Amsterdam, as an aware UTC datetime.

    A wall-clock time that occurs twice (the autumn hour) means the first one;
    one that does not exist (the spring hour) is read with the offset before
    the change, which puts it an hour later in the new time.
    """
    return datetime.combine(day, wall_clock, tzinfo=local_zone()).astimezone(UTC)


def days_before(moment: datetime, days: int) -> datetime:
    """The same Amsterdam wall-clock time as ``moment``, ``days`` calendar days earlier."""
    local = moment.astimezone(local_zone())
    return at_local(local.date() - timedelta(days=days), local.time().replace(tzinfo=None))


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th attempt failed for a temporary reason.

    Exponential (base, 2 x base, 4 x base...) with a cap, so that a mail server
    that is down for an hour is not hammered and a short hiccup costs a minute.
    """
    base = settings.NOTIFICATIONS_RETRY_BACKOFF
    seconds = min(base * 2 ** max(attempts - 1, 0), settings.NOTIFICATIONS_RETRY_BACKOFF_MAX)
    return timedelta(seconds=seconds)
