"""Privacy retention: registrations lose their personal data, and nothing of it stays behind.

``REGISTRATION_RETENTION_DAYS`` after a meeting ended, its registrations keep
only what statistics need (status, sector, language, dates); name, e-mail,
organisation and remarks are gone. So is every copy: the addresses and error
texts in the outbox, the names in the back office's change history, and the
address's private calendar feed once none of its registrations keeps personal
data. Run daily by the beat task ``notifications.anonymise_registrations``; an
attendee can also erase their own registration at once (``erase_registration``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from notifications import outbox

from ..models import CalendarToken, Registration
from .services import cancel_registration

# RFC 2606 reserves .invalid: a placeholder no mail can ever reach. The id
# keeps placeholders distinct for the one-active-registration-per-address rule.
ANONYMOUS_EMAIL_DOMAIN = "example.invalid"
BATCH_SIZE = 1000
# What the back office's history shows instead of an anonymised registration's name.
ANONYMISED_REPR = "(anonymised)"


def anonymised_email(registration_id: int) -> str:
    return f"anonymised-{registration_id}@{ANONYMOUS_EMAIL_DOMAIN}"


def anonymise_expired_registrations(
    *, now: datetime | None = None, retention_days: int | None = None
) -> int:
    """Anonymise every registration whose meeting ended more than the retention period ago.

    Idempotent; works in batches so that a first run over years of data does
    not hold one huge transaction. Returns how many registrations it changed.
    """
    now = now or timezone.now()
    if retention_days is None:
        retention_days = settings.REGISTRATION_RETENTION_DAYS
    cutoff = now - timedelta(days=retention_days)
    total = 0
    while True:
        with transaction.atomic():
            ids = list(
                Registration.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(meeting__ends_at__lt=cutoff, anonymised_at__isnull=True)
                .order_by("pk")
                .values_list("pk", flat=True)[:BATCH_SIZE]
            )
            if not ids:
                break
            _anonymise(ids, now=now)
        total += len(ids)
        if len(ids) < BATCH_SIZE:
            break
    return total


def _anonymise(ids: list[int], *, now: datetime) -> None:
    """Strip the personal data of registrations ``ids`` and of every copy of it.

    Call inside a transaction that holds the registrations' row locks.
    """
    emails = set(Registration.objects.filter(pk__in=ids).values_list("email", flat=True))
    Registration.objects.filter(pk__in=ids).update(
        name="",
        email=Concat(
            Value("anonymised-"),
            Cast("pk", output_field=CharField()),
            Value(f"@{ANONYMOUS_EMAIL_DOMAIN}"),
        ),
        organisation="",
        remarks="",
        anonymised_at=now,
        updated_at=now,
    )
    outbox.forget_registrations(registration_ids=ids)
    # The back office's history named them ("Anna de Vries - Geringste aanwijzing").
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration),
        object_id__in=[str(pk) for pk in ids],
    ).update(object_repr=ANONYMISED_REPR)
    # An address none of whose registrations keeps personal data loses its feed:
    # revoked (the link answers 404), and its row names a placeholder instead.
    still_known = set(
        Registration.objects.filter(email__in=emails, anonymised_at__isnull=True).values_list(
            "email", flat=True
        )
    )
    forgotten = emails - still_known
    if forgotten:
        CalendarToken.objects.filter(user__isnull=True, email__in=forgotten).update(
            email=Concat(
                Value("forgotten-feed-"),
                Cast("pk", output_field=CharField()),
                Value(f"@{ANONYMOUS_EMAIL_DOMAIN}"),
            ),
            revoked_at=Coalesce("revoked_at", Value(now)),
        )


def erase_registration(*, registration: Registration, now: datetime | None = None) -> None:
    """The attendee's own "delete my data": cancel (freeing the seat), then anonymise now.

    The same anonymisation the retention period brings, at once and for this
    registration only; idempotent.
    """
    now = now or timezone.now()
    if registration.is_active:
        cancel_registration(registration=registration, now=now)
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update()
            .filter(pk=registration.pk, anonymised_at__isnull=True)
            .values_list("pk", flat=True)
        )
        ids = list(locked)
        if ids:
            _anonymise(ids, now=now)


def registration_data(*, registration: Registration) -> dict:
    """What is stored about ``registration``, for the attendee to download (their right of access).

    The registration itself, the meeting it is for, the e-mails sent or planned
    for it, and whether the address has a private calendar feed.
    """
    meeting = registration.meeting
    mails = registration.notifications.order_by("due_at", "pk").values(
        "kind", "status", "due_at", "sent_at"
    )
    return {
        "registration": {
            "name": registration.name,
            "email": registration.email,
            "organisation": registration.organisation,
            "sector": registration.sector,
            "remarks": registration.remarks,
            "language": registration.language,
            "status": registration.status,
            "registered_at": registration.created_at.isoformat(),
            "consent_at": registration.consent_at.isoformat() if registration.consent_at else None,
            "waitlisted_at": _iso(registration.waitlisted_at),
            "cancelled_at": _iso(registration.cancelled_at),
            "reminders_stopped_at": _iso(registration.reminders_stopped_at),
        },
        "meeting": {
            "title": meeting.title,
            "starts_at": meeting.starts_at.isoformat(),
            "ends_at": meeting.ends_at.isoformat(),
        },
        "emails": [
            {
                "kind": mail["kind"],
                "status": mail["status"],
                "due_at": _iso(mail["due_at"]),
                "sent_at": _iso(mail["sent_at"]),
            }
            for mail in mails
        ],
        "private_calendar_feed": CalendarToken.objects.filter(
            user__isnull=True, email__iexact=registration.email, revoked_at__isnull=True
        ).exists(),
        "kept_until": (
            meeting.ends_at + timedelta(days=settings.REGISTRATION_RETENTION_DAYS)
        ).isoformat(),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
