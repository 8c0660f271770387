"""The Celery application: one place for the broker, the tasks and the beat schedule."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scheduler.settings")

app = Celery("scheduler")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic task of the product is listed here and nowhere else.
app.conf.beat_schedule = {}


@app.task(name="scheduler.ping", ignore_result=False)
def ping() -> str:
    """Answer 'pong': proves a worker consumes from the broker (health checks, smoke test)."""
    return "pong"
