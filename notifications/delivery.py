"""Getting outbox rows out of the door: dispatching due rows and sending them.

**Dispatch** (every minute, from beat): due pending rows are handed to the
broker in batches, ids only, after the transaction that stamped them
``dispatched_at`` has committed. On PostgreSQL the batch is read with
``SELECT ... FOR UPDATE SKIP LOCKED``, so two dispatchers running at once
take different rows. A row handed over but still pending after
``NOTIFICATIONS_REDISPATCH_AFTER`` (its task died with a worker, or the broker
lost it) is handed over again.

**Send** (``deliver_many``, a few ids per task): a conditional ``UPDATE ...
WHERE status = 'pending'`` claims the rows, writing a fresh token; only the
rows the caller changed (those with its token) go on. Then each message is
rendered and handed to Django's e-mail backend, and its row is marked sent,
guarded by the same token. So a task that runs twice, or two workers with the
same ids, send each message once.

**The duplicate window.** A worker that dies after the mail server accepted a
message but before the row was marked sent leaves the row in ``sending``.
After ``NOTIFICATIONS_SENDING_TIMEOUT`` the dispatcher takes such a row to be
abandoned and it is sent again: that is the only way a message goes out twice,
and only a message whose worker died between the server's "250 OK" and the
moment the UPDATE left for the database (tens of microseconds in the median,
see ``bench/RESULTS.md``; the UPDATE is compiled before sending so that
nothing else stands in between). A row claimed by a worker that died *before*
sending is sent after the same timeout: late, never lost.

**Failures.** Temporary ones (connection refused or dropped, time-outs, SMTP
4xx replies) put the row back to pending with ``retry_at`` set by an
exponential backoff (``timing.retry_delay``); after
``NOTIFICATIONS_MAX_ATTEMPTS`` attempts, or at once for a permanent error (SMTP
5xx, a template error), the row is marked failed with the error text, for the
delivery log and its "retry" action. Retries wait in the database, not in a
Celery countdown, so a restart of everything loses none of them.
"""

from __future__ import annotations

import logging
import smtplib
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q
from django.db.models.sql import UpdateQuery
from django.utils import timezone

from scheduler.logfilters import redact

from .models import Notification, NotificationStatus
from .relevance import obsolete_reason
from .rendering import build_email
from .timing import retry_delay

logger = logging.getLogger(__name__)
Status = NotificationStatus


# --- Dispatch -------------------------------------------------------------------------


def dispatchable(now: datetime) -> Q:
    """Rows a dispatcher should hand to the worker at ``now``."""
    redispatch_before = now - timedelta(seconds=settings.NOTIFICATIONS_REDISPATCH_AFTER)
    not_handed_over = Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=redispatch_before)
    due = Q(status=Status.PENDING, due_at__lte=now) & (
        Q(retry_at__isnull=True) | Q(retry_at__lte=now)
    )
    # An abandoned row goes out again once at once, then like any handed-over row.
    not_handed_over_since_claim = not_handed_over | Q(dispatched_at__lte=F("claimed_at"))
    return (due & not_handed_over) | (abandoned(now) & not_handed_over_since_claim)


def abandoned(now: datetime) -> Q:
    """Rows claimed by a worker so long ago that it must have died."""
    stale_before = now - timedelta(seconds=settings.NOTIFICATIONS_SENDING_TIMEOUT)
    return Q(status=Status.SENDING, claimed_at__lt=stale_before)


def dispatch_due(
    *,
    enqueue: Callable[[Sequence[int]], None],
    now: datetime | None = None,
    batch_size: int | None = None,
) -> int:
    """Hand every due row to the worker, batch by batch. Returns how many were handed over.

    ``enqueue(ids)`` publishes the send tasks; it runs after each batch commits.
    The caller passes it (the beat task passes ``tasks.enqueue_sends``), so this
    module never imports the task layer that calls it.
    """
    now = now or timezone.now()
    batch_size = batch_size or settings.NOTIFICATIONS_BATCH_SIZE
    give_up_on_abandoned(now=now)
    total = 0
    while True:
        with transaction.atomic():
            ids = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(dispatchable(now))
                .order_by("due_at", "id")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                break
            Notification.objects.filter(pk__in=ids).update(dispatched_at=now)
            transaction.on_commit(lambda ids=ids: enqueue(ids))
        total += len(ids)
        if len(ids) < batch_size:
            break
    if total:
        logger.info("dispatched %d notification(s)", total)
    return total


