from __future__ import annotations

import re
from datetime import date, time, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from events.models import (
    ExhibitionKit,
    ExhibitionStop,
    Meeting,
    MeetingLanguage,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    StopStatus,
    Weekday,
)
from events.registrations.services import Attendee, register, registration_state, waitlist_position
from notifications.models import Notification
from tests.factories import VenueFactory
from venues.models import Province, Venue, VenueClosure, VenueKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_seed_demo(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def tour_stops():
    return ExhibitionStop.objects.filter(kit__series__slug="open-je-ogen").select_related(
        "kit", "venue"
    )


def meeting_with(capacity: int) -> Meeting:
    return Meeting.objects.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
        waitlisted=Count("registrations", filter=Q(registrations__status="waitlisted")),
    ).get(capacity=capacity)


@pytest.fixture
def output() -> str:
    return run_seed_demo()


def test_seed_demo_twice_gives_identical_counts_for_every_model():
    run_seed_demo()
    first = row_counts()
    second_output = run_seed_demo()

    assert row_counts() == first
    assert first["events.ExhibitionStop"] == 14
    assert first["events.Meeting"] == 6
    assert "rows added now:   0" in second_output


def test_seed_demo_rerun_in_the_same_week_changes_no_calendar(output):
    run_seed_demo()

    assert set(ExhibitionStop.objects.values_list("sequence", flat=True)) == {0}
    assert set(Meeting.objects.values_list("sequence", flat=True)) == {0}


def test_seed_demo_output_has_counts_and_logins_for_local_use_only(output):
    assert "venues:           15" in output
    assert "exhibition stops: 14 (2 kits)" in output
    assert "meetings:         6" in output
    assert f"registrations:    {Registration.objects.count()}" in output
    assert "Demo logins, for local use only" in output
    assert "organisator / openjeogen-demo" in output
    assert "beheerder / openjeogen-beheer" in output


def test_tour_visits_at_least_ten_municipalities_in_town_halls_libraries_and_a_hospital(output):
    stops = tour_stops()

    assert len({stop.venue.municipality for stop in stops}) >= 10
    assert {VenueKind.TOWN_HALL, VenueKind.LIBRARY, VenueKind.HOSPITAL} <= {
        stop.venue.kind for stop in stops
    }


def test_venues_have_dutch_addresses_coordinates_and_fictional_contacts(output):
    for venue in Venue.objects.all():
        assert re.fullmatch(r"\d{4} [A-Z]{2}", venue.postal_code), venue
        assert venue.province in Province.values
        assert 50.7 < venue.latitude < 53.6 and 3.3 < venue.longitude < 7.3, venue
        assert venue.contact_email.endswith("@example.nl")
        assert venue.accessibility_notes


def test_each_kit_has_exactly_one_stop_open_today(output):
    today = timezone.localdate()

    for kit in ExhibitionKit.objects.all():
        open_today = kit.stops.filter(opens_on__lte=today, closes_on__gte=today)
        assert open_today.count() == 1, kit
        assert open_today.get().status == StopStatus.CONFIRMED
    assert ExhibitionKit.objects.count() == 2


def test_tour_spans_about_three_months_back_to_nine_months_ahead(output):
    today = timezone.localdate()
    stops = tour_stops()

    assert stops.filter(teardown_on__lt=today).exists()
    assert stops.filter(setup_on__gt=today).exists()
    assert min(s.setup_on for s in stops) <= today - timedelta(days=75)
    assert max(s.teardown_on for s in stops) >= today + timedelta(days=240)


def test_stops_last_three_to_five_weeks_with_setup_and_teardown_next_to_them(output):
    for stop in tour_stops():
        assert stop.opens_on - stop.setup_on in (timedelta(0), timedelta(days=1))
        assert stop.teardown_on == stop.closes_on + timedelta(days=1)
        assert 21 <= (stop.closes_on - stop.opens_on).days + 1 <= 35, stop


def test_stops_of_a_kit_never_overlap_including_transport_days(output):
    for kit in ExhibitionKit.objects.all():
        taken: dict[date, str] = {}
        for stop in kit.stops.all():
            day = stop.setup_on - timedelta(days=kit.transport_days)
            while day <= stop.teardown_on + timedelta(days=kit.transport_days):
                assert day not in taken, f"{kit}: {stop.slug} and {taken[day]} on {day}"
                taken[day] = stop.slug
                day += timedelta(days=1)


def test_stop_statuses_are_confirmed_until_today_then_some_option_and_one_draft(output):
    today = timezone.localdate()
    stops = tour_stops()

    assert {s.status for s in stops if s.opens_on <= today} == {StopStatus.CONFIRMED}
    assert stops.filter(setup_on__gt=today, status=StopStatus.CONFIRMED).exists()
    assert 1 <= stops.filter(status=StopStatus.OPTION).count() <= 2
    assert stops.filter(status=StopStatus.DRAFT).count() == 1


def test_every_stop_has_weekly_opening_hours_and_libraries_open_on_saturday(output):
    for stop in tour_stops().prefetch_related("opening_hours"):
        weekdays = {hours.weekday for hours in stop.opening_hours.all()}
        assert {Weekday.MONDAY, Weekday.FRIDAY} <= weekdays, stop
        if stop.venue.kind == VenueKind.LIBRARY:
            assert Weekday.SATURDAY in weekdays, stop


def test_venue_closure_falls_on_days_without_a_stop_there(output):
    closure = VenueClosure.objects.get()

    assert closure.venue.kind == VenueKind.LIBRARY
    assert not closure.venue.stops.filter(
        setup_on__lte=closure.ends_on, teardown_on__gte=closure.starts_on
    ).exists()


