"""Changing meetings: saving, publishing and cancelling go through here.

Saving bumps the calendar SEQUENCE when time, place or status change. Anything
such a change must cause (notices to registrants, re-planned reminders)
happens in these functions, in the same transaction, so that no code path can
skip it. A venue hosts one meeting at a time and none on its closed days:
``events.planning`` checks that (under a lock on the venue) before every save
that keeps the room.
"""

from __future__ import annotations

from django.db import transaction

from notifications import outbox

from ..models import Meeting, MeetingStatus
from ..planning import PlanningConflict, check_and_save_meeting
from ..revisions import save_with_revision


def save_meeting(*, meeting: Meeting) -> Meeting:
    """Create or change a meeting after checking every rule on the model and the venue.

    Refused with ``PlanningConflict`` (a ``ValidationError``) when another
    draft or published meeting at the venue overlaps it, or the venue is closed.
    A change of time, place or status sends notices and re-plans reminders.
    """
    revised = False

    def save() -> None:
        nonlocal revised
        revised = save_with_revision(meeting)

    with transaction.atomic():
        meeting.full_clean()
        check_and_save_meeting(meeting=meeting, save=save)
        if revised:
            outbox.queue_meeting_changed(meeting=meeting)
    return meeting


def publish_meeting(*, meeting: Meeting) -> bool:
    """Make a draft meeting public. Returns whether anything changed."""
    with transaction.atomic():
        if meeting.status != MeetingStatus.DRAFT:
            return False
        meeting.status = MeetingStatus.PUBLISHED
        try:
            check_and_save_meeting(meeting=meeting, save=lambda: save_with_revision(meeting))
        except PlanningConflict:
            meeting.status = MeetingStatus.DRAFT
            raise
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
