"""API tokens: made, replaced, revoked and checked here, and nowhere else.

Invariants: the database never holds a key, only its digest; a user has at
most one token, and making a new one ends the old one in the same transaction.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction

from .models import ApiToken, User

PREFIX_LENGTH = 8


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_api_token(*, user: User) -> tuple[ApiToken, str]:
    """A new token for ``user`` (replacing any old one) and its key, which is never stored."""
    key = secrets.token_urlsafe(32)  # 256 bits, letters, digits, - and _
    ApiToken.objects.filter(user=user).delete()
    token = ApiToken.objects.create(user=user, digest=digest_of(key), prefix=key[:PREFIX_LENGTH])
    return token, key


def revoke_api_token(*, user: User) -> bool:
    """End the user's token; ``False`` when there was none."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return bool(deleted)


def token_for_key(key: str) -> ApiToken | None:
    """The token whose key this is, with its user; ``None`` for an unknown key."""
    return ApiToken.objects.select_related("user").filter(digest=digest_of(key)).first()
