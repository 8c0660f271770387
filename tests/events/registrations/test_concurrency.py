"""Parallel registrations and cancellations on PostgreSQL: separate connections, real row locks.

PostgreSQL here allows 100 connections, shared with other test runs, so the
attempts run through a pool of ``WORKERS`` threads, each with its own
connection: every attempt is queued at once, up to ``WORKERS`` are in flight
together, all contending for the same meeting row. Each test prints its
figures (attempts, confirmed, waitlisted, errors) for the record (``-s``).
"""

from __future__ import annotations

import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar

import pytest
from django.db import connection

from events.models import Registration, RegistrationStatus
from events.registrations.services import (
    Attendee,
    RegistrationRefused,
    cancel_registration,
    register,
    waitlist_position,
)
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ATTEMPTS = 120
SEATS = 20
WORKERS = int(os.environ.get("CONCURRENCY_WORKERS", "30"))


def run_in_threads(count: int, work, *, workers: int | None = None) -> list:
    """Run ``work(i)`` for ``i < count`` on ``workers`` threads, each with its own connection.

    The first ``workers`` calls are released together by a barrier; the rest
    queue behind them, so the meeting row is contended from first to last.
    """
    workers = min(workers or count, count)
    barrier = threading.Barrier(workers)
    started = threading.local()

    def worker(i: int):
        try:
            if not getattr(started, "done", False):
                started.done = True
                barrier.wait()
            return work(i)
        except RegistrationRefused as exc:
            return exc
        except Exception as exc:  # counted as an error by the caller, never swallowed
            return exc
        finally:
            # Connections are per thread: close this thread's before the next attempt.
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(worker, range(count)))


def attendee(i: int) -> Attendee:
    return Attendee(name=f"Deelnemer {i}", email=f"p{i}@example.org", sector="police")


def test_many_simultaneous_registrations_never_overbook_and_queue_in_arrival_order():
    meeting = MeetingFactory(capacity=SEATS)

    started = time.monotonic()
    results = run_in_threads(
        ATTEMPTS, lambda i: register(meeting=meeting, attendee=attendee(i)), workers=WORKERS
    )
    elapsed = time.monotonic() - started

    errors = [r for r in results if isinstance(r, Exception)]
    statuses = [r.status for r in results if isinstance(r, Registration)]
    print(
        f"\nregister x{ATTEMPTS} on {WORKERS} connections for {SEATS} seats: "
        f"confirmed={statuses.count('confirmed')} waitlisted={statuses.count('waitlisted')} "
        f"errors={len(errors)} in {elapsed:.2f}s"
    )
    assert errors == []
    assert statuses.count(RegistrationStatus.CONFIRMED) == SEATS
    assert statuses.count(RegistrationStatus.WAITLISTED) == ATTEMPTS - SEATS

    # Arrival order is the order of getting the lock, which is the order of the
    # inserted ids: the first 20 in have the seats, the waiting list follows the rest.
    rows = list(meeting.registrations.order_by("id"))
    assert [r.status for r in rows] == ["confirmed"] * SEATS + ["waitlisted"] * (ATTEMPTS - SEATS)
    waiting = rows[SEATS:]
    assert [waitlist_position(r) for r in waiting] == list(range(1, len(waiting) + 1))
    assert [r.waitlisted_at for r in waiting] == sorted(r.waitlisted_at for r in waiting)


