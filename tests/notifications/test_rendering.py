"""The e-mails themselves: language, local times, links, the .ics, escaping."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from email import message_from_bytes

import pytest
from django.utils import timezone

from events.models import StopStatus
from events.planning import save_stop
from events.registrations.services import register
from notifications import outbox
from notifications.links import registration_id_from_token
from notifications.models import Notification, NotificationKind
from notifications.rendering import build_email, render_parts
from notifications.timing import at_local
from tests.factories import (
    ExhibitionKitFactory,
    ExhibitionStopFactory,
    MeetingFactory,
    OrganiserFactory,
    TourFactory,
    VenueFactory,
)
from tests.notifications.helpers import attendee

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    starts_at = at_local(date(2030, 3, 12), time(13, 30))
    return MeetingFactory(
        title="Geringste aanwijzing & signalen",
        slug="geringste-aanwijzing",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        venue=VenueFactory(name="Stadhuis Utrecht", accessibility_notes="Lift aanwezig."),
    )


def email_of(notification):
    return build_email(Notification.objects.get(pk=notification.pk))


def test_confirmation_in_english_has_local_time_links_and_the_ics(meeting):
    registration = register(
        meeting=meeting,
        attendee=attendee(1, language="en"),
        now=meeting.starts_at - timedelta(days=30),
    )
    row = registration.notifications.get(kind="registration_confirmed")

    email = email_of(row)

    assert email.subject == "Registration confirmed: Geringste aanwijzing & signalen"
    assert email.to == ["Deelnemer 1 <p1@example.org>"]
    assert "Tuesday 12 March 2030, 13:30–16:30" in email.body  # Amsterdam time, not UTC
    assert "Stadhuis Utrecht" in email.body and "Lift aanwezig." in email.body
    assert f"http://localhost:8000/en/aanmelding/{registration.manage_token}/" in email.body
    assert "/en/herinneringen-stoppen/" in email.body
    assert "http://localhost:8000/en/bijeenkomsten/geringste-aanwijzing/" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en">' in html
    assert "Geringste aanwijzing &amp; signalen" in html


def test_confirmation_carries_the_meeting_ics_as_method_publish(meeting):
    registration = register(meeting=meeting, attendee=attendee(1))
    row = registration.notifications.get(kind="registration_confirmed")

    parsed = message_from_bytes(email_of(row).message().as_bytes())
    [ics] = [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]

    assert ics.get_param("method") == "PUBLISH"
    assert ics.get_filename() == "geringste-aanwijzing.ics"
    body = ics.get_payload(decode=True).decode()
    assert "METHOD:PUBLISH" in body
    # The attendee's own copy has the registration's UID (events/calendar/build.py says why).
    assert f"UID:registration-{registration.pk}@" in body
    assert "STATUS:CONFIRMED" in body


def test_every_mail_has_a_stable_message_id_and_is_marked_automatic(meeting):
    registration = register(meeting=meeting, attendee=attendee(1))
    row = registration.notifications.get(kind="registration_confirmed")

    first, second = email_of(row), email_of(row)

    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert first.extra_headers["Message-ID"].startswith(f"<notification.{row.pk}.")
    assert first.extra_headers["Auto-Submitted"] == "auto-generated"


def test_reminder_offers_one_click_stop_of_reminders(meeting):
    registration = register(
        meeting=meeting, attendee=attendee(1), now=meeting.starts_at - timedelta(days=30)
    )
    reminder = registration.notifications.get(kind="meeting_reminder", payload__days=1)

    email = email_of(reminder)

    unsubscribe = email.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://localhost:8000/nl/herinneringen-stoppen/")
    token = unsubscribe.rsplit("/", 2)[-2]
    assert registration_id_from_token(token) == registration.pk
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_dutch_mail_has_dutch_dates_and_dutch_links(meeting):
    registration = register(meeting=meeting, attendee=attendee(1, language="nl"))
    row = registration.notifications.get(kind="registration_confirmed")

    _, text, html = render_parts(row)

    assert "dinsdag 12 maart 2030, 13:30–16:30" in text
    assert "http://localhost:8000/nl/bijeenkomsten/geringste-aanwijzing/" in text
    assert '<html lang="nl">' in html


def test_reminder_in_english_says_tomorrow_or_in_days(meeting):
    registration = register(
        meeting=meeting,
        attendee=attendee(1, language="en"),
        now=meeting.starts_at - timedelta(days=30),
    )
    subjects = {
        n.payload["days"]: render_parts(n)[0]
        for n in registration.notifications.filter(kind="meeting_reminder")
    }
    assert subjects == {
        1: "Tomorrow: Geringste aanwijzing & signalen",
        7: "In 7 days: Geringste aanwijzing & signalen",
    }


def test_waitlist_mail_tells_the_place_in_line(meeting):
    meeting.capacity = 1
    meeting.save()
    register(meeting=meeting, attendee=attendee(1))
    register(meeting=meeting, attendee=attendee(2, language="en"))
    third = register(meeting=meeting, attendee=attendee(3, language="en"))

    _, text, _ = render_parts(third.notifications.get(kind="registration_waitlisted"))

    assert "Your place in line: 2." in text


def test_plain_text_is_not_html_escaped_and_html_is(meeting):
    person = replace(attendee(1, language="en"), name="Anne <O'Brien> & Zn")
    registration = register(meeting=meeting, attendee=person)
    row = registration.notifications.get(kind="registration_confirmed")

    _, text, html = render_parts(row)

    assert "Dear Anne <O'Brien> & Zn," in text
    assert "&amp;" not in text and "&#x27;" not in text
    assert "Dear Anne &lt;O&#x27;Brien&gt; &amp; Zn," in html


def test_organiser_message_keeps_paragraphs_and_escapes_html(meeting):
    registration = register(meeting=meeting, attendee=attendee(1, language="en"))
    outbox.queue_organiser_message(
        meeting=meeting,
        subject="Parkeren <gratis>",
        body="Parkeer achter het stadhuis.\n\nNeem <b>ID</b> mee.",
        include_waitlist=False,
        message_id="abc",
    )
    row = registration.notifications.get(kind="organiser_message")

    subject, text, html = render_parts(row)

    assert subject == "Parkeren <gratis>"
    assert "Parkeer achter het stadhuis.\n\nNeem <b>ID</b> mee." in text
    assert "<p>Neem &lt;b&gt;ID&lt;/b&gt; mee.</p>" in html


@pytest.fixture
def stop():
    organiser = OrganiserFactory(email="eline@comensha.test")
    kit = ExhibitionKitFactory(series=TourFactory(organisers=[organiser]), panel_count=24)
    venue = VenueFactory(
        name="Bibliotheek Zwolle", contact_name="Joost", contact_email="joost@bieb.test"
    )
    stop = ExhibitionStopFactory.build(kit=kit, venue=venue, status=StopStatus.CONFIRMED)
    save_stop(stop=stop)
    return stop


def test_logistics_mail_names_the_stop_dates_and_has_no_attendee_links(stop):
    row = Notification.objects.get(stop=stop, kind="stop_setup", recipient="joost@bieb.test")
    row.language = "en"

    email = build_email(row)

    assert email.subject == "Setup today: Open je Ogen at Bibliotheek Zwolle"
    assert "24 panels" in email.body
    assert f"Setup: {stop.setup_on:%A} {stop.setup_on.day} {stop.setup_on:%B %Y}" in email.body
    assert "aanmelding" not in email.body
    assert "List-Unsubscribe" not in email.extra_headers
    assert email.attachments == []


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("kind", NotificationKind.values)
def test_every_kind_renders_in_both_languages(kind, language, meeting, stop):
    registration = register(meeting=meeting, attendee=attendee(1, language=language))
    if kind.startswith("stop_"):
        row = Notification.objects.filter(stop=stop, kind=kind).first()
        row.language = language
    else:
        row = Notification(
            kind=kind,
            recipient=registration.email,
            language=language,
            series=meeting.series,
            meeting=meeting,
            registration=registration,
            due_at=timezone.now(),
            dedupe_key=f"test:{kind}",
            payload={"days": 7, "sequence": 0, "subject": "Onderwerp", "body": "Tekst"},
        )
        row.save()

    subject, text, html = render_parts(row)

    assert subject and "\n" not in subject
    assert len(text) > 100 and "{%" not in text and "{{" not in text
    assert f'<html lang="{language}">' in html
    assert "{%" not in html
