"""SEQUENCE goes up exactly when what a calendar shows changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from events.meetings.services import cancel_meeting, publish_meeting, save_meeting
from events.models import Meeting, MeetingStatus, StopStatus
from events.planning import save_stop, set_stop_status
from tests.factories import ExhibitionStopFactory, MeetingFactory, VenueFactory

pytestmark = pytest.mark.django_db


def stored_sequence(obj) -> int:
    return type(obj).objects.values_list("sequence", flat=True).get(pk=obj.pk)


def test_moving_a_meeting_bumps_sequence():
    meeting = MeetingFactory()
    meeting.starts_at += timedelta(hours=1)
    meeting.ends_at += timedelta(hours=1)
    save_meeting(meeting=meeting)
    assert stored_sequence(meeting) == 1


def test_changing_a_meeting_venue_bumps_sequence():
    meeting = MeetingFactory()
    meeting.venue = VenueFactory()
    save_meeting(meeting=meeting)
    assert stored_sequence(meeting) == 1


def test_changing_only_the_description_keeps_sequence():
    meeting = MeetingFactory()
    meeting.description = "Met de Nationaal Rapporteur."
    save_meeting(meeting=meeting)
    assert stored_sequence(meeting) == 0


def test_publish_and_cancel_each_bump_sequence_once():
    meeting = MeetingFactory(status=MeetingStatus.DRAFT)
    assert publish_meeting(meeting=meeting)
    assert not publish_meeting(meeting=meeting)
    assert cancel_meeting(meeting=meeting)
    assert not cancel_meeting(meeting=meeting)
    assert stored_sequence(meeting) == 2


def test_save_meeting_refuses_bad_times_with_a_message_and_stores_nothing():
    meeting = MeetingFactory()
    original_end = meeting.ends_at
    meeting.ends_at = meeting.starts_at - timedelta(hours=1)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        save_meeting(meeting=meeting)
    assert "A meeting must end after it starts." in str(excinfo.value)
    assert Meeting.objects.get(pk=meeting.pk).ends_at == original_end


def test_moving_a_stop_bumps_sequence_and_status_change_again():
    stop = ExhibitionStopFactory(status=StopStatus.OPTION)
    stop.closes_on += timedelta(days=7)
    stop.teardown_on += timedelta(days=7)
    save_stop(stop=stop)
    assert stored_sequence(stop) == 1
    assert set_stop_status(stop=stop, status=StopStatus.CONFIRMED)
    assert stored_sequence(stop) == 2


def test_changing_only_stop_notes_keeps_sequence():
    stop = ExhibitionStopFactory()
    stop.internal_notes = "Sleutel bij de receptie."
    save_stop(stop=stop)
    assert stored_sequence(stop) == 0
