"""The embedded default (SQLite, filesystem broker, mail as files) delivers too, with no server.

Everything runs as separate processes with a fresh VAR_DIR and the server
settings removed from the environment, as on a newcomer's machine: migrate,
a registration made through the service, then a real worker and beat.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.notifications.stack import ROOT, Process, wait_until

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent

REGISTER = """
from events.registrations.services import register
from tests.factories import MeetingFactory
from tests.notifications.helpers import attendee

meeting = MeetingFactory(title="Ingebedde bijeenkomst")
register(meeting=meeting, attendee=attendee(1, language="en"))
"""


@pytest.fixture
def embedded_env(tmp_path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "EMAIL_BACKEND"}
        and not key.startswith(("DJANGO_", "PYTEST_", "EMAIL_"))
    }
    env.update(VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="scheduler.settings")
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=120)


def test_embedded_default_sends_the_confirmation_with_a_worker_and_beat(embedded_env, tmp_path):
    var = Path(embedded_env["VAR_DIR"])
    manage(embedded_env, "migrate", "--noinput", "--verbosity", "0")
    manage(embedded_env, "shell", "--command", REGISTER)
    celery = str(BIN / "celery")
    processes = [
        Process(
            "worker",
            [celery, "-A", "scheduler", "worker", "--loglevel=INFO", "--concurrency=1"],
            embedded_env,
            tmp_path / "worker.log",
        ),
        Process(
            "beat",
            [
                celery,
                "-A",
                "tests.notifications.fast_beat",
                "beat",
                "--loglevel=INFO",
                f"--schedule={tmp_path / 'beat-schedule'}",
            ],
            embedded_env,
            tmp_path / "beat.log",
        ),
    ]
    try:
        processes[0].wait_for("ready.")

        def confirmation_written() -> list[str]:
            mails = [p.read_text() for p in (var / "mail").glob("*.eml")]
            return [m for m in mails if "Subject: Registration confirmed:" in m]

        [mail] = wait_until(confirmation_written, timeout=90, interval=0.5)
    finally:
        for process in processes:
            process.stop()

    assert "Ingebedde bijeenkomst" in mail
    assert "Content-Type: text/calendar" in mail
    with sqlite3.connect(var / "db.sqlite3") as db:
        statuses = dict(db.execute("SELECT kind, status FROM notifications_notification"))
    assert statuses["registration_confirmed"] == "sent"
    assert statuses["meeting_reminder"] == "pending"  # its time has not come
    worker_log = processes[0].log()
    assert "Task notifications.send[" in worker_log and "succeeded" in worker_log
