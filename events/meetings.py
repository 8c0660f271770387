"""Changing meetings: saving, publishing and cancelling go through here.

Saving bumps the calendar SEQUENCE when time, place or status change. Anything
such a change must cause (notices to registrants, re-planned reminders)
belongs in these functions, so that no code path can skip it.
"""

from __future__ import annotations

from django.db import transaction

from notifications import outbox

from .models import Meeting, MeetingStatus
from .revisions import save_with_revision


def save_meeting(*, meeting: Meeting) -> Meeting:
    """Create or change a meeting after checking every rule on the model."""
    meeting.full_clean()
    with transaction.atomic():
        if save_with_revision(meeting):
            # Time, place or status changed: notices and re-planned reminders.
            outbox.queue_meeting_changed(meeting=meeting)
    return meeting


def publish_meeting(*, meeting: Meeting) -> bool:
    """Make a draft meeting public. Returns whether anything changed."""
    if meeting.status != MeetingStatus.DRAFT:
        return False
    meeting.status = MeetingStatus.PUBLISHED
    with transaction.atomic():
        save_with_revision(meeting)
        outbox.replan_reminders(meeting=meeting)
    return True


def cancel_meeting(*, meeting: Meeting) -> bool:
    """Cancel a meeting; its registrations stay so attendees' calendars show it cancelled."""
    with transaction.atomic():
        if meeting.status == MeetingStatus.CANCELLED:
            return False
        meeting.status = MeetingStatus.CANCELLED
        save_with_revision(meeting)
        outbox.queue_meeting_cancelled(meeting=meeting)
    return True
