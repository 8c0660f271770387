"""The planning rules in the back office: clashes are form errors or warnings, never a 500."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.utils import translation

from events.models import ExhibitionKit, ExhibitionStop, MeetingStatus, StopStatus
from tests.events.admin_helpers import (
    admin_url,
    meeting_form_data,
    messages_of,
    run_action,
    stop_form_data,
)
from tests.events.conftest import signed_in
from tests.events.planning.test_concurrency import wait_until_waiting_on_a_lock
from tests.factories import (
    ExhibitionKitFactory,
    ExhibitionStopFactory,
    MeetingFactory,
    VenueFactory,
)
from tests.venues.test_admin import venue_form_data, venue_url

pytestmark = pytest.mark.django_db

MONDAY = date(2027, 3, 1)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def stop_of(kit, venue=None, *, setup_on: date, **fields) -> ExhibitionStop:
    return ExhibitionStopFactory(
        kit=kit,
        venue=venue or VenueFactory(),
        setup_on=setup_on,
        opens_on=setup_on + timedelta(days=1),
        closes_on=setup_on + timedelta(days=12),
        teardown_on=setup_on + timedelta(days=13),
        **fields,
    )


def iso(day: date) -> str:
    return day.isoformat()


@pytest.fixture(autouse=True)
def english():
    """Admin URLs (and so the messages) in English, whatever a test before left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def kit(own_tour):
    return ExhibitionKitFactory(series=own_tour, name="Set A", transport_days=1)


# --- Stops -------------------------------------------------------------------------


