"""Retention that forgets everything: every copy of a registration's personal data goes,
after the period or at once when the attendee asks; and no log ever holds it."""

from __future__ import annotations

import io
import json
import logging
import smtplib
from datetime import timedelta
from email.utils import parseaddr

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client
from django.urls import path
from django.utils import timezone

from events.models import CalendarToken, Registration, RegistrationStatus
from events.registrations.retention import ANONYMISED_REPR, anonymise_expired_registrations
from notifications.models import Notification
from notifications.tasks import send
from scheduler import urls as project_urls
from tests.events.registrations.test_form import post
from tests.factories import MeetingFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = "Anouk Verbeek-Jansen"
EMAIL = "anouk.verbeek@ggd-voorbeeld.nl"


def past_meeting(days_ago: int):
    starts_at = timezone.now() - timedelta(days=days_ago, hours=3)
    return MeetingFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=3))


def feed_token(email: str) -> CalendarToken:
    return CalendarToken.objects.create(token="feed" + "x" * 39, email=email)


def test_anonymisation_revokes_the_feed_of_an_address_it_forgets(client):
    RegistrationFactory(email=EMAIL, meeting=past_meeting(400))
    token = feed_token(EMAIL)
    assert client.get(f"/calendar/me/{token.token}.ics").status_code == 200

    anonymise_expired_registrations()

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert EMAIL not in token.email and "anouk" not in token.email
    assert client.get(f"/calendar/me/{token.token}.ics").status_code == 404


def test_an_address_with_a_recent_registration_keeps_its_feed():
    RegistrationFactory(email=EMAIL, meeting=past_meeting(400))
    RegistrationFactory(email=EMAIL, meeting=past_meeting(10))
    token = feed_token(EMAIL)

    anonymise_expired_registrations()

    token.refresh_from_db()
    assert (token.email, token.revoked_at) == (EMAIL, None)


def test_the_back_office_history_forgets_the_name():
    registration = RegistrationFactory(name=NAME, meeting=past_meeting(400))
    entry = LogEntry.objects.create(
        user=UserFactory(is_staff=True),
        content_type=ContentType.objects.get_for_model(Registration),
        object_id=str(registration.pk),
        object_repr=str(registration),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Name"]}}]',
    )
    assert NAME in entry.object_repr

    anonymise_expired_registrations()

    entry.refresh_from_db()
    assert entry.object_repr == ANONYMISED_REPR


def test_an_attendee_deletes_their_details_at_once_after_a_confirmation(client):
    meeting = MeetingFactory(capacity=1)
    mine = RegistrationFactory(meeting=meeting, name=NAME, email=EMAIL, organisation="GGD")
    waiting = RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    token = feed_token(EMAIL)
    manage = f"/en/aanmelding/{mine.manage_token}/"
    assert f"{manage}verwijderen/" in client.get(manage).content.decode()

    confirm = client.get(f"{manage}verwijderen/")
    assert confirm.status_code == 200
    assert "Yes, delete my details" in confirm.content.decode()
    assert Registration.objects.get(pk=mine.pk).name == NAME  # asking deletes nothing

    response = client.post(f"{manage}verwijderen/", {"confirm": "True"})

    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.name, mine.organisation, mine.status) == ("", "", RegistrationStatus.CANCELLED)
    assert mine.email.endswith("@example.invalid") and mine.anonymised_at is not None
    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.CONFIRMED
    assert client.get(manage).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert not Notification.objects.filter(recipient__iexact=EMAIL).exists()


def test_a_post_without_the_confirmation_deletes_nothing(client):
    mine = RegistrationFactory(name=NAME)
    response = client.post(f"/en/aanmelding/{mine.manage_token}/verwijderen/", {})
    assert response.status_code == 400
    assert Registration.objects.get(pk=mine.pk).name == NAME


def test_an_attendee_downloads_what_is_stored_about_them(client):
    meeting = MeetingFactory(title="Geringste aanwijzing Zwolle")
    response = post(client, meeting, name=NAME, email=EMAIL)
    RegistrationFactory(meeting=meeting, name="Iemand Anders", email="anders@example.org")
    mine = Registration.objects.get(email=EMAIL)

    download = client.get(f"/nl/aanmelding/{mine.manage_token}/gegevens.json")

    assert response.status_code == 302
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    assert "attachment" in download["Content-Disposition"]
    data = json.loads(download.content)
    assert data["registration"]["name"] == NAME
    assert data["registration"]["email"] == EMAIL
    assert data["meeting"]["title"] == "Geringste aanwijzing Zwolle"
    assert "registration_confirmed" in {mail["kind"] for mail in data["emails"]}
    assert "Iemand Anders" not in download.content.decode()


# --- Logs ----------------------------------------------------------------------------


class RefusingBackend(EmailBackend):
    """A mail server that refuses the recipient, as smtplib reports it.

    smtplib keys the refusal by the recipient as given to it, display name
    included; the server's reply quotes the envelope address.
    """

    def send_messages(self, messages):
        recipient = messages[0].to[0]
        address = parseaddr(recipient)[1]
        raise smtplib.SMTPRecipientsRefused(
            {recipient: (550, f"5.1.1 <{address}>: Recipient address rejected".encode())}
        )


def broken_view(request):
    raise ValueError(f"duplicate key value violates unique constraint: Key (email)=({EMAIL})")


urlpatterns = [path("kapot/", broken_view), *project_urls.urlpatterns]


@pytest.fixture
def log_output():
    """What the configured log handlers (settings.LOGGING) write, in memory."""
    buffer = io.StringIO()
    handlers = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    assert handlers, "the root logger has no stream handler from settings.LOGGING"
    previous = [h.setStream(buffer) for h in handlers]
    yield buffer
    for handler, stream in zip(handlers, previous, strict=True):
        handler.setStream(stream)


@pytest.mark.urls(__name__)
def test_logs_of_a_registration_a_failed_delivery_and_a_500_hold_no_name_or_address(
    log_output, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    client = Client(raise_request_exception=False)

    post(client, MeetingFactory(), name=NAME, email=EMAIL)
    row = Notification.objects.get(kind="registration_confirmed")
    send(notification_ids=[row.pk])
    assert client.get("/kapot/").status_code == 500

    written = log_output.getvalue()
    assert "failed after" in written or "550" in written  # the delivery was logged
    assert "Internal Server Error: /kapot/" in written  # and so was the 500
    assert EMAIL not in written
    assert "anouk" not in written.lower()
    assert NAME not in written and "Verbeek" not in written
