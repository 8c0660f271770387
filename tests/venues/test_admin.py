"""Venues are shared: organisers look them up, add and correct them; administrators delete."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    ExhibitionStopFactory,
    OrganiserFactory,
    SeriesFactory,
    UserFactory,
    VenueClosureFactory,
    VenueFactory,
)
from venues.models import Province, Venue, VenueClosure, VenueKind

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def organiser_client() -> Client:
    organiser = OrganiserFactory(username="owner")
    SeriesFactory(organisers=[organiser])
    return signed_in(organiser)


@pytest.fixture
def superuser_client() -> Client:
    return signed_in(UserFactory(username="admin", is_staff=True, is_superuser=True))


def venue_url(view: str, *args) -> str:
    return reverse(f"admin:venues_venue_{view}", args=args)


def venue_form_data(venue: Venue | None = None, **changes) -> dict:
    data = {
        "name": "Bibliotheek Neude",
        "slug": "bibliotheek-neude",
        "kind": VenueKind.LIBRARY,
        "seats": "80",
        "street_address": "Neude 11",
        "postal_code": "3512 AE",
        "city": "Utrecht",
        "municipality": "Utrecht",
        "province": Province.UTRECHT,
        "latitude": "",
        "longitude": "",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "accessibility_notes": "",
        "closures-TOTAL_FORMS": "0",
        "closures-INITIAL_FORMS": "0",
        "closures-MIN_NUM_FORMS": "0",
        "closures-MAX_NUM_FORMS": "1000",
    }
    if venue is not None:
        data.update(
            {
                name: getattr(venue, name)
                for name in ("name", "slug", "kind", "street_address", "postal_code", "city")
            }
        )
        data.update(seats=venue.seats, municipality=venue.municipality, province=venue.province)
    data.update(changes)
    return data


def test_staff_user_without_series_cannot_see_venues(db):
    client = signed_in(OrganiserFactory())

    assert client.get(venue_url("changelist")).status_code == 403


def test_organiser_lists_every_venue(organiser_client):
    venues = {VenueFactory(city="Zwolle"), VenueFactory(city="Heerlen")}

    response = organiser_client.get(venue_url("changelist"))

    assert set(response.context["cl"].result_list) == venues


def test_organiser_adds_venue_with_closure(organiser_client):
    data = venue_form_data(
        **{
            "closures-TOTAL_FORMS": "1",
            "closures-0-starts_on": "2026-07-01",
            "closures-0-ends_on": "2026-07-31",
            "closures-0-reason": "Zomersluiting",
        }
    )

    response = organiser_client.post(venue_url("add"), data)

    assert response.status_code == 302
    venue = Venue.objects.get(slug="bibliotheek-neude")
    assert [closure.reason for closure in venue.closures.all()] == ["Zomersluiting"]


def test_organiser_corrects_a_venue(organiser_client):
    venue = VenueFactory()

    response = organiser_client.post(
        venue_url("change", venue.pk), venue_form_data(venue, postal_code="3511 AB")
    )

    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.postal_code == "3511 AB"


def test_closure_ending_before_it_starts_is_a_form_error(organiser_client):
    venue = VenueFactory()
    data = venue_form_data(
        venue,
        **{
            "closures-TOTAL_FORMS": "1",
            "closures-0-starts_on": "2026-07-31",
            "closures-0-ends_on": "2026-07-01",
        },
    )

    response = organiser_client.post(venue_url("change", venue.pk), data)

    assert response.status_code == 200
    [closures] = response.context["inline_admin_formsets"]
    assert closures.formset.errors
    assert not VenueClosure.objects.filter(venue=venue).exists()


def test_organiser_cannot_delete_a_venue(organiser_client):
    venue = VenueFactory()

    response = organiser_client.post(venue_url("delete", venue.pk), {"post": "yes"})

    assert response.status_code == 403
    assert Venue.objects.filter(pk=venue.pk).exists()


def test_organiser_cannot_delete_a_closure(organiser_client):
    closure = VenueClosureFactory()
    data = venue_form_data(
        closure.venue,
        **{
            "closures-TOTAL_FORMS": "1",
            "closures-INITIAL_FORMS": "1",
            "closures-0-id": closure.pk,
            "closures-0-venue": closure.venue_id,
            "closures-0-starts_on": closure.starts_on.isoformat(),
            "closures-0-ends_on": closure.ends_on.isoformat(),
            "closures-0-reason": closure.reason,
            "closures-0-DELETE": "on",
        },
    )

    response = organiser_client.post(venue_url("change", closure.venue_id), data)

    assert response.status_code == 302
    assert VenueClosure.objects.filter(pk=closure.pk).exists()


def test_superuser_deletes_an_unused_venue(superuser_client):
    venue = VenueFactory()

    response = superuser_client.post(venue_url("delete", venue.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Venue.objects.filter(pk=venue.pk).exists()


def test_deleting_venue_with_stops_shows_cannot_delete_page(superuser_client):
    stop = ExhibitionStopFactory()

    page = superuser_client.get(venue_url("delete", stop.venue_id))
    posted = superuser_client.post(venue_url("delete", stop.venue_id), {"post": "yes"})

    assert page.status_code == 200
    assert page.context["protected"]
    assert posted.status_code == 200
    assert Venue.objects.filter(pk=stop.venue_id).exists()


def test_venue_changelist_query_count_is_constant(organiser_client):
    url = venue_url("changelist")
    VenueClosureFactory()

    with CaptureQueriesContext(connection) as one:
        organiser_client.get(url)
    VenueClosureFactory.create_batch(4)
    with CaptureQueriesContext(connection) as five:
        response = organiser_client.get(url)

    assert response.status_code == 200
    assert response.context["cl"].result_count > 1
    assert len(five) == len(one)
