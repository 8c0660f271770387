"""No anonymous answer carries an e-mail address, whatever is asked.

The world holds e-mail addresses in every place they can be: attendees,
organisers (users), the venue's contact person. Every GET operation of the
schema is called anonymously (lists, details, filters, pages), plus the
writes an anonymous caller can make and the errors they can cause.
"""

from __future__ import annotations

import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
V = "/api/v1"


def concrete_paths(world) -> list[str]:
    """Every GET path of the schema, with each path parameter filled from the world."""
    values = {
        "venues": [world.venue.slug],
        "series": [world.series_a.slug, world.private_series_a.slug],
        "stops": [world.stop_a.slug, world.draft_stop_a.slug],
        "meetings": [
            world.meeting_a.slug,
            world.draft_meeting_a.slug,
            world.private_meeting_a.slug,
        ],
        "registrations": [world.registration_a.manage_token],
    }
    spec = SchemaGenerator().get_schema(request=None, public=True)
    paths = []
    for template, item in spec["paths"].items():
        if "get" not in item:
            continue
        if "{" not in template:
            paths.append(template)
            continue
        resource = template.split("/")[3]
        paths.extend(re.sub(r"\{[^}]+\}", value, template) for value in values[resource])
    return paths


def scan(response) -> list[str]:
    return EMAIL.findall(response.content.decode("utf-8", "replace"))


def test_anonymous_gets_carry_no_email_address(world):
    client = APIClient()
    paths = concrete_paths(world)
    assert len(paths) >= 12
    for path in paths:
        for params in ({}, {"page_size": 1}, {"format": "csv"}, {"city": "Utrecht"}):
            response = client.get(path, params)
            assert response.status_code < 500, path
            assert scan(response) == [], (path, params)


def test_anonymous_writes_and_errors_carry_no_email_address(world):
    client = APIClient()
    body = {"name": "Bram", "email": "bram@example.org", "sector": "police", "consent": True}
    path = f"{V}/meetings/{world.meeting_a.slug}/registrations/"
    created = client.post(path, body, format="json")
    assert created.status_code == 201
    duplicate = client.post(path, body, format="json")
    assert duplicate.status_code == 409
    invalid = client.post(path, {**body, "email": "bram@"}, format="json")
    assert invalid.status_code == 400
    token_path = f"{V}/registrations/{created.json()['manage_token']}/"
    for response in (
        created,
        duplicate,
        invalid,
        client.get(token_path),
        client.delete(token_path),
        client.post(f"{V}/venues/", {"contact_email": "x@example.org"}, format="json"),
        client.patch(f"{V}/venues/{world.venue.slug}/", {"seats": 1}, format="json"),
    ):
        assert scan(response) == [], response.content


@pytest.mark.parametrize("language", ["nl", "en"])
def test_schema_and_docs_hold_no_stored_address(world, language):
    """They are made from code, not data: only the documented example address appears."""
    stored = {world.registration_a.email, world.venue.contact_email, world.organiser_a.email}
    for path in ("/api/schema/", "/api/docs/"):
        text = APIClient().get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert not stored & set(EMAIL.findall(text))
