"""The per-client limit on registration attempts, in memory and in Redis."""

from __future__ import annotations

import os
import uuid

import pytest
from django.test import RequestFactory

from events.registrations.ratelimit import allow_attempt, client_address


def request_from(address: str = "192.0.2.10", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def test_the_connecting_address_is_the_client_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("192.0.2.10", forwarded="203.0.113.9")) == "192.0.2.10"


def test_behind_one_trusted_proxy_the_last_forwarded_address_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The left entry is whatever the client claimed; only the last was written by our proxy.
    request = request_from("10.0.0.2", forwarded="198.51.100.7, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"


def test_a_missing_forwarded_header_falls_back_to_the_connecting_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from("10.0.0.2", forwarded="203.0.113.9")) == "10.0.0.2"


def test_attempts_are_counted_per_window():
    request = request_from()
    allowed = [allow_attempt(request, scope="t", limit=2, window=60, now=1000.0) for _ in range(3)]
    assert allowed == [True, True, False]
    assert allow_attempt(request, scope="t", limit=2, window=60, now=1061.0)


def test_a_limit_of_zero_switches_the_limit_off():
    request = request_from()
    assert all(allow_attempt(request, scope="off", limit=0) for _ in range(50))


@pytest.mark.skipif(
    not os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"),
    reason="needs Redis: set CELERY_BROKER_URL=redis://...",
)
def test_the_limit_holds_in_redis_shared_by_processes(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CELERY_BROKER_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    request = request_from()
    allowed = [
        allow_attempt(request, scope="redis", limit=3, window=30, now=1000.0) for _ in range(5)
    ]
    assert allowed == [True, True, True, False, False]
