"""``Authorization: Token <key>`` against hashed keys, with wrong keys throttled.

The header and the 401 are DRF's ``TokenAuthentication``; what differs is that
the key is looked up by its digest (``accounts.tokens``) and that a client
address which sent too many wrong keys is refused (429) before any look-up,
for the rest of the window, even with a right key: else a guesser could go on
guessing and simply ignore the refusals.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.throttling import SimpleRateThrottle

from accounts import tokens


class FailedTokenThrottle(SimpleRateThrottle):
    """Wrong token keys per client address (``API_TOKEN_FAILURE_RATE``); only failures count."""

    scope = "api_token_failure"

    def __init__(self) -> None:
        # Read on every request, like events.api.throttling, so a changed setting applies.
        self.rate = settings.API_TOKEN_FAILURE_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def refused(self, request) -> bool:
        self.key = self.get_cache_key(request, None)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) >= self.num_requests

    def record_failure(self) -> None:
        self.throttle_success()  # stores now in the history


class HashedTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None  # no token: the session (or nobody) it is
        throttle = FailedTokenThrottle()
        if throttle.refused(request):
            raise exceptions.Throttled(wait=throttle.wait())
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle.record_failure()
            raise

    def authenticate_credentials(self, key: str):
        token = tokens.token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
