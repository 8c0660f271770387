"""The organisers' timeline and the clash preview in a real Chromium, with screenshots.

The screenshots land in ``var/screenshots/`` (the timeline on screen, and as
printed on A4 landscape) for a person to look at.
"""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import ExhibitionKit, ExhibitionStop, StopStatus
from events.planning import save_stop
from tests.e2e.conftest import SCREENSHOTS, chromium_page, log_in
from venues.models import Venue

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_with_a_clash():
    """The demo tour, plus an option that clashes with a confirmed stop of Set A."""
    call_command("seed_demo", stdout=StringIO())
    today = timezone.localdate()
    # The last confirmed stop of Set A: some months ahead, so the clash is well inside a year.
    confirmed = (
        ExhibitionStop.objects.filter(
            kit__slug="open-je-ogen-set-a", setup_on__gt=today, status=StopStatus.CONFIRMED
        )
        .order_by("setup_on")
        .last()
    )
    setup_on = confirmed.setup_on + timedelta(days=7)
    option = ExhibitionStop(
        kit=ExhibitionKit.objects.get(slug="open-je-ogen-set-a"),
        venue=Venue.objects.get(slug="stadhuis-leiden"),
        slug="extra-optie-leiden",
        host_organisation="Gemeente Leiden",
        setup_on=setup_on,
        opens_on=setup_on + timedelta(days=1),
        closes_on=setup_on + timedelta(days=12),
        teardown_on=setup_on + timedelta(days=13),
        status=StopStatus.OPTION,
    )
    save_stop(stop=option)
    return option


def test_timeline_in_chromium_shows_the_tour_with_the_clash_in_red(
    live_server, browser, demo_with_a_clash
):
    year = demo_with_a_clash.setup_on.year
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with chromium_page(browser) as page:
        log_in(
            page,
            live_server.url,
            username="organisator",
            password="openjeogen-demo",
            next_url=f"/en/organiser/timeline/?year={year}",
        )
        page.wait_for_selector("svg.timeline")
        page.screenshot(path=SCREENSHOTS / "timeline.png", full_page=True)

        svg = page.locator("svg.timeline")
        box = svg.bounding_box()
        kits = page.locator("svg.timeline .tl-kit").all_text_contents()
        red = page.locator('svg.timeline .tl-conflict[data-stop="extra-optie-leiden"]')
        red_fill = red.locator(".tl-seg-open").evaluate("e => getComputedStyle(e).fill")
        confirmed_fill = page.locator(
            "svg.timeline .tl-status-confirmed:not(.tl-conflict) .tl-seg-open"
        ).first.evaluate("e => getComputedStyle(e).fill")
        listed = page.locator(".timeline-details .clash").all_inner_texts()

        page.emulate_media(media="print")
        page.screenshot(path=SCREENSHOTS / "timeline-print.png", full_page=True)
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        (SCREENSHOTS / "timeline.pdf").write_bytes(pdf)

    assert kits == ["Set A", "Set B"]
    assert box["width"] >= 1100 and box["height"] > 100
    assert red_fill == "rgb(200, 16, 46)"
    assert confirmed_fill == "rgb(31, 95, 139)"
    assert any("Set A is already bound to the confirmed stop" in text for text in listed)
    # Printed: one A4 landscape page (842 x 595 points).
    pages = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert len(pages) == 1
    width, height = (float(number) for number in pages[0])
    assert abs(width - 842) < 2 and abs(height - 595) < 2
    assert (SCREENSHOTS / "timeline.png").stat().st_size > 10_000


def test_stop_change_form_previews_clashes_as_the_dates_change(
    live_server, browser, demo_with_a_clash
):
    today = timezone.localdate()
    free = (
        ExhibitionStop.objects.filter(kit__slug="open-je-ogen-set-b", setup_on__gt=today)
        .order_by("setup_on")
        .first()
    )
    earlier = (
        ExhibitionStop.objects.filter(kit__slug="open-je-ogen-set-b", setup_on__lt=free.setup_on)
        .order_by("-setup_on")
        .first()
    )
    url = f"/en/admin/events/exhibitionstop/{free.pk}/change/"

    with chromium_page(browser) as page:
        log_in(page, live_server.url, username="organisator", password="openjeogen-demo",
               next_url=url)  # fmt: skip
        before = page.locator("#clash-preview .clash-preview-result").inner_text()
        # Move the setup back onto the previous stop of the same kit, as an organiser would.
        page.fill("#id_setup_on", earlier.closes_on.isoformat())
        page.fill("#id_opens_on", (earlier.closes_on + timedelta(days=1)).isoformat())
        page.locator("#id_host_organisation").click()
        page.wait_for_selector("#clash-preview .clash-blocking")
        after = page.locator("#clash-preview .clash-preview-result").inner_text()
        page.locator("#clash-preview").screenshot(path=SCREENSHOTS / "clash-preview.png")
        page.click("input[name=_save]")
        page.wait_for_selector(".errornote")
        error = page.locator(".errorlist.nonfield").inner_text()

    assert "No clashes" in before
    assert "REFUSED WHEN CONFIRMED" in after.upper()
    assert f"Set B is already bound to the confirmed stop at {earlier.venue.name}" in after
    assert f"Set B is already bound to the confirmed stop at {earlier.venue.name}" in error
    free.refresh_from_db()
    assert free.setup_on > earlier.teardown_on
