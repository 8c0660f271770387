"""Benchmark: due reminders sent by a real Celery worker on Redis, against a plain send_mail loop.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/notify \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/5 \\
        /work/main/.venv/bin/python bench/reminders.py [--count 10000] [--concurrency 2 4]

In one run, on a throw-away database (``<name>_bench_reminders``, dropped at
the end) and the Redis of ``CELERY_BROKER_URL``:

1. plants ``--count`` reminders that are due now (registrations bulk-created,
   their reminders planned by ``outbox.replan_reminders``, half Dutch, half
   English);
2. **floor**: a plain loop over the same rows that renders each message with
   the same templates and calls Django's ``send_mail`` (file backend), in this
   process, reading all rows in one query. ``send_mail`` cannot attach a file,
   so the floor sends no ``.ics``; the same loop with the ``.ics`` attached
   (``EmailMultiAlternatives``) is reported too;
3. **outbox**: the rows set back to pending, then ``celery beat`` (the
   product's schedule, dispatcher every second instead of every minute) and
   ``celery worker`` processes, started as the tests start them, send them
   all; the rate counts from the first hand-over to the broker to the last row
   marked sent (database timestamps), and from beat's start too;
4. checks that every reminder was written exactly once, and prints a Markdown
   table for ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scheduler.settings")
os.environ.setdefault("SECRET_KEY", "bench-reminders")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.mail import EmailMultiAlternatives, send_mail  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max, Min  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.models import Meeting, Registration, Series, SeriesKind  # noqa: E402
from notifications import outbox  # noqa: E402
from notifications.models import Notification  # noqa: E402
from notifications.rendering import attachments, render_parts  # noqa: E402
from tests.notifications.stack import Stack, broker_url, clear_broker, wait_until  # noqa: E402
from venues.models import Venue  # noqa: E402

PER_MEETING = 200


def plant(count: int) -> None:
    """``count`` confirmed registrations whose 1-day reminder is due now."""
    series = Series.objects.create(
        name="Bench", slug="bench", kind=SeriesKind.MEETING_SERIES, reminder_days_before="7,1"
    )
    venue = Venue.objects.create(
        name="Stadhuis", slug="stadhuis", kind="town_hall", street_address="Markt 1",
        postal_code="3511 AA", city="Utrecht", municipality="Utrecht", province="UT",
    )  # fmt: skip
    now = timezone.now()
    starts_at = (now + timedelta(days=1) - timedelta(minutes=10)).replace(microsecond=0)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            series=series,
            title=f"Expertbijeenkomst geringste aanwijzing {m}",
            slug=f"bench-{m}",
            venue=venue,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            capacity=PER_MEETING,
            status="published",
        )
        for m in range((count + PER_MEETING - 1) // PER_MEETING)
    )
    registrations = [
        Registration(
            meeting=meetings[n // PER_MEETING],
            name=f"Deelnemer {n}",
            email=f"deelnemer{n}@example.org",
            organisation="GGD",
            sector="medical",
            status="confirmed",
            language="en" if n % 2 else "nl",
            consent_at=now,
        )
        for n in range(count)
    ]
    Registration.objects.bulk_create(registrations, batch_size=2000)
    two_days_ago = now - timedelta(days=2)  # the 7-day reminder was past; the 1-day one is due
    for meeting in Meeting.objects.select_related("series"):
        outbox.replan_reminders(meeting=meeting, now=two_days_ago)
    assert Notification.objects.filter(due_at__lte=timezone.now()).count() == count


def rows() -> list[Notification]:
    """All rows in one query, with what rendering reads (as the worker's read, for all at once)."""
    loaded = list(
        Notification.objects.select_related(
            "series", "meeting", "meeting__series", "meeting__venue", "registration"
        ).order_by("pk")
    )
    for row in loaded:
        row.registration.meeting = row.meeting
    return loaded


def floor(folder: Path, *, with_ics: bool) -> float:
    """Messages per second of a plain in-process loop. Returns the rate."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(folder)
    started = time.perf_counter()
    loaded = rows()
    for row in loaded:
        subject, text, html = render_parts(row)
        if with_ics:
            message = EmailMultiAlternatives(subject, text, None, [row.recipient])
            message.attach_alternative(html, "text/html")
            for part in attachments(row):
                message.attach(part)
            message.send()
        else:
            send_mail(subject, text, None, [row.recipient], html_message=html)
    return len(loaded) / (time.perf_counter() - started)


def outbox_run(workdir: Path, count: int, concurrency: int, workers: int) -> dict:
    """Set every row back to pending and let beat and worker(s) send them all."""
    Notification.objects.update(
        status="pending",
        dispatched_at=None,
        claimed_at=None,
        claim_token=None,
        attempts=0,
        sent_at=None,
    )
    clear_broker(broker_url())
    shutil.rmtree(workdir, ignore_errors=True)
    stack = Stack(
        workdir,
        # The product's timeouts, not the tests' short ones.
        NOTIFICATIONS_SENDING_TIMEOUT="300",
        NOTIFICATIONS_REDISPATCH_AFTER="600",
        EMAIL_TIMEOUT="30",
        LOG_LEVEL="WARNING",
    )
    try:
        for n in range(workers):
            stack.start_worker(f"bench{n}", concurrency=concurrency)
        beat_started = time.monotonic()
        stack.start_beat()
        wait_until(
            lambda: Notification.objects.filter(status="sent").count() == count,
            timeout=1800,
            interval=0.5,
        )
        from_beat = time.monotonic() - beat_started
    finally:
        stack.stop_all()
    span = Notification.objects.aggregate(first=Min("dispatched_at"), last=Max("sent_at"))
    seconds = (span["last"] - span["first"]).total_seconds()
    delivered = stack.delivered()
    return {
        "rate": count / seconds,
        "rate_from_beat_start": count / from_beat,
        "unique": len(delivered),
        "duplicates": sum(delivered.values()) - len(delivered),
    }


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    import celery
    import kombu
    import redis as redis_py

    server = subprocess.run(
        ["redis-cli", "-u", broker_url(), "info", "server"], capture_output=True, text=True
    ).stdout
    redis_version = next(
        (ln.split(":")[1].strip() for ln in server.splitlines() if ln.startswith("redis_version")),
        "?",
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    return (
        f"nproc {os.cpu_count()}, {cpu}; Python {platform.python_version()}, "
        f"Django {django.get_version()}, Celery {celery.__version__}, kombu {kombu.__version__}, "
        f"redis-py {redis_py.__version__}; PostgreSQL {pg_version}, Redis {redis_version}"
    )


def load() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[2, 3])
    parser.add_argument("--workers", type=int, default=1, help="worker processes per run")
    parser.add_argument("--rounds", type=int, default=3, help="floor and outbox runs, alternated")
    args = parser.parse_args()
    if not settings.IS_POSTGRES or not broker_url().startswith("redis://"):
        sys.exit("set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis)")

    database = settings.DATABASES["default"]
    database["TEST"] = {**database.get("TEST", {}), "NAME": f"{database['NAME']}_bench_reminders"}
    original = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    workdir = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
    rounds: list[dict] = []
    try:
        plant(args.count)
        for number in range(1, args.rounds + 1):
            result = {"load": load()}
            result["floor"] = floor(workdir / f"floor-{number}", with_ics=False)
            result["floor_ics"] = floor(workdir / f"floor-ics-{number}", with_ics=True)
            for c in args.concurrency:
                result[c] = outbox_run(
                    workdir / f"outbox-{number}-c{c}", args.count, c, args.workers
                )
            rounds.append(result)
            print(f"round {number}: load {result['load']}", flush=True)
        report(args, rounds)
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)
        shutil.rmtree(workdir, ignore_errors=True)


def report(args, rounds: list[dict]) -> None:
    median = statistics.median
    print(f"\n{time.strftime('%Y-%m-%d')}  {machine()}\n")
    workers = f"{args.workers} worker process(es)"
    print(f"{args.count:,} due reminders, file e-mail backend, {workers}, {len(rounds)} rounds\n")
    print(
        "| run | messages/s: median (each round) "
        "| ÷ `send_mail` floor, no .ics | ÷ same-message floor, with .ics |"
    )
    print("| --- | ---: | ---: | ---: |")

    def rates_of(key) -> list[float]:
        return [r[key] if isinstance(r[key], float) else r[key]["rate"] for r in rounds]

    def ratio(rates: list[float], floor_key: str) -> str:
        each = [rate / r[floor_key] for rate, r in zip(rates, rounds, strict=True)]
        return f"{median(each):.2f} ({', '.join(f'{x:.2f}' for x in each)})"

    def row(label: str, key) -> None:
        rates = rates_of(key)
        each = ", ".join(f"{x:,.0f}" for x in rates)
        print(
            f"| {label} | {median(rates):,.0f} ({each}) "
            f"| {ratio(rates, 'floor')} | {ratio(rates, 'floor_ics')} |"
        )

    row("floor: render + `send_mail` loop, no .ics", "floor")
    row("floor: the same messages with their .ics, plain loop", "floor_ics")
    for c in args.concurrency:
        row(f"outbox: beat + 1 worker on Redis, concurrency {c}", c)
    print()
    for number, r in enumerate(rounds, 1):
        for c in args.concurrency:
            run = r[c]
            print(
                f"- round {number} (load {r['load']}), concurrency {c}: "
                f"{run['rate_from_beat_start']:,.0f}/s counted from beat's start; "
                f"{run['unique']:,} reminders written, {run['duplicates']} duplicates"
            )


if __name__ == "__main__":
    main()
