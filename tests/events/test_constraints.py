"""The database itself refuses bad rows: saved through the ORM, with no form in the way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from events.models import RegistrationStatus
from tests.factories import (
    ExhibitionStopFactory,
    MeetingFactory,
    OpeningHoursFactory,
    RegistrationFactory,
    VenueClosureFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def assert_refused(save, constraint: str) -> None:
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        save()
    # Both SQLite and PostgreSQL name the violated constraint: the right rule refused it.
    message = str(excinfo.value)
    assert constraint in message


def test_meeting_ending_before_it_starts_is_refused():
    meeting = MeetingFactory()
    meeting.ends_at = meeting.starts_at - timedelta(minutes=1)
    assert_refused(meeting.save, "meeting_ends_after_start")


def test_meeting_ending_when_it_starts_is_refused():
    meeting = MeetingFactory()
    meeting.ends_at = meeting.starts_at
    assert_refused(meeting.save, "meeting_ends_after_start")


def test_meeting_without_venue_or_link_is_refused():
    meeting = MeetingFactory()
    meeting.venue = None
    meeting.online_url = ""
    assert_refused(meeting.save, "meeting_has_place")


def test_online_meeting_without_venue_is_allowed():
    meeting = MeetingFactory(venue=None, online_url="https://meet.example.nl/geringste")
    assert meeting.pk


def test_meeting_without_seats_is_refused():
    assert_refused(lambda: MeetingFactory(capacity=0), "meeting_has_seats")


def test_registration_window_closing_before_opening_is_refused():
    meeting = MeetingFactory()
    meeting.registration_opens_at = meeting.starts_at - timedelta(days=2)
    meeting.registration_closes_at = meeting.starts_at - timedelta(days=3)
    assert_refused(meeting.save, "meeting_registration_window_ordered")


def test_registration_closing_after_the_meeting_is_refused():
    meeting = MeetingFactory()
    meeting.registration_closes_at = meeting.ends_at + timedelta(hours=1)
    assert_refused(meeting.save, "meeting_registration_closes_by_end")


def test_unknown_meeting_status_is_refused():
    meeting = MeetingFactory()
    meeting.status = "postponed"
    assert_refused(meeting.save, "meeting_status_valid")


@pytest.mark.parametrize(
    ("field", "shift", "constraint"),
    [
        ("setup_on", 1, "exhibitionstop_setup_before_opening"),
        ("closes_on", -30, "exhibitionstop_opens_before_closing"),
        ("teardown_on", -30, "exhibitionstop_teardown_after_closing"),
    ],
)
def test_stop_dates_out_of_order_are_refused(field, shift, constraint):
    stop = ExhibitionStopFactory()
    base = stop.opens_on if field == "setup_on" else getattr(stop, field)
    setattr(stop, field, base + timedelta(days=shift))
    assert_refused(stop.save, constraint)


def test_stop_of_one_day_with_setup_and_teardown_that_day_is_allowed():
    stop = ExhibitionStopFactory()
    day = stop.opens_on
    stop.setup_on = stop.closes_on = stop.teardown_on = day
    stop.save()


def test_opening_hours_closing_before_opening_are_refused():
    assert_refused(
        lambda: OpeningHoursFactory(opens_at="17:00", closes_at="09:00"),
        "openinghours_closes_after_opening",
    )


def test_opening_hours_weekday_out_of_range_is_refused():
    assert_refused(lambda: OpeningHoursFactory(weekday=7), "openinghours_weekday_valid")


def test_venue_closure_ending_before_start_is_refused():
    closure = VenueClosureFactory()
    closure.ends_on = closure.starts_on - timedelta(days=1)
    assert_refused(closure.save, "venueclosure_ends_after_start")


def test_venue_with_half_coordinates_is_refused():
    assert_refused(lambda: VenueFactory(latitude=52.09, longitude=None), "venue_coordinates_valid")


def test_second_active_registration_for_same_email_is_refused():
    first = RegistrationFactory(email="a.jansen@example.org")
    assert_refused(
        lambda: RegistrationFactory(meeting=first.meeting, email="A.Jansen@Example.org"),
        "registration_one_active_per_email",
    )


def test_waitlisted_registration_for_same_email_is_refused_too():
    first = RegistrationFactory(email="b@example.org")
    assert_refused(
        lambda: RegistrationFactory(
            meeting=first.meeting, email="b@example.org", status=RegistrationStatus.WAITLISTED
        ),
        "registration_one_active_per_email",
    )


def test_same_email_may_register_again_after_cancelling():
    first = RegistrationFactory(email="c@example.org", status=RegistrationStatus.CANCELLED)
    again = RegistrationFactory(meeting=first.meeting, email="c@example.org")
    assert again.pk != first.pk


def test_same_email_may_register_for_another_meeting():
    first = RegistrationFactory(email="d@example.org")
    other = RegistrationFactory(email="d@example.org")
    assert other.meeting_id != first.meeting_id


def test_cancelled_registration_without_time_is_refused():
    registration = RegistrationFactory()
    registration.status = RegistrationStatus.CANCELLED
    assert_refused(registration.save, "registration_cancelled_has_time")


def test_waitlisted_registration_without_time_is_refused():
    registration = RegistrationFactory()
    registration.status = RegistrationStatus.WAITLISTED
    assert_refused(registration.save, "registration_waitlisted_has_time")
