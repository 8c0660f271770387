"""A per-client limit on registration attempts, counted in Django's cache.

Fixed windows: the count for a client lives under a key that names the
current window and expires with it. ``cache.add`` + ``cache.incr`` are atomic
in Redis and in the in-memory cache, so parallel requests cannot slip past
the count. With several web processes, point ``CACHE_URL`` at Redis so they
share one count.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


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
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this is the first attempt of a new window.
        cache.add(key, 1, timeout=window + 5)
        count = 1
    return count <= limit
