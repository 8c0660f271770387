"""A small world of two organisers' series, and one API client per kind of caller.

Callers: anonymous; an attendee (anonymous, but holding the secret token of a
registration); the organiser of series A; the organiser of series B; a staff
superuser. Organisers and the superuser sign in with a real API token.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.tokens import issue_api_token
from events.api import schema
from events.models import MeetingStatus, Registration, StopStatus
from tests.factories import (
    ExhibitionKitFactory,
    ExhibitionStopFactory,
    MeetingFactory,
    OpeningHoursFactory,
    OrganiserFactory,
    RegistrationFactory,
    SeriesFactory,
    TourFactory,
    UserFactory,
    VenueFactory,
)

ACTORS = ("anonymous", "attendee", "organiser_a", "organiser_b", "superuser")


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Throttle counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    organiser_a: object
    organiser_b: object
    superuser: object
    venue: object
    series_a: object
    series_b: object
    private_series_a: object
    tour_a: object
    tour_b: object
    kit_a: object
    kit_b: object
    stop_a: object
    draft_stop_a: object
    stop_b: object
    meeting_a: object
    draft_meeting_a: object
    private_meeting_a: object
    meeting_b: object
    registration_a: Registration


@pytest.fixture
def world(db) -> World:
    organiser_a = OrganiserFactory(username="organiser-a", email="a@comensha.test")
    organiser_b = OrganiserFactory(username="organiser-b", email="b@comensha.test")
    superuser = UserFactory(username="beheer", is_staff=True, is_superuser=True)
    venue = VenueFactory(
        slug=schema.EXAMPLE_VENUE,
        name="Stadhuis Utrecht",
        contact_name="Petra Bakker",
        contact_email="p.bakker@utrecht.example.nl",
        contact_phone="030 123 4567",
    )
    series_a = SeriesFactory(slug=schema.EXAMPLE_SERIES, organisers=[organiser_a])
    series_b = SeriesFactory(slug="andere-reeks", organisers=[organiser_b])
    private_series_a = SeriesFactory(slug="intern", is_public=False, organisers=[organiser_a])
    tour_a = TourFactory(slug=schema.EXAMPLE_TOUR, organisers=[organiser_a])
    tour_b = TourFactory(slug="andere-tour", organisers=[organiser_b])
    kit_a = ExhibitionKitFactory(series=tour_a, slug=schema.EXAMPLE_KIT)
    kit_b = ExhibitionKitFactory(series=tour_b, slug="set-b")
    stop_a = ExhibitionStopFactory(
        kit=kit_a, venue=venue, slug=schema.EXAMPLE_STOP, internal_notes="Sleutel bij de bode"
    )
    OpeningHoursFactory(stop=stop_a)
    # Weeks after stop_a, so that confirming it does not clash with stop_a's kit days.
    draft_stop_a = ExhibitionStopFactory(
        kit=kit_a,
        status=StopStatus.DRAFT,
        slug="concept-stop",
        opens_on=stop_a.closes_on + timedelta(weeks=10),
    )
    stop_b = ExhibitionStopFactory(kit=kit_b, slug="stop-b")
    meeting_a = MeetingFactory(
        series=series_a, venue=venue, slug=schema.EXAMPLE_MEETING, capacity=2,
        online_url="https://meet.example.org/geheim",
    )  # fmt: skip
    draft_meeting_a = MeetingFactory(
        series=series_a, status=MeetingStatus.DRAFT, slug="concept-bijeenkomst"
    )
    private_meeting_a = MeetingFactory(series=private_series_a, slug="interne-bijeenkomst")
    meeting_b = MeetingFactory(series=series_b, slug="bijeenkomst-b")
    registration_a = RegistrationFactory(
        meeting=meeting_a, name="Anna de Vries", email="anna.devries@example.org"
    )
    return World(**{name: value for name, value in locals().items() if name != "db"})


def token_client(user) -> APIClient:
    client = APIClient()
    _token, key = issue_api_token(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def clients(world) -> dict[str, APIClient]:
    return {
        "anonymous": APIClient(),
        "attendee": APIClient(),
        "organiser_a": token_client(world.organiser_a),
        "organiser_b": token_client(world.organiser_b),
        "superuser": token_client(world.superuser),
    }


def pytest_terminal_summary(terminalreporter):
    from tests.api.test_schemathesis import figures_line

    line = figures_line()
    if line:
        terminalreporter.write_line(line)
