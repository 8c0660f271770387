"""Privacy retention: registrations lose their personal data some time after the meeting.

``REGISTRATION_RETENTION_DAYS`` after a meeting ended, its registrations keep
only what statistics need (status, sector, language, dates); name, e-mail,
organisation and remarks are gone, and so are the addresses in the outbox.
Run daily by the beat task ``notifications.anonymise_registrations``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from notifications import outbox

from ..models import Registration

# RFC 2606 reserves .invalid: a placeholder no mail can ever reach. The id
# keeps placeholders distinct for the one-active-registration-per-address rule.
ANONYMOUS_EMAIL_DOMAIN = "example.invalid"
BATCH_SIZE = 1000


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
        total += len(ids)
        if len(ids) < BATCH_SIZE:
            break
    return total
