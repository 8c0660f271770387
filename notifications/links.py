"""Absolute links in e-mails, in the recipient's language.

``SITE_URL`` plus a reversed path, reversed inside ``translation.override`` so
that the language prefix (``/nl/``, ``/en/``) is the recipient's.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import get_resolver, reverse
from django.utils import translation

from events.models import Meeting, Registration

STOP_REMINDERS_SALT = "notifications.stop-reminders"
# The link rides in the confirmation (sent when registration opens, often months
# ahead) and in every reminder; a year covers any meeting planned within a year,
# and past it the registration is anonymised anyway (REGISTRATION_RETENTION_DAYS
# after the meeting). A link found in an old mailbox years later stops nothing.
STOP_REMINDERS_MAX_AGE = timedelta(days=365)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def registration_manage_url(registration: Registration) -> str:
    """Where the attendee sees, changes or cancels their registration.

    The public site names that page ``registration-manage``; until it is
    there, this is the path it was agreed to live at.
    """
    language = registration.language
    with translation.override(language):
        if "registration-manage" in get_resolver().reverse_dict:
            path = reverse("registration-manage", kwargs={"token": registration.manage_token})
        else:
            path = f"/{language}/aanmelding/{registration.manage_token}/"
    return absolute(path)


def stop_reminders_token(registration: Registration) -> str:
    """A signed, dated token naming the registration; good only for stopping its reminders.

    The salt keeps it from being accepted anywhere else (and any other signed
    value from being accepted here); the date lets it expire.
    """
    return signing.TimestampSigner(salt=STOP_REMINDERS_SALT).sign(str(registration.pk))


def registration_id_from_token(token: str) -> int | None:
    """The registration id in a token from ``stop_reminders_token``; ``None`` if forged.

    Raises ``signing.SignatureExpired`` for a genuine token older than
    ``STOP_REMINDERS_MAX_AGE``, so that the page can say so instead of "not valid".
    """
    try:
        value = signing.TimestampSigner(salt=STOP_REMINDERS_SALT).unsign(
            token, max_age=STOP_REMINDERS_MAX_AGE
        )
        return int(value)
    except signing.SignatureExpired:
        raise
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
