"""The back office for series, kits and stops: scoped to the organiser, saved by the planner."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import messages
from django.urls import reverse

from events.models import (
    ExhibitionKit,
    Series,
    StopStatus,
)
from tests.events.admin_helpers import (
    admin_url,
    count_queries,
    messages_of,
    run_action,
    stop_form_data,
)
from tests.factories import (
    ExhibitionKitFactory,
    ExhibitionStopFactory,
    OpeningHoursFactory,
)

pytestmark = pytest.mark.django_db


# --- Series and kits ---------------------------------------------------------


def test_organiser_series_changelist_lists_only_own_series(owner_client, own_series, other_series):
    response = owner_client.get(admin_url("series", "changelist"))

    listed = set(response.context["cl"].result_list)
    assert own_series in listed
    assert other_series not in listed


def test_organiser_cannot_add_or_delete_series(owner_client, own_series):
    assert owner_client.get(admin_url("series", "add")).status_code == 403
    assert (
        owner_client.post(admin_url("series", "delete", own_series.pk), {"post": "yes"}).status_code
        == 403
    )
    assert Series.objects.filter(pk=own_series.pk).exists()


def test_organiser_cannot_change_who_organises_a_series(
    owner_client, owner, own_series, other_organiser
):
    response = owner_client.post(
        admin_url("series", "change", own_series.pk),
        {
            "name": "Geringste aanwijzing 2018",
            "slug": own_series.slug,
            "kind": own_series.kind,
            "is_public": "on",
            "description": "",
            "organisers": [other_organiser.pk],
        },
    )

    assert response.status_code == 302
    own_series.refresh_from_db()
    assert own_series.name == "Geringste aanwijzing 2018"
    assert list(own_series.organisers.all()) == [owner]


def test_superuser_can_change_who_organises_a_series(superuser_client, own_series, other_organiser):
    response = superuser_client.post(
        admin_url("series", "change", own_series.pk),
        {
            "name": own_series.name,
            "slug": own_series.slug,
            "kind": own_series.kind,
            "is_public": "on",
            "description": "",
            "organisers": [other_organiser.pk],
        },
    )

    assert response.status_code == 302
    assert list(own_series.organisers.all()) == [other_organiser]


def test_organiser_cannot_create_kit_in_other_series(owner_client, other_tour):
    response = owner_client.post(
        admin_url("exhibitionkit", "add"),
        {"series": other_tour.pk, "name": "Set 9", "slug": "set-9", "transport_days": 1},
    )

    assert response.status_code == 200
    assert "series" in response.context["adminform"].form.errors
    assert not ExhibitionKit.objects.filter(slug="set-9").exists()


# --- Exhibition stops --------------------------------------------------------


def test_stop_changelist_lists_own_stops_with_kit_city_and_status(
    owner_client, own_tour, other_tour
):
    own = ExhibitionStopFactory(
        kit__series=own_tour, kit__name="Set Noord", venue__city="Zwolle", status=StopStatus.OPTION
    )
    other = ExhibitionStopFactory(kit__series=other_tour, venue__city="Maastricht")

    response = owner_client.get(admin_url("exhibitionstop", "changelist"))

    assert list(response.context["cl"].result_list) == [own]
    assert other not in response.context["cl"].result_list
    page = response.content.decode()
    assert "Set Noord" in page
    assert "Zwolle" in page
    assert "Maastricht" not in page


def test_stop_form_offers_only_kits_of_own_series(owner_client, own_tour, other_tour):
    own_kit = ExhibitionKitFactory(series=own_tour)
    ExhibitionKitFactory(series=other_tour)

    response = owner_client.get(admin_url("exhibitionstop", "add"))

    assert list(response.context["adminform"].form.fields["kit"].queryset) == [own_kit]


def test_saving_stop_with_new_dates_bumps_sequence(owner_client, own_tour):
    stop = ExhibitionStopFactory(kit__series=own_tour)
    later = stop.closes_on + timedelta(days=7)

    response = owner_client.post(
        admin_url("exhibitionstop", "change", stop.pk),
        stop_form_data(stop, closes_on=later.isoformat(), teardown_on=later.isoformat()),
    )

    assert response.status_code == 302
    stop.refresh_from_db()
    assert stop.closes_on == later
    assert stop.sequence == 1


def test_stop_with_teardown_before_closing_is_a_form_error(owner_client, own_tour):
    stop = ExhibitionStopFactory(kit__series=own_tour)
    teardown = stop.teardown_on

    response = owner_client.post(
        admin_url("exhibitionstop", "change", stop.pk),
        stop_form_data(stop, teardown_on=(stop.closes_on - timedelta(days=1)).isoformat()),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    stop.refresh_from_db()
    assert stop.teardown_on == teardown


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("confirm_stops", StopStatus.CONFIRMED),
        ("mark_stops_as_option", StopStatus.OPTION),
        ("cancel_stops", StopStatus.CANCELLED),
    ],
)
def test_stop_status_actions_go_through_the_service(owner_client, own_tour, action, status):
    stop = ExhibitionStopFactory(kit__series=own_tour, status=StopStatus.DRAFT)

    response = run_action(owner_client, "exhibitionstop", action, [stop])

    stop.refresh_from_db()
    assert stop.status == status
    assert stop.sequence == 1
    assert [m.level for m in messages_of(response)] == [messages.SUCCESS]


def test_organiser_cannot_open_other_series_stop(owner_client, other_tour):
    stop = ExhibitionStopFactory(kit__series=other_tour, host_organisation="Gemeente Heerlen")

    response = owner_client.get(admin_url("exhibitionstop", "change", stop.pk), follow=True)

    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert "Gemeente Heerlen" not in response.content.decode()


@pytest.mark.parametrize("user", ["owner", "superuser"])
def test_stop_changelist_query_count_is_constant(request, own_tour, owner_client, user):
    client = owner_client if user == "owner" else request.getfixturevalue("superuser_client")
    url = admin_url("exhibitionstop", "changelist")
    OpeningHoursFactory(stop__kit__series=own_tour)
    one = count_queries(client, url)
    for _ in range(4):
        OpeningHoursFactory(stop__kit__series=own_tour)

    assert count_queries(client, url) == one
