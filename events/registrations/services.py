"""Registering for meetings: the one place for seats, the waiting list and cancelling.

The web form, the admin, the API and tasks all call these functions. Each one
owns its transaction and locks the meeting row (``select_for_update``) before
it counts seats, so that parallel requests cannot overbook on PostgreSQL.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import outbox

from ..models import (
    ACTIVE_REGISTRATION,
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    Sector,
)

# Longest accepted values; the model's columns (and the form) agree.
MAX_NAME_LENGTH = 200
MAX_EMAIL_LENGTH = 254
MAX_ORGANISATION_LENGTH = 200
MAX_REMARKS_LENGTH = 2000


class RegistrationRefused(ValidationError):
    """A registration rule said no; the message is for the person, the code for code.

    With ``field``, forms and the API show the message on that field.
    """

    def __init__(self, message, *, code: str, field: str | None = None):
        super().__init__({field: message} if field else message, code=code)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str
    sector: str
    organisation: str = ""
    remarks: str = ""
    language: str = "nl"


def normalise_email(email: str) -> str:
    """The address as we store and compare it: trimmed, lower case, the domain in IDNA.

    ``Zoë@Exämple.org`` and ``zoë@xn--exmple-cua.org`` are one address; the
    ASCII form is the one every mail server accepts. Never raises: an address
    that cannot be encoded is left for ``validate_attendee`` to refuse.
    """
    email = email.strip().lower()
    local, at, domain = email.rpartition("@")
    if not at or domain.isascii():
        return email
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return email


def refuse_undeliverable_local_part(email: str) -> None:
    """Refuse letters such as ë before the @, with a message that says so.

    They need SMTPUTF8, which many mail servers refuse: every message to such
    an address would fail. (A domain with them is fine: it is stored in IDNA.)
    Django's own e-mail check refuses them too, but only as "not valid".
    """
    local = normalise_email(email).rpartition("@")[0]
    if not local.isascii():
        raise ValidationError(
            _(
                "Use an e-mail address with only unaccented letters, digits and . _ - + "
                "before the @."
            ),
            code="invalid",
        )


def validate_deliverable_email(email: str) -> None:
    """For forms: Django's e-mail check, after the one it would not explain."""
    refuse_undeliverable_local_part(email)
    validate_email(normalise_email(email))


def _control_character(value: str, *, allowed: str = "") -> bool:
    """Whether ``value`` holds a control character (Unicode category Cc) not in ``allowed``."""
    return any(unicodedata.category(char) == "Cc" and char not in allowed for char in value)


def validate_attendee(attendee: Attendee) -> None:
    """Refuse what no caller may store, whichever way it came in (form, API, admin, script).

    The form checks the same first, with messages per field; this is the
    guard for every other way in. NUL characters are refused because
    PostgreSQL cannot store them in text (an unguarded one is a 500).
    """
    texts = {
        "name": (attendee.name, MAX_NAME_LENGTH),
        "email": (attendee.email, MAX_EMAIL_LENGTH),
        "organisation": (attendee.organisation, MAX_ORGANISATION_LENGTH),
        "remarks": (attendee.remarks, MAX_REMARKS_LENGTH),
    }
    for field, (value, limit) in texts.items():
        if "\x00" in value:
            raise RegistrationRefused(
                _("Null characters are not allowed."), code="invalid", field=field
            )
        # A line break in a name would end up in a mail header, where it can
        # never be sent; remarks are free text and may have lines and tabs.
        if _control_character(value, allowed="\r\n\t" if field == "remarks" else ""):
            raise RegistrationRefused(
                _("Remove the line breaks and other control characters."),
                code="invalid",
                field=field,
            )
        if len(value.strip()) > limit:
            raise RegistrationRefused(
                _("Use at most %(limit)d characters.") % {"limit": limit},
                code="invalid",
                field=field,
            )
    if not attendee.name.strip():
        raise RegistrationRefused(_("Please give your name."), code="invalid", field="name")
    try:
        refuse_undeliverable_local_part(attendee.email)
    except ValidationError as exc:
        raise RegistrationRefused(exc.messages[0], code="invalid", field="email") from exc
    try:
        validate_email(normalise_email(attendee.email))
    except ValidationError as exc:
        raise RegistrationRefused(
            _("Enter a valid e-mail address."), code="invalid", field="email"
        ) from exc
    if attendee.sector not in Sector.values:
        raise RegistrationRefused(_("Choose a sector."), code="invalid", field="sector")
    if attendee.language not in {code for code, _name in settings.LANGUAGES}:
        raise RegistrationRefused(_("Unknown language."), code="invalid", field="language")


