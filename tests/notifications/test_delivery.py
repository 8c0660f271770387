"""Dispatching and sending, called in this process (the worker tests run the real thing).

These prove the rules of ``notifications.delivery``: the claim, what is due,
taking over abandoned rows, retries and failures, the last look before sending.
"""

from __future__ import annotations

import socket
import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from events.models import Meeting, MeetingStatus
from events.registrations.services import register
from notifications.delivery import deliver, deliver_many
from notifications.models import Notification
from tests.notifications.helpers import attendee, dispatch_in_process, send_due_in_process
from tests.notifications.smtp_server import TinySMTPServer
from tests.notifications.test_outbox import meeting_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmation():
    registration = register(meeting=meeting_in(30), attendee=attendee(1))
    return registration.notifications.get(kind="registration_confirmed")


def test_deliver_sends_once_and_a_second_run_does_nothing(confirmation, mailoutbox):
    first = deliver(notification_id=confirmation.pk)
    second = deliver(notification_id=confirmation.pk)

    assert (first.result, second.result) == ("sent", "skipped")
    assert len(mailoutbox) == 1
    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.attempts) == ("sent", 1)
    assert confirmation.sent_at is not None


def test_deliver_does_not_send_before_the_due_time(mailoutbox):
    registration = register(meeting=meeting_in(30), attendee=attendee(1))
    reminder = registration.notifications.filter(kind="meeting_reminder").first()

    assert deliver(notification_id=reminder.pk).result == "skipped"
    assert mailoutbox == []


def test_dispatch_hands_over_due_rows_once_until_the_redispatch_time(confirmation, settings):
    settings.NOTIFICATIONS_REDISPATCH_AFTER = 600
    now = timezone.now()

    assert dispatch_in_process(now=now) == [confirmation.pk]
    assert dispatch_in_process(now=now + timedelta(seconds=599)) == []
    assert dispatch_in_process(now=now + timedelta(seconds=601)) == [confirmation.pk]


def test_dispatch_works_in_batches_and_leaves_future_rows():
    meeting = meeting_in(30, capacity=50)
    for n in range(7):
        register(meeting=meeting, attendee=attendee(n))

    handed = dispatch_in_process(batch_size=3)

    confirmations = Notification.objects.filter(kind="registration_confirmed")
    assert sorted(handed) == sorted(confirmations.values_list("pk", flat=True))


def test_a_row_abandoned_while_sending_is_sent_after_the_timeout(
    confirmation, settings, mailoutbox
):
    settings.NOTIFICATIONS_SENDING_TIMEOUT = 300
    claimed_at = timezone.now()
    # A worker claimed the row and died before sending.
    Notification.objects.filter(pk=confirmation.pk).update(
        status="sending",
        claimed_at=claimed_at,
        claim_token=uuid.uuid4(),
        attempts=1,
        dispatched_at=claimed_at,
    )

    assert send_due_in_process(now=claimed_at + timedelta(seconds=299)) == []
    assert send_due_in_process(now=claimed_at + timedelta(seconds=301)) == ["sent"]
    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.attempts) == ("sent", 2)
    assert len(mailoutbox) == 1