def give_up_on_abandoned(*, now: datetime) -> int:
    """Rows whose workers died on them ``NOTIFICATIONS_MAX_ATTEMPTS`` times are marked failed.

    A message that kills its worker (or outlives the task's time limit) every
    time must not be taken up forever; the delivery log shows it, with "retry".
    """
    return (
        Notification.objects.filter(abandoned(now))
        .filter(attempts__gte=settings.NOTIFICATIONS_MAX_ATTEMPTS)
        .update(
            status=Status.FAILED,
            last_error="the worker was lost while sending, every attempt",
            updated_at=now,
        )
    )


# --- Send -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What ``deliver`` did with a row: ``sent``, ``skipped`` (not ours, or not due),
    ``cancelled`` (no longer wanted), ``retry`` (temporary failure) or ``failed``."""

    result: str
    detail: str = ""
    # Milliseconds between the backend accepting the message and the UPDATE
    # that marks it sent leaving for the database: the duplicate window.
    window_ms: float | None = None


def claim(notification_ids: list[int], *, now: datetime) -> uuid.UUID:
    """Take the rows that are free for sending; returns the token that marks ours.

    One conditional ``UPDATE ... WHERE status = 'pending' (and due) OR
    (abandoned)``: the database changes each row for exactly one caller, and
    the token written with it tells which rows that caller got (it is the row
    count check, per row, without one statement per row).
    """
    token = uuid.uuid4()
    due = Q(status=Status.PENDING, due_at__lte=now) & (
        Q(retry_at__isnull=True) | Q(retry_at__lte=now)
    )
    Notification.objects.filter(pk__in=notification_ids).filter(due | abandoned(now)).update(
        status=Status.SENDING,
        claimed_at=now,
        claim_token=token,
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    return token


def _owned(notification: Notification):
    """The row, as long as it is still ours (nobody took it over as abandoned)."""
    return Notification.objects.filter(
        pk=notification.pk, status=Status.SENDING, claim_token=notification.claim_token
    )


def is_temporary(exc: BaseException) -> bool:
    """Whether trying again later may work: network trouble and SMTP 4xx replies."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, smtplib.SMTPException):
        return False
    return isinstance(exc, (ConnectionError, TimeoutError, OSError))


