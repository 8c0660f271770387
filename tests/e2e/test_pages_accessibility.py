"""Every main page, on the demo data, in both languages: no axe-core violations, no sideways scroll.

Screenshots of each page (desktop and a 390 px phone) land in
``var/screenshots/`` for people to look at.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from events import queries
from events.models import Registration, RegistrationStatus
from tests.e2e.conftest import PHONE, axe_violations, describe, screenshot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def main_pages() -> dict[str, str]:
    """Name -> path (without the language prefix) of each kind of public page."""
    stop = queries.current_and_next_stops().first()
    meeting = next(m for m in queries.upcoming_meetings() if m.venue_id and m.seats_left)
    confirmed = Registration.objects.filter(status=RegistrationStatus.CONFIRMED).first()
    waitlisted = Registration.objects.filter(status=RegistrationStatus.WAITLISTED).first()
    return {
        "home": "",
        "tour": "tentoonstelling/",
        "tour-past": "tentoonstelling/?when=past",
        "tour-bad-filter": "tentoonstelling/?province=XX",
        "stop": f"tentoonstelling/{stop.slug}/",
        "meetings": "bijeenkomsten/",
        "meeting": f"bijeenkomsten/{meeting.slug}/",
        "venue": f"locaties/{stop.venue.slug}/",
        "privacy": "privacy/",
        "manage-confirmed": f"aanmelding/{confirmed.manage_token}/",
        "manage-waitlisted": f"aanmelding/{waitlisted.manage_token}/",
        "cancel": f"aanmelding/{confirmed.manage_token}/annuleren/",
        "erase": f"aanmelding/{confirmed.manage_token}/verwijderen/",
        "not-found": "bestaat-niet/",
    }


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_main_pages_pass_axe_and_fit_a_phone(live_server, new_page, demo, lang):
    desktop = new_page()
    phone = new_page(viewport=PHONE)
    problems = {}
    for name, path in main_pages().items():
        for page, size in ((desktop, "desktop"), (phone, "phone")):
            response = page.goto(f"{live_server.url}/{lang}/{path}")
            assert response.status < 500, (name, response.status)
            assert page.get_attribute("html", "lang") == lang
            screenshot(page, f"{lang}-{name}-{size}")
            violations = axe_violations(page)
            if violations:
                problems[f"{name} ({size})"] = describe(violations)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {size}"
    assert problems == {}, "\n\n".join(f"{k}:\n{v}" for k, v in problems.items())


def test_keyboard_users_see_where_focus_is(live_server, page, demo):
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.is_visible()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
