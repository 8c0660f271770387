"""The back office for registrations: scoped, corrections and actions through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import messages
from django.urls import reverse
from django.utils import timezone

from events.models import (
    Registration,
    RegistrationStatus,
)
from tests.events.admin_helpers import (
    add_meeting_with_registrations,
    admin_url,
    count_queries,
    messages_of,
    run_action,
)
from tests.factories import (
    MeetingFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


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
