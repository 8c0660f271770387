"""The registration rules in events.registrations.services, called as form and admin call them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import MeetingStatus, Registration, RegistrationStatus
from events.registrations.services import (
    Attendee,
    RegistrationRefused,
    cancel_registration,
    register,
    restore_registration,
    waitlist_position,
)
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def attendee(n: int, **kwargs) -> Attendee:
    return Attendee(name=f"Deelnemer {n}", email=f"p{n}@example.org", sector="medical", **kwargs)


def test_register_confirms_while_seats_remain_then_waitlists_in_order():
    meeting = MeetingFactory(capacity=2)
    statuses = [register(meeting=meeting, attendee=attendee(n)).status for n in range(4)]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    third, fourth = Registration.objects.filter(status="waitlisted").order_by("id")
    assert (waitlist_position(third), waitlist_position(fourth)) == (1, 2)


def test_register_full_meeting_without_waitlist_is_refused():
    meeting = MeetingFactory(capacity=1, waitlist_enabled=False)
    register(meeting=meeting, attendee=attendee(1))
    with pytest.raises(RegistrationRefused) as excinfo:
        register(meeting=meeting, attendee=attendee(2))
    assert excinfo.value.code == "full"
    assert meeting.registrations.count() == 1


def test_register_same_email_twice_is_refused_with_a_field_message():
    meeting = MeetingFactory()
    register(meeting=meeting, attendee=attendee(1))
    again = Attendee(name="Ander", email="  P1@Example.org ", sector="police")
    with pytest.raises(RegistrationRefused) as excinfo:
        register(meeting=meeting, attendee=again)
    assert "email" in excinfo.value.message_dict
    assert meeting.registrations.count() == 1


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"status": MeetingStatus.DRAFT}, "not_published"),
        ({"status": MeetingStatus.CANCELLED}, "not_published"),
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "not_open_yet"),
        ({"registration_closes_at": timezone.now() - timedelta(minutes=1)}, "closed"),
    ],
)
def test_register_outside_window_or_unpublished_is_refused(changes, code):
    meeting = MeetingFactory(**changes)
    with pytest.raises(RegistrationRefused) as excinfo:
        register(meeting=meeting, attendee=attendee(1))
    assert excinfo.value.code == code
    assert not meeting.registrations.exists()


def test_register_after_meeting_started_is_refused():
    start = timezone.now() - timedelta(minutes=5)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    with pytest.raises(RegistrationRefused):
        register(meeting=meeting, attendee=attendee(1))


def test_cancel_frees_the_seat_and_promotes_the_first_waiting():
    meeting = MeetingFactory(capacity=1)
    first = register(meeting=meeting, attendee=attendee(1))
    second = register(meeting=meeting, attendee=attendee(2))
    third = register(meeting=meeting, attendee=attendee(3))

    result = cancel_registration(registration=first)

    assert [r.pk for r in result.promoted] == [second.pk]
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert second.waitlisted_at is None
    assert waitlist_position(third) == 1


def test_cancel_twice_changes_nothing_the_second_time():
    meeting = MeetingFactory(capacity=1)
    first = register(meeting=meeting, attendee=attendee(1))
    register(meeting=meeting, attendee=attendee(2))
    cancel_registration(registration=first)
    again = cancel_registration(registration=first)
    assert again.promoted == []
    assert meeting.registrations.filter(status="confirmed").count() == 1


def test_restore_when_full_goes_to_the_end_of_the_waiting_list():
    meeting = MeetingFactory(capacity=1)
    first = register(meeting=meeting, attendee=attendee(1))
    register(meeting=meeting, attendee=attendee(2))
    register(meeting=meeting, attendee=attendee(3))
    cancel_registration(registration=first)

    restored = restore_registration(registration=first)

    assert restored.status == RegistrationStatus.WAITLISTED
    assert waitlist_position(restored) == 2


def test_restore_is_refused_when_the_email_registered_again():
    meeting = MeetingFactory(capacity=5)
    first = register(meeting=meeting, attendee=attendee(1))
    cancel_registration(registration=first)
    register(meeting=meeting, attendee=attendee(1))
    with pytest.raises(RegistrationRefused):
        restore_registration(registration=first)
