"""Privacy retention: personal data leaves registrations, and the outbox, after the period."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Registration, RegistrationStatus
from events.registrations.retention import anonymise_expired_registrations
from notifications.models import Notification
from tests.factories import MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def past_meeting(days_ago: int):
    starts_at = timezone.now() - timedelta(days=days_ago, hours=3)
    return MeetingFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=3))


def logged_mail(registration, status="sent"):
    return Notification.objects.create(
        kind="registration_confirmed",
        recipient=registration.email,
        language="nl",
        series=registration.meeting.series,
        meeting=registration.meeting,
        registration=registration,
        due_at=registration.created_at,
        status=status,
        sent_at=timezone.now() if status == "sent" else None,
        last_error="550 no such user p@example.org" if status == "failed" else "",
        dedupe_key=f"test:{registration.pk}:{status}",
    )


def test_registrations_of_a_meeting_past_the_retention_period_lose_personal_data(settings):
    settings.REGISTRATION_RETENTION_DAYS = 180
    old = RegistrationFactory(meeting=past_meeting(181), remarks="Rolstoel", organisation="GGD")
    gone = RegistrationFactory(meeting=old.meeting, status=RegistrationStatus.CANCELLED)
    recent = RegistrationFactory(meeting=past_meeting(179))

    assert anonymise_expired_registrations() == 2

    old.refresh_from_db()
    assert (old.name, old.organisation, old.remarks) == ("", "", "")
    assert old.email == f"anonymised-{old.pk}@example.invalid"
    assert old.anonymised_at is not None
    assert (old.sector, old.status) == ("medical", "confirmed")  # statistics stay
    assert Registration.objects.get(pk=gone.pk).email.startswith("anonymised-")
    recent.refresh_from_db()
    assert recent.anonymised_at is None and recent.name.startswith("Deelnemer")


def test_anonymising_two_active_registrations_of_one_meeting_keeps_them_apart():
    meeting = past_meeting(400)
    RegistrationFactory.create_batch(3, meeting=meeting)
    assert anonymise_expired_registrations() == 3
    assert len(set(meeting.registrations.values_list("email", flat=True))) == 3


def test_anonymising_twice_changes_nothing_the_second_time():
    RegistrationFactory(meeting=past_meeting(400))
    assert anonymise_expired_registrations() == 1
    assert anonymise_expired_registrations() == 0


def test_the_outbox_forgets_the_address_and_sends_nothing_more():
    registration = RegistrationFactory(meeting=past_meeting(400))
    sent, failed, waiting = (
        logged_mail(registration, status) for status in ("sent", "failed", "pending")
    )

    anonymise_expired_registrations()

    placeholder = f"anonymised-{registration.pk}@example.invalid"
    for row in (sent, failed, waiting):
        row.refresh_from_db()
        assert row.recipient == placeholder
        assert "example.org" not in row.last_error
    assert (sent.status, failed.status, waiting.status) == ("sent", "failed", "cancelled")
