"""Organisers change venues, stops and meetings through the services, with the same rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient

from events.models import ExhibitionStop, Meeting, MeetingStatus, StopStatus
from tests.api.conftest import token_client
from tests.factories import UserFactory
from venues.models import Venue

V = "/api/v1"


def test_created_stop_is_a_draft_with_its_opening_hours(world, clients):
    body = {
        "slug": "open-je-ogen-zwolle",
        "kit": world.kit_a.slug,
        "venue": world.venue.slug,
        "host_organisation": "Gemeente Zwolle",
        "setup_on": "2030-03-01",
        "opens_on": "2030-03-02",
        "closes_on": "2030-03-20",
        "teardown_on": "2030-03-21",
        "internal_notes": "Bode: Piet",
        "opening_hours": [
            {"weekday": 0, "opens_at": "09:00", "closes_at": "12:00"},
            {"weekday": 0, "opens_at": "13:00", "closes_at": "17:00"},
        ],
    }
    response = clients["organiser_a"].post(f"{V}/stops/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"
    assert response.json()["internal_notes"] == "Bode: Piet"
    stop = ExhibitionStop.objects.get(slug="open-je-ogen-zwolle")
    assert stop.opening_hours.count() == 2


def test_stop_dates_out_of_order_are_400_and_nothing_is_stored(world, clients):
    body = {
        "slug": "verkeerd-om",
        "kit": world.kit_a.slug,
        "venue": world.venue.slug,
        "host_organisation": "Gemeente Zwolle",
        "setup_on": "2030-03-05",
        "opens_on": "2030-03-02",
        "closes_on": "2030-03-20",
        "teardown_on": "2030-03-21",
    }
    response = clients["organiser_a"].post(
        f"{V}/stops/", body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "The setup day cannot be after the first day open." in str(errors)
    assert not ExhibitionStop.objects.filter(slug="verkeerd-om").exists()


def test_bad_opening_hours_leave_the_stop_unchanged(world, clients):
    before = world.stop_a.description
    response = clients["organiser_a"].patch(
        f"{V}/stops/{world.stop_a.slug}/",
        {
            "description": "Nieuw",
            "opening_hours": [{"weekday": 2, "opens_at": "17:00", "closes_at": "09:00"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "opening_hours" in response.json()["errors"]
    world.stop_a.refresh_from_db()
    assert world.stop_a.description == before
    assert world.stop_a.opening_hours.count() == 1


def test_changing_a_stops_dates_bumps_its_calendar_sequence(world, clients):
    before = world.stop_a.sequence
    earlier = world.stop_a.closes_on - timedelta(days=1)
    response = clients["organiser_a"].patch(
        f"{V}/stops/{world.stop_a.slug}/", {"closes_on": earlier.isoformat()}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["sequence"] == before + 1
    assert ExhibitionStop.objects.get(pk=world.stop_a.pk).closes_on == earlier


def test_stop_status_goes_through_the_service(world, clients):
    response = clients["organiser_a"].post(
        f"{V}/stops/{world.draft_stop_a.slug}/status/", {"status": "confirmed"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    world.draft_stop_a.refresh_from_db()
    assert world.draft_stop_a.status == StopStatus.CONFIRMED
    assert world.draft_stop_a.sequence == 1


def test_stop_status_refuses_draft_and_nonsense(world, clients):
    for status in ("nonsense", ""):
        response = clients["organiser_a"].post(
            f"{V}/stops/{world.stop_a.slug}/status/", {"status": status}, format="json"
        )
        assert response.status_code == 400
        assert "status" in response.json()["errors"]


def test_stop_cannot_move_into_another_organisers_kit(world, clients):
    response = clients["organiser_a"].patch(
        f"{V}/stops/{world.stop_a.slug}/", {"kit": world.kit_b.slug}, format="json"
    )
    assert response.status_code == 400
    assert "kit" in response.json()["errors"]
    world.stop_a.refresh_from_db()
    assert world.stop_a.kit == world.kit_a


def test_hidden_series_reads_as_not_existing(world, clients):
    body = {
        "slug": "sluiproute",
        "series": world.private_series_a.slug,
        "title": "Sluiproute",
        "venue": world.venue.slug,
        "starts_at": "2030-03-10T13:00:00+01:00",
        "ends_at": "2030-03-10T17:00:00+01:00",
        "capacity": 10,
    }
    response = clients["organiser_b"].post(
        f"{V}/meetings/", body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "does not exist" in response.json()["errors"]["series"][0]


def test_created_meeting_is_a_draft_until_published(world, clients):
    body = {
        "slug": "zwolle",
        "series": world.series_a.slug,
        "title": "Expertbijeenkomst Zwolle",
        "online_url": "https://meet.example.org/zwolle",
        "starts_at": "2030-03-10T13:00:00+01:00",
        "ends_at": "2030-03-10T17:00:00+01:00",
        "capacity": 10,
    }
    client = clients["organiser_a"]
    created = client.post(f"{V}/meetings/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "draft"
    assert created.json()["seats_left"] == 10
    assert APIClient().get(f"{V}/meetings/zwolle/").status_code == 404
    published = client.post(f"{V}/meetings/zwolle/publish/")
    assert published.json()["status"] == "published"
    assert APIClient().get(f"{V}/meetings/zwolle/").status_code == 200
    cancelled = client.post(f"{V}/meetings/zwolle/cancel/")
    assert cancelled.json()["status"] == "cancelled"
    assert Meeting.objects.get(slug="zwolle").sequence == 2


def test_meeting_rules_of_the_model_are_400_on_the_field(world, clients):
    response = clients["organiser_a"].patch(
        f"{V}/meetings/{world.meeting_a.slug}/",
        {"capacity": -1, "online_url": "geen url"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"capacity", "online_url"}
    # Rules only the model knows come from the service's full_clean.
    response = clients["organiser_a"].patch(
        f"{V}/meetings/{world.meeting_a.slug}/",
        {"capacity": 0},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"non_field_errors": ["A meeting needs at least one seat."]}


def test_meeting_ending_before_it_starts_is_400(world, clients):
    response = clients["organiser_a"].patch(
        f"{V}/meetings/{world.meeting_a.slug}/",
        {"ends_at": "2000-01-01T10:00:00+01:00"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "A meeting must end after it starts." in str(response.json()["errors"])


def test_meeting_without_venue_or_link_is_400(world, clients):
    response = clients["organiser_a"].patch(
        f"{V}/meetings/{world.meeting_a.slug}/",
        {"venue": None, "online_url": ""},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == [
        "Give a venue, an online meeting link, or both."
    ]


def test_venue_duplicate_slug_is_400(world, clients):
    response = clients["organiser_a"].post(
        f"{V}/venues/",
        {
            "slug": world.venue.slug,
            "name": "Dubbel",
            "kind": "library",
            "street_address": "Straat 1",
            "postal_code": "1234 AB",
            "city": "Zwolle",
            "municipality": "Zwolle",
            "province": "OV",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "slug" in response.json()["errors"]


def test_venue_half_coordinates_are_400(world, clients):
    response = clients["organiser_a"].patch(
        f"{V}/venues/{world.venue.slug}/", {"latitude": 52.09}, format="json"
    )
    assert response.status_code == 400
    assert Venue.objects.get(pk=world.venue.pk).latitude is None


def test_bad_input_errors_are_dutch_when_asked(world, clients):
    response = clients["organiser_a"].post(
        f"{V}/venues/", {"name": "Zonder adres"}, format="json", HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"]["city"] == ["Dit veld is vereist."]
    english = clients["organiser_a"].post(
        f"{V}/venues/", {"name": "Zonder adres"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.json()["errors"]["city"] == ["This field is required."]


def test_malformed_json_is_400_and_other_media_types_415(world, clients):
    client = clients["organiser_a"]
    bad = client.post(f"{V}/venues/", "{nope", content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["code"] == "parse_error"
    form = client.post(f"{V}/venues/", {"name": "x"}, format="multipart")
    assert form.status_code == 415
    assert form.json()["code"] == "unsupported_media_type"


def test_signed_in_non_organiser_may_read_but_not_write(world):
    client = token_client(UserFactory(username="gewoon", is_staff=True))
    assert client.get(f"{V}/meetings/").status_code == 200
    assert client.post(f"{V}/venues/", {}, format="json").status_code == 403
    assert client.get(f"{V}/registrations/").status_code == 403


def test_inactive_organiser_token_is_refused(world):
    world.organiser_a.is_active = False
    world.organiser_a.save()
    response = token_client(world.organiser_a).get(f"{V}/meetings/")
    assert response.status_code == 401


def test_session_writes_need_the_csrf_token(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.organiser_a)
    refused = client.patch(f"{V}/venues/{world.venue.slug}/", {"seats": 5}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/nl/admin/")  # its logout form hands out the CSRF cookie
    allowed = client.patch(
        f"{V}/venues/{world.venue.slug}/",
        {"seats": 5},
        format="json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert allowed.status_code == 200


def test_scope_of_an_anonymous_user_is_empty():
    from events.permissions import scope_for

    scope = scope_for(AnonymousUser())
    assert not scope.may_plan
    assert not scope.manages_series(1)


@pytest.mark.parametrize("method", ["put", "patch"])
def test_writes_answer_with_the_stored_row(world, clients, method):
    body = {"title": "Nieuwe titel"}
    if method == "put":
        body.update(
            series=world.series_a.slug,
            slug=world.meeting_a.slug,
            starts_at="2030-03-10T13:00:00+01:00",
            ends_at="2030-03-10T17:00:00+01:00",
            capacity=5,
            venue=world.venue.slug,
        )
    response = getattr(clients["organiser_a"], method)(
        f"{V}/meetings/{world.meeting_a.slug}/", body, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Nieuwe titel"
    assert response.json()["seats_taken"] == 1
    assert Meeting.objects.get(pk=world.meeting_a.pk).title == "Nieuwe titel"


def test_publish_is_idempotent(world, clients):
    client = clients["organiser_a"]
    for _ in range(2):
        response = client.post(f"{V}/meetings/{world.meeting_a.slug}/publish/")
        assert response.status_code == 200
    assert Meeting.objects.get(pk=world.meeting_a.pk).status == MeetingStatus.PUBLISHED


def test_dates_are_local_days(world, clients):
    response = clients["organiser_a"].patch(
        f"{V}/stops/{world.stop_a.slug}/", {"description": "x"}, format="json"
    )
    assert date.fromisoformat(response.json()["opens_on"]) == world.stop_a.opens_on


@pytest.mark.parametrize("field", ["venue", "series"])
def test_reference_that_cannot_be_a_slug_is_400_not_a_database_error(world, clients, field):
    # Found by schemathesis: a NUL character reached PostgreSQL, which raised instead of
    # finding no row.
    body = {
        "slug": "nul-test",
        "series": world.series_a.slug,
        "venue": world.stop_a.venue.slug,
        "title": "Expertbijeenkomst",
        "starts_at": "2030-03-10T13:00:00+01:00",
        "ends_at": "2030-03-10T17:00:00+01:00",
        "capacity": 10,
        field: "stad\u0000huis",
    }
    response = clients["organiser_a"].post(f"{V}/meetings/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Meeting.objects.filter(slug="nul-test").exists()


def test_stop_kit_reference_with_a_nul_character_is_400(world, clients):
    body = {"kit": "set\u0000a", "venue": world.stop_a.venue.slug, "slug": "nul-stop"}
    response = clients["organiser_a"].post(f"{V}/stops/", body, format="json")
    assert response.status_code == 400
    assert "kit" in response.json()["errors"]
