"""Benchmark: how long after a registration its confirmation leaves, on the real stack.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scheduler \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/5 \\
        /work/main/.venv/bin/python bench/mail_latency.py [--rounds 3] [--per-round 20]

On a throw-away database (``<name>_bench_mail``, dropped at the end) it starts
what a deployment runs: two gunicorn servers, one Celery worker (concurrency 2)
and the product's own ``celery beat`` (dispatcher every minute), all on
PostgreSQL and the Redis of ``CELERY_BROKER_URL``. The servers differ in one
setting only:

- **on commit** (the product): ``NOTIFICATIONS_DISPATCH_ON_COMMIT=true``, a
  message due now is dispatched when the registration commits;
- **beat only** (the named baseline, the behaviour before): ``false``, it
  waits for the next beat dispatch.

Each round posts ``--per-round`` registrations to the API of the first server,
0.2 s apart, and waits until every confirmation is marked sent; then a quarter
as many to the second (one server at a time: a dispatch the first asks for
would also hand out the baseline's rows). Latency is from the moment the POST was
sent to the row's ``sent_at`` (the mail backend accepted it; same clock).
Prints the p50, p95 and max per server and the ratio, for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scheduler.settings")
os.environ.setdefault("SECRET_KEY", "bench-mail-latency-" + "x" * 40)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from bench.reminders import load, machine  # noqa: E402
from notifications.models import Notification  # noqa: E402
from tests.factories import MeetingFactory  # noqa: E402
from tests.notifications.stack import (  # noqa: E402
    BIN,
    Process,
    Stack,
    broker_url,
    clear_broker,
    wait_until,
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_web(stack: Stack, name: str, *, on_commit: bool) -> str:
    port = free_port()
    env = {
        **stack.env,
        "NOTIFICATIONS_DISPATCH_ON_COMMIT": "true" if on_commit else "false",
        # One client stands for many people here.
        "API_REGISTRATION_RATE": "1000000/hour",
        "REGISTRATION_PER_MEETING_LIMIT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    command = [
        str(BIN / "gunicorn"),
        *("-c", "scheduler/gunicorn.conf.py", "scheduler.wsgi"),
        *("--bind", f"127.0.0.1:{port}", "--workers", "2"),
    ]
    process = Process(name, command, env, stack.workdir / f"{name}.log")
    stack.processes.append(process)
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            with urllib.request.urlopen(url + "/api/v1/meetings/", timeout=2):
                return True
        except OSError:
            return False

    wait_until(answers, timeout=60)
    return url


def start_real_beat(stack: Stack) -> None:
    """The product's beat schedule as deployed: the dispatcher every minute."""
    command = [
        str(BIN / "celery"),
        *("-A", "scheduler", "beat", "--loglevel=INFO"),
        f"--schedule={stack.workdir / 'beat-schedule'}",
    ]
    process = Process("beat", command, stack.env, stack.workdir / "beat.log")
    stack.processes.append(process)
    process.wait_for("beat: Starting")


def post_registration(url: str, slug: str, email: str) -> float:
    """POST one registration; returns the wall-clock time the request was sent."""
    body = json.dumps(
        {"name": "Bench", "email": email, "sector": "police", "consent": True}
    ).encode()
    request = urllib.request.Request(
        f"{url}/api/v1/meetings/{slug}/registrations/",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    sent = time.time()
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201, response.status
    return sent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-round", type=int, default=20)
    args = parser.parse_args()
    if not settings.IS_POSTGRES or not broker_url().startswith("redis://"):
        sys.exit("set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis)")

    database = settings.DATABASES["default"]
    database["TEST"] = {**database.get("TEST", {}), "NAME": f"{database['NAME']}_bench_mail"}
    original = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    workdir = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    clear_broker(broker_url())
    stack = Stack(workdir)
    sent_at: dict[str, float] = {}
    servers = {"on commit": [], "beat only": []}
    try:
        meeting = MeetingFactory(capacity=100_000)
        stack.start_worker("w1", concurrency=2)
        start_real_beat(stack)
        urls = {
            "on commit": start_web(stack, "web-on", on_commit=True),
            "beat only": start_web(stack, "web-off", on_commit=False),
        }
        loads = []
        for number in range(args.rounds):
            loads.append(load())
            # One server at a time: a dispatch asked for by the first would also
            # hand out the baseline's rows.
            for name, count in (("on commit", args.per_round), ("beat only", args.per_round // 4)):
                for i in range(count):
                    email = f"r{number}-{i}-{name.split()[0]}@example.org"
                    sent_at[email] = post_registration(urls[name], meeting.slug, email)
                    servers[name].append(email)
                    time.sleep(0.2)
                wait_until(
                    lambda: (
                        not Notification.objects.filter(kind="registration_confirmed")
                        .exclude(status="sent")
                        .exists()
                    ),
                    timeout=120,
                    interval=0.2,
                )
            print(f"round {number + 1}: load {loads[-1]}", flush=True)
        rows = dict(
            Notification.objects.filter(kind="registration_confirmed").values_list(
                "recipient", "sent_at"
            )
        )
        report(args, servers, sent_at, rows, loads)
    finally:
        stack.stop_all()
        connection.creation.destroy_test_db(original, verbosity=0)
        shutil.rmtree(workdir, ignore_errors=True)


def report(args, servers, sent_at, rows, loads) -> None:
    latencies = {
        name: [rows[email].timestamp() - sent_at[email] for email in emails]
        for name, emails in servers.items()
    }
    print()
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {machine()}")
    print(f"rounds {args.rounds}, per round {args.per_round}; load per round {', '.join(loads)}")
    print()
    print("| dispatch | confirmations | p50 | p95 | max |")
    print("|---|---:|---:|---:|---:|")
    for name, values in latencies.items():
        print(
            f"| {name} | {len(values)} | {statistics.median(values):.2f} s "
            f"| {percentile(values, 0.95):.2f} s | {max(values):.2f} s |"
        )
    ratio = percentile(latencies["on commit"], 0.95) / percentile(latencies["beat only"], 0.95)
    print(f"\np95 on commit ÷ p95 beat only: {ratio:.3f}×")


if __name__ == "__main__":
    main()
