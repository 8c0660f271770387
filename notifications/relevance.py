"""The last look before sending: is this message still wanted?

The outbox functions cancel pending rows when things change, in the same
transaction. This check covers the rest: a row a worker claimed a moment
before the change committed, or one written before a rule existed. A
reminder for a cancelled registration or a cancelled meeting never goes out.
"""

from __future__ import annotations

from datetime import datetime

from events.models import MeetingStatus, RegistrationStatus, StopStatus

from .models import STOP_KINDS, Notification, NotificationKind

Kind = NotificationKind


def obsolete_reason(notification: Notification, *, now: datetime) -> str:
    """Why ``notification`` should not be sent any more; ``""`` when it should."""
    if notification.kind in STOP_KINDS:
        stop = notification.stop
        if stop.status != StopStatus.CONFIRMED:
            return f"stop is {stop.status}"
        if notification.payload.get("sequence") != stop.sequence:
            return "stop changed since planned"
        return ""
    registration = notification.registration
    meeting = notification.meeting
    if registration.anonymised_at is not None:
        return "registration anonymised"
    if notification.kind == Kind.MEETING_REMINDER:
        if registration.status != RegistrationStatus.CONFIRMED:
            return f"registration is {registration.status}"
        if registration.reminders_stopped_at is not None:
            return "reminders stopped"
        if meeting.status != MeetingStatus.PUBLISHED:
            return f"meeting is {meeting.status}"
        if notification.payload.get("sequence") != meeting.sequence:
            return "meeting changed since planned"
        if meeting.starts_at <= now:
            return "meeting has started"
        if notification.payload.get("days") not in meeting.series.reminder_days:
            return "reminder days changed"
    if notification.kind == Kind.MEETING_CHANGED:
        if registration.status == RegistrationStatus.CANCELLED:
            return "registration cancelled"
        if notification.payload.get("sequence") != meeting.sequence:
            return "meeting changed again"
    return ""
