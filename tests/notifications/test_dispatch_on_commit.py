"""A message that is due now is handed out when the change that queued it commits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from events.registrations.services import register
from notifications import outbox
from notifications.models import Notification
from notifications.outbox import _publish_dispatch
from tests.factories import MeetingFactory, RegistrationFactory
from tests.notifications.helpers import attendee

pytestmark = pytest.mark.django_db


def dispatches(callbacks) -> int:
    return sum(callback is _publish_dispatch for callback in callbacks)


def test_a_registration_asks_for_a_dispatch_once_it_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        register(meeting=MeetingFactory(), attendee=attendee(1))

    assert dispatches(callbacks) == 1


def test_many_messages_in_one_transaction_ask_for_one_dispatch(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=50)
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for n in range(5):
            register(meeting=meeting, attendee=attendee(n))

    assert dispatches(callbacks) == 1


def test_only_messages_due_later_ask_for_no_dispatch(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(starts_at=timezone.now() + timedelta(days=30))
    RegistrationFactory(meeting=meeting)
    with django_capture_on_commit_callbacks() as callbacks:
        outbox.replan_reminders(meeting=meeting)  # 7 and 1 days before: weeks away

    assert Notification.objects.filter(kind="meeting_reminder").count() == 2
    assert dispatches(callbacks) == 0


def test_it_can_be_switched_off(settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATIONS_DISPATCH_ON_COMMIT = False
    with django_capture_on_commit_callbacks() as callbacks:
        register(meeting=MeetingFactory(), attendee=attendee(1))

    assert dispatches(callbacks) == 0
