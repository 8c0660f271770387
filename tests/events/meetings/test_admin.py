"""The back office for meetings: scoped to the organiser, writes through the meeting services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import messages
from django.urls import reverse

from events.models import (
    Meeting,
    MeetingStatus,
    RegistrationStatus,
)
from tests.events.admin_helpers import (
    add_meeting_with_registrations,
    admin_url,
    count_queries,
    meeting_form_data,
    messages_of,
    run_action,
)
from tests.factories import (
    MeetingFactory,
    RegistrationFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


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