def test_moving_a_confirmed_stop_onto_another_is_a_form_error(owner_client, kit):
    stop_of(kit, VenueFactory(name="Stadhuis Zwolle"), setup_on=MONDAY)
    moving = stop_of(kit, setup_on=MONDAY + timedelta(weeks=4))
    new_setup = MONDAY + timedelta(days=10)

    response = owner_client.post(
        admin_url("exhibitionstop", "change", moving.pk),
        stop_form_data(
            moving,
            setup_on=iso(new_setup),
            opens_on=iso(new_setup + timedelta(days=1)),
            closes_on=iso(new_setup + timedelta(days=12)),
            teardown_on=iso(new_setup + timedelta(days=13)),
        ),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "Set A is already bound to the confirmed stop at Stadhuis Zwolle" in errors[0]
    moving.refresh_from_db()
    assert moving.setup_on == MONDAY + timedelta(weeks=4)


def test_new_stop_is_a_draft_saved_with_a_warning_for_each_clash(owner_client, kit):
    venue = VenueFactory()
    stop_of(kit, setup_on=MONDAY)

    response = owner_client.post(
        admin_url("exhibitionstop", "add"),
        stop_form_data(
            ExhibitionStop(
                kit=kit,
                venue=venue,
                slug="nieuw",
                host_organisation="Gemeente",
                setup_on=MONDAY + timedelta(days=3),
                opens_on=MONDAY + timedelta(days=4),
                closes_on=MONDAY + timedelta(days=20),
                teardown_on=MONDAY + timedelta(days=21),
            )
        ),
        follow=True,
    )

    new = ExhibitionStop.objects.get(slug="nieuw")
    assert new.status == StopStatus.DRAFT
    assert new.occupied_from == MONDAY + timedelta(days=2)
    warnings = [m.message for m in messages_of(response) if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert warnings[0].startswith("Clash: Set A is already bound to the confirmed stop")


def test_stop_change_form_shows_the_clash_preview_box(owner_client, kit):
    stop_of(kit, VenueFactory(name="Stadhuis Zwolle"), setup_on=MONDAY)
    option = stop_of(kit, setup_on=MONDAY + timedelta(days=7), status=StopStatus.OPTION)

    body = owner_client.get(admin_url("exhibitionstop", "change", option.pk)).content
    body = body.decode()

    assert 'id="clash-preview"' in body
    assert 'data-url="/en/organiser/clash-check/"' in body
    assert f'data-stop="{option.pk}"' in body
    assert "events/clash-preview.js" in body
    assert "Refused when confirmed" in body
    assert "Set A is already bound to the confirmed stop at Stadhuis Zwolle" in body


def test_stop_add_form_has_the_preview_box_without_a_stop(owner_client, kit):
    body = owner_client.get(admin_url("exhibitionstop", "add")).content.decode()

    assert 'id="clash-preview"' in body
    assert 'data-stop=""' in body


def test_stop_change_view_query_count_is_constant(owner_client, kit):
    from tests.events.admin_helpers import count_queries

    stop = stop_of(kit, setup_on=MONDAY)
    url = admin_url("exhibitionstop", "change", stop.pk)
    one = count_queries(owner_client, url)
    for n in range(4):
        stop_of(kit, stop.venue, setup_on=MONDAY + timedelta(days=3 + n), status=StopStatus.OPTION)

    assert count_queries(owner_client, url) == one


def test_confirm_action_refuses_the_clashing_stop_and_confirms_the_others(owner_client, kit):
    stop_of(kit, VenueFactory(name="Stadhuis Zwolle"), setup_on=MONDAY)
    clashing = stop_of(kit, setup_on=MONDAY + timedelta(days=7), status=StopStatus.OPTION)
    free = stop_of(kit, setup_on=MONDAY + timedelta(weeks=8), status=StopStatus.OPTION)

    response = run_action(owner_client, "exhibitionstop", "confirm_stops", [clashing, free])

    assert response.status_code == 302
    clashing.refresh_from_db()
    free.refresh_from_db()
    assert (clashing.status, free.status) == (StopStatus.OPTION, StopStatus.CONFIRMED)
    levels = {m.level_tag: m.message for m in messages_of(response)}
    assert "stays “option”: Set A is already bound to the confirmed stop" in levels["error"]


def test_marking_a_stop_as_option_warns_about_its_clashes(owner_client, kit):
    stop_of(kit, setup_on=MONDAY)
    draft = stop_of(kit, setup_on=MONDAY + timedelta(days=7), status=StopStatus.DRAFT)

    response = run_action(owner_client, "exhibitionstop", "mark_stops_as_option", [draft])

    draft.refresh_from_db()
    assert draft.status == StopStatus.OPTION
    assert [m.level_tag for m in messages_of(response)].count("warning") == 1


def test_stop_changelist_links_to_timeline_and_free_windows(owner_client, kit):
    body = owner_client.get(admin_url("exhibitionstop", "changelist")).content.decode()

    assert 'href="/en/organiser/timeline/"' in body
    assert 'href="/en/organiser/free-windows/"' in body


# --- Kits ---------------------------------------------------------------------------


def kit_form_data(kit: ExhibitionKit, **changes) -> dict:
    data = {
        "series": kit.series_id,
        "name": kit.name,
        "slug": kit.slug,
        "panel_count": "",
        "transport_days": kit.transport_days,
        "description": "",
    }
    data.update(changes)
    return data


def test_longer_transport_that_makes_confirmed_stops_clash_is_a_form_error(owner_client, kit):
    first = stop_of(kit, setup_on=MONDAY)
    stop_of(kit, setup_on=first.teardown_on + timedelta(days=3))

    response = owner_client.post(
        admin_url("exhibitionkit", "change", kit.pk),
        kit_form_data(kit, transport_days=2),
    )

    assert response.status_code == 200
    assert "With 2 transport day(s)" in response.context["adminform"].form.non_field_errors()[0]
    kit.refresh_from_db()
    assert kit.transport_days == 1


def test_changing_transport_days_in_the_admin_moves_the_stops_occupied_days(owner_client, kit):
    stop = stop_of(kit, setup_on=MONDAY)

    response = owner_client.post(
        admin_url("exhibitionkit", "change", kit.pk), kit_form_data(kit, transport_days=3)
    )

    assert response.status_code == 302
    stop.refresh_from_db()
    assert stop.occupied_from == MONDAY - timedelta(days=3)


# --- Meetings -------------------------------------------------------------------------


def test_meeting_overlapping_another_at_the_venue_is_a_form_error(owner_client, own_series):
    venue = VenueFactory(name="Jaarbeurs Meeting Center")
    start = datetime(2027, 3, 4, 13, 30, tzinfo=AMSTERDAM)
    MeetingFactory(
        venue=venue,
        title="Landelijke bijeenkomst",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )
    meeting = MeetingFactory(series=own_series, venue=venue, starts_at=start + timedelta(days=1))

    response = owner_client.post(
        admin_url("meeting", "change", meeting.pk),
        meeting_form_data(
            meeting, starts_at=start + timedelta(hours=1), ends_at=start + timedelta(hours=2)
        ),
    )

    assert response.status_code == 200
    (error,) = response.context["adminform"].form.non_field_errors()
    assert "Jaarbeurs Meeting Center already has the meeting “Landelijke bijeenkomst”" in error
    meeting.refresh_from_db()
    assert meeting.starts_at == start + timedelta(days=1)


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the exclusion constraint refuses the setup itself"
)
def test_publish_action_refuses_a_clashing_draft_with_a_message(owner_client, own_series):
    venue = VenueFactory()
    start = datetime(2027, 3, 4, 13, 30, tzinfo=AMSTERDAM)
    draft = MeetingFactory(
        series=own_series,
        venue=venue,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        status=MeetingStatus.DRAFT,
    )
    MeetingFactory(venue=venue, starts_at=start, ends_at=start + timedelta(hours=1))

    response = run_action(owner_client, "meeting", "publish_meetings", [draft])

    draft.refresh_from_db()
    assert draft.status == MeetingStatus.DRAFT
    assert "error" in [m.level_tag for m in messages_of(response)]


# --- Venue closures ---------------------------------------------------------------------


def test_closure_over_a_confirmed_stop_is_saved_with_a_warning(db, kit):
    venue = VenueFactory()
    stop_of(kit, venue, setup_on=MONDAY)
    client = signed_in(kit.series.organisers.get())
    data = venue_form_data(
        venue,
        **{
            "closures-TOTAL_FORMS": "1",
            "closures-0-starts_on": iso(MONDAY + timedelta(days=5)),
            "closures-0-ends_on": iso(MONDAY + timedelta(days=6)),
            "closures-0-reason": "Verbouwing",
        },
    )

    response = client.post(venue_url("change", venue.pk), data, follow=True)

    assert venue.closures.count() == 1
    warnings = [m.message for m in messages_of(response) if m.level_tag == "warning"]
    assert len(warnings) == 1 and "Set A" in warnings[0]


# --- A clash committed between the form's check and the save (PostgreSQL) -----------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_clash_committed_past_the_service_during_an_admin_save_is_a_message_not_a_500(
    owner, own_tour
):
    """A writer that skips the services commits while the admin saves: no 500, nothing saved."""
    kit = ExhibitionKitFactory(series=own_tour, name="Set A", transport_days=1)
    stop = stop_of(kit, setup_on=MONDAY + timedelta(weeks=10))
    inserted, release = threading.Event(), threading.Event()
    admin_pid: list[int] = []

    def writer():
        try:
            with transaction.atomic():
                stop_of(kit, VenueFactory(name="Stadhuis Zwolle"), setup_on=MONDAY, slug="bypass")
                inserted.set()
                release.wait(20)
        finally:
            connection.close()

    def organiser():
        try:
            inserted.wait(20)
            connection.ensure_connection()
            admin_pid.append(connection.connection.info.backend_pid)
            client = signed_in(owner)
            # The active language is per thread: this one asks for English too.
            with translation.override("en"):
                url = admin_url("exhibitionstop", "change", stop.pk)
            return client.post(
                url,
                stop_form_data(
                    stop,
                    setup_on=iso(MONDAY + timedelta(days=3)),
                    opens_on=iso(MONDAY + timedelta(days=4)),
                    closes_on=iso(MONDAY + timedelta(days=8)),
                    teardown_on=iso(MONDAY + timedelta(days=9)),
                ),
                follow=True,
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        writing = pool.submit(writer)
        saving = pool.submit(organiser)
        try:
            assert wait_until_waiting_on_a_lock(admin_pid), "the admin save never waited"
        finally:
            release.set()
        response = saving.result(timeout=30)
        writing.result(timeout=30)

    assert response.status_code == 200
    errors = [m.message for m in messages_of(response) if m.level_tag == "error"]
    assert "Set A is already bound to the confirmed stop at Stadhuis Zwolle" in errors[0]
    stop.refresh_from_db()
    assert stop.setup_on == MONDAY + timedelta(weeks=10)
