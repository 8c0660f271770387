"""Celery tasks: thin adapters that take ids and call one service.

The beat schedule that runs the periodic ones is in ``scheduler/celery.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from celery import current_app, shared_task
from django.conf import settings

from events.retention import anonymise_expired_registrations

from . import delivery, outbox

logger = logging.getLogger(__name__)


@shared_task(name="notifications.dispatch_due")
def dispatch_due() -> int:
    """Every minute: hand the outbox rows that are due to the workers."""
    return delivery.dispatch_due()


# A hard limit well inside NOTIFICATIONS_SENDING_TIMEOUT: no living send can
# still be busy when the dispatcher starts to take its row for abandoned.
@shared_task(
    name="notifications.send",
    bind=True,
    acks_late=True,
    time_limit=max(settings.NOTIFICATIONS_SENDING_TIMEOUT // 2, 1),
)
def send(self, *, notification_id: int) -> str:
    """Send one outbox row; a second run for the same row does nothing."""
    outcome = delivery.deliver(notification_id=notification_id)
    if outcome.result == "sent":
        logger.info(
            "notification %s sent; marked %.3f ms after hand-over%s",
            notification_id,
            outcome.window_ms,
            " (redelivered task)" if (self.request.delivery_info or {}).get("redelivered") else "",
        )
    elif outcome.result != "skipped":
        logger.info("notification %s %s: %s", notification_id, outcome.result, outcome.detail)
    return outcome.result


def enqueue_sends(ids: Iterable[int]) -> None:
    """Publish one send task per id over a single broker connection."""
    with current_app.producer_or_acquire() as producer:
        for notification_id in ids:
            send.apply_async(kwargs={"notification_id": notification_id}, producer=producer)


@shared_task(name="notifications.anonymise_registrations")
def anonymise_registrations() -> int:
    """Daily: strip personal data from registrations of meetings long past."""
    return anonymise_expired_registrations()


@shared_task(name="notifications.purge_sent")
def purge_sent() -> int:
    """Daily: remove old sent and cancelled rows from the delivery log."""
    return outbox.purge_old_notifications()
