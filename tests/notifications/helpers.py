"""Small helpers shared by the notification tests."""

from __future__ import annotations

from datetime import datetime

from django.test import TestCase
from django.utils import timezone

from events.registrations.services import Attendee
from notifications.delivery import deliver, dispatch_due
from notifications.models import Notification


def attendee(n: int, **kwargs) -> Attendee:
    return Attendee(name=f"Deelnemer {n}", email=f"p{n}@example.org", sector="medical", **kwargs)


def rows(**filters) -> list[tuple[str, str, str]]:
    """(kind, recipient, status) of outbox rows, oldest first, for readable asserts."""
    return list(
        Notification.objects.filter(**filters)
        .order_by("id")
        .values_list("kind", "recipient", "status")
    )


def pending(**filters):
    return Notification.objects.filter(status="pending", **filters)


def dispatch_in_process(*, now: datetime | None = None, **kwargs) -> list[int]:
    """Run the dispatcher here and return the ids it handed over (after its commits)."""
    handed: list[int] = []
    # Inside a test's transaction the on-commit hand-over would never run.
    with TestCase.captureOnCommitCallbacks(execute=True):
        dispatch_due(now=now, enqueue=handed.extend, **kwargs)
    return handed


def send_due_in_process(*, now: datetime | None = None) -> list[str]:
    """Dispatch and deliver in this process: the pipeline without a broker (unit tests only)."""
    now = now or timezone.now()
    return [deliver(notification_id=pk, now=now).result for pk in dispatch_in_process(now=now)]
