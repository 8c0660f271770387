"""The tasks and the one beat schedule that runs them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from notifications import tasks
from scheduler.celery import app
from tests.factories import MeetingFactory, RegistrationFactory


def test_beat_dispatches_every_minute_and_runs_retention_and_purge_daily():
    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    assert schedule["notifications.dispatch_due"] == 60.0
    assert isinstance(schedule["notifications.anonymise_registrations"], crontab)
    assert isinstance(schedule["notifications.purge_sent"], crontab)


def test_every_scheduled_task_exists_under_its_name():
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks


def test_send_acknowledges_late_and_gives_up_well_before_a_row_counts_as_abandoned():
    assert tasks.send.acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert tasks.send.time_limit < settings.NOTIFICATIONS_SENDING_TIMEOUT


@pytest.mark.django_db
def test_anonymise_task_runs_the_retention_service():
    starts_at = timezone.now() - timedelta(days=settings.REGISTRATION_RETENTION_DAYS + 2)
    meeting = MeetingFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))
    RegistrationFactory(meeting=meeting)
    assert tasks.anonymise_registrations.run() == 1


@pytest.mark.django_db
def test_purge_task_runs_the_purge_service():
    assert tasks.purge_sent.run() == 0
