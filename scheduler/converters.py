"""Path converters for the secrets in our addresses.

A path segment that cannot be a token (too short or long, a NUL byte, a
slash, any character outside URL-safe base64) does not match the route, so
the answer is a 404 before any view runs or the database is asked. Each URL
module that uses them imports this module, which registers them once.
"""

from __future__ import annotations

from django.urls import register_converter

# ``secrets.token_urlsafe(32)`` gives 43 characters; the range leaves room
# for a longer secret later without accepting anything that is not one.
TOKEN_PATTERN = r"[-a-zA-Z0-9_]{20,64}"
# A value signed by ``django.core.signing``: URL-safe base64 parts joined by colons.
SIGNED_PATTERN = r"[-a-zA-Z0-9_:]{1,200}"


class TokenConverter:
    """A manage or calendar token: ``<token:token>``."""

    regex = TOKEN_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class SignedValueConverter(TokenConverter):
    """A signed value such as the stop-reminders link: ``<signed:token>``."""

    regex = SIGNED_PATTERN


register_converter(TokenConverter, "token")
register_converter(SignedValueConverter, "signed")