def _lock_meeting(meeting_id: int) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting_id)


def _confirmed_count(meeting: Meeting) -> int:
    return meeting.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def registration_state(meeting: Meeting, *, now: datetime | None = None) -> str | None:
    """Why registration is closed right now, as a code; ``None`` when it is open."""
    now = now or timezone.now()
    if meeting.status != MeetingStatus.PUBLISHED:
        return "not_published"
    if meeting.registration_opens_at and now < meeting.registration_opens_at:
        return "not_open_yet"
    closes_at = meeting.registration_closes_at or meeting.starts_at
    if now >= closes_at:
        return "closed"
    return None


_CLOSED_MESSAGES = {
    "not_published": _("This meeting is not open for registration."),
    "not_open_yet": _("Registration for this meeting has not opened yet."),
    "closed": _("Registration for this meeting has closed."),
}


def register(*, meeting: Meeting, attendee: Attendee, now: datetime | None = None) -> Registration:
    """Register ``attendee``: confirmed while seats remain, else on the waiting list.

    Raises ``RegistrationRefused`` when the attendee's details are invalid,
    registration is closed, the address is already registered, or the meeting
    is full and has no waiting list.

    The time is read *after* the meeting row is locked, so that the waiting
    list's order (``waitlisted_at``) is the order in which requests got the
    lock: arrival order, also under heavy concurrency.
    """
    validate_attendee(attendee)
    email = normalise_email(attendee.email)
    with transaction.atomic():
        locked = _lock_meeting(meeting.pk)
        now = now or timezone.now()
        closed = registration_state(locked, now=now)
        if closed:
            raise RegistrationRefused(_CLOSED_MESSAGES[closed], code=closed)
        if locked.registrations.filter(ACTIVE_REGISTRATION, email__iexact=email).exists():
            raise RegistrationRefused(
                _("This e-mail address is already registered for this meeting."),
                code="duplicate",
                field="email",
            )
        # Nobody overtakes the waiting list: free seats (a capacity raised
        # without the service, a restore) go to the people waiting first.
        confirmed = _confirmed_count(locked)
        if confirmed < locked.capacity and waitlist(locked).exists():
            confirmed += len(fill_free_seats(meeting=locked, now=now))
        if confirmed < locked.capacity:
            status = RegistrationStatus.CONFIRMED
        elif locked.waitlist_enabled:
            status = RegistrationStatus.WAITLISTED
        else:
            raise RegistrationRefused(_("This meeting is full."), code="full")
        try:
            # A savepoint, so that a constraint error leaves the outer transaction usable.
            with transaction.atomic():
                registration = Registration.objects.create(
                    meeting=locked,
                    name=attendee.name.strip(),
                    email=email,
                    organisation=attendee.organisation.strip(),
                    sector=attendee.sector,
                    remarks=attendee.remarks.strip(),
                    language=attendee.language,
                    status=status,
                    waitlisted_at=now if status == RegistrationStatus.WAITLISTED else None,
                    consent_at=now,
                )
        except IntegrityError as exc:
            # The partial unique index is the last word on duplicates.
            raise RegistrationRefused(
                _("This e-mail address is already registered for this meeting."),
                code="duplicate",
                field="email",
            ) from exc
        # Confirmation (and reminders) or waiting-list notice, in this transaction.
        outbox.queue_registration_received(registration=registration, now=now)
        return registration


def waitlist(meeting: Meeting) -> QuerySet[Registration]:
    """The waiting list of ``meeting`` in arrival order."""
    return meeting.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "waitlisted_at", "id"
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting; ``None`` when not on the waiting list."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    since = registration.waitlisted_at
    ahead = waitlist(registration.meeting).filter(
        Q(waitlisted_at__lt=since) | Q(waitlisted_at=since, id__lt=registration.id)
    )
    return ahead.count() + 1