def _error_text(exc: BaseException) -> str:
    """What went wrong, for the delivery log and the worker's log: never who it was for.

    A refused recipient is reported by smtplib keyed by the address as given,
    display name included ("Anna de Vries <anna@...>"): only the server's code
    and reply are kept, and any address left in a reply is hidden.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = "; ".join(
            f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
            for code, reply in exc.recipients.values()
        )
        text = f"{type(exc).__name__}: recipient refused: {replies}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return redact(text)[:2000]


def deliver(*, notification_id: int, now: datetime | None = None, connection=None) -> Outcome:
    """Claim, render, send and mark one outbox row. Safe to call any number of times."""
    return deliver_many(notification_ids=[notification_id], now=now, connection=connection)[0]


def _read_claimed(token: uuid.UUID) -> list[Notification]:
    """The rows claimed with ``token``, with everything rendering reads, in one query."""
    rows = list(
        Notification.objects.select_related(
            "series",
            "meeting__series",
            "meeting__venue",
            "registration",
            "stop__kit",
            "stop__venue",
        ).filter(claim_token=token, status=Status.SENDING)
    )
    for row in rows:
        if row.registration_id:
            # One meeting object for the row and its registration: no second read.
            row.registration.meeting = row.meeting
    return rows


def deliver_many(
    *, notification_ids: list[int], now: datetime | None = None, connection=None
) -> list[Outcome]:
    """Deliver a handful of rows over one e-mail connection; an outcome per id, in order.

    The free rows among them are claimed at once (``claim``) and read at once;
    then each is sent and marked sent as soon as the backend has accepted it.
    A row someone else holds, or one not due, is skipped.
    """
    now = now or timezone.now()
    outcomes = {pk: Outcome("skipped") for pk in notification_ids}
    claimed = _read_claimed(claim(notification_ids, now=now))
    if not claimed:
        return [outcomes[pk] for pk in notification_ids]
    own_connection = connection is None
    connection = connection or get_connection()
    try:
        for row in claimed:
            outcomes[row.pk] = _deliver_claimed(row, now=now, connection=connection)
    finally:
        if own_connection:
            # Closing (SMTP QUIT) waits for the server: after the marks, outside the window.
            _close_quietly(connection)
    return [outcomes[pk] for pk in notification_ids]


def _deliver_claimed(notification: Notification, *, now: datetime, connection) -> Outcome:
    reason = obsolete_reason(notification, now=now)
    if reason:
        _owned(notification).update(
            status=Status.CANCELLED, last_error=reason, updated_at=timezone.now()
        )
        return Outcome("cancelled", reason)
    try:
        message = build_email(notification)
    except Exception as exc:
        # A template or data error: trying again will not help.
        logger.exception("notification %s could not be rendered", notification.pk)
        _fail(notification, exc)
        return Outcome("failed", _error_text(exc))
    # Compiled before sending, so that nothing but the statement itself stands
    # between the backend's acceptance and the database (the duplicate window).
    mark_sent = _compiled_update(
        _owned(notification),
        status=Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        updated_at=timezone.now(),
    )
    try:
        # Opened here (once per batch), so that send_messages leaves closing to us.
        connection.open()
        connection.send_messages([message])
    except Exception as exc:
        # The next message starts on a fresh connection.
        _close_quietly(connection)
        return _after_send_error(notification, exc, now=now)
    accepted = time.perf_counter()  # the backend returned: the message is out of our hands
    clock = _HandOverClock()
    with db_connection.execute_wrapper(clock), db_connection.cursor() as cursor:
        cursor.execute(*mark_sent)
        marked = cursor.rowcount
    # From "accepted" until the UPDATE is on its way to the database: a worker
    # killed in between leaves a sent message in 'sending', to be sent again.
    # Once the statement is sent, the server commits it even if we die.
    window_ms = ((clock.at or accepted) - accepted) * 1000
    if not marked:
        # Only if this send outlived NOTIFICATIONS_SENDING_TIMEOUT and another
        # worker took the row over: the message may go out twice. Loud, on purpose.
        logger.error("notification %s was taken over while being sent", notification.pk)
        return Outcome("sent", "taken over", window_ms)
    return Outcome("sent", "", window_ms)


def _compiled_update(queryset, **values) -> tuple[str, tuple]:
    """``queryset.update(**values)`` as SQL and parameters, to run later in one call."""
    query = queryset.query.chain(UpdateQuery)
    query.add_update_values(values)
    return query.get_compiler(queryset.db).as_sql()


class _HandOverClock:
    """Notes when a statement is handed to the database driver (it is sent at once)."""

    def __init__(self):
        self.at: float | None = None

    def __call__(self, execute, sql, params, many, context):
        self.at = time.perf_counter()
        return execute(sql, params, many, context)


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # the message is sent and marked; a failed goodbye changes nothing
        logger.warning("closing the e-mail connection failed", exc_info=True)


def _fail(notification: Notification, exc: BaseException) -> None:
    _owned(notification).update(
        status=Status.FAILED, last_error=_error_text(exc), updated_at=timezone.now()
    )


def _after_send_error(notification: Notification, exc: BaseException, *, now) -> Outcome:
    attempts = notification.attempts
    if is_temporary(exc) and attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS:
        _owned(notification).update(
            status=Status.PENDING,
            retry_at=now + retry_delay(attempts),
            dispatched_at=None,
            last_error=_error_text(exc),
            updated_at=now,
        )
        logger.warning(
            "notification %s: temporary failure (attempt %d), will retry: %s",
            notification.pk,
            attempts,
            _error_text(exc),
        )
        return Outcome("retry", _error_text(exc))
    logger.error(
        "notification %s failed after %d attempt(s): %s",
        notification.pk,
        attempts,
        _error_text(exc),
    )
    _fail(notification, exc)
    return Outcome("failed", _error_text(exc))
