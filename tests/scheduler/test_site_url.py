"""One source for the site's address: SITE_URL in production, HOST and PORT in development."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SHOW = (
    "import django; django.setup()\n"
    "from django.conf import settings\n"
    "from events.calendar import subscribe\n"
    "from notifications import links\n"
    "print(settings.SITE_URL)\n"
    "print(subscribe.all_links().webcal)\n"
    "print(links.absolute('/nl/'))\n"
)


def site_url(**env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "scheduler.settings"} | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://localhost:8000"),
        ({"PORT": "8010"}, "http://localhost:8010"),
        ({"HOST": "0.0.0.0", "PORT": "8010"}, "http://localhost:8010"),
        ({"HOST": "scheduler.lan", "PORT": "8080"}, "http://scheduler.lan:8080"),
        ({"SITE_URL": "https://openjeogen.nl/", "PORT": "8010"}, "https://openjeogen.nl"),
    ],
)
def test_every_link_follows_the_address_the_site_runs_at(env, expected):
    url, feed, page = site_url(**env)

    assert url == expected
    assert feed == "webcal://" + expected.split("://", 1)[1] + "/calendar/all.ics"
    assert page == expected + "/nl/"