def test_meetings_are_in_the_past_and_future_and_published_except_one_draft(output):
    now = timezone.now()

    assert Meeting.objects.filter(ends_at__lt=now).exists()
    assert Meeting.objects.filter(starts_at__gt=now).exists()
    assert Meeting.objects.filter(status=MeetingStatus.DRAFT).count() == 1
    assert Meeting.objects.exclude(status=MeetingStatus.DRAFT).count() == 5
    assert set(Meeting.objects.values_list("status", flat=True)) == {
        MeetingStatus.PUBLISHED,
        MeetingStatus.DRAFT,
    }


def test_meeting_times_are_amsterdam_wall_clock_times(output):
    national = Meeting.objects.get(slug="landelijke-expertbijeenkomst-geringste-aanwijzing")

    assert national.starts_at.utcoffset() == timedelta(0)  # stored and read back in UTC
    assert timezone.localtime(national.starts_at).time() == time(13, 30)
    assert timezone.localtime(national.ends_at).time() == time(17, 0)
    follow_up = Meeting.objects.get(slug="vervolgbijeenkomst-geringste-aanwijzing")
    assert follow_up.starts_at > timezone.now()
    assert "Nationaal Rapporteur" in follow_up.description


def test_future_meetings_take_registrations_until_the_day_before(output):
    for meeting in Meeting.objects.filter(
        status=MeetingStatus.PUBLISHED, starts_at__gt=timezone.now()
    ):
        assert registration_state(meeting) is None, meeting
        closes = timezone.localtime(meeting.registration_closes_at).date()
        assert closes == timezone.localtime(meeting.starts_at).date() - timedelta(days=1)


def test_one_meeting_is_full_with_a_waiting_list_and_one_nearly_full(output):
    full = meeting_with(capacity=12)
    nearly_full = meeting_with(capacity=25)

    assert (full.confirmed, full.waitlisted) == (12, 3)
    assert (nearly_full.confirmed, nearly_full.waitlisted) == (23, 0)
    waiting = full.registrations.filter(status=RegistrationStatus.WAITLISTED)
    assert sorted(waitlist_position(r) for r in waiting) == [1, 2, 3]


def test_one_registration_is_cancelled(output):
    cancelled = Registration.objects.get(status=RegistrationStatus.CANCELLED)

    assert cancelled.cancelled_at < cancelled.meeting.starts_at
    assert cancelled.consent_at < cancelled.cancelled_at


def test_online_meeting_is_in_english_without_a_venue(output):
    online = Meeting.objects.get(language=MeetingLanguage.ENGLISH)

    assert online.venue is None
    assert online.online_url.startswith("https://")


def test_organiser_can_log_in_and_is_not_a_superuser(output, client):
    organiser = User.objects.get(username="organisator")

    assert client.login(username="organisator", password="openjeogen-demo")
    assert organiser.is_staff and not organiser.is_superuser
    assert organiser.organised_series.count() == 3
    assert User.objects.get(username="beheerder").is_superuser
    assert client.login(username="beheerder", password="openjeogen-beheer")


def test_rerun_keeps_organisers_own_data(output, client):
    own_venue = VenueFactory(slug="buurthuis-de-schakel", name="Buurthuis De Schakel")
    meeting = Meeting.objects.get(capacity=25)
    own = register(
        meeting=meeting,
        attendee=Attendee(name="Wendy Akkerman", email="wendy@example.org", sector="medical"),
    )
    organiser = User.objects.get(username="organisator")
    organiser.set_password("my own secret")
    organiser.save()

    output = run_seed_demo()

    assert Venue.objects.filter(pk=own_venue.pk).exists()
    assert Registration.objects.get(pk=own.pk).status == RegistrationStatus.CONFIRMED
    assert client.login(username="organisator", password="my own secret")
    assert "existing account: password and rights not reset" in output


@pytest.mark.parametrize(
    "today",
    [
        date(2027, 3, 28),  # summer time starts
        date(2027, 10, 31),  # summer time ends
        date(2028, 2, 29),
        date(2026, 12, 27),  # a Sunday
    ],
)
def test_seed_demo_holds_its_promises_on_any_day(today):
    run_seed_demo("--today", today.isoformat())

    for kit in ExhibitionKit.objects.all():
        assert kit.stops.filter(opens_on__lte=today, closes_on__gte=today).count() == 1
    national = Meeting.objects.get(slug="landelijke-expertbijeenkomst-geringste-aanwijzing")
    assert timezone.localtime(national.starts_at).time() == time(13, 30)
    assert meeting_with(capacity=12).waitlisted == 3


def test_rerun_a_week_later_moves_the_tour_and_adds_nothing():
    run_seed_demo("--today", "2027-01-06")
    first = row_counts()
    setups = dict(ExhibitionStop.objects.values_list("slug", "setup_on"))

    run_seed_demo("--today", "2027-01-13")

    # Moving stops and meetings re-plans their logistics e-mails and reminders
    # and tells the registrants; as the demo's addresses are fictional, none of
    # it is left to be sent.
    outbox = "notifications.Notification"
    counts = row_counts()
    del counts[outbox], first[outbox]
    assert counts == first
    assert Notification.objects.filter(kind="meeting_changed").exists()
    assert not Notification.objects.filter(status="pending").exists()
    for slug, setup_on in ExhibitionStop.objects.values_list("slug", "setup_on"):
        assert setup_on == setups[slug] + timedelta(weeks=1)
    assert set(ExhibitionStop.objects.values_list("sequence", flat=True)) == {1}


def test_the_demo_queues_no_mail():
    run_seed_demo("--today", "2027-01-06")

    assert Notification.objects.exists()  # what the services queued is on record
    assert not Notification.objects.filter(status="pending").exists()
    assert set(Notification.objects.values_list("last_error", flat=True)) == {
        "demo data: never sent"
    }
