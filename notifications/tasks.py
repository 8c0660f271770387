"""Celery tasks: thin adapters that take ids and call one service.

The beat schedule that runs the periodic ones is in ``scheduler/celery.py``.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence

from celery import current_app, shared_task
from django.conf import settings

from events.registrations.retention import anonymise_expired_registrations

from . import delivery, outbox

logger = logging.getLogger(__name__)


@shared_task(name="notifications.dispatch_due")
def dispatch_due() -> int:
    """Every minute: hand the outbox rows that are due to the workers."""
    return delivery.dispatch_due(enqueue=enqueue_sends)


# A hard limit well inside NOTIFICATIONS_SENDING_TIMEOUT: no living send can
# still be busy when the dispatcher starts to take its rows for abandoned.
@shared_task(
    name="notifications.send",
    bind=True,
    acks_late=True,
    time_limit=max(settings.NOTIFICATIONS_SENDING_TIMEOUT // 2, 1),
)
def send(self, *, notification_ids: list[int]) -> dict[str, int]:
    """Send a few outbox rows over one connection; a second run for the same rows does nothing."""
    redelivered = (self.request.delivery_info or {}).get("redelivered")
    outcomes = delivery.deliver_many(notification_ids=notification_ids)
    for notification_id, outcome in zip(notification_ids, outcomes, strict=True):
        if outcome.result == "sent":
            logger.info(
                "notification %s sent; marked %.3f ms after hand-over%s",
                notification_id,
                outcome.window_ms,
                " (redelivered task)" if redelivered else "",
            )
        elif outcome.result != "skipped":
            logger.info("notification %s %s: %s", notification_id, outcome.result, outcome.detail)
    return dict(Counter(outcome.result for outcome in outcomes))


def enqueue_sends(ids: Sequence[int]) -> None:
    """Publish send tasks of ``NOTIFICATIONS_SEND_BATCH`` ids each, over one broker connection."""
    size = settings.NOTIFICATIONS_SEND_BATCH
    with current_app.producer_or_acquire() as producer:
        for start in range(0, len(ids), size):
            send.apply_async(
                kwargs={"notification_ids": list(ids[start : start + size])}, producer=producer
            )


@shared_task(name="notifications.anonymise_registrations")
def anonymise_registrations() -> int:
    """Daily: strip personal data from registrations of meetings long past."""
    return anonymise_expired_registrations()


@shared_task(name="notifications.purge_sent")
def purge_sent() -> int:
    """Daily: remove old sent and cancelled rows from the delivery log."""
    return outbox.purge_old_notifications()
