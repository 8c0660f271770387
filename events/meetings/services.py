"""Changing meetings: saving, publishing and cancelling go through here.

Saving bumps the calendar SEQUENCE when time, place or status change. Anything
such a change must cause (notices to registrants, re-planned reminders)
happens in these functions, in the same transaction, so that no code path can
skip it. A venue hosts one meeting at a time and none on its closed days:
``events.planning`` checks that (under a lock on the venue) before every save
that keeps the room.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import ngettext

from notifications import outbox

from ..models import Meeting, MeetingStatus, Registration, RegistrationStatus
from ..planning import PlanningConflict, check_and_save_meeting
from ..registrations.services import fill_free_seats
from ..revisions import save_with_revision


def check_capacity(*, meeting: Meeting) -> None:
    """Refuse a capacity below the number of people who already have a seat.

    Nobody loses a confirmed seat by a change of a number: an organiser who
    needs a smaller room cancels registrations first (they are told, and the
    waiting list stays in order). A ``ValidationError`` on ``capacity``.
    """
    if meeting.pk is None or meeting.capacity is None:
        return
    confirmed = Registration.objects.filter(
        meeting_id=meeting.pk, status=RegistrationStatus.CONFIRMED
    ).count()
    if meeting.capacity < confirmed:
        raise ValidationError(
            {
                "capacity": ngettext(
                    "%(count)d person already has a seat: the capacity cannot be lower. "
                    "Cancel registrations first if the room has become smaller.",
                    "%(count)d people already have a seat: the capacity cannot be lower. "
                    "Cancel registrations first if the room has become smaller.",
                    confirmed,
                )
                % {"count": confirmed}
            },
            code="capacity_below_confirmed",
        )


def save_meeting(*, meeting: Meeting) -> Meeting:
    """Create or change a meeting after checking every rule on the model and the venue.

    Refused with ``PlanningConflict`` (a ``ValidationError``) when another
    draft or published meeting at the venue overlaps it, or the venue is closed,
    and with a ``ValidationError`` on ``capacity`` below the seats already taken.
    A change of time, place or status sends notices and re-plans reminders; a
    raised capacity moves the first people waiting up, with their notices.

    The meeting row is locked first, as ``register()`` locks it, so that no
    registration slips in between counting the seats and saving the number.
    """
    revised = False

    def save() -> None:
        nonlocal revised
        revised = save_with_revision(meeting)

    with transaction.atomic():
        if meeting.pk is not None:
            list(Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk"))
        meeting.full_clean()
        check_capacity(meeting=meeting)
        check_and_save_meeting(meeting=meeting, save=save)
        if revised:
            outbox.queue_meeting_changed(meeting=meeting)
        fill_free_seats(meeting=meeting)
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