def test_a_send_that_outlived_its_claim_does_not_mark_the_new_owners_row(
    confirmation, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.notifications.backends.TakenOverWhileSending"

    outcome = deliver(notification_id=confirmation.pk)

    assert (outcome.result, outcome.detail) == ("sent", "taken over")
    confirmation.refresh_from_db()
    assert confirmation.status == "sending"  # the new owner finishes it
    assert "was taken over while being sent" in caplog.text


def test_a_row_that_lost_its_worker_every_attempt_is_failed_not_retried(confirmation, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    claimed_at = timezone.now()
    Notification.objects.filter(pk=confirmation.pk).update(
        status="sending", claimed_at=claimed_at, claim_token=uuid.uuid4(), attempts=3
    )

    assert dispatch_in_process(now=claimed_at + timedelta(hours=1)) == []

    confirmation.refresh_from_db()
    assert confirmation.status == "failed"
    assert "worker was lost" in confirmation.last_error


def test_deliver_cancels_a_reminder_whose_meeting_was_cancelled_behind_its_back(mailoutbox):
    registration = register(meeting=meeting_in(30), attendee=attendee(1))
    reminder = registration.notifications.filter(kind="meeting_reminder").first()
    # Not through cancel_meeting: a row the outbox could not cancel in time.
    Meeting.objects.filter(pk=registration.meeting_id).update(status=MeetingStatus.CANCELLED)

    outcome = deliver(notification_id=reminder.pk, now=reminder.due_at)

    assert (outcome.result, outcome.detail) == ("cancelled", "meeting is cancelled")
    assert mailoutbox == []


def test_deliver_cancels_a_reminder_planned_for_an_older_sequence(mailoutbox):
    registration = register(meeting=meeting_in(30), attendee=attendee(1))
    reminder = registration.notifications.filter(kind="meeting_reminder").first()
    Meeting.objects.filter(pk=registration.meeting_id).update(sequence=5)

    assert deliver(notification_id=reminder.pk, now=reminder.due_at).result == "cancelled"
    assert mailoutbox == []


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_TIMEOUT = 5
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    settings.NOTIFICATIONS_RETRY_BACKOFF = 60
    settings.NOTIFICATIONS_RETRY_BACKOFF_MAX = 3600
    return settings


def test_an_unreachable_mail_server_is_retried_with_backoff_then_failed(
    confirmation, smtp_settings
):
    smtp_settings.EMAIL_PORT = closed_port()
    now = timezone.now()

    first = deliver(notification_id=confirmation.pk, now=now)
    confirmation.refresh_from_db()
    assert first.result == "retry"
    assert (confirmation.status, confirmation.attempts) == ("pending", 1)
    assert confirmation.retry_at == now + timedelta(seconds=60)
    assert "ConnectionRefusedError" in confirmation.last_error

    assert deliver(notification_id=confirmation.pk, now=now + timedelta(seconds=30)).result == (
        "skipped"
    )
    later = confirmation.retry_at + timedelta(seconds=1)
    assert deliver(notification_id=confirmation.pk, now=later).result == "retry"
    confirmation.refresh_from_db()
    assert confirmation.retry_at - later == timedelta(seconds=120)

    last = deliver(notification_id=confirmation.pk, now=confirmation.retry_at)
    confirmation.refresh_from_db()
    assert last.result == "failed"
    assert (confirmation.status, confirmation.attempts) == ("failed", 3)


def test_a_temporary_smtp_refusal_is_retried(confirmation, smtp_settings):
    server = TinySMTPServer(rcpt_reply="451 4.3.0 try again later")
    smtp_settings.EMAIL_PORT = server.port
    try:
        outcome = deliver(notification_id=confirmation.pk)
    finally:
        server.close()
    confirmation.refresh_from_db()
    assert outcome.result == "retry"
    assert "451" in confirmation.last_error


def test_a_permanent_smtp_refusal_fails_at_once(confirmation, smtp_settings):
    server = TinySMTPServer(rcpt_reply="550 5.1.1 no such user")
    smtp_settings.EMAIL_PORT = server.port
    try:
        outcome = deliver(notification_id=confirmation.pk)
    finally:
        server.close()
    confirmation.refresh_from_db()
    assert outcome.result == "failed"
    assert (confirmation.status, confirmation.attempts) == ("failed", 1)
    assert "550" in confirmation.last_error


def test_a_real_smtp_server_gets_the_message(confirmation, smtp_settings):
    server = TinySMTPServer()
    smtp_settings.EMAIL_PORT = server.port
    try:
        assert deliver(notification_id=confirmation.pk).result == "sent"
    finally:
        server.close()
    assert len(server.messages) == 1
    assert b"Message-ID: <notification." in server.messages[0]


def test_a_batch_goes_over_one_connection_and_one_refusal_does_not_stop_it(smtp_settings):
    meeting = meeting_in(30, capacity=10)
    for n in range(4):
        register(meeting=meeting, attendee=attendee(n))
    ids = list(
        Notification.objects.filter(kind="registration_confirmed")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    server = TinySMTPServer(refuse={"p1@example.org": "550 5.1.1 no such user"})
    smtp_settings.EMAIL_PORT = server.port
    try:
        outcomes = deliver_many(notification_ids=ids)
    finally:
        server.close()

    assert [o.result for o in outcomes] == ["sent", "failed", "sent", "sent"]
    assert len(server.messages) == 3
    assert server.sessions == 2  # the refusal closes the connection; the rest reconnect once


def test_a_batch_skips_rows_that_are_not_due_or_already_taken(mailoutbox):
    registration = register(meeting=meeting_in(30), attendee=attendee(1))
    confirmation = registration.notifications.get(kind="registration_confirmed")
    reminders = list(registration.notifications.filter(kind="meeting_reminder"))
    deliver(notification_id=confirmation.pk)

    outcomes = deliver_many(notification_ids=[confirmation.pk] + [r.pk for r in reminders])

    assert [o.result for o in outcomes] == ["skipped", "skipped", "skipped"]
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("kind", "queries"),
    [
        # claim, one read with every join, mark sent
        ("meeting_reminder", 3),
        # and the address's private feed link: read it, or issue it (insert, read)
        ("registration_confirmed", 6),
    ],
)
def test_deliver_costs_the_same_few_queries_whatever_the_kind(
    kind, queries, django_assert_max_num_queries, mailoutbox
):
    meeting = meeting_in(30, capacity=3)
    for n in range(3):
        register(meeting=meeting, attendee=attendee(n))
    row = Notification.objects.filter(kind=kind).first()
    with django_assert_max_num_queries(queries):
        assert deliver(notification_id=row.pk, now=row.due_at).result == "sent"


# --- PostgreSQL: separate connections, real row locks -------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_the_same_row_at_once_send_it_once(mailoutbox):
    registration = register(meeting=meeting_in(30), attendee=attendee(1))
    row = registration.notifications.get(kind="registration_confirmed")
    barrier = threading.Barrier(8)

    def work(_):
        try:
            barrier.wait()
            return deliver(notification_id=row.pk).result
        finally:
            connection.close()

    threads_results: list[str] = []
    threads = [
        threading.Thread(target=lambda i=i: threads_results.append(work(i))) for i in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(threads_results) == ["sent"] + ["skipped"] * 7
    assert len(mailoutbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_dispatcher_skips_rows_the_first_has_locked():
    meeting = meeting_in(30, capacity=50)
    for n in range(6):
        register(meeting=meeting, attendee=attendee(n))
    ids = sorted(
        Notification.objects.filter(kind="registration_confirmed").values_list("pk", flat=True)
    )
    locked, released = threading.Event(), threading.Event()

    def first_dispatcher():
        try:
            with transaction.atomic():
                list(Notification.objects.select_for_update().filter(pk__in=ids[:3]))
                locked.set()
                released.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=first_dispatcher)
    thread.start()
    locked.wait(10)
    try:
        handed = dispatch_in_process()
    finally:
        released.set()
        thread.join()

    assert sorted(handed) == ids[3:]
