"""The back office through real requests: who sees what, and writes going through the services."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import (
    ExhibitionKit,
    ExhibitionStop,
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    Series,
    StopStatus,
)
from tests.events.conftest import signed_in
from tests.factories import (
    ExhibitionKitFactory,
    ExhibitionStopFactory,
    MeetingFactory,
    OpeningHoursFactory,
    OrganiserFactory,
    RegistrationFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def admin_url(model: str, view: str, *args) -> str:
    return reverse(f"admin:events_{model}_{view}", args=args)


def run_action(client, model: str, action: str, objects):
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects]},
    )


def messages_of(response) -> list[messages.storage.base.Message]:
    return list(messages.get_messages(response.wsgi_request))


def split_local(value: datetime | None) -> tuple[str, str]:
    """A datetime as the admin's date and time inputs send it, in Amsterdam time."""
    if value is None:
        return "", ""
    local = timezone.localtime(value)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def meeting_form_data(meeting: Meeting, **changes) -> dict:
    """What the meeting change form posts, with ``changes`` applied (inline left empty)."""
    values = {
        name: getattr(meeting, name)
        for name in (
            "title",
            "slug",
            "language",
            "online_url",
            "capacity",
            "audience",
            "description",
            "starts_at",
            "ends_at",
            "registration_opens_at",
            "registration_closes_at",
            "waitlist_enabled",
        )
    }
    values["series"] = meeting.series_id
    values["venue"] = meeting.venue_id or ""
    values.update(changes)
    data = {
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        "registrations-MIN_NUM_FORMS": "0",
        "registrations-MAX_NUM_FORMS": "1000",
    }
    for name, value in values.items():
        if name.endswith("_at"):
            data[f"{name}_0"], data[f"{name}_1"] = split_local(value)
        elif name == "waitlist_enabled":
            if value:
                data[name] = "on"
        else:
            data[name] = value
    return data


