"""The client address django-axes counts sign-in failures by."""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest

from events.registrations.ratelimit import client_address


def sign_in_address(request: HttpRequest) -> str | None:
    """The same address as the rate limits and throttles, or ``None`` when there is none.

    Axes stores it in an IP address column, which PostgreSQL checks: a request
    without one (a unix socket, a test's bare request) must give ``None``, not
    the rate limit's "unknown".
    """
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
