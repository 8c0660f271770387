"""`make run` on a machine with no PostgreSQL or Redis: the site answers, a worker works.

Starts the real command in its own process group with an empty var/ folder and
the server settings removed from the environment, as a newcomer would.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.fixture
def embedded_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"}
        and not key.startswith(("DJANGO_", "PYTEST_"))
    }
    env.update(
        VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
        PORT=str(free_port()),
        WEB_CONCURRENCY="1",
        WORKER_CONCURRENCY="1",
        VENV=str(Path(sys.executable).parent.parent),
    )
    return env


def test_make_run_serves_the_seeded_site_and_runs_a_worker(embedded_env):
    port = embedded_env["PORT"]
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"VENV={embedded_env['VENV']}"],
        cwd=ROOT,
        env=embedded_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        text=True,
    )
    try:
        status, body = wait_for(f"http://127.0.0.1:{port}/nl/", timeout=120)
        assert status == 200
        assert "Open je Ogen" in body
        assert "Vervolgbijeenkomst" in body  # seeded demo data is on the home page
        # Links point at the port the site runs on, not a default one.
        assert f"webcal://localhost:{port}/calendar/all.ics" in body

        status, body = wait_for(f"http://127.0.0.1:{port}/healthz", timeout=10)
        assert status == 200

        # A task published by another process is consumed by the worker `make run` started.
        ping = subprocess.run(
            [
                sys.executable,
                "-c",
                "from scheduler.celery import ping; print(ping.delay().get(timeout=60))",
            ],
            cwd=ROOT,
            env={**embedded_env, "DJANGO_SETTINGS_MODULE": "scheduler.settings"},
            capture_output=True,
            text=True,
            timeout=90,
        )
        assert ping.stdout.strip() == "pong", ping.stderr
        assert Path(embedded_env["VAR_DIR"], "db.sqlite3").exists()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
    assert "beat: Starting" in output  # beat ran as its own process too
    assert "ready." in output  # and so did the worker
