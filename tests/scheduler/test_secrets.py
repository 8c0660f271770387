"""The app starts only with a secret key nobody else knows (outside DEBUG).

Each case imports the real settings in a fresh interpreter, with the
environment a deployment or a newcomer would have.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST_", "SECRET_KEY", "DATABASE_URL", "DEBUG"))
    }
    base.update(VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="scheduler.settings")
    base.update(env)
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SECRET_KEY)"],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_without_a_key_refuse_to_start(tmp_path):
    result = start_settings(tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "published",
    ["change-me-in-production", "embedded-default-insecure-key-do-not-use-in-production"],
)
def test_settings_refuse_a_key_that_was_published(tmp_path, published):
    result = start_settings(tmp_path, SECRET_KEY=published)
    assert result.returncode != 0
    assert "published example" in result.stderr


def test_settings_with_debug_start_without_a_key(tmp_path):
    assert start_settings(tmp_path, DEBUG="true").returncode == 0


def test_settings_read_the_key_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("from-a-file-" + "x" * 40 + "\n")
    result = start_settings(tmp_path, SECRET_KEY_FILE=str(key_file))
    assert result.stdout.strip() == "from-a-file-" + "x" * 40


def test_make_secret_key_writes_a_private_random_key_once(tmp_path):
    var = tmp_path / "var"
    make = ["make", "--no-print-directory", "secret-key", f"VAR_DIR={var}"]
    subprocess.run(make, cwd=ROOT, check=True, capture_output=True, timeout=60)
    key_file = var / "secret-key"
    key = key_file.read_text().strip()
    assert len(key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    subprocess.run(make, cwd=ROOT, check=True, capture_output=True, timeout=60)
    assert key_file.read_text().strip() == key  # made once: sessions survive a restart

    # The embedded default (no SECRET_KEY in the environment) uses it.
    assert start_settings(tmp_path).stdout.strip() == key
