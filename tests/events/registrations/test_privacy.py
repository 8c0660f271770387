"""Nobody learns who attends what: what someone who typed another person's address gets to see.

The registration form cannot know who owns an address. So the page it leads
to shows that one registration only; the private feed of everything an
address registered for travels by e-mail, which the owner alone reads.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail

from events.models import CalendarToken, RegistrationStatus
from notifications.delivery import deliver
from notifications.models import Notification
from tests.events.calendar.ical import by_uid, calendar_of
from tests.events.registrations.test_form import post
from tests.factories import MeetingFactory, RegistrationFactory, SeriesFactory

pytestmark = pytest.mark.django_db

SECRET_LINK = "https://meet.example.org/geheim-4711"


def test_registering_with_someone_elses_address_shows_nothing_of_theirs(client):
    private = SeriesFactory(name="Besloten reeks", is_public=False)
    theirs = RegistrationFactory(
        email="anna@example.org",
        organisation="Politie Eenheid Utrecht",
        meeting=MeetingFactory(series=private, title="Besloten casusoverleg Utrecht"),
    )
    public = MeetingFactory(title="Geringste aanwijzing Zwolle")

    response = post(client, public, email="ANNA@Example.org", name="Iemand anders")
    text = client.get(response.headers["Location"]).content.decode()

    assert "Geringste aanwijzing Zwolle" in text
    assert theirs.meeting.title not in text
    assert theirs.organisation not in text
    assert "/calendar/me/" not in text
    assert not CalendarToken.objects.exists()


def test_registration_file_is_the_one_meeting_with_the_link_only_for_a_seat(client):
    meeting = MeetingFactory(capacity=1, venue=None, online_url=SECRET_LINK)
    seated = RegistrationFactory(meeting=meeting, name="Anna de Vries")
    waiting = RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)

    response = client.get(f"/nl/aanmelding/{seated.manage_token}/agenda.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "private, no-store"
    (event,) = calendar_of(response.content).walk("VEVENT")
    assert SECRET_LINK in str(event["DESCRIPTION"])
    assert "Anna de Vries" not in response.content.decode()

    waiting_file = client.get(f"/nl/aanmelding/{waiting.manage_token}/agenda.ics").content
    assert SECRET_LINK.encode() not in waiting_file
    assert client.get("/nl/aanmelding/onbekend-token/agenda.ics").status_code == 404


def test_public_feeds_never_carry_the_meeting_link(client):
    meeting = MeetingFactory(venue=None, online_url=SECRET_LINK)

    for path in ("/calendar/all.ics", f"/calendar/meetings/{meeting.slug}.ics"):
        body = client.get(path).content
        assert SECRET_LINK.encode() not in body, path
        assert b"LOCATION:Online" in body


def test_private_feed_has_no_name_or_organisation_and_the_link_only_for_a_seat(client):
    seated = RegistrationFactory(
        email="anna@example.org",
        name="Anna de Vries",
        organisation="GGD Hollands Midden",
        meeting=MeetingFactory(capacity=1, online_url=SECRET_LINK),
    )
    waiting = RegistrationFactory(
        email="anna@example.org",
        status=RegistrationStatus.WAITLISTED,
        meeting=MeetingFactory(online_url="https://meet.example.org/wachtlijst-0815"),
    )
    token = CalendarToken.objects.create(token="t" * 43, email="anna@example.org")

    body = client.get(f"/calendar/me/{token.token}.ics").content

    assert b"Anna de Vries" not in body and b"GGD Hollands Midden" not in body
    items = by_uid(body)
    assert SECRET_LINK in items[f"registration-{seated.pk}@localhost"].description
    assert "wachtlijst-0815" not in items[f"registration-{waiting.pk}@localhost"].description


def test_confirmation_email_carries_the_address_wide_feed(client):
    meeting = MeetingFactory()
    post(client, meeting, email="Zoe@Example.org")
    row = Notification.objects.get(kind="registration_confirmed")

    assert deliver(notification_id=row.pk, now=row.due_at).result == "sent"

    token = CalendarToken.objects.get(email="zoe@example.org", revoked_at__isnull=True)
    (message,) = mail.outbox
    assert f"/calendar/me/{token.token}.ics" in message.body
    html = message.alternatives[0][0]
    assert f"webcal://localhost:8000/calendar/me/{token.token}.ics" in html
    feed_url = re.search(r"https?://\S+/calendar/me/\S+\.ics", message.body).group(0)
    feed = client.get(feed_url.split("localhost:8000", 1)[1])
    assert meeting.title in feed.content.decode()
