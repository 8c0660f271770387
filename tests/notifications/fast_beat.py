"""The product's Celery app with its dispatcher due every second instead of every minute.

``celery -A tests.notifications.fast_beat beat`` runs the real beat with the
real schedule entry (task, options) from ``scheduler/celery.py``; only the
interval is shorter, so that tests and the benchmark need not wait a minute.
"""

from scheduler.celery import app

app.conf.beat_schedule = {
    name: {**entry, "schedule": 1.0}
    for name, entry in app.conf.beat_schedule.items()
    if entry["task"] == "notifications.dispatch_due"
}

__all__ = ["app"]
