"""A cancelled meeting looks cancelled, and an attendee corrects their own details."""

from __future__ import annotations

import pytest
from django.core import mail

from events.meetings.services import cancel_meeting
from events.models import Registration
from notifications.delivery import deliver
from notifications.models import Notification
from tests.factories import MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_a_cancelled_meeting_shows_no_seats_no_form_and_no_add_links(client):
    meeting = MeetingFactory(capacity=3)
    RegistrationFactory.create_batch(3, meeting=meeting)
    cancel_meeting(meeting=meeting)

    text = client.get(f"/en/bijeenkomsten/{meeting.slug}/").content.decode()

    assert "This meeting has been cancelled." in text
    assert "3 of 3 taken" not in text
    assert "registration-form" not in text
    assert "calendar.google.com" not in text


def test_the_cancellation_email_offers_no_change_or_cancel(client):
    registration = RegistrationFactory(language="en")
    cancel_meeting(meeting=registration.meeting)
    row = Notification.objects.get(kind="meeting_cancelled", registration=registration)

    assert deliver(notification_id=row.pk, now=row.due_at).result == "sent"

    (message,) = mail.outbox
    assert "Change or cancel your registration" not in message.body
    assert "Your registration and your details:" in message.body


def test_an_attendee_corrects_their_name_organisation_and_remarks(client):
    registration = RegistrationFactory(name="Anouk Verbek", organisation="GGD", remarks="")
    page = f"/en/aanmelding/{registration.manage_token}/"
    assert "Correct your details" in client.get(page).content.decode()

    response = client.post(
        f"{page}corrigeren/",
        {
            "name": "Anouk Verbeek",
            "organisation": "GGD Hollands Midden",
            "remarks": "Rolstoel",
            "email": "iemand.anders@example.org",
        },
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.name, registration.organisation, registration.remarks) == (
        "Anouk Verbeek",
        "GGD Hollands Midden",
        "Rolstoel",
    )
    assert registration.email != "iemand.anders@example.org"


def test_a_correction_the_rules_refuse_changes_nothing(client):
    registration = RegistrationFactory(name="Anouk Verbeek")

    response = client.post(
        f"/en/aanmelding/{registration.manage_token}/corrigeren/",
        {"name": "Anouk\r\nBcc: x@example.org", "organisation": "", "remarks": ""},
    )

    assert response.status_code == 400
    assert "Remove the line breaks and other control characters." in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).name == "Anouk Verbeek"
