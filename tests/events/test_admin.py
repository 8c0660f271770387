"""The back office through real requests: who may come in, and what the index costs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.events.admin_helpers import (
    admin_url,
    count_queries,
)
from tests.events.conftest import signed_in
from tests.factories import (
    MeetingFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db


# --- Who may come in ---------------------------------------------------------


def test_staff_user_without_series_sees_no_events_models(db):
    client = signed_in(OrganiserFactory())

    index = client.get(reverse("admin:index"))

    assert index.status_code == 200
    assert not [app for app in index.context["app_list"] if app["app_label"] == "events"]
    assert client.get(admin_url("meeting", "changelist")).status_code == 403


def test_organiser_sees_events_models_but_not_users(owner_client):
    index = owner_client.get(reverse("admin:index"))

    labels = {app["app_label"] for app in index.context["app_list"]}
    assert "events" in labels
    assert "accounts" not in labels
    assert owner_client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_admin_index_query_count_is_constant(owner_client, own_series):
    before = count_queries(owner_client, reverse("admin:index"))
    MeetingFactory.create_batch(4, series=own_series)

    assert count_queries(owner_client, reverse("admin:index")) == before
