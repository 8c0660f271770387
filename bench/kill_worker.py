"""The kill test, repeated: SIGKILL a worker mid-batch, start another, count lost and duplicated.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/notify \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/5 \\
        /work/main/.venv/bin/python bench/kill_worker.py [--runs 10] [--count 1000]

Each run, on a throw-away database: ``--count`` due reminders, ``celery beat``
and a worker (concurrency 2); when a random share (20 to 80 %) of the mails has
been written, the worker's whole process group gets SIGKILL; a new worker is
started and everything must go out. The mail files are the ground truth
(complete messages, by Message-ID). The timeouts are the tests' short ones
(``NOTIFICATIONS_SENDING_TIMEOUT=10``, ``NOTIFICATIONS_REDISPATCH_AFTER=15``)
so that a run takes seconds; with the defaults recovery takes minutes, nothing
else changes. Prints a Markdown summary for ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.conf import settings
from django.db import connection
from reminders import load, machine, plant

from notifications.models import Notification
from tests.notifications.stack import Stack, broker_url, clear_broker, wait_until


def one_run(workdir: Path, count: int, rng: random.Random) -> dict:
    Notification.objects.update(
        status="pending",
        dispatched_at=None,
        claimed_at=None,
        claim_token=None,
        attempts=0,
        sent_at=None,
    )
    clear_broker(broker_url())
    stack = Stack(workdir, LOG_LEVEL="INFO")
    share = rng.uniform(0.2, 0.8)
    try:
        first = stack.start_worker("killed", concurrency=2)
        stack.start_beat()
        wait_until(
            lambda: sum(stack.delivered().values()) >= count * share, timeout=600, interval=0.02
        )
        time.sleep(rng.uniform(0, 0.05))  # not always right after a file appeared
        first.kill()
        killed_at = time.monotonic()
        in_flight = set(Notification.objects.filter(status="sending").values_list("pk", flat=True))
        second = stack.start_worker("second", concurrency=2)
        wait_until(
            lambda: Notification.objects.filter(status="sent").count() == count,
            timeout=600,
            interval=0.2,
        )
        recovered = time.monotonic() - killed_at
        time.sleep(2)
    finally:
        stack.stop_all()
    delivered = stack.delivered()
    duplicated = {pk: n - 1 for pk, n in delivered.items() if n > 1}
    lost = set(Notification.objects.values_list("pk", flat=True)) - set(delivered)
    return {
        "share": share,
        "in_flight": len(in_flight),
        "lost": len(lost),
        "duplicated": sum(duplicated.values()),
        "duplicates_outside_in_flight": len(set(duplicated) - in_flight),
        "partial": stack.partial_writes(),
        "recovered_s": recovered,
        "windows": first.mark_ms() + second.mark_ms(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    if not settings.IS_POSTGRES or not broker_url().startswith("redis://"):
        sys.exit("set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis)")
    database = settings.DATABASES["default"]
    database["TEST"] = {**database.get("TEST", {}), "NAME": f"{database['NAME']}_bench_kill"}
    original = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    workdir = Path(tempfile.mkdtemp(prefix="bench-kill-"))
    rng = random.Random(args.seed)
    runs = []
    started_load = load()
    try:
        plant(args.count)
        for number in range(1, args.runs + 1):
            run = one_run(workdir / f"run-{number}", args.count, rng)
            runs.append(run)
            print(
                f"run {number}: killed at {run['share']:.0%}, in flight {run['in_flight']}, "
                f"lost {run['lost']}, duplicated {run['duplicated']}, "
                f"all sent {run['recovered_s']:.1f} s after the kill",
                flush=True,
            )
        host = machine()
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)
        shutil.rmtree(workdir, ignore_errors=True)

    windows = sorted(w for run in runs for w in run["windows"])
    total = args.count * len(runs)
    print(f"\n{time.strftime('%Y-%m-%d')}  {host}; load at start {started_load}\n")
    print(f"{len(runs)} runs × {args.count:,} due reminders, SIGKILL of the worker mid-batch\n")
    print("| figure | value |")
    print("| --- | ---: |")
    print(f"| messages to send | {total:,} |")
    print(f"| sent (unique, complete) | {total - sum(r['lost'] for r in runs):,} |")
    print(f"| lost | {sum(r['lost'] for r in runs)} |")
    print(f"| duplicated | {sum(r['duplicated'] for r in runs)} |")
    print(
        f"| rows claimed by the killed worker (in flight) | {sum(r['in_flight'] for r in runs)} |"
    )
    outside = sum(r["duplicates_outside_in_flight"] for r in runs)
    print(f"| duplicates of rows that were not in flight | {outside} |")
    print(f"| half-written mail files left by the kill | {sum(r['partial'] for r in runs)} |")
    recovered = statistics.median(r["recovered_s"] for r in runs)
    print(f"| all sent after the kill, median | {recovered:.1f} s |")
    print(
        f"| duplicate window (backend accepted → UPDATE sent), median / p99 / max | "
        f"{statistics.median(windows):.2f} / {windows[int(len(windows) * 0.99) - 1]:.2f} / "
        f"{windows[-1]:.2f} ms over {len(windows):,} sends |"
    )


if __name__ == "__main__":
    main()
