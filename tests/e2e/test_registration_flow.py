"""A professional finds a meeting, registers, manages and cancels; the next person moves up.

Driven through Debian's Chromium, in Dutch and in English. Selectors are
ids and classes rather than words, so the same steps run in both languages;
the language itself is checked on ``<html lang>`` and in the URLs.
"""

from __future__ import annotations

import re

import pytest

from events.models import Registration, RegistrationStatus
from tests.e2e.conftest import PHONE, axe_violations, describe, screenshot, text_of
from tests.factories import MeetingFactory
from venues.models import Province

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def fill_registration(page, *, name: str, email: str, sector_index: int = 0) -> None:
    page.fill("#id_name", name)
    page.fill("#id_email", email)
    page.fill("#id_organisation", "GGD Gelderland-Zuid")
    page.check(f"#id_sector_{sector_index}")
    page.fill("#id_remarks", "Rolstoel")
    page.check("#id_consent")
    page.click("form.registration-form button[type=submit]")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_find_register_cancel_and_the_waiting_person_moves_up(live_server, new_page, mailbox, lang):
    meeting = MeetingFactory(
        title="Expertbijeenkomst geringste aanwijzing Nijmegen",
        capacity=1,
        venue__province=Province.GELDERLAND,
        venue__city="Nijmegen",
    )
    MeetingFactory(title="Bijeenkomst elders", venue__province=Province.ZEELAND)

    # Anna finds the meeting: home, the meetings list, filtered to her province.
    anna = new_page()
    anna.goto(f"{live_server.url}/{lang}/")
    assert anna.get_attribute("html", "lang") == lang
    anna.click(f".site-nav a[href='/{lang}/bijeenkomsten/']")
    anna.select_option("#id_province", Province.GELDERLAND.value)
    anna.click(".filters button[type=submit]")
    assert "province=GE" in anna.url
    assert anna.locator(".card h3").count() == 1
    anna.click(f"text={meeting.title}")
    assert anna.url.endswith(f"/{lang}/bijeenkomsten/{meeting.slug}/")

    # She registers and lands on her own page, with a seat.
    fill_registration(anna, name="Anna de Vries", email="anna@example.org")
    anna.wait_for_url(re.compile(rf"/{lang}/aanmelding/[\w-]+/$"))
    assert anna.locator(".messages .notice-success").count() == 1
    assert anna.locator(".status-confirmed").count() == 1
    anna_manage = anna.url
    screenshot(anna, f"{lang}-manage-confirmed")

    # Her confirmation e-mail, sent as the worker sends it, carries the manage link.
    mailbox.deliver()
    (confirmation,) = mailbox.to("anna@example.org")
    link = re.search(r"https?://\S+/aanmelding/[\w-]+/", text_of(confirmation)).group(0)
    assert link == anna_manage
    assert f"/{lang}/" in link

    # Bram registers too: the meeting is full, so he waits, first in line.
    bram = new_page(viewport=PHONE)
    bram.goto(f"{live_server.url}/{lang}/bijeenkomsten/{meeting.slug}/")
    fill_registration(bram, name="Bram Çelik-Ñúñez", email="bram@example.org", sector_index=2)
    bram.wait_for_url(re.compile(rf"/{lang}/aanmelding/[\w-]+/$"))
    assert bram.locator(".status-waitlisted").count() == 1
    assert "1" in bram.locator(".status-waitlisted").inner_text()
    screenshot(bram, f"{lang}-manage-waitlisted-phone")

    # Anna opens the link from her e-mail, later, and cancels: a confirmation step first.
    anna.goto(link)
    anna.click("a[href$='/annuleren/']")
    assert anna.url.endswith("/annuleren/")
    screenshot(anna, f"{lang}-cancel-confirm")
    assert axe_violations(anna) == [], describe(axe_violations(anna))
    anna.click("form.confirm-form button[type=submit]")
    anna.wait_for_url(anna_manage)
    assert anna.locator(".status-cancelled").count() == 1
    assert anna.locator("a[href$='/annuleren/']").count() == 0

    # Bram's page now shows his seat, and an e-mail tells him so.
    bram.reload()
    assert bram.locator(".status-confirmed").count() == 1
    mailbox.deliver()
    bram_mail = mailbox.to("bram@example.org")
    assert len(bram_mail) == 2  # on the waiting list, then moved up
    assert all(bram.url in text_of(message) for message in bram_mail)
    assert len(mailbox.to("anna@example.org")) == 2  # confirmed, then cancelled
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "anna@example.org": RegistrationStatus.CANCELLED,
        "bram@example.org": RegistrationStatus.CONFIRMED,
    }
    assert Registration.objects.get(email="bram@example.org").language == lang


def test_form_errors_are_announced_linked_and_focused(live_server, page):
    meeting = MeetingFactory()
    page.goto(f"{live_server.url}/en/bijeenkomsten/{meeting.slug}/")
    page.fill("#id_email", "not-an-address")
    page.click("form.registration-form button[type=submit]")

    summary = page.locator("[data-error-summary]")
    assert summary.get_attribute("role") == "alert"
    # Focus moved to the summary, so screen readers read it and keyboards start there.
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    email = page.locator("#id_email")
    assert email.get_attribute("aria-invalid") == "true"
    assert "id_email-error" in email.get_attribute("aria-describedby")
    assert "valid email" in page.locator("#id_email-error").inner_text()
    # Each summary entry jumps to its field.
    page.click("[data-error-summary] a[href='#id_name']")
    assert page.evaluate("document.activeElement.id") == "id_name"
    screenshot(page, "en-meeting-form-errors")
    assert axe_violations(page) == [], describe(axe_violations(page))
    assert not Registration.objects.exists()


def test_registering_works_without_javascript(live_server, new_page):
    meeting = MeetingFactory()
    page = new_page(javascript=False)
    page.goto(f"{live_server.url}/nl/bijeenkomsten/{meeting.slug}/")
    fill_registration(page, name="Zonder Script", email="noscript@example.org")
    page.wait_for_url(re.compile(r"/nl/aanmelding/[\w-]+/$"))
    assert page.locator(".status-confirmed").count() == 1


def test_language_switch_keeps_the_page(live_server, page):
    meeting = MeetingFactory()
    page.goto(f"{live_server.url}/nl/bijeenkomsten/{meeting.slug}/?from=switch")
    page.click(".language-switch button[value=en]")
    page.wait_for_url(f"{live_server.url}/en/bijeenkomsten/{meeting.slug}/?from=switch")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == meeting.title
