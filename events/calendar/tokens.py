"""Private calendar feed addresses: issue, renew and revoke their tokens.

A private feed (an attendee's registrations, an organiser's logistics) is
reached by an address with a 256-bit secret in it, because calendar apps
cannot sign in. The secret is all the protection there is, so whoever holds a
link can read the feed until it is revoked; renewing revokes the old link and
hands out a new one. There is at most one active token per organiser and per
e-mail address (the database makes sure of it), so an e-mail that carries the
feed link twice carries the same link.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from ..models import CalendarToken
from ..registrations.services import normalise_email


def new_calendar_secret() -> str:
    """256 bits from the operating system's generator, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def _owner_filter(*, user: AbstractBaseUser | None, email: str | None) -> Q:
    if (user is None) == (email is None):
        raise ValueError("Give exactly one of user or email.")
    if user is not None:
        return Q(user=user)
    return Q(email__iexact=normalise_email(email))


def _active(owner: Q) -> QuerySet[CalendarToken]:
    return CalendarToken.objects.filter(owner, revoked_at__isnull=True)


def issue_calendar_token(
    *, user: AbstractBaseUser | None = None, email: str | None = None
) -> CalendarToken:
    """The active token of this organiser or e-mail address; a new one if there is none.

    Safe to call for every e-mail that carries the feed link: two calls give
    the same token, also when they race (the partial unique index decides).
    """
    owner = _owner_filter(user=user, email=email)
    existing = _active(owner).first()
    if existing is not None:
        return existing
    # ON CONFLICT DO NOTHING: when someone else issued one a moment ago, the
    # partial unique index keeps theirs, and theirs is the token read below.
    CalendarToken.objects.bulk_create(
        [
            CalendarToken(
                token=new_calendar_secret(),
                user=user,
                email=normalise_email(email) if email is not None else "",
            )
        ],
        ignore_conflicts=True,
    )
    return _active(owner).get()


def revoke_calendar_token(
    *,
    user: AbstractBaseUser | None = None,
    email: str | None = None,
    now: datetime | None = None,
) -> int:
    """Make the active link of this organiser or e-mail answer 404; returns how many."""
    owner = _owner_filter(user=user, email=email)
    return _active(owner).update(revoked_at=now or timezone.now())


def renew_calendar_token(
    *,
    user: AbstractBaseUser | None = None,
    email: str | None = None,
    now: datetime | None = None,
) -> CalendarToken:
    """Revoke the current link (if any) and issue a new one, in one transaction."""
    with transaction.atomic():
        revoke_calendar_token(user=user, email=email, now=now)
        return issue_calendar_token(user=user, email=email)


def find_active_token(token: str) -> CalendarToken | None:
    """The active token row for a feed address, with its user; ``None`` when unknown or revoked."""
    # Tokens are 43 characters; anything far longer is not worth a query.
    if not token or len(token) > 64:
        return None
    return (
        CalendarToken.objects.select_related("user")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )


def calendar_token_url(token: CalendarToken, *, webcal: bool = False) -> str:
    """The absolute feed address for ``token`` (``webcal://`` opens a calendar app on desktops).

    Offer the https form as well: ``webcal://`` does not open on Android.
    """
    name = "calendar:organiser" if token.user_id else "calendar:attendee"
    url = settings.SITE_URL + reverse(name, kwargs={"token": token.token})
    if webcal:
        return "webcal://" + url.split("://", 1)[1]
    return url
