"""Private feed tokens: issued once, renewed, revoked; and the organiser's page in the admin."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from events.calendar.tokens import (
    calendar_token_url,
    find_active_token,
    issue_calendar_token,
    renew_calendar_token,
    revoke_calendar_token,
)
from events.models import CalendarToken
from tests.events.conftest import signed_in
from tests.factories import OrganiserFactory

pytestmark = pytest.mark.django_db

ADMIN_PAGE = "/en/admin/events/calendartoken/"


def test_token_is_256_bits_url_safe():
    token = issue_calendar_token(email="anna@example.org").token
    assert len(token) == 43
    assert token.replace("-", "").replace("_", "").isalnum()


def test_issuing_twice_gives_the_same_token_whatever_the_case():
    first = issue_calendar_token(email="Anna@Example.org")
    assert issue_calendar_token(email="anna@example.ORG") == first
    assert first.email == "anna@example.org"


def test_renewing_revokes_the_old_token():
    organiser = OrganiserFactory()
    old = issue_calendar_token(user=organiser)
    new = renew_calendar_token(user=organiser)
    assert new.token != old.token
    assert find_active_token(old.token) is None
    assert find_active_token(new.token) == new
    old.refresh_from_db()
    assert old.revoked_at is not None


def test_revoking_closes_the_feed():
    token = issue_calendar_token(email="anna@example.org")
    assert revoke_calendar_token(email="ANNA@example.org") == 1
    assert find_active_token(token.token) is None
    assert revoke_calendar_token(email="anna@example.org") == 0


def test_exactly_one_of_user_or_email_is_required():
    with pytest.raises(ValueError):
        issue_calendar_token()
    with pytest.raises(ValueError):
        issue_calendar_token(user=OrganiserFactory(), email="a@example.org")


@pytest.mark.parametrize("both", [True, False])
def test_database_refuses_a_token_for_both_or_neither(both):
    user = OrganiserFactory() if both else None
    email = "a@example.org" if both else ""
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarToken.objects.create(token="t" * 43, user=user, email=email)


def test_database_allows_one_active_token_per_email():
    CalendarToken.objects.create(token="a" * 43, email="anna@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarToken.objects.create(token="b" * 43, email="ANNA@example.org")


def test_feed_urls_in_https_and_webcal_form(settings):
    settings.SITE_URL = "https://openjeogen.nl"
    token = issue_calendar_token(user=OrganiserFactory())
    assert (
        calendar_token_url(token) == f"https://openjeogen.nl/calendar/organiser/{token.token}.ics"
    )
    assert calendar_token_url(token, webcal=True).startswith("webcal://openjeogen.nl/calendar/")


def test_organiser_makes_and_renews_their_feed_link_in_the_admin(owner_client, owner):
    page = owner_client.get(ADMIN_PAGE)
    assert page.status_code == 200
    assert b"Make my feed address" in page.content
    owner_client.post(ADMIN_PAGE, {"issue": "1"})
    first = CalendarToken.objects.get(user=owner)
    page = owner_client.get(ADMIN_PAGE)
    assert f"/calendar/organiser/{first.token}.ics".encode() in page.content
    assert b"calendar.google.com" in page.content
    owner_client.post(ADMIN_PAGE, {"renew": "1"})
    second = CalendarToken.objects.get(user=owner, revoked_at__isnull=True)
    assert second.token != first.token
    assert second.token.encode() in owner_client.get(ADMIN_PAGE).content


def test_admin_page_shows_only_your_own_link(owner_client, other_client, other_organiser):
    theirs = issue_calendar_token(user=other_organiser)
    assert theirs.token.encode() not in owner_client.get(ADMIN_PAGE).content
    assert theirs.token.encode() in other_client.get(ADMIN_PAGE).content


def test_staff_without_series_has_no_feed_page():
    client = signed_in(OrganiserFactory(username="no-series"))
    assert client.get(ADMIN_PAGE).status_code in (302, 403)
    client.post(ADMIN_PAGE, {"issue": "1"})
    assert not CalendarToken.objects.exists()
