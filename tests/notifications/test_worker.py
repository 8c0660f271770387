"""A real Celery worker and beat on Redis and PostgreSQL send the outbox, once.

Not eager mode: ``celery worker`` and ``celery beat`` run as separate
processes against the pytest test database, e-mail goes to files, and the
tests read the files. The kill test SIGKILLs a worker in the middle of a batch
and starts another; it prints its figures (sent, lost, duplicated, the rows in
flight at the kill and the measured duplicate window).
"""

from __future__ import annotations

import json
import statistics
import time as clock
from datetime import date, time, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from events.meetings.services import cancel_meeting, save_meeting
from events.registrations.services import cancel_registration, register
from notifications.models import Notification
from notifications.timing import at_local
from tests.factories import MeetingFactory
from tests.notifications.helpers import attendee
from tests.notifications.stack import Stack, broker_url, clear_broker, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stack(transactional_db, tmp_path):
    """Processes are stopped before pytest empties the tables."""
    clear_broker(broker_url())
    stack = Stack(tmp_path)
    yield stack
    stack.stop_all()


def meeting_due_for_reminders(*, capacity: int = 1000, **kwargs):
    """A meeting whose 1-day reminder time passed ten minutes ago (so it is due)."""
    starts_at = timezone.now() + timedelta(days=1) - timedelta(minutes=10)
    return MeetingFactory(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), capacity=capacity, **kwargs
    )


def register_due(meeting, count: int, *, offset: int = 0) -> list:
    """Registrations made two days ago: confirmation and 1-day reminder both due now."""
    two_days_ago = timezone.now() - timedelta(days=2)
    return [
        register(meeting=meeting, attendee=attendee(offset + n), now=two_days_ago)
        for n in range(count)
    ]


def all_sent(expected: int):
    return lambda: Notification.objects.filter(status="sent").count() >= expected


def nothing_due_left() -> bool:
    now = timezone.now()
    return not Notification.objects.filter(
        status__in=["pending", "sending"], due_at__lte=now
    ).exists()


def test_a_confirmation_leaves_within_seconds_with_no_beat_running(stack):
    """The dispatch is asked for when the registration commits, not at the next beat."""
    stack.start_worker("w1")
    meeting = MeetingFactory()

    started = clock.monotonic()
    registration = register(meeting=meeting, attendee=attendee(1))
    confirmation = Notification.objects.filter(
        registration=registration, kind="registration_confirmed"
    )
    wait_until(lambda: confirmation.filter(status="sent").exists(), timeout=5, interval=0.05)
    elapsed = clock.monotonic() - started

    print(f"\nconfirmation sent {elapsed:.2f} s after the registration, no beat running")
    assert stack.delivered() == {confirmation.get().pk: 1}


def test_due_reminders_are_each_sent_exactly_once_by_two_workers_and_beat(stack):
    meeting = meeting_due_for_reminders()
    register_due(meeting, 60)
    expected = Notification.objects.count()
    assert expected == 120  # a confirmation and a 1-day reminder each

    stack.start_worker("w1")
    stack.start_worker("w2")
    stack.start_beat()
    wait_until(all_sent(expected), timeout=120)
    clock.sleep(3)  # a few more beats: nothing may go out again

    delivered = stack.delivered()
    assert len(delivered) == expected
    assert set(delivered.values()) == {1}
    assert set(delivered) == set(Notification.objects.values_list("pk", flat=True))
    assert Notification.objects.exclude(status="sent").count() == 0
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}


