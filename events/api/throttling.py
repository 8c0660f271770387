"""Rate limits for anonymous registrations and for look-ups by secret token.

Rates are settings (``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``, from the
environment variables ``API_REGISTRATION_RATE`` and ``API_TOKEN_LOOKUP_RATE``).
They are read on every request rather than once at import as DRF does, so that
a changed setting (a test, a reload) takes effect.
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from events.registrations.ratelimit import counters


class ScopeRateThrottle(SimpleRateThrottle):
    """Counts requests per client address for the view's ``throttle_scope``.

    Counts go to the same fail-open cache as the form's limits: with Redis
    down, registering through the API keeps working (counted per process).
    """

    anonymous_only = True
    cache = counters

    def __init__(self) -> None:
        # The rate depends on the view's scope, known only in allow_request().
        pass

    def allow_request(self, request, view) -> bool:
        self.scope = getattr(view, "throttle_scope", None)
        if not self.scope:
            return True
        if self.anonymous_only and request.user and request.user.is_authenticated:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AnonymousRateThrottle(ScopeRateThrottle):
    """Signed-in organisers are known and accountable: only anonymous callers count."""


class EveryoneRateThrottle(ScopeRateThrottle):
    """Token look-ups are anonymous by nature: whoever calls, they count."""

    anonymous_only = False
