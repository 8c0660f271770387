"""Per-client limits on registration attempts, counted in Django's cache.

Fixed windows: the count for a client lives under a key that names the
current window and expires with it. ``cache.add`` + ``cache.incr`` are atomic
in Redis and in the in-memory cache, so parallel requests cannot slip past
the count. With several web processes, point ``CACHE_URL`` at Redis so they
share one count.

**Failing open.** Registering is the most important thing the site does, so
a cache that does not answer (Redis down) must not turn it into a 500. Every
count goes through ``counters``: when the shared cache raises, the count
moves to a cache in this process's memory (each process then limits on its
own, which still stops one client flooding one process), the failure is
logged once a minute and counted in ``counters.failures``.
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest

logger = logging.getLogger(__name__)


class FailOpenCache:
    """The default cache for counters, or this process's memory while it fails."""

    def __init__(self) -> None:
        self.local = LocMemCache("counters-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self.failures = 0
        self._last_logged = 0.0

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(cache, name)(*args, **kwargs)
        except ValueError:
            raise  # incr of a missing key: an answer, not a failure
        except Exception as exc:
            self.failures += 1
            if time.monotonic() - self._last_logged > 60:
                self._last_logged = time.monotonic()
                logger.warning(
                    "rate-limit cache unavailable (%s); counting in this process's memory "
                    "(%d failures so far)",
                    type(exc).__name__,
                    self.failures,
                )
            return getattr(self.local, name)(*args, **kwargs)

    def get(self, key: str, default: Any = None) -> Any:
        return self._call("get", key, default)

    def set(self, key: str, value: Any, timeout: int | None = None) -> None:
        self._call("set", key, value, timeout)

    def add(self, key: str, value: Any, timeout: int | None = None) -> bool:
        return self._call("add", key, value, timeout)

    def incr(self, key: str, delta: int = 1) -> int:
        return self._call("incr", key, delta)


counters = FailOpenCache()


def client_address(request: HttpRequest) -> str:
    """The client's IP address: the connecting one, or the one our own proxies saw.

    ``X-Forwarded-For`` is only read as far as ``TRUSTED_PROXY_COUNT`` proxies
    we run ourselves appended to it; entries further left are forgeable.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow_attempt(
    request: HttpRequest,
    *,
    scope: str,
    limit: int | None = None,
    window: int | None = None,
    now: float | None = None,
) -> bool:
    """Count one attempt of this client in ``scope``; ``False`` once over the limit."""
    limit = settings.REGISTRATION_RATE_LIMIT if limit is None else limit
    window = settings.REGISTRATION_RATE_WINDOW if window is None else window
    if limit <= 0:
        return True
    current_window = int((time.time() if now is None else now) // window)
    # Hashed: no IP addresses in cache keys (and none longer than a key may be).
    client = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{client}:{current_window}"
    counters.add(key, 0, timeout=window + 5)
    try:
        count = counters.incr(key)
    except ValueError:
        # The key expired between add and incr: this is the first attempt of a new window.
        counters.add(key, 1, timeout=window + 5)
        count = 1
    return count <= limit


def allow_meeting_attempt(request: HttpRequest, *, meeting_id: int) -> bool:
    """``REGISTRATION_PER_MEETING_LIMIT`` attempts a day per client and meeting.

    So that one address cannot take every seat of a meeting in seconds; the
    form and the API (whose per-client rate is a throttle of its own) both ask.
    """
    return allow_attempt(
        request,
        scope=f"register-meeting-{meeting_id}",
        limit=settings.REGISTRATION_PER_MEETING_LIMIT,
        window=24 * 3600,
    )


def allow_registration_attempt(request: HttpRequest, *, meeting_id: int) -> bool:
    """The form's limits: per client over all meetings, then per client and meeting."""
    return allow_attempt(request, scope="register") and allow_meeting_attempt(
        request, meeting_id=meeting_id
    )
