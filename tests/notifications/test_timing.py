"""Local wall-clock arithmetic across summer time, and the retry backoff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from notifications.timing import days_before, retry_delay


def amsterdam(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.get_default_timezone())


@pytest.mark.parametrize(
    ("meeting", "days", "expected_local", "utc_gap_hours"),
    [
        # Summer time starts Sunday 30 March 2025 at 02:00: the day is 23 hours long.
        (amsterdam(2025, 3, 30, 10, 0), 1, amsterdam(2025, 3, 29, 10, 0), 23),
        (amsterdam(2025, 3, 31, 10, 0), 7, amsterdam(2025, 3, 24, 10, 0), 7 * 24 - 1),
        # Summer time ends Sunday 26 October 2025 at 03:00: the day is 25 hours long.
        (amsterdam(2025, 10, 26, 10, 0), 1, amsterdam(2025, 10, 25, 10, 0), 25),
        (amsterdam(2025, 10, 27, 13, 30), 7, amsterdam(2025, 10, 20, 13, 30), 7 * 24 + 1),
        # No change in between: exactly 24 hours.
        (amsterdam(2025, 6, 12, 9, 0), 1, amsterdam(2025, 6, 11, 9, 0), 24),
    ],
)
def test_days_before_keeps_the_amsterdam_wall_clock_across_summer_time(
    meeting, days, expected_local, utc_gap_hours
):
    due = days_before(meeting.astimezone(UTC), days)

    assert due == expected_local
    assert due.astimezone(timezone.get_default_timezone()).hour == meeting.hour
    assert meeting - due == timedelta(hours=utc_gap_hours)


def test_retry_delay_doubles_from_the_base_up_to_the_cap(settings):
    settings.NOTIFICATIONS_RETRY_BACKOFF = 60
    settings.NOTIFICATIONS_RETRY_BACKOFF_MAX = 600
    assert [retry_delay(n).total_seconds() for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]
