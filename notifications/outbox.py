"""What to send, and when: the one place that writes outbox rows.

The services in ``events`` (``registration``, ``meetings``, ``planning``) call
these functions *inside their own transaction*, so a change and the messages
it causes are committed together or not at all. Nothing here sends; the
worker does that later (``delivery``).

Every row gets a ``dedupe_key`` that names the message: the registration and
the state change for notices, the registration, day offset and meeting
SEQUENCE for reminders, the stop, day, SEQUENCE and address for logistics.
Queueing the same message twice is therefore a no-op, so the planning
functions can simply be called again after any change ("make the pending rows
match the rules") instead of tracking what changed.

A rule that follows from that: nothing is ever planned with a due time in the
past (except notices about a change that just happened), so removing old sent
rows (``purge_old_notifications``) can never cause a message to be planned
again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from events.models import (
    ExhibitionStop,
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    StopStatus,
)

from .models import Notification, NotificationKind, NotificationStatus
from .timing import LOGISTICS_NOTICE_TIME, at_local, days_before

ACTIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
Kind = NotificationKind
Status = NotificationStatus


# --- Writing rows --------------------------------------------------------------


# Notices anyone can cause by typing an address into the form or the API: an
# address gets at most NOTIFICATIONS_PER_ADDRESS_PER_HOUR of each kind an hour.
PUBLIC_TRIGGERED_KINDS = frozenset(
    {Kind.REGISTRATION_CONFIRMED, Kind.REGISTRATION_WAITLISTED, Kind.REGISTRATION_CANCELLED}
)
OVER_ADDRESS_LIMIT = "not sent: the address had reached its limit of such messages this hour"


def _over_address_limit(row: Notification) -> bool:
    """Whether ``row`` would be one message too many of its kind to its address this hour."""
    if row.kind not in PUBLIC_TRIGGERED_KINDS:
        return False
    since = timezone.now() - timedelta(hours=1)
    sent_or_due = Notification.objects.filter(
        recipient__iexact=row.recipient, kind=row.kind, created_at__gte=since
    ).exclude(last_error=OVER_ADDRESS_LIMIT)
    return sent_or_due.count() >= settings.NOTIFICATIONS_PER_ADDRESS_PER_HOUR


def _queue(rows: Sequence[Notification]) -> None:
    """Insert ``rows``; a key that exists is left alone, unless it was cancelled.

    A cancelled row that is wanted again (a cancelled registration restored,
    at the same meeting SEQUENCE) goes back to pending: it was never sent.
    A notice over its address's hourly limit is stored cancelled, with the
    reason, so the delivery log shows what was held back.
    """
    if not rows:
        return
    held_back = {row.dedupe_key for row in rows if _over_address_limit(row)}
    for row in rows:
        if row.dedupe_key in held_back:
            row.status, row.last_error = Status.CANCELLED, OVER_ADDRESS_LIMIT
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    now = timezone.now()
    if any(row.dedupe_key not in held_back and row.due_at <= now for row in rows):
        dispatch_after_commit()
    Notification.objects.filter(
        dedupe_key__in=[row.dedupe_key for row in rows if row.dedupe_key not in held_back],
        status=Status.CANCELLED,
    ).update(
        status=Status.PENDING,
        attempts=0,
        retry_at=None,
        dispatched_at=None,
        last_error="",
        updated_at=timezone.now(),
    )


def dispatch_after_commit() -> None:
    """Have a worker hand out what is due as soon as this transaction commits.

    So a confirmation leaves within seconds of the registration instead of at
    the next beat dispatch (every minute), which stays as the safety net: a
    publish that fails (broker down) is logged and the message goes out then.
    The task is published by name, so this module needs no task code; it
    expires, so a dispatch that waited in a queue for a minute is dropped
    (the next beat does the same work).
    """
    if not settings.NOTIFICATIONS_DISPATCH_ON_COMMIT:
        return
    # Once per transaction: seeding or a cancelled meeting queues hundreds of rows.
    pending = transaction.get_connection().run_on_commit
    if not any(entry[1] is _publish_dispatch for entry in pending):
        transaction.on_commit(_publish_dispatch, robust=True)


def _publish_dispatch() -> None:
    current_app.send_task("notifications.dispatch_due", expires=55, retry=False)


def _cancel(rows: QuerySet[Notification], reason: str) -> int:
    """Cancel the pending ones among ``rows``; rows being sent or sent are history."""
    return rows.filter(status=Status.PENDING).update(
        status=Status.CANCELLED, last_error=reason, updated_at=timezone.now()
    )


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def _for_registration(
    kind: str,
    registration: Registration,
    *,
    due_at: datetime,
    key: str,
    payload: dict | None = None,
) -> Notification:
    meeting = registration.meeting
    return Notification(
        kind=kind,
        recipient=registration.email,
        language=registration.language,
        series_id=meeting.series_id,
        meeting=meeting,
        registration=registration,
        due_at=due_at,
        dedupe_key=key,
        payload=payload or {},
    )


def _transition_notice(kind: str, registration: Registration, now: datetime) -> Notification:
    # ``updated_at`` was stamped by the save that made this state change, so
    # the key names that change: a second confirmation after a restore is a
    # new message, the same confirmation queued twice is not.
    key = f"{kind}:{registration.pk}:{_stamp(registration.updated_at)}"
    return _for_registration(kind, registration, due_at=now, key=key)


# --- Registrations -------------------------------------------------------------


def queue_registration_received(*, registration: Registration, now: datetime | None = None) -> None:
    """A new or restored registration: confirmation (and reminders), or the waiting-list notice."""
    now = now or timezone.now()
    if registration.status == RegistrationStatus.CONFIRMED:
        _queue([_transition_notice(Kind.REGISTRATION_CONFIRMED, registration, now)])
        replan_reminders(meeting=registration.meeting, registrations=[registration], now=now)
    elif registration.status == RegistrationStatus.WAITLISTED:
        _queue([_transition_notice(Kind.REGISTRATION_WAITLISTED, registration, now)])


def queue_registration_promoted(*, registration: Registration, now: datetime | None = None) -> None:
    """Someone moved up from the waiting list: tell them, and plan their reminders."""
    now = now or timezone.now()
    _queue([_transition_notice(Kind.REGISTRATION_PROMOTED, registration, now)])
    replan_reminders(meeting=registration.meeting, registrations=[registration], now=now)


def queue_registration_cancelled(
    *, registration: Registration, now: datetime | None = None
) -> None:
    """A cancelled registration: nothing still pending for it goes out, except this notice."""
    now = now or timezone.now()
    _cancel(registration.notifications.all(), "registration cancelled")
    _queue([_transition_notice(Kind.REGISTRATION_CANCELLED, registration, now)])


# --- Reminders -------------------------------------------------------------------


def reminder_key(registration: Registration, days: int, sequence: int) -> str:
    return f"{Kind.MEETING_REMINDER}:{registration.pk}:{days}d:seq{sequence}"


def _wants_reminders(registration: Registration) -> bool:
    return (
        registration.status == RegistrationStatus.CONFIRMED
        and registration.reminders_stopped_at is None
        and registration.anonymised_at is None
    )


def replan_reminders(
    *,
    meeting: Meeting,
    registrations: Iterable[Registration] | None = None,
    now: datetime | None = None,
) -> None:
    """Make the pending reminders of ``meeting`` (or of just ``registrations``) match the rules.

    Confirmed attendees who did not stop them get one reminder per day in the
    series' ``reminder_days_before``, at the meeting's Amsterdam wall-clock
    time that many days earlier, for the meeting's current SEQUENCE. Pending
    reminders planned for an older SEQUENCE, a cancelled registration or an
    unpublished meeting are cancelled. Reminders whose time has passed are not
    planned (a moved meeting sends its own notice).
    """
    now = now or timezone.now()
    if registrations is None:
        registrations = meeting.registrations.filter(
            status=RegistrationStatus.CONFIRMED,
            reminders_stopped_at__isnull=True,
            anonymised_at__isnull=True,
        )
    else:
        registrations = list(registrations)
    wanted: list[Notification] = []
    if meeting.status == MeetingStatus.PUBLISHED and meeting.starts_at > now:
        days_list = meeting.series.reminder_days
        for registration in registrations:
            if not _wants_reminders(registration):
                continue
            for days in days_list:
                due_at = days_before(meeting.starts_at, days)
                if due_at <= now:
                    continue
                key = reminder_key(registration, days, meeting.sequence)
                payload = {"days": days, "sequence": meeting.sequence}
                wanted.append(
                    _for_registration(
                        Kind.MEETING_REMINDER, registration, due_at=due_at, key=key, payload=payload
                    )
                )
    pending = Notification.objects.filter(meeting=meeting, kind=Kind.MEETING_REMINDER)
    if not isinstance(registrations, QuerySet):
        pending = pending.filter(registration__in=registrations)
    _cancel(pending.exclude(dedupe_key__in=[r.dedupe_key for r in wanted]), "re-planned")
    _queue(wanted)


def replan_series_reminders(*, series_id: int, now: datetime | None = None) -> None:
    """The series' reminder days changed: re-plan every meeting that is still to come."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(series_id=series_id, starts_at__gt=now).select_related(
        "series"
    )
    for meeting in meetings:
        replan_reminders(meeting=meeting, now=now)


