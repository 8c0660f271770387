"""Helpers for back-office tests: admin URLs, form data as the admin posts it, actions."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import ExhibitionStop, Meeting, RegistrationStatus
from tests.factories import MeetingFactory, RegistrationFactory


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


def add_meeting_with_registrations(series) -> Meeting:
    meeting = MeetingFactory(series=series, capacity=2)
    RegistrationFactory.create_batch(2, meeting=meeting)
    RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(meeting=meeting, status=RegistrationStatus.CANCELLED)
    return meeting
