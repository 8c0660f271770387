"""Limits that protect third parties: a victim's inbox, a meeting's seats, and the site
itself while its cache is down."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from rest_framework.test import APIClient

from events.models import Registration
from events.registrations.ratelimit import counters
from notifications.models import Notification
from notifications.outbox import OVER_ADDRESS_LIMIT
from tests.events.registrations.test_form import form_data, post
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: every cache call fails as it does with Redis stopped.
DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def api_register(client: APIClient, meeting, email: str, **extra):
    return client.post(
        f"/api/v1/meetings/{meeting.slug}/registrations/",
        {"name": "Iemand", "email": email, "sector": "police", "consent": True},
        format="json",
        **extra,
    )


def test_registration_by_form_works_with_the_cache_down(client, settings, caplog):
    settings.CACHES = DEAD_REDIS
    failures = counters.failures
    meeting = MeetingFactory()

    with caplog.at_level(logging.WARNING, logger="events.registrations.ratelimit"):
        response = post(client, meeting)

    assert response.status_code == 302
    assert Registration.objects.filter(meeting=meeting).count() == 1
    assert counters.failures > failures


def test_registration_by_api_works_with_the_cache_down(settings):
    settings.CACHES = DEAD_REDIS
    meeting = MeetingFactory()

    response = api_register(APIClient(), meeting, "anna@example.org")

    assert response.status_code == 201


def test_the_local_fallback_still_limits_one_client(settings):
    settings.CACHES = DEAD_REDIS
    settings.REGISTRATION_RATE_LIMIT = 2
    meeting = MeetingFactory()
    client = Client()

    statuses = [post(client, meeting, email=f"p{i}@example.org").status_code for i in range(3)]

    assert statuses == [302, 302, 429]


def test_one_client_cannot_take_every_seat_of_a_meeting(settings):
    settings.REGISTRATION_PER_MEETING_LIMIT = 5
    meeting = MeetingFactory(capacity=20)
    other = MeetingFactory()
    client = Client()

    statuses = [post(client, meeting, email=f"p{i}@example.org").status_code for i in range(7)]

    assert statuses == [302] * 5 + [429] * 2
    assert Registration.objects.filter(meeting=meeting).count() == 5
    assert post(client, other, email="p9@example.org").status_code == 302


def test_one_api_client_cannot_take_every_seat_of_a_meeting(settings):
    settings.REGISTRATION_PER_MEETING_LIMIT = 5
    meeting = MeetingFactory(capacity=20)
    client = APIClient()

    statuses = [api_register(client, meeting, f"p{i}@example.org").status_code for i in range(6)]

    assert statuses == [201] * 5 + [429]
    assert Registration.objects.filter(meeting=meeting).count() == 5


def test_register_then_cancel_cannot_flood_a_victims_inbox(settings):
    settings.NOTIFICATIONS_PER_ADDRESS_PER_HOUR = 3
    client = APIClient()
    for _ in range(5):
        meeting = MeetingFactory()
        receipt = api_register(client, meeting, "Slachtoffer@example.org").json()
        assert client.delete(f"/api/v1/registrations/{receipt['manage_token']}/").status_code in (
            200,
            204,
        )

    for kind in ("registration_confirmed", "registration_cancelled"):
        rows = Notification.objects.filter(kind=kind, recipient="slachtoffer@example.org")
        assert rows.count() == 5
        held_back = rows.filter(status="cancelled", last_error=OVER_ADDRESS_LIMIT)
        assert held_back.count() == 2, kind
    # Another address is not held back by the victim's count.
    api_register(client, MeetingFactory(), "iemand.anders@example.org")
    assert not Notification.objects.filter(
        recipient="iemand.anders@example.org", last_error=OVER_ADDRESS_LIMIT
    ).exists()


def test_a_bot_filling_the_honeypot_gets_a_neutral_answer(client):
    meeting = MeetingFactory()

    response = client.post(
        f"/en/bijeenkomsten/{meeting.slug}/aanmelden/", form_data(website="https://spam.example")
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "Your registration could not be processed. Please try again." in text
    errors = text[text.index('role="alert"') :].split("</div>", 1)[0]
    assert "website" not in errors.lower()
    assert not Registration.objects.exists()
