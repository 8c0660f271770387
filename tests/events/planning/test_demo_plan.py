"""The demo data obeys the planning rules."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from events.models import ExhibitionStop, Meeting
from events.planning import (
    find_closure_conflicts,
    find_free_windows,
    find_meeting_conflicts,
    find_stop_conflicts,
)
from venues.models import Venue, VenueClosure


@pytest.mark.django_db
@pytest.mark.parametrize("today", [None, date(2027, 3, 28), date(2026, 12, 27)])
def test_seed_demo_has_no_conflicts_at_all(today):
    call_command("seed_demo", *(["--today", today.isoformat()] if today else []), stdout=StringIO())

    stops = ExhibitionStop.objects.select_related("kit", "venue")
    assert stops.count() == 14
    for stop in stops:
        assert find_stop_conflicts(stop=stop) == [], stop.slug
        transport = timedelta(days=stop.kit.transport_days)
        assert (stop.occupied_from, stop.occupied_until) == (
            stop.setup_on - transport,
            stop.teardown_on + transport,
        )
    for meeting in Meeting.objects.all():
        assert find_meeting_conflicts(meeting=meeting) == [], meeting.slug
    for closure in VenueClosure.objects.select_related("venue"):
        assert find_closure_conflicts(closure=closure) == []


@pytest.mark.django_db
def test_demo_venue_offers_free_windows_for_both_kits():
    call_command("seed_demo", "--today", "2027-01-06", stdout=StringIO())

    windows = find_free_windows(
        venue=Venue.objects.get(slug="stadhuis-zwolle"), weeks=4, after=date(2027, 1, 6)
    )

    assert {window.kit.name for window in windows} == {"Set A", "Set B"}
