"""Parallel registrations on PostgreSQL: separate connections, real row locks."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from events.models import Registration, RegistrationStatus
from events.registration import Attendee, RegistrationRefused, cancel_registration, register
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_in_threads(count: int, work) -> list:
    """Run ``work(i)`` in ``count`` threads released together; each has its own connection."""
    barrier = threading.Barrier(count)

    def worker(i: int):
        try:
            barrier.wait()
            return work(i)
        except RegistrationRefused as exc:
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(worker, range(count)))


def test_many_simultaneous_registrations_never_overbook():
    meeting = MeetingFactory(capacity=5)

    def attempt(i: int):
        attendee = Attendee(name=f"Deelnemer {i}", email=f"p{i}@example.org", sector="police")
        return register(meeting=meeting, attendee=attendee).status

    results = run_in_threads(30, attempt)

    assert results.count(RegistrationStatus.CONFIRMED) == 5
    assert results.count(RegistrationStatus.WAITLISTED) == 25
    assert meeting.registrations.filter(status="confirmed").count() == 5


def test_simultaneous_duplicates_leave_one_row_and_clear_refusals():
    meeting = MeetingFactory(capacity=50)

    def attempt(i: int):
        attendee = Attendee(name="Zelfde", email="zelfde@example.org", sector="other")
        return register(meeting=meeting, attendee=attendee)

    results = run_in_threads(10, attempt)

    refusals = [r for r in results if isinstance(r, RegistrationRefused)]
    assert len(refusals) == 9
    assert all(r.code == "duplicate" for r in refusals)
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_simultaneous_cancellations_promote_each_waiting_person_once():
    meeting = MeetingFactory(capacity=5)
    registrations = [
        register(
            meeting=meeting,
            attendee=Attendee(name=f"D {i}", email=f"d{i}@example.org", sector="medical"),
        )
        for i in range(10)
    ]
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]

    results = run_in_threads(5, lambda i: cancel_registration(registration=confirmed[i]))

    promoted = [p.pk for result in results for p in result.promoted]
    assert len(promoted) == len(set(promoted)) == 5
    assert meeting.registrations.filter(status="confirmed").count() == 5
    assert not meeting.registrations.filter(status="waitlisted").exists()
