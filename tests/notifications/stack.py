"""Real Celery processes for the notification tests and the benchmark.

A worker (and beat) started with the real command, as separate processes, in
their own process group, against the database Django is connected to (the
pytest test database) and the Redis broker, writing e-mail as files. Nothing
is mocked: what these tests see is what a deployment does.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MESSAGE_ID = re.compile(rb"^Message-ID: <notification\.(\d+)\.", re.MULTILINE)
SEPARATOR = b"\n" + b"-" * 79 + b"\n"
MARK_MS = re.compile(r"marked ([0-9.]+) ms after hand-over")


def broker_url() -> str:
    return os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")


def database_url() -> str:
    """The database this process is connected to, as a URL for the child processes."""
    db = settings.DATABASES["default"]
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def clear_broker(url: str) -> None:
    """Drop queued and unacknowledged tasks left by earlier runs (ids that no longer exist)."""
    import redis

    redis.Redis.from_url(url).delete("celery", "unacked", "unacked_index", "unacked_mutex")


def wait_until(condition: Callable[[], object], *, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true after {timeout} s: {condition}")
        time.sleep(interval)


class Process:
    """One started command; its output goes to a log file."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log: Path):
        self.name, self.log_path = name, log
        self._log = log.open("wb")
        self.popen = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(self, text: str, *, timeout: float = 60) -> None:
        def seen() -> bool:
            if self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log()[-3000:]}")
            return text in self.log()

        wait_until(seen, timeout=timeout)

    def kill(self) -> None:
        """SIGKILL the whole process group: the main process and its pool children."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(10)

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(10)
        self._log.close()

    def mark_ms(self) -> list[float]:
        return [float(m) for m in MARK_MS.findall(self.log())]


class Stack:
    """Worker and beat processes sharing one environment and one mail folder."""

    def __init__(self, workdir: Path, **env_overrides: str):
        self.workdir = workdir
        self.mail_dir = workdir / "mail"
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="scheduler.settings",
            DATABASE_URL=database_url(),
            CELERY_BROKER_URL=broker_url(),
            CELERY_RESULT_BACKEND=broker_url(),
            SECRET_KEY="notification-worker-tests",
            VAR_DIR=str(workdir / "var"),
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(self.mail_dir),
            EMAIL_TIMEOUT="2",
            # Short, so that recovery after a kill fits in a test.
            NOTIFICATIONS_SENDING_TIMEOUT="10",
            NOTIFICATIONS_REDISPATCH_AFTER="15",
            LOG_LEVEL="INFO",
        )
        env.update(env_overrides)
        self.env = env
        self.processes: list[Process] = []

    def start_worker(self, name: str = "w1", *, concurrency: int = 2) -> Process:
        command = [
            str(BIN / "celery"),
            "-A",
            "scheduler",
            "worker",
            "--loglevel=INFO",
            f"--concurrency={concurrency}",
            f"--hostname={name}@%h",
            "--without-gossip",
            "--without-mingle",
        ]
        process = Process(name, command, self.env, self.workdir / f"{name}.log")
        self.processes.append(process)
        process.wait_for("ready.")
        return process

    def start_beat(self) -> Process:
        """The real beat with the product's schedule, the dispatcher due every second."""
        command = [
            str(BIN / "celery"),
            "-A",
            "tests.notifications.fast_beat",
            "beat",
            "--loglevel=INFO",
            f"--schedule={self.workdir / 'beat-schedule'}",
        ]
        process = Process("beat", command, self.env, self.workdir / "beat.log")
        self.processes.append(process)
        process.wait_for("beat: Starting")
        return process

    def stop_all(self) -> None:
        for process in self.processes:
            process.stop()

    def _messages(self) -> tuple[list[bytes], int]:
        """Complete messages in the mail files, and how many were cut off half-written.

        Django's file backend ends each message with a line of 79 dashes; a
        worker killed while writing leaves a message without it, which a mail
        server would have discarded (no final "." of DATA).
        """
        complete: list[bytes] = []
        partial = 0
        for path in sorted(self.mail_dir.glob("*.log")):
            *done, rest = path.read_bytes().split(SEPARATOR)
            complete += done
            partial += bool(rest.strip())
        return complete, partial

    def delivered(self) -> Counter[int]:
        """How many times each notification id was written out completely."""
        counts: Counter[int] = Counter()
        for message in self._messages()[0]:
            counts.update(int(pk) for pk in MESSAGE_ID.findall(message))
        return counts

    def partial_writes(self) -> int:
        return self._messages()[1]

    def mails(self) -> list[str]:
        return [path.read_text() for path in sorted(self.mail_dir.glob("*.log"))]