def test_simultaneous_duplicates_leave_one_row_and_clear_refusals():
    meeting = MeetingFactory(capacity=50)

    def attempt(i: int):
        same = Attendee(name="Zelfde", email="zelfde@example.org", sector="other")
        return register(meeting=meeting, attendee=same)

    results = run_in_threads(20, attempt)

    refusals = [r for r in results if isinstance(r, RegistrationRefused)]
    assert len(refusals) == 19
    assert all(r.code == "duplicate" for r in refusals)
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_simultaneous_cancellations_promote_each_waiting_person_exactly_once():
    meeting = MeetingFactory(capacity=SEATS)
    registrations = [register(meeting=meeting, attendee=attendee(i)) for i in range(60)]
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    first_waiting = [r.pk for r in registrations if r.status == RegistrationStatus.WAITLISTED][
        :SEATS
    ]
    # Every confirmed attendee cancels at once, and each twice (a double click).
    cancels = confirmed + confirmed

    results = run_in_threads(
        len(cancels),
        lambda i: cancel_registration(registration=cancels[i]),
        workers=WORKERS,
    )

    errors = [r for r in results if isinstance(r, Exception)]
    promoted = [
        p.pk for result in results if not isinstance(result, Exception) for p in result.promoted
    ]
    print(
        f"\ncancel x{len(cancels)} (each of {SEATS} twice) on {WORKERS} connections: "
        f"promoted={len(promoted)} unique={len(set(promoted))} errors={len(errors)}"
    )
    assert errors == []
    assert len(promoted) == len(set(promoted)) == SEATS
    # The first twenty waiting moved up, in their order; the other twenty still wait.
    assert sorted(promoted) == first_waiting
    assert meeting.registrations.filter(status="confirmed").count() == SEATS
    assert meeting.registrations.filter(status="waitlisted").count() == 20
    assert meeting.registrations.filter(status="cancelled").count() == SEATS


# --- The same through the real form, over HTTP, against a live server ---------------


class FormClient:
    """A browser-like HTTP client: keeps cookies, reads the CSRF token from the form."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.status, response.read().decode()

    def csrf_token(self, path: str) -> str:
        _status, html = self.get(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(self, path: str, data: dict[str, str], *, referer: str) -> tuple[int, str]:
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.base + referer},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location", "")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_parallel_form_posts_over_http_fill_the_seats_then_the_waiting_list(live_server, settings):
    settings.REGISTRATION_RATE_LIMIT = 0  # one test client is many people here
    settings.REGISTRATION_PER_MEETING_LIMIT = 0
    meeting = MeetingFactory(capacity=SEATS)
    page = f"/en/bijeenkomsten/{meeting.slug}/"
    client = FormClient(live_server.url)
    token = client.csrf_token(page)

    def attempt(i: int):
        return client.post(
            f"{page}aanmelden/",
            {
                "csrfmiddlewaretoken": token,
                "name": f"Deelnemer {i}",
                "email": f"http{i}@example.org",
                "sector": "municipality",
                "consent": "on",
            },
            referer=page,
        )

    results = run_in_threads(ATTEMPTS, attempt, workers=WORKERS)

    errors = [r for r in results if isinstance(r, Exception) or r[0] != 302]
    print(
        f"\nHTTP form posts x{ATTEMPTS} on {WORKERS} threads for {SEATS} seats: "
        f"302={ATTEMPTS - len(errors)} other={len(errors)} "
        f"confirmed={meeting.registrations.filter(status='confirmed').count()} "
        f"waitlisted={meeting.registrations.filter(status='waitlisted').count()}"
    )
    assert errors == []
    assert all(location.startswith("/en/aanmelding/") for _status, location in results)
    rows = list(meeting.registrations.order_by("id"))
    assert [r.status for r in rows] == ["confirmed"] * SEATS + ["waitlisted"] * (ATTEMPTS - SEATS)

    # Now every confirmed attendee cancels through their manage link, all at once.
    confirmed_tokens = [r.manage_token for r in rows[:SEATS]]
    first_waiting = [r.pk for r in rows[SEATS : 2 * SEATS]]

    def cancel(i: int):
        path = f"/en/aanmelding/{confirmed_tokens[i]}/annuleren/"
        return client.post(path, {"csrfmiddlewaretoken": token, "confirm": "True"}, referer=path)

    cancel_results = run_in_threads(SEATS, cancel)

    assert [status for status, _location in cancel_results] == [302] * SEATS
    assert (
        sorted(meeting.registrations.filter(status="confirmed").values_list("pk", flat=True))
        == first_waiting
    )
    assert meeting.registrations.filter(status="waitlisted").count() == ATTEMPTS - 2 * SEATS
