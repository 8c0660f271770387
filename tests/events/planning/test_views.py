"""The tour planner pages: who gets in, what they show, and a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from events.models import ExhibitionKit, ExhibitionStop, StopStatus
from events.planning import find_stop_conflicts
from tests.events.conftest import signed_in
from tests.factories import (
    ExhibitionKitFactory,
    ExhibitionStopFactory,
    OrganiserFactory,
    UserFactory,
    VenueClosureFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

TIMELINE = "/en/organiser/timeline/"
FREE_WINDOWS = "/en/organiser/free-windows/"
CLASH_CHECK = "/en/organiser/clash-check/"
MONDAY = date(2027, 3, 1)


def stop_of(kit, venue=None, *, setup_on: date, days: int = 14, **fields) -> ExhibitionStop:
    """A stop written straight to the database (clashes included), setup to teardown ``days``."""
    return ExhibitionStopFactory(
        kit=kit,
        venue=venue or VenueFactory(),
        setup_on=setup_on,
        opens_on=setup_on + timedelta(days=1),
        closes_on=setup_on + timedelta(days=days - 2),
        teardown_on=setup_on + timedelta(days=days - 1),
        **fields,
    )


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# --- Who gets in --------------------------------------------------------------


@pytest.mark.parametrize("url", [TIMELINE, FREE_WINDOWS, CLASH_CHECK, "/en/organiser/"])
def test_organiser_pages_send_strangers_to_the_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", [TIMELINE, FREE_WINDOWS, CLASH_CHECK])
def test_organiser_pages_refuse_staff_without_a_series_and_the_public(url):
    assert signed_in(OrganiserFactory(username="no-series")).get(url).status_code == 403
    assert signed_in(UserFactory(username="attendee")).get(url).status_code == 403


def test_organiser_home_links_the_three_pages(owner_client):
    body = owner_client.get("/en/organiser/").content.decode()

    for url in (TIMELINE, FREE_WINDOWS, CLASH_CHECK):
        assert f'href="{url}' in body


# --- Timeline -------------------------------------------------------------------


def test_timeline_shows_own_kits_only(owner_client, own_tour, other_tour):
    stop_of(ExhibitionKitFactory(series=own_tour, name="Set A"), setup_on=MONDAY, slug="own")
    stop_of(ExhibitionKitFactory(series=other_tour, name="Set Z"), setup_on=MONDAY, slug="theirs")

    body = owner_client.get(TIMELINE + "?year=2027").content.decode()

    assert "Set A" in body and 'data-stop="own"' in body
    assert "Set Z" not in body and 'data-stop="theirs"' not in body


def test_superuser_timeline_shows_every_kit(superuser_client, own_tour, other_tour):
    ExhibitionKitFactory(series=own_tour, name="Set A")
    ExhibitionKitFactory(series=other_tour, name="Set Z")

    body = superuser_client.get(TIMELINE).content.decode()

    assert "Set A" in body and "Set Z" in body


def test_timeline_draws_transport_setup_open_and_teardown_of_a_stop(owner_client, own_tour):
    kit = ExhibitionKitFactory(series=own_tour, transport_days=2)
    stop = stop_of(kit, setup_on=MONDAY, venue=VenueFactory(city="Zwolle"))

    response = owner_client.get(TIMELINE + "?year=2027")

    (bar,) = response.context["timeline"].rows[0].bars
    assert [(s.kind, s.first_day, s.last_day) for s in bar.segments] == [
        ("transport", MONDAY - timedelta(days=2), MONDAY - timedelta(days=1)),
        ("setup", MONDAY, MONDAY),
        ("open", stop.opens_on, stop.closes_on),
        ("teardown", stop.teardown_on, stop.teardown_on),
        ("transport", stop.teardown_on + timedelta(days=1), stop.teardown_on + timedelta(days=2)),
    ]
    body = response.content.decode()
    assert body.count('class="tl-seg tl-seg-transport"') == 2
    assert ">Zwolle</text>" in body


def test_timeline_marks_options_pale_and_conflicts_red_and_lists_them(owner_client, own_tour):
    kit = ExhibitionKitFactory(series=own_tour, name="Set A")
    stop_of(kit, setup_on=MONDAY, slug="confirmed", venue=VenueFactory(name="Stadhuis Zwolle"))
    stop_of(kit, setup_on=MONDAY + timedelta(days=7), slug="clashing", status=StopStatus.OPTION)
    stop_of(kit, setup_on=MONDAY + timedelta(weeks=10), slug="calm", status=StopStatus.DRAFT)

    response = owner_client.get(TIMELINE + "?year=2027")

    body = response.content.decode()
    assert 'class="tl-bar tl-status-confirmed tl-conflict" data-stop="confirmed"' in body
    assert 'class="tl-bar tl-status-option tl-conflict" data-stop="clashing"' in body
    assert 'class="tl-bar tl-status-draft" data-stop="calm"' in body
    assert "Set A is already bound to the confirmed stop at Stadhuis Zwolle" in body
    # The two clashing bars sit in two lanes of the kit's row, so neither hides the other.
    (row,) = response.context["timeline"].rows
    assert row.lanes == 2
    assert len({bar.y for bar in row.bars if bar.stop.slug != "calm"}) == 2


def test_timeline_agrees_with_the_conflict_checker(owner_client, own_tour):
    kit, other = (ExhibitionKitFactory(series=own_tour) for _ in range(2))
    venue = VenueFactory()
    VenueClosureFactory(
        venue=venue, starts_on=MONDAY + timedelta(days=40), ends_on=MONDAY + timedelta(days=41)
    )
    stops = [
        stop_of(kit, venue, setup_on=MONDAY),
        stop_of(other, venue, setup_on=MONDAY + timedelta(days=10), status=StopStatus.OPTION),
        stop_of(kit, setup_on=MONDAY + timedelta(days=15), status=StopStatus.OPTION),
        stop_of(other, venue, setup_on=MONDAY + timedelta(days=38), status=StopStatus.DRAFT),
        stop_of(kit, setup_on=MONDAY + timedelta(days=80)),
    ]

    timeline = owner_client.get(TIMELINE + "?year=2027").context["timeline"]

    drawn = {bar.stop.pk: bar.conflicts for row in timeline.rows for bar in row.bars}
    for stop in stops:
        assert drawn[stop.pk] == find_stop_conflicts(stop=stop), stop.slug
    assert [bool(drawn[stop.pk]) for stop in stops] == [True, True, True, True, False]


def test_timeline_marks_today_only_in_this_year(owner_client, own_tour):
    ExhibitionKitFactory(series=own_tour)
    this_year = timezone.localdate().year

    assert 'class="tl-today"' in owner_client.get(TIMELINE).content.decode()
    body = owner_client.get(f"{TIMELINE}?year={this_year + 1}").content.decode()
    assert 'class="tl-today"' not in body
    assert f'href="?year={this_year + 2}"' in body and f'href="?year={this_year}"' in body


def test_timeline_numbers_are_not_localised_in_dutch(owner_client, own_tour):
    stop_of(ExhibitionKitFactory(series=own_tour), setup_on=MONDAY)

    body = owner_client.get("/nl/organiser/timeline/?year=2027").content.decode()

    svg = body[body.index("<svg") : body.index("</svg>")]
    assert 'viewBox="0 0 1245' in svg
    assert not [attr for attr in ("x=", "width=") if f'{attr}"1,' in svg or ',5"' in svg]


@pytest.mark.parametrize("year", ["twenty", "1999", "2101"])
def test_timeline_with_a_bad_year_is_a_400_with_the_reason(owner_client, year):
    response = owner_client.get(f"{TIMELINE}?year={year}")

    assert response.status_code == 400
    assert "Year:" in response.content.decode()


def test_timeline_is_printable_on_a4_landscape():
    css = Path(finders.find("events/planner.css")).read_text()

    print_rules = css[css.index("@media print") :]
    assert "@page { size: A4 landscape;" in print_rules
    assert "svg.timeline { min-width: 0; width: 100%; }" in print_rules


@pytest.mark.parametrize("user", ["owner", "superuser"])
def test_timeline_query_count_is_constant(request, owner_client, own_tour, user):
    client = owner_client if user == "owner" else request.getfixturevalue("superuser_client")
    url = TIMELINE + "?year=2027"
    kit = ExhibitionKitFactory(series=own_tour)
    stop_of(kit, setup_on=MONDAY)
    one = count_queries(client, url)
    for n in range(4):
        other = ExhibitionKitFactory(series=own_tour)
        venue = VenueFactory()
        VenueClosureFactory(venue=venue, starts_on=MONDAY, ends_on=MONDAY)
        for week in range(3):
            stop_of(other, venue, setup_on=MONDAY + timedelta(weeks=3 * week + n))

    assert count_queries(client, url) == one


def test_timeline_renders_the_demo_data_with_the_same_query_count_and_no_conflict(client):
    call_command("seed_demo", stdout=StringIO())
    organiser = signed_in(User.objects.get(username="organisator"))
    year = timezone.localdate().year
    queries = {}
    for shown in (year, year + 1):
        with CaptureQueriesContext(connection) as captured:
            response = organiser.get(f"{TIMELINE}?year={shown}")
        assert response.status_code == 200
        queries[shown] = len(captured)
        timeline = response.context["timeline"]
        assert [row.kit.name for row in timeline.rows] == ["Set A", "Set B"]
        assert not timeline.conflicting_bars
        assert "No conflicts this year." in response.content.decode()

    assert timeline.bar_count >= 5
    assert queries[year] == queries[year + 1] <= 8


# --- Free windows ----------------------------------------------------------------


def test_free_windows_form_starts_empty_with_today(owner_client, own_tour):
    response = owner_client.get(FREE_WINDOWS)

    assert response.status_code == 200
    assert response.context["windows"] is None
    assert response.context["form"].initial["after"] == timezone.localdate()


def test_free_windows_lists_windows_with_a_link_that_fills_the_admin_form(owner_client, own_tour):
    kit = ExhibitionKitFactory(series=own_tour, name="Set A", transport_days=1)
    venue = VenueFactory(name="Stadhuis Zwolle")
    stop_of(kit, setup_on=MONDAY, days=14)

    response = owner_client.get(
        f"{FREE_WINDOWS}?venue={venue.pk}&weeks=2&after={MONDAY.isoformat()}&kit=&limit=5"
    )

    (first,) = response.context["windows"]
    # The kit is away until teardown + 1; the next stay needs one more transport day.
    assert first.setup_on == MONDAY + timedelta(days=16)
    assert (first.kit, first.free_until) == (kit, None)
    body = response.content.decode()
    add_url = reverse("admin:events_exhibitionstop_add")
    assert (
        f"{add_url}?kit={kit.pk}&amp;venue={venue.pk}&amp;setup_on=2027-03-17"
        "&amp;opens_on=2027-03-18&amp;closes_on=2027-03-29&amp;teardown_on=2027-03-30"
    ) in body
    admin_form = owner_client.get(f"{add_url}?kit={kit.pk}&venue={venue.pk}&setup_on=2027-03-17")
    assert admin_form.context["adminform"].form.initial["setup_on"] == "2027-03-17"


def test_free_windows_only_offers_own_kits(owner_client, own_tour, other_tour):
    ExhibitionKitFactory(series=own_tour, name="Set A")
    theirs = ExhibitionKitFactory(series=other_tour, name="Set Z")
    venue = VenueFactory()

    response = owner_client.get(f"{FREE_WINDOWS}?venue={venue.pk}&weeks=3&after=2027-03-01&limit=5")

    assert {window.kit.name for window in response.context["windows"]} == {"Set A"}
    refused = owner_client.get(
        f"{FREE_WINDOWS}?venue={venue.pk}&weeks=3&after=2027-03-01&limit=5&kit={theirs.pk}"
    )
    assert refused.status_code == 400


@pytest.mark.parametrize("weeks", ["0", "53", "many"])
def test_free_windows_with_bad_weeks_is_a_400_on_the_field(owner_client, own_tour, weeks):
    venue = VenueFactory()

    response = owner_client.get(
        f"{FREE_WINDOWS}?venue={venue.pk}&weeks={weeks}&after=2027-03-01&limit=5"
    )

    assert response.status_code == 400
    assert response.context["form"].errors["weeks"]


# --- Clash check -----------------------------------------------------------------


def test_clash_check_of_a_stop_shows_its_clashes_as_if_confirmed(owner_client, own_tour):
    kit = ExhibitionKitFactory(series=own_tour, name="Set A")
    stop_of(kit, setup_on=MONDAY, venue=VenueFactory(name="Stadhuis Zwolle"))
    option = stop_of(kit, setup_on=MONDAY + timedelta(days=5), status=StopStatus.OPTION)

    response = owner_client.get(f"{CLASH_CHECK}?stop={option.pk}")

    (conflict,) = response.context["conflicts"]
    assert conflict.blocking
    body = response.content.decode()
    assert "Refused when confirmed" in body
    assert "Set A is already bound to the confirmed stop at Stadhuis Zwolle" in body
    assert "confirming it is refused" in body


def test_clash_check_fragment_answers_for_new_dates_without_saving(owner_client, own_tour):
    kit = ExhibitionKitFactory(series=own_tour)
    stop = stop_of(kit, setup_on=MONDAY)
    other = stop_of(kit, setup_on=MONDAY + timedelta(weeks=6))
    params = {
        "stop": stop.pk,
        "kit": kit.pk,
        "venue": stop.venue_id,
        "setup_on": "08-04-2027",  # Dutch input, as the Dutch admin form holds it
        "opens_on": "09-04-2027",
        "closes_on": "20-04-2027",
        "teardown_on": "21-04-2027",
        "fragment": "1",
    }

    response = owner_client.get("/nl/organiser/clash-check/", params)

    assert response.status_code == 200
    assert [c.stop for c in response.context["conflicts"]] == [other]
    assert "<html" not in response.content.decode()
    stop.refresh_from_db()
    assert stop.setup_on == MONDAY


def test_clash_check_with_free_dates_says_so(owner_client, own_tour):
    kit = ExhibitionKitFactory(series=own_tour)
    venue = VenueFactory()

    response = owner_client.get(
        CLASH_CHECK,
        {
            "kit": kit.pk,
            "venue": venue.pk,
            "setup_on": "2027-03-01",
            "opens_on": "2027-03-02",
            "closes_on": "2027-03-20",
            "teardown_on": "2027-03-21",
        },
    )

    assert "No clashes" in response.content.decode()


def test_clash_check_with_dates_out_of_order_is_a_400_on_the_field(owner_client, own_tour):
    kit = ExhibitionKitFactory(series=own_tour)

    response = owner_client.get(
        CLASH_CHECK,
        {
            "kit": kit.pk,
            "venue": VenueFactory().pk,
            "setup_on": "2027-03-01",
            "opens_on": "2027-03-02",
            "closes_on": "2027-03-20",
            "teardown_on": "2027-03-19",
            "fragment": "1",
        },
    )

    assert response.status_code == 400
    assert "The teardown day cannot be before the last day open." in response.content.decode()


def test_clash_check_of_another_series_stop_is_a_404(owner_client, other_tour):
    theirs = stop_of(ExhibitionKitFactory(series=other_tour), setup_on=MONDAY)

    assert owner_client.get(f"{CLASH_CHECK}?stop={theirs.pk}").status_code == 404


# --- Where is the exhibition (public) ------------------------------------------------


def test_where_groups_by_province_with_the_current_stop_first(client):
    today = timezone.localdate()
    tour_kit = ExhibitionKitFactory()
    later_here = stop_of(
        tour_kit,
        VenueFactory(name="Stadhuis Groningen", city="Groningen", province="GR"),
        setup_on=today + timedelta(days=90),
    )
    soon = stop_of(
        tour_kit,
        VenueFactory(name="Bibliotheek Rozet", city="Arnhem", province="GE"),
        setup_on=today + timedelta(days=30),
    )
    now = stop_of(
        ExhibitionKitFactory(series=tour_kit.series),
        VenueFactory(name="Gemeentehuis Emmen", city="Emmen", province="DR"),
        setup_on=today - timedelta(days=3),
    )
    also_gr = stop_of(
        ExhibitionKitFactory(series=tour_kit.series),
        VenueFactory(name="Martiniziekenhuis", city="Groningen", province="GR"),
        setup_on=today + timedelta(days=40),
    )

    response = client.get(reverse("where"))

    assert response.status_code == 200
    assert response.context["current_stops"] == [now]
    groups = response.context["groups"]
    assert [group.name for group in groups] == ["Drenthe", "Gelderland", "Groningen"]
    assert groups[2].stops == [also_gr, later_here]
    assert soon in groups[1].stops
    assert reverse("where").endswith("/waar/")


def test_where_shows_public_data_only(client):
    today = timezone.localdate()
    venue = VenueFactory(
        name="Stadhuis Zwolle", contact_name="Marloes Wessels", contact_email="m@example.nl"
    )
    stop_of(
        ExhibitionKitFactory(),
        venue,
        setup_on=today,
        internal_notes="Sleutel bij de bodes",
    )
    stop_of(
        ExhibitionKitFactory(), VenueFactory(name="Geheim"), setup_on=today, status=StopStatus.DRAFT
    )
    stop_of(
        ExhibitionKitFactory(series__is_public=False),
        VenueFactory(name="Intern"),
        setup_on=today,
    )

    body = client.get("/en/waar/").content.decode()

    assert "Stadhuis Zwolle" in body
    for secret in ("Marloes Wessels", "m@example.nl", "Sleutel bij de bodes", "Geheim", "Intern"):
        assert secret not in body


def test_where_between_stops_names_the_next_opening(client):
    today = timezone.localdate()
    stop_of(
        ExhibitionKitFactory(),
        VenueFactory(name="Stadhuis Leiden", city="Leiden"),
        setup_on=today + timedelta(days=5),
    )

    body = client.get("/en/waar/").content.decode()

    assert "The exhibition is travelling to its next venue." in body
    assert "It opens in Stadhuis Leiden, Leiden on" in body


@pytest.mark.parametrize("rows", [1, 5])
def test_where_query_count_does_not_grow_with_stops(client, rows, django_assert_max_num_queries):
    today = timezone.localdate()
    for n in range(rows):
        stop_of(ExhibitionKitFactory(), setup_on=today + timedelta(days=n * 20))
    with django_assert_max_num_queries(2):
        assert client.get("/nl/waar/").status_code == 200


def test_kit_count_is_untouched_by_pages(owner_client, own_tour):
    # Reading the pages never writes: the planner only reads.
    ExhibitionKitFactory(series=own_tour)
    before = ExhibitionKit.objects.count(), ExhibitionStop.objects.count()
    for url in (TIMELINE, FREE_WINDOWS, CLASH_CHECK):
        owner_client.get(url)
    assert (ExhibitionKit.objects.count(), ExhibitionStop.objects.count()) == before


def test_free_windows_and_clash_check_query_counts_are_constant(owner_client, own_tour):
    kit = ExhibitionKitFactory(series=own_tour)
    venue = VenueFactory()
    stop = stop_of(kit, venue, setup_on=MONDAY)
    windows = f"{FREE_WINDOWS}?venue={venue.pk}&weeks=2&after=2027-01-01&limit=5"
    check = f"{CLASH_CHECK}?stop={stop.pk}"
    counts = count_queries(owner_client, windows), count_queries(owner_client, check)
    for n in range(1, 6):
        other = ExhibitionKitFactory(series=own_tour)
        VenueClosureFactory(
            venue=venue,
            starts_on=MONDAY + timedelta(weeks=8 * n),
            ends_on=MONDAY + timedelta(weeks=8 * n),
        )
        stop_of(other, venue, setup_on=MONDAY + timedelta(weeks=3 * n), status=StopStatus.OPTION)
        stop_of(kit, setup_on=MONDAY + timedelta(days=n), status=StopStatus.DRAFT)

    assert (count_queries(owner_client, windows), count_queries(owner_client, check)) == counts
