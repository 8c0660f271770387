"""The stop-reminders page: a signed link, a confirmation before anything changes."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import translation

from events.registrations.retention import anonymise_expired_registrations
from events.registrations.services import register
from notifications.links import (
    STOP_REMINDERS_MAX_AGE,
    STOP_REMINDERS_SALT,
    registration_manage_url,
    stop_reminders_token,
    stop_reminders_url,
)
from tests.notifications.helpers import attendee, pending
from tests.notifications.test_outbox import meeting_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration():
    return register(meeting=meeting_in(30), attendee=attendee(1, language="en"))


def page(registration, token: str | None = None) -> str:
    with translation.override("en"):
        return reverse(
            "notifications:stop-reminders",
            kwargs={"token": token or stop_reminders_token(registration)},
        )


def test_the_link_in_the_mail_opens_the_page_in_the_attendees_language(client, registration):
    url = stop_reminders_url(registration)
    assert url.startswith("http://localhost:8000/en/herinneringen-stoppen/")

    response = client.get(url.removeprefix("http://localhost:8000"))

    assert response.status_code == 200
    assert b"Do you want to stop the reminder e-mails for this meeting?" in response.content
    assert registration.meeting.title.encode() in response.content


def test_opening_the_page_changes_nothing(client, registration):
    client.get(page(registration))
    client.head(page(registration))
    assert pending(kind="meeting_reminder").count() == 2


def test_confirming_stops_the_reminders_and_says_so(client, registration):
    response = client.post(page(registration))

    assert response.status_code == 200
    assert b"Done: you will get no more reminders for this meeting." in response.content
    assert not pending(kind="meeting_reminder").exists()
    assert pending(kind="registration_confirmed").exists()  # nothing else touched

    again = client.get(page(registration))
    assert b"You get no more reminders for this meeting." in again.content


def test_mail_clients_one_click_post_works_without_a_cookie(registration):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        page(registration),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not pending(kind="meeting_reminder").exists()


@pytest.mark.parametrize("token", ["1:forged", "not-a-token", "9999:abc", "1:zz:abc"])
def test_a_forged_token_is_a_404_and_stops_nothing(client, registration, token):
    response = client.post(page(registration, token=token))

    assert response.status_code == 404
    assert b"This link is not valid" in response.content
    assert pending(kind="meeting_reminder").count() == 2


@pytest.mark.parametrize("token", ["%C3%A9:%C3%BC", "x" * 5000, "a%00b"])
def test_a_segment_that_cannot_be_a_token_is_a_404(client, registration, token):
    response = client.post(f"/en/herinneringen-stoppen/{token}/")

    assert response.status_code == 404
    assert pending(kind="meeting_reminder").count() == 2


def test_a_token_for_another_purpose_is_refused(client, registration):
    other = signing.Signer(salt="something-else").sign(str(registration.pk))
    assert client.post(page(registration, token=other)).status_code == 404


def test_a_link_without_a_date_is_refused(client, registration):
    undated = signing.Signer(salt=STOP_REMINDERS_SALT).sign(str(registration.pk))
    assert client.post(page(registration, token=undated)).status_code == 404
    assert pending(kind="meeting_reminder").count() == 2


def signed_days_ago(registration, days: int) -> str:
    """A genuine token as ``stop_reminders_token`` would have made it ``days`` ago."""
    then = signing.b62_encode(int(time.time()) - days * 86400)
    return signing.Signer(salt=STOP_REMINDERS_SALT).sign(f"{registration.pk}:{then}")


def test_a_link_younger_than_a_year_still_works(client, registration):
    token = signed_days_ago(registration, STOP_REMINDERS_MAX_AGE.days - 1)
    assert client.post(page(registration, token=token)).status_code == 200
    assert not pending(kind="meeting_reminder").exists()


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", b"This link has expired"), ("nl", b"Deze link is verlopen")],
)
def test_an_expired_link_says_so_in_the_language_and_stops_nothing(
    client, registration, language, text
):
    token = signed_days_ago(registration, STOP_REMINDERS_MAX_AGE.days + 1)
    with translation.override(language):
        url = reverse("notifications:stop-reminders", kwargs={"token": token})

    response = client.post(url)

    assert response.status_code == 410
    assert text in response.content
    assert pending(kind="meeting_reminder").count() == 2


def test_the_link_of_an_anonymised_registration_is_a_404(client, registration):
    meeting = registration.meeting
    meeting.starts_at = meeting.starts_at.replace(year=2000)
    meeting.ends_at = meeting.ends_at.replace(year=2000)
    meeting.save()
    anonymise_expired_registrations()

    assert client.get(page(registration)).status_code == 404


def test_manage_link_falls_back_to_the_agreed_path_until_the_page_exists(registration):
    url = registration_manage_url(registration)
    assert url == f"http://localhost:8000/en/aanmelding/{registration.manage_token}/"


def test_manage_link_uses_the_public_sites_page_once_it_exists(registration, settings):
    settings.ROOT_URLCONF = "tests.notifications.urls_with_manage"
    url = registration_manage_url(registration)
    assert url == f"http://localhost:8000/en/mijn-aanmelding/{registration.manage_token}/"
