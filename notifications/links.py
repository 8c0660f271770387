"""Absolute links in e-mails, in the recipient's language.

``SITE_URL`` plus a reversed path, reversed inside ``translation.override`` so
that the language prefix (``/nl/``, ``/en/``) is the recipient's.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from events.models import Meeting, Registration

STOP_REMINDERS_SALT = "notifications.stop-reminders"


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def registration_manage_url(registration: Registration) -> str:
    """Where the attendee sees, changes or cancels their registration.

    The public site names that page ``registration-manage``; until it is
    there, this is the path it was agreed to live at.
    """
    language = registration.language
    with translation.override(language):
        try:
            path = reverse("registration-manage", kwargs={"token": registration.manage_token})
        except NoReverseMatch:
            path = f"/{language}/aanmelding/{registration.manage_token}/"
    return absolute(path)


def stop_reminders_token(registration: Registration) -> str:
    """A signed token naming the registration; good only for stopping its reminders."""
    return signing.Signer(salt=STOP_REMINDERS_SALT).sign(str(registration.pk))


def registration_id_from_token(token: str) -> int | None:
    """The registration id in a token from ``stop_reminders_token``; ``None`` if forged."""
    try:
        return int(signing.Signer(salt=STOP_REMINDERS_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def stop_reminders_url(registration: Registration) -> str:
    with translation.override(registration.language):
        path = reverse(
            "notifications:stop-reminders", kwargs={"token": stop_reminders_token(registration)}
        )
    return absolute(path)


def meeting_url(meeting: Meeting, language: str) -> str:
    """The meeting's public page; ``""`` for a meeting the public cannot see."""
    if not meeting.series.is_public:
        return ""
    with translation.override(language):
        return absolute(meeting.get_absolute_url())
