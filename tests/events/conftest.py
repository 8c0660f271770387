"""The owner / other organiser / administrator trio, each with a signed-in client."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import OrganiserFactory, SeriesFactory, TourFactory, UserFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner(db):
    return OrganiserFactory(username="owner")


@pytest.fixture
def other_organiser(db):
    return OrganiserFactory(username="other")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def own_series(owner):
    return SeriesFactory(name="Geringste aanwijzing", organisers=[owner])


@pytest.fixture
def other_series(other_organiser):
    return SeriesFactory(name="Andermans reeks", organisers=[other_organiser])


@pytest.fixture
def own_tour(owner):
    return TourFactory(name="Open je Ogen", organisers=[owner])


@pytest.fixture
def other_tour(other_organiser):
    return TourFactory(name="Andermans tour", organisers=[other_organiser])


@pytest.fixture
def owner_client(owner, own_series, own_tour) -> Client:
    return signed_in(owner)


@pytest.fixture
def other_client(other_organiser, other_series, other_tour) -> Client:
    return signed_in(other_organiser)


@pytest.fixture
def superuser_client(superuser) -> Client:
    return signed_in(superuser)
