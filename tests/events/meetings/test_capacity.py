"""A meeting's capacity is a rule: raising it moves the waiting list up, lowering it never
takes a seat away."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from events.meetings.services import save_meeting
from events.models import Meeting, Registration, RegistrationStatus
from events.registrations.services import Attendee, register, waitlist_position
from notifications.models import Notification
from tests.events.admin_helpers import admin_url, meeting_form_data
from tests.events.registrations.test_concurrency import run_in_threads
from tests.factories import MeetingFactory, RegistrationFactory

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED


def attendee(i: int) -> Attendee:
    return Attendee(name=f"Deelnemer {i}", email=f"p{i}@example.org", sector="police")


def full_meeting_with_queue(*, seats: int, waiting: int) -> tuple[Meeting, list[Registration]]:
    """A full meeting and its waiting list, in arrival order (the first arrived first)."""
    meeting = MeetingFactory(capacity=seats)
    RegistrationFactory.create_batch(seats, meeting=meeting)
    joined = timezone.now() - timedelta(days=1)
    queue = [
        RegistrationFactory(
            meeting=meeting, status=WAITLISTED, waitlisted_at=joined + timedelta(minutes=i)
        )
        for i in range(waiting)
    ]
    return meeting, queue


def status_of(registration: Registration) -> str:
    return Registration.objects.get(pk=registration.pk).status


@pytest.mark.django_db
def test_raising_capacity_moves_the_first_people_waiting_up_and_tells_them():
    meeting, queue = full_meeting_with_queue(seats=2, waiting=3)

    meeting.capacity = 4
    save_meeting(meeting=meeting)

    assert [status_of(r) for r in queue] == [CONFIRMED, CONFIRMED, WAITLISTED]
    assert waitlist_position(Registration.objects.get(pk=queue[2].pk)) == 1
    told = Notification.objects.filter(kind="registration_promoted")
    assert {n.registration_id for n in told} == {queue[0].pk, queue[1].pk}


@pytest.mark.django_db
def test_a_newcomer_never_overtakes_the_waiting_list():
    meeting, queue = full_meeting_with_queue(seats=2, waiting=1)
    # A seat freed without the service (a script, a restored backup).
    Meeting.objects.filter(pk=meeting.pk).update(capacity=3)

    newcomer = register(meeting=meeting, attendee=attendee(99))

    assert status_of(queue[0]) == CONFIRMED
    assert newcomer.status == WAITLISTED


@pytest.mark.django_db
def test_lowering_capacity_below_the_seats_taken_is_refused_and_nothing_changes():
    meeting, queue = full_meeting_with_queue(seats=3, waiting=1)

    meeting.capacity = 2
    with pytest.raises(ValidationError) as refusal:
        save_meeting(meeting=meeting)

    assert refusal.value.message_dict["capacity"] == [
        "3 mensen hebben al een plaats: de capaciteit kan niet lager. "
        "Annuleer eerst aanmeldingen als de zaal kleiner is geworden."
    ]
    assert Meeting.objects.get(pk=meeting.pk).capacity == 3
    assert status_of(queue[0]) == WAITLISTED


@pytest.mark.django_db
def test_lowering_capacity_to_the_seats_taken_is_allowed():
    meeting, _queue = full_meeting_with_queue(seats=3, waiting=0)
    meeting.capacity = 5
    save_meeting(meeting=meeting)

    meeting.capacity = 3
    save_meeting(meeting=meeting)

    assert Meeting.objects.get(pk=meeting.pk).capacity == 3


@pytest.mark.django_db
def test_api_refuses_a_lower_capacity_on_the_field_in_dutch(owner, own_series):
    client = APIClient()
    client.force_authenticate(user=owner)
    meeting, _queue = full_meeting_with_queue(seats=3, waiting=0)
    Meeting.objects.filter(pk=meeting.pk).update(series=own_series)

    response = client.patch(
        f"/api/v1/meetings/{meeting.slug}/",
        {"capacity": 1},
        format="json",
        HTTP_ACCEPT_LANGUAGE="nl",
    )

    assert response.status_code == 400
    assert response.json()["errors"]["capacity"] == [
        "3 mensen hebben al een plaats: de capaciteit kan niet lager. "
        "Annuleer eerst aanmeldingen als de zaal kleiner is geworden."
    ]


@pytest.mark.django_db
def test_admin_shows_the_refusal_on_the_capacity_field(owner_client, own_series):
    meeting, _queue = full_meeting_with_queue(seats=2, waiting=0)
    Meeting.objects.filter(pk=meeting.pk).update(series=own_series)
    meeting.refresh_from_db()

    response = owner_client.post(
        admin_url("meeting", "change", meeting.pk), meeting_form_data(meeting, capacity=1)
    )

    assert response.status_code == 200
    assert "capacity" in response.context["adminform"].form.errors
    assert Meeting.objects.get(pk=meeting.pk).capacity == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_raising_capacity_while_people_register_keeps_the_queue_in_order():
    """Newcomers racing a capacity raise never take a seat from someone already waiting."""
    meeting, queue = full_meeting_with_queue(seats=5, waiting=6)

    def work(i: int):
        if i == 0:
            bigger = Meeting.objects.get(pk=meeting.pk)
            bigger.capacity = 9
            return save_meeting(meeting=bigger)
        return register(meeting=meeting, attendee=attendee(i))

    results = run_in_threads(21, work)
    connection.close()

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    confirmed = Registration.objects.filter(meeting=meeting, status=CONFIRMED)
    assert confirmed.count() == 9
    # The first four waiting got the new seats; no newcomer did.
    assert [status_of(r) for r in queue] == [CONFIRMED] * 4 + [WAITLISTED] * 2
    assert not confirmed.filter(email__startswith="p").exists()