def fill_free_seats(*, meeting: Meeting, now: datetime | None = None) -> list[Registration]:
    """Move the first people waiting into the free seats, in arrival order, and tell them.

    For a cancelled seat, a raised capacity, or a seat found free when someone
    new registers. The caller's transaction must hold the meeting row's lock
    (``select_for_update``), so that two callers cannot hand out one seat twice.
    A cancelled meeting moves nobody up.
    """
    if meeting.status == MeetingStatus.CANCELLED:
        return []
    free = meeting.capacity - _confirmed_count(meeting)
    if free <= 0:
        return []
    now = now or timezone.now()
    promoted = list(waitlist(meeting)[:free])
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlisted_at = None
        registration.save(update_fields=["status", "waitlisted_at", "updated_at"])
        outbox.queue_registration_promoted(registration=registration, now=now)
    return promoted


@dataclass(frozen=True)
class CancelResult:
    registration: Registration
    promoted: list[Registration]


def cancel_registration(*, registration: Registration, now: datetime | None = None) -> CancelResult:
    """Cancel a registration, free its seat and promote the first people waiting.

    Cancelling twice is harmless: the second call changes nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _lock_meeting(registration.meeting_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            return CancelResult(registration=current, promoted=[])
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = now
        current.waitlisted_at = None
        current.save(update_fields=["status", "cancelled_at", "waitlisted_at", "updated_at"])
        outbox.queue_registration_cancelled(registration=current, now=now)
        promoted = fill_free_seats(meeting=meeting, now=now)
    return CancelResult(registration=current, promoted=promoted)


def restore_registration(
    *, registration: Registration, now: datetime | None = None
) -> Registration:
    """Undo a cancellation (organisers): back in as confirmed, or last in line when full."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _lock_meeting(registration.meeting_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status != RegistrationStatus.CANCELLED:
            return current
        if meeting.registrations.filter(ACTIVE_REGISTRATION, email__iexact=current.email).exists():
            raise RegistrationRefused(
                _("This e-mail address has another active registration for this meeting."),
                code="duplicate",
            )
        if _confirmed_count(meeting) < meeting.capacity:
            current.status = RegistrationStatus.CONFIRMED
        elif meeting.waitlist_enabled:
            current.status = RegistrationStatus.WAITLISTED
            current.waitlisted_at = now
        else:
            raise RegistrationRefused(_("This meeting is full."), code="full")
        current.cancelled_at = None
        current.save(update_fields=["status", "cancelled_at", "waitlisted_at", "updated_at"])
        outbox.queue_registration_received(registration=current, now=now)
    return current


# What an organiser may correct on someone's registration; the rest (status,
# e-mail, meeting, token) only changes through the functions above.
CORRECTABLE_FIELDS = ("name", "organisation", "sector", "remarks")


def correct_registration(*, registration: Registration, fields: list[str]) -> list[str]:
    """Store an organiser's corrections of ``fields`` on ``registration``.

    Writes only those columns, never a status read a moment ago that a
    cancellation may have changed since. Returns the fields written.
    """
    corrected = [name for name in fields if name in CORRECTABLE_FIELDS]
    if corrected:
        registration.save(update_fields=[*corrected, "updated_at"])
    return corrected


def correct_own_details(
    *, registration: Registration, name: str, organisation: str, remarks: str
) -> list[str]:
    """The attendee corrects their own name, organisation and remarks (from the manage page).

    Checked by the same rules as a new registration (``validate_attendee``);
    the e-mail address, the sector and the registration's place stay as they
    are. Returns the fields that changed.
    """
    validate_attendee(
        Attendee(
            name=name,
            email=registration.email,
            sector=registration.sector,
            organisation=organisation,
            remarks=remarks,
            language=registration.language,
        )
    )
    changed = []
    for field, value in (("name", name), ("organisation", organisation), ("remarks", remarks)):
        if getattr(registration, field) != value.strip():
            setattr(registration, field, value.strip())
            changed.append(field)
    return correct_registration(registration=registration, fields=changed)
