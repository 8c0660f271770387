"""The Content-Security-Policy in a real Chromium: no page breaks it.

The policy refuses inline scripts, inline event handlers and style attributes.
A page that still uses one shows the refusal as a console message ("Refused
to ...") and a ``securitypolicyviolation`` event; this visits the public pages,
the back office, the organiser pages and the API docs as a person would, and
fails on any of either.
"""

from __future__ import annotations

import uuid

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command

from events.models import ExhibitionStop, Meeting, Registration, RegistrationStatus
from notifications.links import stop_reminders_token
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_pages_accessibility import main_pages

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Collected in the page itself, from the first script on: a refusal before any
# of our scripts ran still counts.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def watched_page(new_page):
    """A page whose CSP refusals (console and events) end up in ``page.csp_problems``."""
    page = new_page()
    problems: list[str] = []
    page.add_init_script(LISTEN)

    def on_console(message) -> None:
        if "Content Security Policy" in message.text or message.text.startswith("Refused to"):
            problems.append(f"console: {message.text}")

    page.on("console", on_console)
    page.csp_problems = problems
    return page


def visit(page, url: str, *, wait_for: str | None = None) -> None:
    response = page.goto(url)
    assert response.status < 500, (url, response.status)
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy, (url, policy)
    assert "unsafe-inline" not in policy, (url, policy)
    if wait_for:
        page.wait_for_selector(wait_for)
    page.wait_for_load_state("networkidle")
    for event in page.evaluate("window.__cspViolations || []"):
        page.csp_problems.append(f"{url}: {event}")


def test_public_pages_break_no_csp(live_server, watched_page, demo):
    page = watched_page
    registration = Registration.objects.filter(status=RegistrationStatus.CONFIRMED).first()
    paths = [f"/{lang}/{path}" for lang in ("nl", "en") for path in main_pages().values()]
    paths.append(f"/nl/herinneringen-stoppen/{stop_reminders_token(registration)}/")
    for path in paths:
        visit(page, live_server.url + path)
    # Interactive parts: the language switch posts a form.
    visit(page, live_server.url + "/nl/")
    page.click("button[name=language][value=en]")
    page.wait_for_url("**/en/**")
    assert page.csp_problems == []


def test_back_office_organiser_pages_and_api_docs_break_no_csp(live_server, watched_page, demo):
    page = watched_page
    base = live_server.url
    log_in(page, base, username="beheerder", password="openjeogen-beheer", next_url="/nl/admin/")
    stop = ExhibitionStop.objects.first()
    for path in (
        "/nl/admin/",
        "/nl/admin/events/meeting/",
        "/nl/admin/events/exhibitionstop/",
        f"/nl/admin/events/exhibitionstop/{stop.pk}/change/",
        "/nl/admin/events/exhibitionstop/add/",
        "/nl/admin/venues/venue/",
        "/nl/admin/notifications/notification/",
        "/nl/admin/accounts/apitoken/add/",
        "/nl/admin/axes/accessattempt/",
        "/nl/organiser/timeline/",
        "/nl/organiser/free-windows/",
        f"/nl/organiser/clash-check/?stop={stop.pk}",
    ):
        visit(page, base + path)
    screenshot(page, "csp-clash-check")

    # The organiser's message, up to its preview: the e-mail in its own framed policy.
    meeting = Meeting.objects.filter(registrations__status=RegistrationStatus.CONFIRMED).first()
    visit(page, base + "/nl/admin/events/meeting/")
    page.check(f"input[name={ACTION_CHECKBOX_NAME}][value='{meeting.pk}']")
    page.select_option("select[name=action]", "message_registrants")
    page.click("button[name=index]")
    page.fill("input[name=subject]", "Parkeren")
    page.fill("textarea[name=body]", f"Parkeer achter het gebouw. {uuid.uuid4()}")
    page.click("button[value=preview]")
    frame = page.frame_locator("iframe.message-preview-html")
    frame.locator("body").wait_for()
    page.wait_for_load_state("networkidle")
    screenshot(page, "csp-message-preview")
    for event in page.evaluate("window.__cspViolations || []"):
        page.csp_problems.append(f"message preview: {event}")

    # The timeline's print button works without an inline handler.
    visit(page, base + "/nl/organiser/timeline/")
    # A function, so that evaluate() runs it (an expression ending in one would be called).
    page.evaluate("() => { window.__printed = 0; window.print = () => window.__printed++; }")
    page.click("button[data-print]")
    assert page.evaluate("window.__printed") == 1

    # Swagger UI draws the operations from the schema, its script a file.
    visit(page, base + "/api/docs/", wait_for=".swagger-ui .opblock")
    screenshot(page, "csp-api-docs")

    assert page.csp_problems == []
