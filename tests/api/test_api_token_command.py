"""``manage.py api_token``, the API tokens admin page, and what the database keeps of a key."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.tokens import digest_of
from tests.factories import OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


def run(*args) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().strip()


def token_client(key: str, address: str = "127.0.0.1") -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_api_token_prints_a_working_key_and_stores_only_its_digest():
    organiser = OrganiserFactory(username="planner")
    key = run("planner")

    assert token_client(key).get("/api/v1/registrations/").status_code == 403  # no series yet
    stored = ApiToken.objects.get(user=organiser)
    assert stored.digest == digest_of(key)
    assert key not in {stored.digest, stored.prefix}
    assert stored.prefix == key[:8]


def test_api_token_does_not_show_an_existing_key_again():
    OrganiserFactory(username="planner")
    key = run("planner")
    with pytest.raises(CommandError, match="--rotate"):
        run("planner")
    assert token_client(key).get("/api/v1/registrations/").status_code == 403  # still works


def test_api_token_rotate_and_revoke():
    OrganiserFactory(username="planner")
    first = run("planner")
    second = run("planner", "--rotate")
    assert second != first
    assert token_client(first).get("/api/v1/registrations/").status_code == 401
    assert run("planner", "--revoke") == "Token revoked."
    assert not ApiToken.objects.exists()
    assert token_client(second).get("/api/v1/registrations/").status_code == 401


def test_api_token_refuses_non_staff_and_unknown_users():
    UserFactory(username="publiek")
    with pytest.raises(CommandError):
        run("publiek")
    with pytest.raises(CommandError):
        run("niemand")


def test_an_unknown_key_is_a_translated_401():
    response = token_client("not-a-key").get("/api/v1/registrations/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 401
    assert response.json()["detail"] == "Ongeldige token."


def test_wrong_keys_are_throttled_per_address_even_before_a_right_one(settings):
    settings.API_TOKEN_FAILURE_RATE = "3/hour"
    OrganiserFactory(username="planner")
    key = run("planner")
    for attempt in range(3):
        assert token_client(f"guess-{attempt}").get("/api/v1/venues/").status_code == 401

    refused = token_client(key).get("/api/v1/venues/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0

    # Another address is not affected; no token at all is not counted either.
    assert token_client(key, address="192.0.2.7").get("/api/v1/venues/").status_code == 200
    assert APIClient().get("/api/v1/venues/").status_code == 200


def test_admin_makes_a_token_and_shows_its_key_once(admin_client):
    organiser = OrganiserFactory(username="planner")

    response = admin_client.post("/en/admin/accounts/apitoken/add/", {"user": organiser.pk})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # no cache keeps the key
    token = ApiToken.objects.get(user=organiser)
    key = response.content.decode().split('id="api-token-key">')[1].split("<")[0]
    assert digest_of(key) == token.digest
    listing = admin_client.get("/en/admin/accounts/apitoken/")
    assert token.prefix.encode() in listing.content
    assert key.encode() not in listing.content
    assert token_client(key).get("/api/v1/registrations/").status_code == 403


def test_admin_adding_again_rotates_the_token(admin_client):
    organiser = OrganiserFactory(username="planner")
    admin_client.post("/en/admin/accounts/apitoken/add/", {"user": organiser.pk})
    first = ApiToken.objects.get(user=organiser).digest
    admin_client.post("/en/admin/accounts/apitoken/add/", {"user": organiser.pk})
    assert ApiToken.objects.get(user=organiser).digest != first
