"""Turning an outbox row into an e-mail: templates, language, links, the ``.ics``.

Each kind has three templates in ``notifications/email/``: ``<kind>_subject.txt``,
``<kind>.txt`` (plain text) and ``<kind>.html``. They are rendered at send
time, from the data as it is then (a reminder shows the meeting's current
time and place), in the recipient's language and in Amsterdam time.
"""

from __future__ import annotations

import hashlib
from email.message import Message
from email.mime.base import MIMEBase
from email.utils import formataddr, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEText
from django.template.loader import render_to_string
from django.utils import timezone, translation

from events.calendar import build_meeting_invitation, invitation_content_type
from events.calendar.tokens import calendar_token_url, issue_calendar_token
from events.registrations.services import waitlist_position

from . import links
from .models import REGISTRATION_KINDS, STOP_KINDS, Notification, NotificationKind

Kind = NotificationKind

# Every mail about a registration carries the meeting's .ics: confirmed,
# tentative (waiting list) or cancelled, as the attendee's private feed shows it.
ICS_KINDS = REGISTRATION_KINDS
# Mails after which reminders may still come: they say how to stop them, and
# mail clients offer their one-click "unsubscribe" for it (RFC 8058).
REMINDER_BEARING_KINDS = frozenset(
    {
        Kind.REGISTRATION_CONFIRMED,
        Kind.REGISTRATION_PROMOTED,
        Kind.MEETING_REMINDER,
        Kind.MEETING_CHANGED,
        Kind.ORGANISER_MESSAGE,
    }
)


# Mails that answer a registration carry the link to the address's private feed.
FEED_LINK_KINDS = frozenset(
    {Kind.REGISTRATION_CONFIRMED, Kind.REGISTRATION_WAITLISTED, Kind.REGISTRATION_PROMOTED}
)


def context_for(notification: Notification) -> dict:
    """Everything the templates of ``notification`` use; call inside its language."""
    context = {
        "notification": notification,
        "kind": notification.kind,
        "language": notification.language,
        "payload": notification.payload,
        "series": notification.series,
        "site_url": settings.SITE_URL,
    }
    if notification.kind in STOP_KINDS:
        stop = notification.stop
        context.update(stop=stop, kit=stop.kit, venue=stop.venue)
        return context
    registration = notification.registration
    meeting = notification.meeting
    context.update(
        registration=registration,
        meeting=meeting,
        venue=meeting.venue,
        meeting_url=links.meeting_url(meeting, notification.language),
        manage_url=links.registration_manage_url(registration),
        reminders_stopped=registration.reminders_stopped_at is not None,
    )
    if notification.kind in REMINDER_BEARING_KINDS and registration.reminders_stopped_at is None:
        context["stop_reminders_url"] = links.stop_reminders_url(registration)
    if notification.kind == Kind.REGISTRATION_WAITLISTED:
        context["waitlist_position"] = waitlist_position(registration)
    if notification.kind in FEED_LINK_KINDS and registration.is_active:
        # Only an e-mail proves the address, so only an e-mail carries the
        # address-wide private feed (the manage page reaches whoever typed it).
        feed = issue_calendar_token(email=registration.email)
        context["personal_feed_url"] = calendar_token_url(feed)
        context["personal_feed_webcal"] = calendar_token_url(feed, webcal=True)
    return context


def render_parts(notification: Notification) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of ``notification`` in its language."""
    subject, text, html, _ = _render(notification)
    return subject, text, html


def _render(notification: Notification) -> tuple[str, str, str, dict]:
    with translation.override(notification.language), timezone.override(settings.TIME_ZONE):
        context = context_for(notification)
        subject = render_to_string(f"notifications/email/{notification.kind}_subject.txt", context)
        # One line: a header cannot hold a line break.
        subject = " ".join(subject.split())
        context["subject"] = subject
        text = render_to_string(f"notifications/email/{notification.kind}.txt", context)
        html = render_to_string(f"notifications/email/{notification.kind}.html", context)
    return subject, _tidy_text(text), html, context


def _tidy_text(text: str) -> str:
    """Template tags leave blank lines behind: keep at most one between paragraphs."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy) + "\n"


def message_id(notification: Notification) -> str:
    """The same Message-ID for every attempt, so that a duplicate can be recognised.

    Mail servers and clients that see the same Message-ID twice may drop the
    second copy; the key's hash keeps ids apart across databases.
    """
    digest = hashlib.sha256(notification.dedupe_key.encode()).hexdigest()[:16]
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notification.{notification.pk}.{digest}@{domain}>"


def build_email(notification: Notification, *, connection=None) -> EmailMultiAlternatives:
    """The complete message for ``notification``: text, HTML, headers, attachment."""
    subject, text, html, context = _render(notification)
    headers = {
        "Message-ID": message_id(notification),
        # An automatic message (RFC 3834): out-of-office replies stay away.
        "Auto-Submitted": "auto-generated",
    }
    if context.get("stop_reminders_url"):
        headers["List-Unsubscribe"] = f"<{context['stop_reminders_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[_recipient(notification)],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    for part in attachments(notification):
        message.attach(part)
    return message


def _recipient(notification: Notification) -> str:
    name = ""
    if notification.registration_id and notification.registration.name:
        name = notification.registration.name
    _, address = parseaddr(notification.recipient)
    return formataddr((name, address)) if name else address


def attachments(notification: Notification) -> list[MIMEBase]:
    """The meeting's ``.ics`` (METHOD:PUBLISH) for every mail about a registration.

    Built by the feeds' own builder, so it has the UID and SEQUENCE of the
    attendee's private feed: a later mail updates the event, never duplicates it.
    """
    if notification.kind not in ICS_KINDS:
        return []
    registration = notification.registration
    content = build_meeting_invitation(registration=registration)
    subtype, params = _split_content_type(invitation_content_type())
    part = SafeMIMEText(content.decode(), subtype, params.pop("charset", "utf-8"))
    for name, value in params.items():  # method=PUBLISH, as the body says
        part.set_param(name, value)
    part.add_header(
        "Content-Disposition", "attachment", filename=f"{registration.meeting.slug}.ics"
    )
    return [part]


def _split_content_type(content_type: str) -> tuple[str, dict[str, str]]:
    """``text/calendar; charset=utf-8; method=PUBLISH`` -> ``("calendar", {...})``."""
    header = Message()
    header["Content-Type"] = content_type
    return header.get_content_subtype(), dict(header.get_params()[1:])
