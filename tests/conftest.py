from __future__ import annotations

import os

import pytest
from django.conf import settings


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need PostgreSQL; in CI a missing one is a failure, not a skip."""
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError("CI=true but DATABASE_URL does not point at PostgreSQL")
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no counts in the cache (the registration rate limit lives there)."""
    from django.core.cache import cache

    from events.registrations.ratelimit import counters

    cache.clear()
    counters.local.clear()


def pytest_configure(config):
    # The live test server is Django's development server, whose listen queue
    # holds 10 connections; the parallel form tests open 30 at once and would
    # see resets from the kernel, not from our code. Production runs gunicorn
    # (a queue of 2048).
    from django.core.servers.basehttp import WSGIServer

    WSGIServer.request_queue_size = 128
