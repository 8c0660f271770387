"""The Celery application: one place for the broker, the tasks and the beat schedule."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import after_setup_logger, after_setup_task_logger

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scheduler.settings")

app = Celery("scheduler")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic task of the product is listed here and nowhere else.
app.conf.beat_schedule = {
    # Reminders and notices are outbox rows; this hands the due ones to the
    # workers. Never a long ETA task instead (see notifications/delivery.py).
    "notifications-dispatch-due": {
        "task": "notifications.dispatch_due",
        "schedule": 60.0,
        # A dispatch that waited longer than a minute is superseded by the next.
        "options": {"expires": 55},
    },
    "notifications-anonymise-registrations": {
        "task": "notifications.anonymise_registrations",
        "schedule": crontab(hour=3, minute=15),
    },
    "notifications-purge-sent": {
        "task": "notifications.purge_sent",
        "schedule": crontab(hour=3, minute=45),
    },
}


@app.task(name="scheduler.ping", ignore_result=False)
def ping() -> str:
    """Answer 'pong': proves a worker consumes from the broker (health checks, smoke test)."""
    return "pong"


@after_setup_logger.connect
@after_setup_task_logger.connect
def redact_worker_logs(logger, **kwargs) -> None:
    """Celery sets up its own log handlers: give them the filter Django's handlers have."""
    from .logfilters import SecretPathFilter

    for handler in logger.handlers:
        if not any(isinstance(f, SecretPathFilter) for f in handler.filters):
            handler.addFilter(SecretPathFilter())