def stop_reminders(*, registration: Registration, now: datetime | None = None) -> int:
    """The attendee wants no more reminders for this meeting. Returns how many were cancelled.

    Recorded on the registration, so that a later re-plan (a moved meeting)
    does not bring them back.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.reminders_stopped_at is None:
            current.reminders_stopped_at = now
            current.save(update_fields=["reminders_stopped_at", "updated_at"])
        registration.reminders_stopped_at = current.reminders_stopped_at
        return _cancel(
            current.notifications.filter(kind=Kind.MEETING_REMINDER), "reminders stopped"
        )


# --- Meetings --------------------------------------------------------------------


def _active_registrations(meeting: Meeting) -> QuerySet[Registration]:
    # The related manager hands each registration this same meeting object.
    return meeting.registrations.filter(status__in=ACTIVE_STATUSES)


def queue_meeting_changed(*, meeting: Meeting, now: datetime | None = None) -> None:
    """The meeting's SEQUENCE went up (time, place or status): tell everyone, re-plan reminders.

    Only the newest notice of a series of quick edits goes out: pending ones
    for an older SEQUENCE are cancelled.
    """
    now = now or timezone.now()
    if meeting.status == MeetingStatus.CANCELLED:
        queue_meeting_cancelled(meeting=meeting, now=now)
        return
    notices = []
    if meeting.status == MeetingStatus.PUBLISHED and meeting.ends_at > now:
        notices = [
            _for_registration(
                Kind.MEETING_CHANGED,
                registration,
                due_at=now,
                key=f"{Kind.MEETING_CHANGED}:{registration.pk}:seq{meeting.sequence}",
                payload={"sequence": meeting.sequence},
            )
            for registration in _active_registrations(meeting)
        ]
    older = Notification.objects.filter(meeting=meeting, kind=Kind.MEETING_CHANGED)
    _cancel(older.exclude(dedupe_key__in=[n.dedupe_key for n in notices]), "changed again")
    _queue(notices)
    replan_reminders(meeting=meeting, now=now)


def queue_meeting_cancelled(*, meeting: Meeting, now: datetime | None = None) -> None:
    """A cancelled meeting: one notice to every active registrant; nothing else still goes."""
    now = now or timezone.now()
    pending = Notification.objects.filter(meeting=meeting).exclude(
        kind__in=[Kind.MEETING_CANCELLED, Kind.ORGANISER_MESSAGE]
    )
    _cancel(pending, "meeting cancelled")
    if meeting.ends_at <= now:
        return
    _queue(
        [
            _for_registration(
                Kind.MEETING_CANCELLED,
                registration,
                due_at=now,
                key=f"{Kind.MEETING_CANCELLED}:{registration.pk}:seq{meeting.sequence}",
            )
            for registration in _active_registrations(meeting)
        ]
    )


def organiser_message_recipients(
    meeting: Meeting, *, include_waitlist: bool
) -> QuerySet[Registration]:
    statuses = ACTIVE_STATUSES if include_waitlist else (RegistrationStatus.CONFIRMED,)
    return (
        meeting.registrations.filter(status__in=statuses, anonymised_at__isnull=True)
        .select_related("meeting", "meeting__series", "meeting__venue")
        .order_by("created_at", "id")
    )


def queue_organiser_message(
    *,
    meeting: Meeting,
    subject: str,
    body: str,
    include_waitlist: bool,
    message_id: str,
    now: datetime | None = None,
) -> int:
    """The organisers' own message to everyone registered. Returns the number of recipients.

    ``message_id`` comes with the form, so a form sent twice queues once.
    """
    now = now or timezone.now()
    recipients = list(organiser_message_recipients(meeting, include_waitlist=include_waitlist))
    payload = {"subject": subject, "body": body}
    with transaction.atomic():
        _queue(
            [
                _for_registration(
                    Kind.ORGANISER_MESSAGE,
                    registration,
                    due_at=now,
                    key=f"{Kind.ORGANISER_MESSAGE}:{message_id}:{registration.pk}",
                    payload=payload,
                )
                for registration in recipients
            ]
        )
    return len(recipients)


# --- Exhibition logistics ----------------------------------------------------------


def logistics_days(stop: ExhibitionStop) -> list[tuple[str, date]]:
    """(kind, local day) of each logistics notice of ``stop``."""
    days = []
    if stop.kit.transport_days:
        transport_on = stop.setup_on - timedelta(days=stop.kit.transport_days)
        days.append((Kind.STOP_TRANSPORT, transport_on))
    days += [
        (Kind.STOP_SETUP, stop.setup_on),
        (Kind.STOP_LAST_DAY, stop.closes_on),
        (Kind.STOP_TEARDOWN, stop.teardown_on),
    ]
    return days


def logistics_recipients(stop: ExhibitionStop) -> list[str]:
    """The series' organisers and the venue's contact, each address once."""
    addresses = list(
        stop.kit.series.organisers.filter(is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    if stop.venue.contact_email:
        addresses.append(stop.venue.contact_email)
    seen: dict[str, str] = {}
    for address in addresses:
        seen.setdefault(address.strip().lower(), address.strip())
    return list(seen.values())


def replan_stop_notices(*, stop: ExhibitionStop, now: datetime | None = None) -> None:
    """Make the pending logistics notices of ``stop`` match its dates and status.

    A confirmed stop gets, at 08:00 Amsterdam time on each day, a notice to the
    organisers and the venue contact: the kit leaves (``transport_days`` before
    setup), setup, last day open, teardown. A stop that is moved (new
    SEQUENCE) gets new ones and loses the old; a stop that is no longer
    confirmed loses them all.
    """
    now = now or timezone.now()
    wanted: list[Notification] = []
    if stop.status == StopStatus.CONFIRMED:
        recipients = logistics_recipients(stop)
        for kind, day in logistics_days(stop):
            due_at = at_local(day, LOGISTICS_NOTICE_TIME)
            if due_at <= now:
                continue
            for address in recipients:
                wanted.append(
                    Notification(
                        kind=kind,
                        recipient=address,
                        language=settings.LANGUAGE_CODE,
                        series_id=stop.kit.series_id,
                        stop=stop,
                        due_at=due_at,
                        dedupe_key=f"{kind}:{stop.pk}:seq{stop.sequence}:{address.lower()}",
                        payload={"sequence": stop.sequence},
                    )
                )
    reason = "re-planned" if stop.status == StopStatus.CONFIRMED else f"stop {stop.status}"
    keys = [n.dedupe_key for n in wanted]
    _cancel(Notification.objects.filter(stop=stop).exclude(dedupe_key__in=keys), reason)
    _queue(wanted)


# --- The delivery log ---------------------------------------------------------------


def retry_notifications(*, notifications: QuerySet[Notification]) -> int:
    """Put failed messages back in the queue with fresh attempts. Returns how many.

    Only failed ones: a sent message is never sent again from here.
    """
    return notifications.filter(status=Status.FAILED).update(
        status=Status.PENDING,
        attempts=0,
        retry_at=None,
        dispatched_at=None,
        claimed_at=None,
        updated_at=timezone.now(),
    )


def forget_registrations(*, registration_ids: Iterable[int]) -> None:
    """Privacy retention: the outbox keeps no address of an anonymised registration.

    Call after the registrations were anonymised: their rows stay in the log
    (what was sent, when) under the placeholder address the registration got;
    nothing pending for them goes out.
    """
    rows = Notification.objects.filter(registration_id__in=list(registration_ids))
    _cancel(rows, "registration anonymised")
    placeholder = Registration.objects.filter(pk=OuterRef("registration_id")).values("email")
    rows.update(recipient=Subquery(placeholder[:1]), last_error="", updated_at=timezone.now())


def purge_old_notifications(*, now: datetime | None = None) -> int:
    """Remove sent and cancelled rows older than ``NOTIFICATIONS_KEEP_DAYS``. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.NOTIFICATIONS_KEEP_DAYS)
    deleted, _ = Notification.objects.filter(
        status__in=[Status.SENT, Status.CANCELLED], updated_at__lt=cutoff
    ).delete()
    return deleted
