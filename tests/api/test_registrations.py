"""Registering through the API: the same service as the form, tokens, exports, throttling."""

from __future__ import annotations

import csv
import io

from rest_framework.test import APIClient

from events.models import Registration, RegistrationStatus
from tests.factories import MeetingFactory, RegistrationFactory

V = "/api/v1"


def person(n: int = 1, **overrides) -> dict:
    return {
        "name": f"Deelnemer {n}",
        "email": f"deelnemer{n}@example.org",
        "organisation": "GGD",
        "sector": "medical",
        "consent": True,
        **overrides,
    }


def register(meeting, body, client=None, **extra):
    client = client or APIClient()
    return client.post(f"{V}/meetings/{meeting.slug}/registrations/", body, format="json", **extra)


def test_registration_is_confirmed_while_seats_remain(world):
    response = register(world.meeting_a, person(1))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["waitlist_position"] is None
    registration = Registration.objects.get(manage_token=body["manage_token"])
    assert registration.email == "deelnemer1@example.org"
    assert body["manage_url"].endswith(f"/api/v1/registrations/{registration.manage_token}/")
    # What the answer repeats is where it stands, not who registered.
    assert "deelnemer1@example.org" not in response.content.decode()
    assert "Deelnemer 1" not in response.content.decode()


def test_registration_past_capacity_waits_with_its_position(world):
    register(world.meeting_a, person(1))  # the last of two seats
    first = register(world.meeting_a, person(2)).json()
    second = register(world.meeting_a, person(3)).json()
    assert (first["status"], first["waitlist_position"]) == ("waitlisted", 1)
    assert (second["status"], second["waitlist_position"]) == ("waitlisted", 2)


def test_registration_language_defaults_to_the_request(world):
    token = register(world.meeting_a, person(1), HTTP_ACCEPT_LANGUAGE="en").json()["manage_token"]
    assert Registration.objects.get(manage_token=token).language == "en"


def test_duplicate_registration_is_409_on_the_email_field(world):
    register(world.meeting_a, person(1))
    response = register(world.meeting_a, person(1, email="DEELNEMER1@example.org"))
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "duplicate"
    assert list(body["errors"]) == ["email"]


def test_full_meeting_without_waiting_list_is_409(db):
    meeting = MeetingFactory(capacity=1, waitlist_enabled=False)
    RegistrationFactory(meeting=meeting)
    response = register(meeting, person(1))
    assert response.status_code == 409
    assert response.json()["code"] == "full"
    assert response.json()["errors"] == {}


def test_closed_registration_is_409(db):
    from django.utils import timezone

    meeting = MeetingFactory(registration_closes_at=timezone.now())
    response = register(meeting, person(1))
    assert response.status_code == 409
    assert response.json()["code"] == "closed"


def test_missing_consent_and_bad_email_are_400_in_dutch(world):
    response = register(
        world.meeting_a, person(1, email="geen-adres", consent=False), HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"email", "consent"}
    assert errors["email"] == ["Voer een geldig e-mailadres in."]
    assert not Registration.objects.filter(email="geen-adres").exists()


def test_blank_name_is_400(world):
    response = register(world.meeting_a, person(1, name="   "))
    assert response.status_code == 400
    assert "name" in response.json()["errors"]