def stop_form_data(stop: ExhibitionStop, **changes) -> dict:
    data = {
        "kit": stop.kit_id,
        "venue": stop.venue_id,
        "slug": stop.slug,
        "host_organisation": stop.host_organisation,
        "setup_on": stop.setup_on.isoformat(),
        "opens_on": stop.opens_on.isoformat(),
        "closes_on": stop.closes_on.isoformat(),
        "teardown_on": stop.teardown_on.isoformat(),
        "description": stop.description,
        "internal_notes": stop.internal_notes,
        "opening_hours-TOTAL_FORMS": "0",
        "opening_hours-INITIAL_FORMS": "0",
        "opening_hours-MIN_NUM_FORMS": "0",
        "opening_hours-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


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


# --- Meetings ----------------------------------------------------------------


def test_organiser_meeting_changelist_lists_only_own_meetings(
    owner_client, own_series, other_series
):
    own = MeetingFactory(series=own_series, title="Geringste aanwijzing Utrecht")
    MeetingFactory(series=other_series, title="Vertrouwelijke bijeenkomst Zwolle")

    response = owner_client.get(admin_url("meeting", "changelist"))

    assert list(response.context["cl"].result_list) == [own]
    page = response.content.decode()
    assert "Geringste aanwijzing Utrecht" in page
    assert "Vertrouwelijke bijeenkomst Zwolle" not in page


def test_superuser_meeting_changelist_lists_every_meeting(
    superuser_client, own_series, other_series
):
    meetings = {MeetingFactory(series=own_series), MeetingFactory(series=other_series)}

    response = superuser_client.get(admin_url("meeting", "changelist"))

    assert set(response.context["cl"].result_list) == meetings


def test_meeting_with_two_organisers_is_listed_once(owner_client, owner, other_organiser):
    meeting = MeetingFactory(series__organisers=[owner, other_organiser])

    response = owner_client.get(admin_url("meeting", "changelist"))

    assert list(response.context["cl"].result_list) == [meeting]


def test_organiser_cannot_open_other_series_meeting(owner_client, other_series):
    meeting = MeetingFactory(series=other_series, title="Vertrouwelijke bijeenkomst Zwolle")

    response = owner_client.get(admin_url("meeting", "change", meeting.pk), follow=True)

    # Django answers as if the meeting did not exist: no hint that it does.
    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert "Vertrouwelijke bijeenkomst Zwolle" not in response.content.decode()


def test_organiser_cannot_change_other_series_meeting(owner_client, other_series):
    meeting = MeetingFactory(series=other_series, title="Vertrouwelijke bijeenkomst Zwolle")

    response = owner_client.post(
        admin_url("meeting", "change", meeting.pk),
        meeting_form_data(meeting, title="Overgenomen"),
    )

    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    meeting.refresh_from_db()
    assert meeting.title == "Vertrouwelijke bijeenkomst Zwolle"


def test_organiser_cannot_delete_other_series_meeting(owner_client, other_series):
    meeting = MeetingFactory(series=other_series)

    owner_client.post(admin_url("meeting", "delete", meeting.pk), {"post": "yes"})

    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_organiser_cannot_create_meeting_in_other_series(owner_client, other_series):
    template = MeetingFactory.build(series=other_series, venue=VenueFactory(), slug="gekaapt")

    response = owner_client.post(admin_url("meeting", "add"), meeting_form_data(template))

    assert response.status_code == 200
    assert "series" in response.context["adminform"].form.errors
    assert not Meeting.objects.filter(slug="gekaapt").exists()


def test_organiser_creates_meeting_in_own_series_as_draft(owner_client, own_series):
    template = MeetingFactory.build(series=own_series, venue=VenueFactory(), slug="nieuw")

    response = owner_client.post(admin_url("meeting", "add"), meeting_form_data(template))

    assert response.status_code == 302
    meeting = Meeting.objects.get(slug="nieuw")
    assert meeting.series == own_series
    assert meeting.status == MeetingStatus.DRAFT
    assert meeting.starts_at == template.starts_at


def test_meeting_form_offers_only_own_series(owner_client, own_series, own_tour, other_series):
    response = owner_client.get(admin_url("meeting", "add"))

    offered = set(response.context["adminform"].form.fields["series"].queryset)
    assert offered == {own_series, own_tour}


def test_saving_meeting_with_new_start_bumps_sequence(owner_client, own_series):
    meeting = MeetingFactory(series=own_series)
    later = meeting.starts_at + timedelta(hours=1)

    response = owner_client.post(
        admin_url("meeting", "change", meeting.pk), meeting_form_data(meeting, starts_at=later)
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == later
    assert meeting.sequence == 1


def test_saving_meeting_description_only_keeps_sequence(owner_client, own_series):
    meeting = MeetingFactory(series=own_series)

    response = owner_client.post(
        admin_url("meeting", "change", meeting.pk),
        meeting_form_data(meeting, description="Met lunch."),
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.description == "Met lunch."
    assert meeting.sequence == 0


def test_meeting_ending_before_it_starts_is_a_form_error(owner_client, own_series):
    meeting = MeetingFactory(series=own_series)
    ends_at = meeting.ends_at

    response = owner_client.post(
        admin_url("meeting", "change", meeting.pk),
        meeting_form_data(meeting, ends_at=meeting.starts_at - timedelta(hours=1)),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.ends_at == ends_at
    assert meeting.sequence == 0


def test_meeting_status_cannot_be_posted_through_the_form(owner_client, own_series):
    meeting = MeetingFactory(series=own_series, status=MeetingStatus.DRAFT)

    owner_client.post(
        admin_url("meeting", "change", meeting.pk),
        meeting_form_data(meeting, status=MeetingStatus.CANCELLED),
    )

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT


def test_publish_action_publishes_and_bumps_sequence(owner_client, own_series):
    meeting = MeetingFactory(series=own_series, status=MeetingStatus.DRAFT)

    response = run_action(owner_client, "meeting", "publish_meetings", [meeting])

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED
    assert meeting.sequence == 1
    assert [m.level for m in messages_of(response)] == [messages.SUCCESS]


def test_cancel_action_cancels_and_bumps_sequence(owner_client, own_series):
    meeting = MeetingFactory(series=own_series)
    registration = RegistrationFactory(meeting=meeting)

    run_action(owner_client, "meeting", "cancel_meetings", [meeting])

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.sequence == 1
    # Registrations stay, so attendees' calendars show the meeting cancelled.
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_meeting_actions_leave_other_series_alone(owner_client, other_series):
    meeting = MeetingFactory(series=other_series, status=MeetingStatus.DRAFT)

    run_action(owner_client, "meeting", "publish_meetings", [meeting])
    run_action(owner_client, "meeting", "cancel_meetings", [meeting])

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT
    assert meeting.sequence == 0


def test_meeting_changelist_shows_seats_taken_and_waiting_list(owner_client, own_series):
    meeting = MeetingFactory(series=own_series, capacity=2)
    RegistrationFactory.create_batch(2, meeting=meeting)
    RegistrationFactory.create_batch(3, meeting=meeting, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(meeting=meeting, status=RegistrationStatus.CANCELLED)

    response = owner_client.get(admin_url("meeting", "changelist"))

    [row] = response.context["cl"].result_list
    assert (row.confirmed_count, row.waitlist_count) == (2, 3)
    page = response.content.decode()
    assert '<td class="field-seats_taken">2 / 2</td>' in page
    assert '<td class="field-waiting_list">3</td>' in page


def add_meeting_with_registrations(series) -> Meeting:
    meeting = MeetingFactory(series=series, capacity=2)
    RegistrationFactory.create_batch(2, meeting=meeting)
    RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(meeting=meeting, status=RegistrationStatus.CANCELLED)
    return meeting


@pytest.mark.parametrize("user", ["owner", "superuser"])
def test_meeting_changelist_query_count_is_constant(request, owner_client, own_series, user):
    client = owner_client if user == "owner" else request.getfixturevalue("superuser_client")
    url = admin_url("meeting", "changelist")
    add_meeting_with_registrations(own_series)
    one = count_queries(client, url)
    for _ in range(4):
        add_meeting_with_registrations(own_series)

    assert count_queries(client, url) == one


def test_meeting_change_view_query_count_is_constant(owner_client, own_series):
    meeting = MeetingFactory(series=own_series)
    RegistrationFactory(meeting=meeting)
    url = admin_url("meeting", "change", meeting.pk)
    one = count_queries(owner_client, url)
    RegistrationFactory.create_batch(4, meeting=meeting)

    assert count_queries(owner_client, url) == one


@pytest.mark.parametrize("user", ["owner", "superuser"])
def test_deleting_meeting_with_registrations_shows_cannot_delete_page(
    request, owner_client, own_series, user
):
    client = owner_client if user == "owner" else request.getfixturevalue("superuser_client")
    meeting = MeetingFactory(series=own_series)
    RegistrationFactory(meeting=meeting)
    url = admin_url("meeting", "delete", meeting.pk)

    page = client.get(url)
    posted = client.post(url, {"post": "yes"})

    assert page.status_code == 200
    assert page.context["protected"]
    assert posted.status_code == 200
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_bulk_deleting_meetings_with_registrations_shows_cannot_delete_page(
    owner_client, own_series
):
    meeting = MeetingFactory(series=own_series)
    RegistrationFactory(meeting=meeting)

    response = run_action(owner_client, "meeting", "delete_selected", [meeting])

    assert response.status_code == 200
    assert response.context["protected"]
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_organiser_deletes_own_meeting_without_registrations(owner_client, own_series):
    meeting = MeetingFactory(series=own_series)

    response = owner_client.post(admin_url("meeting", "delete", meeting.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


# --- Registrations -----------------------------------------------------------


def test_organiser_registration_changelist_lists_only_own_registrations(
    owner_client, own_series, other_series
):
    own = RegistrationFactory(meeting__series=own_series)
    RegistrationFactory(meeting__series=other_series, email="geheim@example.org")

    response = owner_client.get(reverse("admin:events_registration_changelist"))

    assert list(response.context["cl"].result_list) == [own]
    assert "geheim@example.org" not in response.content.decode()


def test_organiser_cannot_open_other_series_registration(owner_client, other_series):
    registration = RegistrationFactory(meeting__series=other_series, email="geheim@example.org")

    response = owner_client.get(admin_url("registration", "change", registration.pk), follow=True)

    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert "geheim@example.org" not in response.content.decode()


@pytest.mark.parametrize("user", ["owner", "superuser"])
def test_registrations_cannot_be_added_in_the_admin(request, owner_client, user):
    client = owner_client if user == "owner" else request.getfixturevalue("superuser_client")

    assert client.get(admin_url("registration", "add")).status_code == 403


def test_registration_form_corrects_name_but_not_status_or_email(owner_client, own_series):
    registration = RegistrationFactory(meeting__series=own_series, email="an@example.org")
    other_meeting = MeetingFactory(series=own_series)

    response = owner_client.post(
        admin_url("registration", "change", registration.pk),
        {
            "name": "Anne de Vries",
            "organisation": "GGD Utrecht",
            "sector": registration.sector,
            "remarks": "Rolstoel",
            "status": RegistrationStatus.CANCELLED,
            "email": "iemand.anders@example.org",
            "meeting": other_meeting.pk,
        },
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.name, registration.remarks) == ("Anne de Vries", "Rolstoel")
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.email == "an@example.org"
    assert registration.meeting_id != other_meeting.pk


def test_cancel_action_promotes_the_first_waitlisted(owner_client, own_series):
    meeting = MeetingFactory(series=own_series, capacity=1)
    seated = RegistrationFactory(meeting=meeting)
    now = timezone.now()
    first = RegistrationFactory(
        meeting=meeting, status=RegistrationStatus.WAITLISTED, waitlisted_at=now
    )
    second = RegistrationFactory(
        meeting=meeting,
        status=RegistrationStatus.WAITLISTED,
        waitlisted_at=now + timedelta(minutes=1),
    )

    response = run_action(owner_client, "registration", "cancel_registrations", [seated])

    for registration in (seated, first, second):
        registration.refresh_from_db()
    assert seated.status == RegistrationStatus.CANCELLED
    assert first.status == RegistrationStatus.CONFIRMED
    assert second.status == RegistrationStatus.WAITLISTED
    assert [m.level for m in messages_of(response)] == [messages.SUCCESS]


def test_restore_action_brings_back_a_cancelled_registration(owner_client, own_series):
    registration = RegistrationFactory(
        meeting__series=own_series, status=RegistrationStatus.CANCELLED
    )

    response = run_action(owner_client, "registration", "restore_registrations", [registration])

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert [m.level for m in messages_of(response)] == [messages.SUCCESS]


def test_restore_action_shows_refusal_as_error(owner_client, own_series):
    meeting = MeetingFactory(series=own_series, capacity=1, waitlist_enabled=False)
    RegistrationFactory(meeting=meeting)
    cancelled = RegistrationFactory(
        meeting=meeting, name="Piet Jansen", status=RegistrationStatus.CANCELLED
    )

    response = run_action(owner_client, "registration", "restore_registrations", [cancelled])

    assert response.status_code == 302
    errors = [m for m in messages_of(response) if m.level == messages.ERROR]
    assert len(errors) == 1
    assert "Piet Jansen" in str(errors[0])
    cancelled.refresh_from_db()
    assert cancelled.status == RegistrationStatus.CANCELLED


def test_registration_actions_leave_other_series_alone(owner_client, other_series):
    registration = RegistrationFactory(meeting__series=other_series)

    run_action(owner_client, "registration", "cancel_registrations", [registration])

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_organiser_cannot_delete_registrations(owner_client, own_series):
    registration = RegistrationFactory(meeting__series=own_series)

    changelist = owner_client.get(admin_url("registration", "changelist"))
    response = owner_client.post(
        admin_url("registration", "delete", registration.pk), {"post": "yes"}
    )

    assert "delete_selected" not in dict(changelist.context["action_form"].fields["action"].choices)
    assert response.status_code == 403
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_superuser_can_delete_a_registration(superuser_client):
    registration = RegistrationFactory()

    response = superuser_client.post(
        admin_url("registration", "delete", registration.pk), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Registration.objects.filter(pk=registration.pk).exists()


@pytest.mark.parametrize("user", ["owner", "superuser"])
def test_registration_changelist_query_count_is_constant(request, owner_client, own_series, user):
    client = owner_client if user == "owner" else request.getfixturevalue("superuser_client")
    url = admin_url("registration", "changelist")
    add_meeting_with_registrations(own_series)
    one = count_queries(client, url)
    for _ in range(4):
        add_meeting_with_registrations(own_series)

    assert count_queries(client, url) == one
