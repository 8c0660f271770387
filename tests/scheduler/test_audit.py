"""`make audit`'s code half in the suite: bandit finds nothing of medium or high severity."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bandit_finds_no_medium_or_high_severity_issue_in_our_code():
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "bandit"),
            *("-c", "pyproject.toml", "--severity-level", "medium", "--quiet", "-r"),
            *("scheduler", "accounts", "venues", "events", "notifications", "manage.py"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
