"""docker-compose.yml, Procfile and .env.example stay true to the settings.

No Docker engine runs here, so each compose service's command is started as a
plain process against the machine's PostgreSQL and Redis instead.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tests.scheduler.test_embedded_stack import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SETTINGS_SOURCE = (ROOT / "scheduler" / "settings.py").read_text()
ENV_EXAMPLE = {
    line.split("=", 1)[0]
    for line in (ROOT / ".env.example").read_text().splitlines()
    if line and not line.startswith("#")
}


def settings_variables() -> set[str]:
    return set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', SETTINGS_SOURCE)) | set(
        re.findall(r'os\.environ\.get\("([A-Z_]+)"', SETTINGS_SOURCE)
    )


def test_every_setting_variable_is_documented_in_env_example():
    assert settings_variables() - ENV_EXAMPLE == set()


def test_env_example_lists_nothing_the_settings_do_not_read():
    assert ENV_EXAMPLE - settings_variables() == set()


def test_compose_passes_only_variables_the_settings_read():
    app_env = set(COMPOSE["x-app"]["environment"])
    assert {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "SITE_URL"} <= app_env
    assert app_env - settings_variables() == set()


def test_compose_takes_the_secret_key_from_env_with_no_default():
    value = COMPOSE["x-app"]["environment"]["SECRET_KEY"]
    # ${SECRET_KEY:?...}: compose stops with the message when .env does not set it.
    assert value.startswith("${SECRET_KEY:?"), value
    assert ":-" not in value


def test_every_gunicorn_uses_the_config_that_hides_tokens_in_the_access_log():
    gunicorn_conf = ["-c", "scheduler/gunicorn.conf.py"]
    procfile_web = next(
        line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    dockerfile_cmd = next(
        line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD")
    )
    commands = {
        "Procfile": shlex.split(procfile_web)[1:],
        "Dockerfile": json.loads(dockerfile_cmd.removeprefix("CMD")),
        "compose": compose_command("web")[1:],
    }
    for where, command in commands.items():
        index = command.index("-c")
        assert command[index : index + 2] == gunicorn_conf, where
        assert "--access-logfile" not in command, where  # the config file sets it


def test_compose_runs_every_part_of_the_stack_with_healthchecks():
    services = COMPOSE["services"]
    assert {"db", "redis", "web", "worker", "beat", "mail"} <= set(services)
    for name in ("db", "redis", "web", "worker", "mail"):
        assert "healthcheck" in services[name], name


def compose_command(service: str) -> list[str]:
    command = COMPOSE["services"][service]["command"]
    command = shlex.split(command) if isinstance(command, str) else list(command)
    return [str(BIN / command[0]), *command[1:]]


def real_stack_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    # The test database pytest made, so nothing outside the test run is touched.
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DATABASE_URL=url,
        CELERY_BROKER_URL=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0"),
        SECRET_KEY="compose-command-test",
        DJANGO_SETTINGS_MODULE="scheduler.settings",
        VAR_DIR=str(ROOT / "var" / "compose-test"),
    )
    return env


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> str:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        return process.communicate(timeout=20)[0]
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return process.communicate()[0]


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_compose_web_worker_and_beat_commands_run_on_postgres_and_redis():
    env = real_stack_env()
    port = free_port()
    web_command = [
        part.replace("0.0.0.0:8000", f"127.0.0.1:{port}") for part in compose_command("web")
    ]
    processes = {
        "web": start(web_command, env),
        "worker": start(compose_command("worker"), env),
        "beat": start(
            [
                p.replace("/app/var/beat-schedule", str(ROOT / "var" / "compose-test" / "beat"))
                for p in compose_command("beat")
            ],
            env,
        ),
    }
    try:
        status, body = wait_for(f"http://127.0.0.1:{port}/healthz", timeout=60)
        assert status == 200, body
        ping = subprocess.run(
            [
                sys.executable,
                "-c",
                "from scheduler.celery import ping; print(ping.delay().get(timeout=60))",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=90,
        )
        assert ping.stdout.strip() == "pong", ping.stderr
        time.sleep(1)
        assert processes["beat"].poll() is None, "beat exited"
    finally:
        outputs = {name: stop(process) for name, process in processes.items()}
    assert "beat: Starting" in outputs["beat"]
    assert "celery@" in outputs["worker"]
