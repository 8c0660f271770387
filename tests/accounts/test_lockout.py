"""Brute force on the admin sign-in: django-axes locks a username on one address."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import OrganiserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "een-goed-wachtwoord-42"


@pytest.fixture
def organiser():
    user = OrganiserFactory(username="planner")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client: Client, password: str, *, language: str = "nl"):
    return client.post(
        f"/{language}/admin/login/?next=/{language}/admin/",
        {"username": "planner", "password": password},
    )


def test_the_right_password_works_after_fewer_wrong_ones_than_the_limit(organiser, settings):
    client = Client(REMOTE_ADDR="198.51.100.1")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "fout").status_code == 200  # the form again, with its error
    assert sign_in(client, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nl", "Inloggen geblokkeerd"),
        ("en", "Sign-in locked"),
    ],
)
def test_after_the_limit_even_the_right_password_is_refused_in_the_language(
    organiser, settings, language, text
):
    client = Client(REMOTE_ADDR="198.51.100.2")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "fout", language=language)

    response = sign_in(client, PASSWORD, language=language)

    assert response.status_code == 429
    assert text in response.content.decode()
    assert response["Retry-After"] == str(60 * 60)
    assert "_auth_user_id" not in client.session


def test_a_lockout_holds_for_that_address_only(organiser, settings):
    attacker = Client(REMOTE_ADDR="198.51.100.3")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, "fout")

    # The organiser at their own office is not locked out by someone else's guessing.
    assert sign_in(Client(REMOTE_ADDR="203.0.113.9"), PASSWORD).status_code == 302


def test_a_request_without_a_client_address_signs_in_without_error(organiser):
    # A unix socket or a bare test request has no REMOTE_ADDR; PostgreSQL refuses
    # anything but an address (or NULL) in axes' address column.
    client = Client(REMOTE_ADDR="")
    assert sign_in(client, "fout").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302
    Client().force_login(organiser)


def test_the_lockout_records_are_in_dutch_in_the_back_office(admin_client):
    response = admin_client.get("/nl/admin/axes/accessattempt/")
    assert response.status_code == 200
    assert "Inlogpogingen" in response.content.decode()
