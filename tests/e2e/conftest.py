"""Real-browser tests: Debian's Chromium driven by Playwright, against pytest-django's live server.

Playwright's own browser download does not work here, so it drives the
system Chromium (``apt-get install chromium``). Without it the tests skip,
except in CI (``CI=true``), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI=true but Chromium is missing at {CHROMIUM}")
    skip = pytest.mark.skip(reason=f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(skip)


@contextmanager
def chromium_page(*, width: int = 1400, height: int = 900) -> Iterator:
    """A page in a fresh headless Chromium, closed afterwards.

    Start it after the test's database work and look at the database again
    only once it is closed: Playwright's sync API runs an event loop, in
    which Django refuses ORM calls.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, locale="nl-NL")
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()


def log_in(page, base_url: str, *, username: str, password: str, next_url: str) -> None:
    """Sign in through the real admin login form, as a person would."""
    page.goto(f"{base_url}/nl/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}{next_url}*")
