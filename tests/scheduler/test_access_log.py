"""No token in an address reaches a log: gunicorn's access log and Django's dev server.

Starts the real servers on a free port of 127.0.0.1, with the Procfile's
gunicorn configuration, asks for every kind of secret address and reads the
logs they wrote.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from scheduler.logfilters import mask_secret_paths
from tests.scheduler.test_embedded_stack import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

SECRET_PATHS = [
    "/nl/aanmelding/{token}/",
    "/en/aanmelding/{token}/annuleren/",
    "/calendar/me/{token}.ics",
    "/calendar/organiser/{token}.ics",
    "/api/v1/registrations/{token}/",
    "/nl/herinneringen-stoppen/{token}/",
    "/en/herinneringen-stoppen/{token}/",
]


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ('"GET /nl/aanmelding/a_B-1/ HTTP/1.1" 404', '"GET /nl/aanmelding/[hidden]/ HTTP/1.1" 404'),
        ("/calendar/me/tok.ics?lang=en", "/calendar/me/[hidden].ics?lang=en"),
        ("/calendar/organiser/tok.ics", "/calendar/organiser/[hidden].ics"),
        ("/en/herinneringen-stoppen/12:1tX:ab-c/", "/en/herinneringen-stoppen/[hidden]/"),
        ("Not Found: /api/v1/registrations/tok/", "Not Found: /api/v1/registrations/[hidden]/"),
    ],
)
def test_mask_hides_the_token_segment(line, masked):
    assert mask_secret_paths(line) == masked


@pytest.mark.parametrize(
    "line",
    [
        "/api/v1/registrations/",
        "/api/v1/registrations/?page=2",
        "/api/v1/registrations/export/?format=csv",
        "/calendar/all.ics",
        "/calendar/series/open-je-ogen.ics",
        "/nl/bijeenkomsten/geringste-aanwijzing/",
    ],
)
def test_mask_leaves_addresses_without_a_token_alone(line):
    assert mask_secret_paths(line) == line


@pytest.fixture(scope="module")
def server_env(tmp_path_factory) -> dict[str, str]:
    """A migrated SQLite database and collected static files, as after `make run`."""
    folder = tmp_path_factory.mktemp("server")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"}
        and not k.startswith(("DJANGO_", "PYTEST_"))
    }
    env.update(
        VAR_DIR=str(folder / "var"),
        STATIC_ROOT=str(folder / "static"),
        SECRET_KEY="access-log-test",
        DJANGO_SETTINGS_MODULE="scheduler.settings",
    )
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=180,
        )
    return env


def request_every_secret_path(base: str) -> list[str]:
    """Ask for each secret address (and once with one as Referer); the tokens used."""
    tokens = []
    for template in SECRET_PATHS:
        token = secrets.token_urlsafe(24)
        tokens.append(token)
        try:
            urllib.request.urlopen(base + template.format(token=token), timeout=10)
        except urllib.error.HTTPError as error:
            assert error.code < 500, (template, error.code)
    referer_token = secrets.token_urlsafe(24)
    tokens.append(referer_token)
    request = urllib.request.Request(
        base + "/healthz", headers={"Referer": f"{base}/nl/aanmelding/{referer_token}/"}
    )
    urllib.request.urlopen(request, timeout=10)
    return tokens


def run_and_read_log(command: list[str], env: dict[str, str], base: str) -> tuple[str, list[str]]:
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for(base + "/healthz", timeout=60)
        tokens = request_every_secret_path(base)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0]
    return output, tokens


@pytest.mark.slow
def test_gunicorn_access_log_hides_every_token(server_env):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        str(BIN / "gunicorn"),
        "-c",
        "scheduler/gunicorn.conf.py",
        "scheduler.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
    ]
    log, tokens = run_and_read_log(command, server_env, base)

    assert '"GET /calendar/me/[hidden].ics HTTP/1.1" 404' in log, log
    assert '"GET /api/v1/registrations/[hidden]/ HTTP/1.1" 404' in log, log
    assert f'"{base}/nl/aanmelding/[hidden]/"' in log, log  # the Referer
    for token in tokens:
        assert token not in log


@pytest.mark.slow
def test_django_dev_server_log_hides_every_token(server_env):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    log, tokens = run_and_read_log(command, server_env, base)

    assert '"GET /calendar/organiser/[hidden].ics HTTP/1.1" 404' in log, log
    assert "Not Found: /en/aanmelding/[hidden]/annuleren/" in log, log  # django.request
    for token in tokens:
        assert token not in log
