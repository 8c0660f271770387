"""The permission matrix: every endpoint and method, asked by every kind of caller.

Each row names a request (method, path, body, all built from the world) and
the status each caller must get. The attendee is anonymous but holds the
secret token of a registration for meeting A; on the token endpoints the
others present a token that is not theirs (a made-up one).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.api.conftest import ACTORS, World

UNKNOWN_TOKEN = "not-a-real-token-but-well-formed-0123456789"


def venue_body(w: World) -> dict:
    return {
        "slug": "bibliotheek-zwolle",
        "name": "Bibliotheek Zwolle",
        "kind": "library",
        "street_address": "Diezerstraat 80",
        "postal_code": "8011 RJ",
        "city": "Zwolle",
        "municipality": "Zwolle",
        "province": "OV",
    }


def stop_body(w: World) -> dict:
    return {
        "slug": "open-je-ogen-zwolle",
        "kit": w.kit_a.slug,
        "venue": w.venue.slug,
        "host_organisation": "Gemeente Zwolle",
        "setup_on": "2030-03-01",
        "opens_on": "2030-03-02",
        "closes_on": "2030-03-20",
        "teardown_on": "2030-03-21",
    }


def meeting_body(w: World) -> dict:
    return {
        "slug": "geringste-aanwijzing-zwolle",
        "series": w.series_a.slug,
        "title": "Expertbijeenkomst Zwolle",
        "venue": w.venue.slug,
        "starts_at": "2030-03-10T13:00:00+01:00",
        "ends_at": "2030-03-10T17:00:00+01:00",
        "capacity": 40,
    }


def registration_body(w: World) -> dict:
    return {
        "name": "Bram Jansen",
        "email": "bram.jansen@example.org",
        "sector": "police",
        "consent": True,
    }


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    path: Callable[[World], str]
    expected: dict[str, int]
    body: Callable[[World], dict] | None = None
    token_path: Callable[[World, str], str] | None = field(default=None)


def statuses(anonymous, attendee, organiser_a, organiser_b, superuser) -> dict[str, int]:
    return dict(
        zip(ACTORS, (anonymous, attendee, organiser_a, organiser_b, superuser), strict=True)
    )


ALL_200 = statuses(200, 200, 200, 200, 200)
WRITE_BY_ANY_ORGANISER = statuses(401, 401, 200, 200, 200)
WRITE_BY_OWNER = statuses(401, 401, 200, 403, 200)
HIDDEN_BUT_FOR_OWNER = statuses(404, 404, 200, 404, 200)
NOT_OFFERED = statuses(401, 401, 405, 405, 405)
ORGANISERS_ONLY = statuses(401, 401, 200, 200, 200)

V = "/api/v1"
ROWS = [
    # Venues: shared, any organiser adds and corrects them.
    Row("venues list", "get", lambda w: f"{V}/venues/", ALL_200),
    Row("venue create", "post", lambda w: f"{V}/venues/", statuses(401, 401, 201, 201, 201),
        venue_body),
    Row("venue read", "get", lambda w: f"{V}/venues/{w.venue.slug}/", ALL_200),
    Row("venue patch", "patch", lambda w: f"{V}/venues/{w.venue.slug}/", WRITE_BY_ANY_ORGANISER,
        lambda w: {"seats": 90}),
    Row("venue put", "put", lambda w: f"{V}/venues/{w.venue.slug}/", WRITE_BY_ANY_ORGANISER,
        lambda w: {**venue_body(w), "slug": w.venue.slug}),
    Row("venue delete", "delete", lambda w: f"{V}/venues/{w.venue.slug}/", NOT_OFFERED),
    # Series: read-only; private ones only for their organisers.
    Row("series list", "get", lambda w: f"{V}/series/", ALL_200),
    Row("series read", "get", lambda w: f"{V}/series/{w.series_a.slug}/", ALL_200),
    Row("private series read", "get", lambda w: f"{V}/series/{w.private_series_a.slug}/",
        HIDDEN_BUT_FOR_OWNER),
    Row("series post", "post", lambda w: f"{V}/series/", statuses(401, 401, 405, 405, 405),
        lambda w: {"name": "x"}),
    Row("series patch", "patch", lambda w: f"{V}/series/{w.series_a.slug}/",
        statuses(401, 401, 405, 405, 405), lambda w: {"name": "x"}),
    # Stops.
    Row("stops list", "get", lambda w: f"{V}/stops/", ALL_200),
    Row("stop read", "get", lambda w: f"{V}/stops/{w.stop_a.slug}/", ALL_200),
    Row("draft stop read", "get", lambda w: f"{V}/stops/{w.draft_stop_a.slug}/",
        HIDDEN_BUT_FOR_OWNER),
    Row("stop create in A", "post", lambda w: f"{V}/stops/", statuses(401, 401, 201, 400, 201),
        stop_body),
    Row("stop patch", "patch", lambda w: f"{V}/stops/{w.stop_a.slug}/", WRITE_BY_OWNER,
        lambda w: {"description": "In de hal."}),
    Row("stop put", "put", lambda w: f"{V}/stops/{w.stop_a.slug}/", WRITE_BY_OWNER,
        lambda w: {**stop_body(w), "slug": w.stop_a.slug}),
    Row("draft stop patch", "patch", lambda w: f"{V}/stops/{w.draft_stop_a.slug}/",
        statuses(401, 401, 200, 404, 200), lambda w: {"description": "Concept."}),
    Row("stop status", "post", lambda w: f"{V}/stops/{w.stop_a.slug}/status/", WRITE_BY_OWNER,
        lambda w: {"status": "cancelled"}),
    Row("stop delete", "delete", lambda w: f"{V}/stops/{w.stop_a.slug}/", NOT_OFFERED),
    # Meetings.
    Row("meetings list", "get", lambda w: f"{V}/meetings/", ALL_200),
    Row("meeting read", "get", lambda w: f"{V}/meetings/{w.meeting_a.slug}/", ALL_200),
    Row("draft meeting read", "get", lambda w: f"{V}/meetings/{w.draft_meeting_a.slug}/",
        HIDDEN_BUT_FOR_OWNER),
    Row("private meeting read", "get", lambda w: f"{V}/meetings/{w.private_meeting_a.slug}/",
        HIDDEN_BUT_FOR_OWNER),
    Row("meeting create in A", "post", lambda w: f"{V}/meetings/",
        statuses(401, 401, 201, 400, 201), meeting_body),
    Row("meeting patch", "patch", lambda w: f"{V}/meetings/{w.meeting_a.slug}/", WRITE_BY_OWNER,
        lambda w: {"capacity": 30}),
    Row("meeting put", "put", lambda w: f"{V}/meetings/{w.meeting_a.slug}/", WRITE_BY_OWNER,
        lambda w: {**meeting_body(w), "slug": w.meeting_a.slug}),
    Row("meeting publish", "post", lambda w: f"{V}/meetings/{w.draft_meeting_a.slug}/publish/",
        statuses(401, 401, 200, 404, 200)),
    Row("meeting cancel", "post", lambda w: f"{V}/meetings/{w.meeting_a.slug}/cancel/",
        WRITE_BY_OWNER),
    Row("meeting delete", "delete", lambda w: f"{V}/meetings/{w.meeting_a.slug}/", NOT_OFFERED),
    # Registrations.
    Row("register", "post", lambda w: f"{V}/meetings/{w.meeting_a.slug}/registrations/",
        statuses(201, 201, 201, 201, 201), registration_body),
    Row("register for a draft", "post",
        lambda w: f"{V}/meetings/{w.draft_meeting_a.slug}/registrations/",
        statuses(404, 404, 409, 404, 409), registration_body),
    Row("registrations list", "get", lambda w: f"{V}/registrations/", ORGANISERS_ONLY),
    Row("registrations export csv", "get", lambda w: f"{V}/registrations/export/?format=csv",
        ORGANISERS_ONLY),
    Row("registrations export json", "get", lambda w: f"{V}/registrations/export/?format=json",
        ORGANISERS_ONLY),
    Row("registration by token", "get", lambda w: "", statuses(404, 200, 404, 404, 404),
        token_path=lambda w, token: f"{V}/registrations/{token}/"),
    Row("cancel by token", "delete", lambda w: "", statuses(404, 200, 404, 404, 404),
        token_path=lambda w, token: f"{V}/registrations/{token}/"),
    Row("registration patch by token", "patch", lambda w: "", statuses(401, 401, 405, 405, 405),
        body=lambda w: {"status": "confirmed"},
        token_path=lambda w, token: f"{V}/registrations/{token}/"),
    # Schema and docs.
    Row("schema", "get", lambda w: "/api/schema/", ALL_200),
    Row("docs", "get", lambda w: "/api/docs/", ALL_200),
    Row("unknown path", "get", lambda w: f"{V}/nothing-here/", statuses(404, 404, 404, 404, 404)),
]  # fmt: skip

CASES = [pytest.param(row, actor, id=f"{row.name}-{actor}") for row in ROWS for actor in ACTORS]


@pytest.mark.parametrize(("row", "actor"), CASES)
def test_permission_matrix(row: Row, actor: str, world, clients):
    if row.token_path:
        token = world.registration_a.manage_token if actor == "attendee" else UNKNOWN_TOKEN
        path = row.token_path(world, token)
    else:
        path = row.path(world)
    kwargs = {"format": "json"} if row.body else {}
    if row.body:
        kwargs["data"] = row.body(world)
    response = getattr(clients[actor], row.method)(path, **kwargs)
    assert response.status_code == row.expected[actor], response.content[:500]


def test_matrix_covers_every_operation_in_the_schema(world):
    spec = SchemaGenerator().get_schema(request=None, public=True)
    operations = {
        (template, method)
        for template, item in spec["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    covered = set()
    for row in ROWS:
        path = row.token_path(world, "t" * 43) if row.token_path else row.path(world)
        path = path.split("?")[0]
        for template, method in operations:
            pattern = re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template))
            if method == row.method and re.fullmatch(pattern, path):
                covered.add((template, method))
    assert operations - covered == set()
    assert len(CASES) >= len(operations) * len(ACTORS)
