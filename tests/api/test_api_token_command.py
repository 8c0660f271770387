from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_api_token_prints_a_working_token_and_keeps_it():
    organiser = OrganiserFactory(username="planner")
    key = run("planner")
    assert run("planner") == key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/registrations/").status_code == 403  # no series yet: not theirs
    assert Token.objects.get(user=organiser).key == key


def test_api_token_rotate_and_revoke():
    OrganiserFactory(username="planner")
    first = run("planner")
    second = run("planner", "--rotate")
    assert second != first
    assert run("planner", "--revoke") == "Token revoked."
    assert not Token.objects.exists()


def test_api_token_refuses_non_staff_and_unknown_users():
    UserFactory(username="publiek")
    with pytest.raises(CommandError):
        run("publiek")
    with pytest.raises(CommandError):
        run("niemand")
