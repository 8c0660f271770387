"""Shared fixtures for the real-browser tests: Debian's Chromium driven by Playwright.

The site runs in pytest-django's ``live_server`` (a real HTTP server in a
thread, on the test database); tests that use it need
``django_db(transaction=True)`` so the server thread sees their rows.
Screenshots go to ``var/screenshots/`` (kept as CI artifacts); axe-core,
bundled by ``axe-playwright-python``, checks accessibility inside the page,
offline.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would
# otherwise refuse database access from it ("async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config, items):
    """Without Chromium the browser tests skip locally; in CI (CI=true) that is a failure."""
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"CI=true but there is no Chromium at {CHROMIUM}")
    skip = pytest.mark.skip(reason=f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Make pages in fresh browser contexts (own cookies), closed after the test."""
    contexts = []

    def make(*, viewport: dict | None = None, javascript: bool = True):
        context = browser.new_context(
            viewport=viewport or DESKTOP, java_script_enabled=javascript, locale="nl-NL"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as ``var/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page) -> list[dict]:
    """axe-core's violations for the page as it is now (WCAG 2 A/AA and best practices)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(", ".join(node["target"]) for node in v["nodes"][:3])
        for v in violations
    )


@pytest.fixture
def mailbox(settings, tmp_path, live_server):
    """E-mail to files, as in the embedded default; links in it point at the live server.

    ``mailbox.deliver()`` does what beat and the worker do (dispatch due outbox
    rows, send each) and returns every message written so far.
    """
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    settings.SITE_URL = live_server.url
    return Mailbox(tmp_path / "mail")


class Mailbox:
    def __init__(self, folder: Path):
        self.folder = folder

    def deliver(self) -> list:
        from notifications import delivery

        delivery.dispatch_due(
            enqueue=lambda ids: [delivery.deliver(notification_id=i) for i in ids]
        )
        return self.messages()

    def messages(self) -> list:
        """Every message in the file backend's files, parsed."""
        import email
        from email import policy

        found = []
        for path in sorted(self.folder.glob("*.log")):
            # The file backend writes each message followed by a line of 79 dashes.
            for chunk in path.read_text().split("\n" + "-" * 79 + "\n"):
                if chunk.strip():
                    found.append(email.message_from_string(chunk, policy=policy.default))
        return found

    def to(self, address: str) -> list:
        return [m for m in self.messages() if address in m["To"]]


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@contextmanager
def chromium_page(browser, *, width: int = 1400, height: int = 900) -> Iterator:
    """A page in a fresh context of the session's Chromium, closed afterwards.

    One Playwright per session: a second sync Playwright in the same thread
    refuses to start inside the first one's event loop.
    """
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def log_in(page, base_url: str, *, username: str, password: str, next_url: str) -> None:
    """Sign in through the real admin login form, as a person would."""
    page.goto(f"{base_url}/nl/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}{next_url}*")
