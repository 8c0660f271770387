"""The production environment of .env.example passes `manage.py check --deploy` with 0 issues,
and the HTTPS switches follow SITE_URL."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def env_example() -> dict[str, str]:
    """.env.example's values; an empty one means unset, as the file's header says."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            if value:
                values[name] = value
    return values


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env.update(env_example())
    env.update(
        # The one value .env.example must not hold.
        SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SETTINGS_MODULE="scheduler.settings",
        VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(overrides)
    return env


def test_env_example_describes_production():
    values = env_example()
    assert values["SITE_URL"].startswith("https://")
    assert values["DEBUG"] == "false"
    assert "SECRET_KEY" not in values  # filled in per deployment, never a shared value


def test_check_deploy_finds_no_issue_with_the_production_environment(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


SHOW_SECURITY = (
    "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k "
    "in ('SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
    "'SECURE_HSTS_PRELOAD', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE')}))"
)


def security_settings(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SHOW_SECURITY],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_https_switches_default_on_for_an_https_site(tmp_path):
    env = production_env(tmp_path)
    for name in list(env):
        if name.startswith("SECURE_") or name == "SESSION_COOKIE_SECURE":
            del env[name]  # unset: each follows SITE_URL
    assert security_settings(env) == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_https_switches_default_off_for_a_plain_http_site_and_each_can_be_set(tmp_path):
    env = {
        k: v for k, v in production_env(tmp_path).items() if not k.startswith(("SECURE_", "SESS"))
    }
    env["SITE_URL"] = "http://localhost:8000"
    assert not any(security_settings(env).values())  # all False, HSTS 0

    env["SECURE_HSTS_SECONDS"] = "3600"
    assert security_settings(env)["SECURE_HSTS_SECONDS"] == 3600


@pytest.mark.django_db
def test_healthz_answers_plain_http_while_pages_redirect_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000

    assert client.get("/healthz").status_code in (200, 503)  # answered, not redirected
    page = client.get("/nl/privacy/")
    assert page.status_code == 301
    assert page["Location"] == "https://testserver/nl/privacy/"

    secure = client.get("/nl/privacy/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
