"""The delivery log and the organisers' message, through real admin requests."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import translation

from events.registrations.services import register
from notifications.models import Notification
from tests.events.admin_helpers import messages_of
from tests.factories import SeriesFactory
from tests.notifications.helpers import attendee, pending
from tests.notifications.test_outbox import meeting_in

pytestmark = pytest.mark.django_db

# The English admin, so that the assertions read the messages as written in the code.
with translation.override("en"):
    LOG = reverse("admin:notifications_notification_changelist")
    MEETINGS = reverse("admin:events_meeting_changelist")


def registrations_for(series, count: int, *, capacity: int = 50):
    meeting = meeting_in(30, series=series, capacity=capacity)
    for n in range(count):
        register(meeting=meeting, attendee=attendee(n + 100 * series.pk, language="en"))
    return meeting


def test_delivery_log_shows_organisers_only_their_own_series(
    owner_client, own_series, other_series
):
    registrations_for(own_series, 1)
    registrations_for(other_series, 1)

    response = owner_client.get(LOG)

    assert response.status_code == 200
    shown = {row.series_id for row in response.context["cl"].result_list}
    assert shown == {own_series.pk}


def test_delivery_log_of_another_series_row_is_not_found(owner_client, other_series):
    registrations_for(other_series, 1)
    row = Notification.objects.first()
    url = reverse("admin:notifications_notification_change", args=[row.pk])
    assert owner_client.get(url).status_code == 302  # the admin sends it home, unseen


def test_delivery_log_filters_by_status_and_kind(superuser_client, own_series):
    registrations_for(own_series, 2)
    response = superuser_client.get(
        LOG, {"status__exact": "pending", "kind__exact": "meeting_reminder"}
    )
    assert response.context["cl"].result_count == 4


@pytest.mark.parametrize("count", [1, 10])
def test_delivery_log_costs_the_same_queries_for_1_or_10_registrations(
    count, owner_client, own_series, own_tour, django_assert_max_num_queries
):
    registrations_for(own_series, count)
    with django_assert_max_num_queries(11):
        assert owner_client.get(LOG).status_code == 200


def test_nobody_adds_or_edits_rows_in_the_log(superuser_client, own_series):
    registrations_for(own_series, 1)
    row = Notification.objects.first()
    assert superuser_client.get(reverse("admin:notifications_notification_add")).status_code == 403
    url = reverse("admin:notifications_notification_change", args=[row.pk])
    response = superuser_client.post(url, {"recipient": "else@example.org"})
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.recipient != "else@example.org"


def test_retry_action_requeues_failed_rows_of_the_organisers_series(
    owner_client, own_series, other_series
):
    registrations_for(own_series, 1)
    registrations_for(other_series, 1)
    Notification.objects.filter(kind="registration_confirmed").update(
        status="failed", attempts=5, last_error="SMTPDataError"
    )

    response = owner_client.post(
        LOG,
        {
            "action": "retry_failed",
            ACTION_CHECKBOX_NAME: list(Notification.objects.values_list("pk", flat=True)),
        },
    )

    assert response.status_code == 302
    statuses = dict(
        Notification.objects.filter(kind="registration_confirmed").values_list("series", "status")
    )
    assert statuses == {own_series.pk: "pending", other_series.pk: "failed"}
    assert "1 failed message is queued again." in [m.message for m in messages_of(response)]


# --- The organisers' message -------------------------------------------------------


def action(client, meeting, **data):
    return client.post(
        MEETINGS, {"action": "message_registrants", ACTION_CHECKBOX_NAME: [meeting.pk], **data}
    )


def test_message_action_shows_a_form_then_a_preview_then_queues(owner_client, own_series):
    meeting = registrations_for(own_series, 3, capacity=2)
    message_id = str(uuid.uuid4())

    form = action(owner_client, meeting)
    assert form.status_code == 200
    assert b'name="subject"' in form.content

    message = {"subject": "Parkeren", "body": "Parkeer\n\nachter", "message_id": message_id}
    preview = action(owner_client, meeting, stage="preview", **message)
    assert preview.status_code == 200
    assert b"This message goes to 2 registrants." in preview.content
    assert b"Parkeer\n\nachter" in preview.content
    assert not Notification.objects.filter(kind="organiser_message").exists()

    sent = action(owner_client, meeting, stage="send", **message)
    assert sent.status_code == 302
    assert pending(kind="organiser_message").count() == 2
    assert "Your message is queued for 2 registrants." in [m.message for m in messages_of(sent)]

    action(owner_client, meeting, stage="send", **message)  # sent twice: still once
    assert Notification.objects.filter(kind="organiser_message").count() == 2


def test_message_action_can_include_the_waiting_list(owner_client, own_series):
    meeting = registrations_for(own_series, 3, capacity=2)
    action(
        owner_client,
        meeting,
        stage="send",
        subject="S",
        body="B",
        include_waitlist="on",
        message_id=str(uuid.uuid4()),
    )
    assert pending(kind="organiser_message").count() == 3


def test_message_action_refuses_a_subject_with_a_line_break(owner_client, own_series):
    meeting = registrations_for(own_series, 1)
    response = action(
        owner_client,
        meeting,
        stage="send",
        subject="Hallo\r\nBcc: iedereen@example.org",
        body="B",
        message_id=str(uuid.uuid4()),
    )
    assert response.status_code == 200
    assert "subject" in response.context["form"].errors
    assert not Notification.objects.filter(kind="organiser_message").exists()


def test_message_action_wants_exactly_one_meeting(owner_client, own_series):
    first = registrations_for(own_series, 1)
    second = meeting_in(40, series=own_series)
    response = owner_client.post(
        MEETINGS, {"action": "message_registrants", ACTION_CHECKBOX_NAME: [first.pk, second.pk]}
    )
    assert response.status_code == 302
    assert "Select one meeting to send a message about." in [
        m.message for m in messages_of(response)
    ]


def test_message_action_cannot_reach_another_series(owner_client, other_series):
    meeting = registrations_for(other_series, 1)
    action(
        owner_client,
        meeting,
        stage="send",
        subject="S",
        body="B",
        message_id=str(uuid.uuid4()),
    )
    assert not Notification.objects.filter(kind="organiser_message").exists()


def test_changing_series_reminder_days_in_the_admin_replans(superuser_client):
    series = SeriesFactory(reminder_days_before="7,1")
    meeting = registrations_for(series, 1)
    url = reverse("admin:events_series_change", args=[series.pk])
    data = {
        "name": series.name,
        "slug": series.slug,
        "kind": series.kind,
        "is_public": "on",
        "description": "",
        "reminder_days_before": "3",
    }

    response = superuser_client.post(url, data)

    assert response.status_code == 302
    live = pending(kind="meeting_reminder", meeting=meeting)
    assert [n.payload["days"] for n in live] == [3]


def test_series_reminder_days_refuses_nonsense_with_a_message(superuser_client):
    series = SeriesFactory()
    with translation.override("en"):
        url = reverse("admin:events_series_change", args=[series.pk])
    response = superuser_client.post(
        url,
        {
            "name": series.name,
            "slug": series.slug,
            "kind": series.kind,
            "reminder_days_before": "7,x",
        },
    )
    assert response.status_code == 200
    assert "Give whole numbers of days from 1 to 60" in str(
        response.context["adminform"].form.errors["reminder_days_before"]
    )


def test_message_preview_html_has_its_own_policy_and_only_its_author_sees_it(
    owner_client, other_client, client, own_series
):
    meeting = registrations_for(own_series, 1)
    message = {"subject": "Parkeren", "body": "Parkeer achter", "message_id": str(uuid.uuid4())}
    page = action(owner_client, meeting, stage="preview", **message)
    frame_url = page.content.decode().split('class="message-preview-html"')[1]
    frame_url = frame_url.split('src="')[1].split('"')[0]

    frame = owner_client.get(frame_url)

    assert frame.status_code == 200
    assert b"Parkeer achter" in frame.content
    policy = frame["Content-Security-Policy"]
    assert "'unsafe-hashes' 'sha256-" in policy
    assert "unsafe-inline" not in policy
    assert "script-src" not in policy and "default-src 'none'" in policy  # nothing runs
    assert frame["X-Frame-Options"] == "SAMEORIGIN"
    # The page around it keeps the site's policy: no inline style anywhere.
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    assert b' style="' not in page.content

    assert other_client.get(frame_url).status_code == 404  # another organiser's session
    assert client.get(frame_url).status_code == 302  # to the sign-in