def test_token_shows_the_registration_without_personal_data(world):
    token = world.registration_a.manage_token
    response = APIClient().get(f"{V}/registrations/{token}/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["meeting"]["slug"] == world.meeting_a.slug
    assert "manage_token" not in body
    text = response.content.decode()
    assert world.registration_a.email not in text
    assert world.registration_a.name not in text


def test_cancel_by_token_frees_the_seat_for_the_first_waiting(world):
    RegistrationFactory(meeting=world.meeting_a)  # the second seat
    waiting = RegistrationFactory(meeting=world.meeting_a, status=RegistrationStatus.WAITLISTED)
    path = f"{V}/registrations/{world.registration_a.manage_token}/"
    response = APIClient().delete(path)
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancelled_at"] is not None
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    # Twice is harmless.
    assert APIClient().delete(path).json()["status"] == "cancelled"


def test_waiting_position_by_token(world):
    RegistrationFactory(meeting=world.meeting_a)
    register(world.meeting_a, person(1))
    token = register(world.meeting_a, person(2)).json()["manage_token"]
    assert APIClient().get(f"{V}/registrations/{token}/").json()["waitlist_position"] == 2


def test_organisers_list_only_registrations_of_their_series(world, clients):
    RegistrationFactory(meeting=world.meeting_b, email="b-deelnemer@example.org")
    own = clients["organiser_a"].get(f"{V}/registrations/").json()["results"]
    assert [row["email"] for row in own] == [world.registration_a.email]
    other = clients["organiser_b"].get(f"{V}/registrations/").json()["results"]
    assert [row["email"] for row in other] == ["b-deelnemer@example.org"]
    every = clients["superuser"].get(f"{V}/registrations/").json()["results"]
    assert len(every) == 2


def test_organiser_list_filters_and_waitlist_positions(world, clients):
    RegistrationFactory(meeting=world.meeting_a)
    for n in (1, 2, 3):
        register(world.meeting_a, person(n))
    # One waiting in another meeting of the same series must not shift the count.
    other = MeetingFactory(series=world.series_a, capacity=1)
    RegistrationFactory(meeting=other)
    register(other, person(9))
    rows = (
        clients["organiser_a"]
        .get(f"{V}/registrations/", {"meeting": world.meeting_a.slug, "status": "waitlisted"})
        .json()["results"]
    )
    assert [(r["email"], r["waitlist_position"]) for r in rows] == [
        ("deelnemer1@example.org", 1),
        ("deelnemer2@example.org", 2),
        ("deelnemer3@example.org", 3),
    ]
    unfiltered = clients["organiser_a"].get(f"{V}/registrations/", {"page_size": 200}).json()
    positions = {r["email"]: r["waitlist_position"] for r in unfiltered["results"]}
    assert positions["deelnemer3@example.org"] == 3
    assert positions["deelnemer9@example.org"] == 1
    assert positions[world.registration_a.email] is None


def test_export_csv_of_own_series_with_safe_cells(world, clients):
    RegistrationFactory(meeting=world.meeting_a, name='=HYPERLINK("http://x")')
    RegistrationFactory(meeting=world.meeting_b, email="niet-van-a@example.org")
    response = clients["organiser_a"].get(
        f"{V}/registrations/export/", {"format": "csv", "meeting": world.meeting_a.slug}
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["email"] for row in rows] == [world.registration_a.email, rows[1]["email"]]
    assert rows[1]["name"] == '\'=HYPERLINK("http://x")'
    assert "niet-van-a@example.org" not in text


def test_export_json_is_unpaginated(world, clients):
    for _ in range(3):
        RegistrationFactory(meeting=world.meeting_a, status="waitlisted")
    response = clients["organiser_a"].get(f"{V}/registrations/export/", {"format": "json"})
    assert response.status_code == 200
    assert isinstance(response.json(), list)
    assert len(response.json()) == 4


def test_export_errors_are_json_even_when_csv_was_asked(world):
    response = APIClient().get(f"{V}/registrations/export/", {"format": "csv"})
    assert response.status_code == 401
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_authenticated"


# --- Throttling ------------------------------------------------------------------


def test_anonymous_registrations_are_throttled(world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"registration": "2/hour", "registration_token": "2/hour"},
    }
    assert register(world.meeting_a, person(1)).status_code == 201
    assert register(world.meeting_a, person(2)).status_code == 201
    response = register(world.meeting_a, person(3))
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert int(response.headers["Retry-After"]) > 0
    assert not Registration.objects.filter(email="deelnemer3@example.org").exists()


def test_organisers_are_not_throttled_when_registering(world, clients, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"registration": "1/hour", "registration_token": "1/hour"},
    }
    for n in range(3):
        response = register(world.meeting_a, person(n), client=clients["organiser_a"])
        assert response.status_code in (201,), response.content


def test_token_lookups_are_throttled_whoever_asks(world, clients, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"registration": "1/hour", "registration_token": "3/hour"},
    }
    client = clients["organiser_a"]
    for token in ("wrong-token-aaaaaaaaaaaaaaaaaaaa", "wrong-token-bbbbbbbbbbbbbbbbbbbb"):
        assert client.get(f"{V}/registrations/{token}/").status_code == 404
    assert (
        client.delete(f"{V}/registrations/{world.registration_a.manage_token}/").status_code == 200
    )
    response = client.get(f"{V}/registrations/{world.registration_a.manage_token}/")
    assert response.status_code == 429