def test_sigkill_mid_batch_loses_nothing_and_duplicates_only_rows_in_flight(stack):
    meeting = meeting_due_for_reminders()
    register_due(meeting, 200)
    expected = Notification.objects.count()
    started = clock.monotonic()

    first = stack.start_worker("w1", concurrency=2)
    stack.start_beat()
    wait_until(lambda: sum(stack.delivered().values()) >= expected // 3, timeout=120, interval=0.05)
    first.kill()
    killed_at = clock.monotonic()
    in_flight = set(Notification.objects.filter(status="sending").values_list("pk", flat=True))
    sent_before_restart = sum(stack.delivered().values())

    second = stack.start_worker("w2", concurrency=2)
    wait_until(all_sent(expected), timeout=180)
    recovered_after = clock.monotonic() - killed_at
    clock.sleep(3)

    delivered = stack.delivered()
    duplicated = {pk: n - 1 for pk, n in delivered.items() if n > 1}
    lost = set(Notification.objects.values_list("pk", flat=True)) - set(delivered)
    windows = first.mark_ms() + second.mark_ms()
    figures = {
        "messages": expected,
        "sent_unique": len(delivered),
        "written_before_kill": sent_before_restart,
        "in_flight_at_kill": len(in_flight),
        "partial_writes": stack.partial_writes(),
        "lost": len(lost),
        "duplicated": sum(duplicated.values()),
        "duplicate_window_ms_median": round(statistics.median(windows), 3),
        "duplicate_window_ms_p99": round(sorted(windows)[int(len(windows) * 0.99) - 1], 3),
        "duplicate_window_ms_max": round(max(windows), 3),
        "all_sent_seconds_after_kill": round(recovered_after, 1),
        "total_seconds": round(clock.monotonic() - started, 1),
    }
    print("\nkill test figures:", json.dumps(figures))

    assert lost == set()
    # Only a row claimed at the kill can go twice, and at most one per pool
    # process: the one between the backend's acceptance and its UPDATE.
    assert set(duplicated) <= in_flight
    assert sum(duplicated.values()) <= 2  # concurrency
    assert len(in_flight) <= 2 * settings.NOTIFICATIONS_SEND_BATCH
    assert Notification.objects.exclude(status="sent").count() == 0


def test_a_meeting_moved_before_its_reminder_sends_a_notice_and_no_stale_reminder(stack):
    meeting = meeting_due_for_reminders()
    [registration] = register_due(meeting, 1)
    meeting.starts_at += timedelta(days=7)
    meeting.ends_at += timedelta(days=7)
    save_meeting(meeting=meeting)

    stack.start_worker()
    stack.start_beat()
    wait_until(nothing_due_left, timeout=60)
    clock.sleep(2)

    kinds = dict(Notification.objects.values_list("kind", "status").filter(status="sent"))
    assert set(kinds) == {"registration_confirmed", "meeting_changed"}
    # The registrant speaks Dutch (the default), and so does the notice.
    [changed] = [m for m in stack.mails() if "Subject: Gewijzigd:" in m]
    local = timezone.localtime(meeting.starts_at)
    assert f"{local:%H:%M}–" in changed
    # The new reminders wait for their time, planned for the new SEQUENCE.
    upcoming = registration.notifications.filter(kind="meeting_reminder", status="pending")
    assert {(n.payload["days"], n.payload["sequence"]) for n in upcoming} == {(1, 1), (7, 1)}


def test_reminders_of_cancelled_registrations_and_meetings_never_go_out(stack):
    open_meeting = meeting_due_for_reminders()
    staying, leaving = register_due(open_meeting, 2)
    cancel_registration(registration=leaving)
    doomed = meeting_due_for_reminders()
    register_due(doomed, 2, offset=10)
    cancel_meeting(meeting=doomed)

    stack.start_worker()
    stack.start_beat()
    wait_until(nothing_due_left, timeout=60)
    clock.sleep(2)

    sent = Notification.objects.filter(status="sent")
    reminders = sent.filter(kind="meeting_reminder")
    assert list(reminders.values_list("registration", flat=True)) == [staying.pk]
    assert sent.filter(kind="meeting_cancelled", meeting=doomed).count() == 2
    assert sent.filter(kind="registration_cancelled").count() == 1
    assert len(stack.delivered()) == sent.count()


def test_a_meeting_after_the_summer_time_change_is_mailed_and_reminded_in_local_time(stack):
    # The first change to summer time after now; the meeting is the next day at 10:00.
    year = timezone.localdate().year + 1
    change = max(date(year, 3, day) for day in range(25, 32) if date(year, 3, day).weekday() == 6)
    starts_at = at_local(change, time(10, 0))
    meeting = MeetingFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))
    registration = register(meeting=meeting, attendee=attendee(1, language="en"))

    stack.start_worker()
    stack.start_beat()
    wait_until(all_sent(1), timeout=60)

    [mail] = stack.mails()
    assert f"{change:%A} {change.day} {change:%B %Y}, 10:00–12:00" in mail
    day_before = registration.notifications.get(kind="meeting_reminder", payload__days=1)
    assert timezone.localtime(day_before.due_at).hour == 10
    assert starts_at - day_before.due_at == timedelta(hours=23)
