"""What the service functions queue, in their own transaction, and what they cancel."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.meetings.services import cancel_meeting, publish_meeting, save_meeting
from events.models import MeetingStatus, StopStatus
from events.planning import save_stop, set_stop_status
from events.registrations.services import (
    RegistrationRefused,
    cancel_registration,
    register,
    restore_registration,
)
from notifications import outbox
from notifications.models import Notification
from notifications.timing import at_local
from tests.factories import (
    ExhibitionKitFactory,
    ExhibitionStopFactory,
    MeetingFactory,
    OrganiserFactory,
    SeriesFactory,
    TourFactory,
    VenueFactory,
)
from tests.notifications.helpers import attendee, pending, rows

pytestmark = pytest.mark.django_db


def meeting_in(days: int, **kwargs):
    """A published meeting ``days`` from now at 10:00 Amsterdam time."""
    day = timezone.localdate() + timedelta(days=days)
    starts_at = at_local(day, time(10, 0))
    return MeetingFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), **kwargs)


def reminder_rows(registration):
    return sorted(
        (n.payload["days"], n.due_at, n.status)
        for n in registration.notifications.filter(kind="meeting_reminder")
    )


# --- Registrations -------------------------------------------------------------


def test_register_confirmed_queues_confirmation_now_and_reminders_7_and_1_days_before():
    meeting = meeting_in(30)
    before = timezone.now()
    registration = register(meeting=meeting, attendee=attendee(1))

    confirmation = registration.notifications.get(kind="registration_confirmed")
    assert confirmation.recipient == "p1@example.org"
    assert before <= confirmation.due_at <= timezone.now()
    assert reminder_rows(registration) == [
        (1, meeting.starts_at - timedelta(days=1), "pending"),
        (7, meeting.starts_at - timedelta(days=7), "pending"),
    ]


def test_register_waitlisted_queues_waitlist_notice_and_no_reminders():
    meeting = meeting_in(30, capacity=1)
    register(meeting=meeting, attendee=attendee(1))
    second = register(meeting=meeting, attendee=attendee(2))

    assert rows(registration=second) == [("registration_waitlisted", "p2@example.org", "pending")]


def test_register_in_english_queues_english_notices():
    registration = register(meeting=meeting_in(30), attendee=attendee(1, language="en"))
    assert set(registration.notifications.values_list("language", flat=True)) == {"en"}


def test_register_refused_queues_nothing():
    meeting = meeting_in(30, capacity=1, waitlist_enabled=False)
    register(meeting=meeting, attendee=attendee(1))
    with pytest.raises(RegistrationRefused):
        register(meeting=meeting, attendee=attendee(2))
    assert Notification.objects.count() == 3  # the first person's confirmation and reminders


def test_register_three_days_before_plans_only_the_one_day_reminder():
    registration = register(meeting=meeting_in(3), attendee=attendee(1))
    assert [days for days, _, _ in reminder_rows(registration)] == [1]


def test_register_follows_the_series_reminder_days():
    series = SeriesFactory(reminder_days_before="14,3,1")
    registration = register(meeting=meeting_in(30, series=series), attendee=attendee(1))
    assert [days for days, _, _ in reminder_rows(registration)] == [1, 3, 14]


def test_register_with_reminders_switched_off_plans_none():
    series = SeriesFactory(reminder_days_before="")
    registration = register(meeting=meeting_in(30, series=series), attendee=attendee(1))
    assert reminder_rows(registration) == []
    assert registration.notifications.filter(kind="registration_confirmed").exists()


def test_queueing_the_same_message_twice_keeps_one_row():
    registration = register(meeting=meeting_in(30), attendee=attendee(1))
    count = Notification.objects.count()

    outbox.queue_registration_received(registration=registration)
    outbox.replan_reminders(meeting=registration.meeting)

    assert Notification.objects.count() == count


def test_dedupe_key_is_unique_in_the_database():
    registration = register(meeting=meeting_in(30), attendee=attendee(1))
    row = registration.notifications.first()
    row.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_status_outside_the_list_is_refused_by_the_database():
    registration = register(meeting=meeting_in(30), attendee=attendee(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        registration.notifications.update(status="lost")


def test_cancel_registration_cancels_its_reminders_and_queues_a_notice():
    registration = register(meeting=meeting_in(30), attendee=attendee(1))

    cancel_registration(registration=registration)

    assert [status for _, _, status in reminder_rows(registration)] == ["cancelled", "cancelled"]
    assert pending(registration=registration).get().kind == "registration_cancelled"


def test_cancel_registration_tells_the_promoted_person_and_plans_their_reminders():
    meeting = meeting_in(30, capacity=1)
    first = register(meeting=meeting, attendee=attendee(1))
    second = register(meeting=meeting, attendee=attendee(2))

    result = cancel_registration(registration=first)

    assert [p.pk for p in result.promoted] == [second.pk]
    kinds = set(pending(registration=second).values_list("kind", flat=True))
    assert kinds == {"registration_waitlisted", "registration_promoted", "meeting_reminder"}
    assert [days for days, _, _ in reminder_rows(second)] == [1, 7]


def test_cancel_registration_twice_queues_one_notice():
    registration = register(meeting=meeting_in(30), attendee=attendee(1))
    cancel_registration(registration=registration)
    cancel_registration(registration=registration)
    assert registration.notifications.filter(kind="registration_cancelled").count() == 1


def test_restore_registration_queues_a_new_confirmation_and_revives_its_reminders():
    registration = register(meeting=meeting_in(30), attendee=attendee(1))
    cancel_registration(registration=registration)

    restore_registration(registration=registration)

    confirmations = registration.notifications.filter(kind="registration_confirmed")
    assert confirmations.count() == 2
    assert [status for _, _, status in reminder_rows(registration)] == ["pending", "pending"]


# --- Meetings ------------------------------------------------------------------


def test_moving_a_meeting_tells_every_active_registrant_and_replans_reminders():
    meeting = meeting_in(30, capacity=1)
    confirmed = register(meeting=meeting, attendee=attendee(1))
    waiting = register(meeting=meeting, attendee=attendee(2))
    gone = register(meeting=meeting, attendee=attendee(3))
    cancel_registration(registration=gone)

    meeting.starts_at += timedelta(days=14)
    meeting.ends_at += timedelta(days=14)
    save_meeting(meeting=meeting)

    changed = pending(kind="meeting_changed")
    assert sorted(changed.values_list("registration", flat=True)) == [confirmed.pk, waiting.pk]
    reminders = reminder_rows(confirmed)
    assert [(d, due) for d, due, s in reminders if s == "pending"] == [
        (1, meeting.starts_at - timedelta(days=1)),
        (7, meeting.starts_at - timedelta(days=7)),
    ]
    assert [s for *_, s in reminders].count("cancelled") == 2
    assert not waiting.notifications.filter(kind="meeting_reminder").exists()


def test_moving_a_meeting_twice_leaves_only_the_newest_notice_pending():
    meeting = meeting_in(30)
    register(meeting=meeting, attendee=attendee(1))
    for hours in (1, 2):
        meeting.starts_at += timedelta(hours=hours)
        meeting.ends_at += timedelta(hours=hours)
        save_meeting(meeting=meeting)

    notices = Notification.objects.filter(kind="meeting_changed").order_by("id")
    assert [(n.payload["sequence"], n.status) for n in notices] == [
        (1, "cancelled"),
        (2, "pending"),
    ]


def test_changing_only_the_description_queues_nothing():
    meeting = meeting_in(30)
    register(meeting=meeting, attendee=attendee(1))
    count = Notification.objects.count()

    meeting.description = "Nieuwe omschrijving"
    save_meeting(meeting=meeting)

    assert Notification.objects.count() == count


def test_changing_the_venue_replans_reminders_at_the_same_time_for_the_new_sequence():
    meeting = meeting_in(30)
    registration = register(meeting=meeting, attendee=attendee(1))

    meeting.venue = VenueFactory()
    save_meeting(meeting=meeting)

    live = registration.notifications.filter(kind="meeting_reminder", status="pending")
    assert sorted((n.payload["days"], n.payload["sequence"]) for n in live) == [(1, 1), (7, 1)]
    assert pending(kind="meeting_changed").count() == 1


def test_a_failed_save_queues_nothing():
    meeting = meeting_in(30)
    register(meeting=meeting, attendee=attendee(1))
    count = Notification.objects.count()

    meeting.ends_at = meeting.starts_at - timedelta(hours=1)
    with pytest.raises(Exception):  # noqa: B017 - the model's own ValidationError
        save_meeting(meeting=meeting)

    assert Notification.objects.count() == count


def test_cancelling_a_meeting_cancels_reminders_and_tells_active_registrants():
    meeting = meeting_in(30, capacity=1)
    confirmed = register(meeting=meeting, attendee=attendee(1))
    waiting = register(meeting=meeting, attendee=attendee(2))
    outbox.queue_organiser_message(
        meeting=meeting,
        subject="Sorry",
        body="Uitleg",
        include_waitlist=True,
        message_id="m1",
    )

    cancel_meeting(meeting=meeting)

    assert not pending(kind="meeting_reminder").exists()
    notices = pending(kind="meeting_cancelled")
    assert sorted(notices.values_list("registration", flat=True)) == [confirmed.pk, waiting.pk]
    assert pending(kind="organiser_message").count() == 2  # the organisers' word still goes


def test_cancelling_a_meeting_twice_queues_one_notice_each():
    meeting = meeting_in(30)
    register(meeting=meeting, attendee=attendee(1))
    cancel_meeting(meeting=meeting)
    cancel_meeting(meeting=meeting)
    assert Notification.objects.filter(kind="meeting_cancelled").count() == 1


def test_publishing_plans_reminders_of_people_already_registered():
    meeting = meeting_in(30)
    registration = register(meeting=meeting, attendee=attendee(1))
    Notification.objects.all().delete()
    meeting.status = MeetingStatus.DRAFT
    save_meeting(meeting=meeting)

    publish_meeting(meeting=meeting)

    assert [days for days, _, _ in reminder_rows(registration)] == [1, 7]


def test_changing_series_reminder_days_replans_upcoming_meetings():
    series = SeriesFactory()
    registration = register(meeting=meeting_in(30, series=series), attendee=attendee(1))
    series.reminder_days_before = "2"
    series.save()

    outbox.replan_series_reminders(series_id=series.pk)

    live = registration.notifications.filter(kind="meeting_reminder", status="pending")
    assert [n.payload["days"] for n in live] == [2]


def test_stop_reminders_cancels_pending_reminders_and_keeps_them_stopped_after_a_move():
    meeting = meeting_in(30)
    registration = register(meeting=meeting, attendee=attendee(1))

    assert outbox.stop_reminders(registration=registration) == 2
    meeting.starts_at += timedelta(days=7)
    meeting.ends_at += timedelta(days=7)
    save_meeting(meeting=meeting)

    assert not pending(kind="meeting_reminder").exists()
    assert pending(kind="meeting_changed").count() == 1  # changes are still told
    registration.refresh_from_db()
    assert registration.reminders_stopped_at is not None


def test_organiser_message_sent_twice_with_the_same_id_queues_once():
    meeting = meeting_in(30, capacity=1)
    register(meeting=meeting, attendee=attendee(1))
    register(meeting=meeting, attendee=attendee(2))
    message = {"meeting": meeting, "subject": "Route", "body": "Parkeren achter", "message_id": "x"}

    assert outbox.queue_organiser_message(include_waitlist=False, **message) == 1
    assert outbox.queue_organiser_message(include_waitlist=False, **message) == 1

    assert Notification.objects.filter(kind="organiser_message").count() == 1


def test_organiser_message_can_include_the_waiting_list():
    meeting = meeting_in(30, capacity=1)
    register(meeting=meeting, attendee=attendee(1))
    register(meeting=meeting, attendee=attendee(2))
    count = outbox.queue_organiser_message(
        meeting=meeting, subject="S", body="B", include_waitlist=True, message_id="y"
    )
    assert count == 2


# --- Exhibition logistics --------------------------------------------------------


@pytest.fixture
def stop_people():
    organiser = OrganiserFactory(email="eline@comensha.test")
    tour = TourFactory(organisers=[organiser, OrganiserFactory(email="")])
    kit = ExhibitionKitFactory(series=tour, transport_days=2)
    venue = VenueFactory(contact_name="Joost", contact_email="joost@stadhuis.test")
    return kit, venue


def logistics(stop):
    return sorted(
        (n.kind, n.recipient, n.due_at)
        for n in Notification.objects.filter(stop=stop, status="pending")
    )


def test_confirmed_stop_plans_four_notices_for_organisers_and_venue_contact(stop_people):
    kit, venue = stop_people
    setup_on = date.today() + timedelta(days=20)
    stop = ExhibitionStopFactory.build(
        kit=kit,
        venue=venue,
        setup_on=setup_on,
        opens_on=setup_on + timedelta(days=1),
        closes_on=setup_on + timedelta(days=10),
        teardown_on=setup_on + timedelta(days=11),
        status=StopStatus.CONFIRMED,
    )
    save_stop(stop=stop)

    eight = time(8, 0)
    expected = []
    for kind, day in [
        ("stop_transport", setup_on - timedelta(days=2)),
        ("stop_setup", setup_on),
        ("stop_last_day", setup_on + timedelta(days=10)),
        ("stop_teardown", setup_on + timedelta(days=11)),
    ]:
        for address in ("eline@comensha.test", "joost@stadhuis.test"):
            expected.append((kind, address, at_local(day, eight)))
    assert logistics(stop) == sorted(expected)


def test_stop_as_option_plans_nothing_until_confirmed(stop_people):
    kit, venue = stop_people
    stop = ExhibitionStopFactory.build(kit=kit, venue=venue, status=StopStatus.OPTION)
    save_stop(stop=stop)
    assert logistics(stop) == []

    set_stop_status(stop=stop, status=StopStatus.CONFIRMED)
    assert len(logistics(stop)) == 8


def test_moving_a_stop_replans_its_notices(stop_people):
    kit, venue = stop_people
    stop = ExhibitionStopFactory(kit=kit, venue=venue)
    save_stop(stop=stop)
    old_setup = logistics(stop)

    for field in ("setup_on", "opens_on", "closes_on", "teardown_on"):
        setattr(stop, field, getattr(stop, field) + timedelta(days=7))
    save_stop(stop=stop)

    moved = logistics(stop)
    assert len(moved) == 8
    assert [due - timedelta(days=7) for *_, due in moved] == [due for *_, due in old_setup]
    assert Notification.objects.filter(stop=stop, status="cancelled").count() == 8


def test_cancelling_a_stop_cancels_its_notices(stop_people):
    kit, venue = stop_people
    stop = ExhibitionStopFactory(kit=kit, venue=venue)
    save_stop(stop=stop)

    set_stop_status(stop=stop, status=StopStatus.CANCELLED)

    assert logistics(stop) == []
    assert Notification.objects.filter(stop=stop, status="cancelled").count() == 8


def test_kit_without_transport_days_gets_no_transport_notice(stop_people):
    kit, venue = stop_people
    kit.transport_days = 0
    kit.save()
    stop = ExhibitionStopFactory(kit=kit, venue=venue)
    save_stop(stop=stop)
    assert {kind for kind, *_ in logistics(stop)} == {
        "stop_setup",
        "stop_last_day",
        "stop_teardown",
    }


def test_logistics_days_already_past_are_not_planned(stop_people):
    kit, venue = stop_people
    today = date.today()
    stop = ExhibitionStopFactory(
        kit=kit,
        venue=venue,
        setup_on=today - timedelta(days=3),
        opens_on=today - timedelta(days=2),
        closes_on=today + timedelta(days=5),
        teardown_on=today + timedelta(days=6),
    )
    save_stop(stop=stop)
    assert {kind for kind, *_ in logistics(stop)} == {"stop_last_day", "stop_teardown"}


def test_logistics_times_are_eight_in_the_morning_amsterdam_in_winter_and_summer():
    winter = at_local(date(2030, 1, 15), time(8, 0))
    summer = at_local(date(2030, 7, 15), time(8, 0))
    assert (winter.astimezone(UTC).hour, summer.astimezone(UTC).hour) == (7, 6)
    assert winter.tzinfo is not None and isinstance(winter, datetime)


# --- The log ---------------------------------------------------------------------


def test_retry_puts_only_failed_rows_back(stop_people):
    registration = register(meeting=meeting_in(30), attendee=attendee(1))
    confirmation = registration.notifications.get(kind="registration_confirmed")
    Notification.objects.filter(pk=confirmation.pk).update(
        status="failed", attempts=5, last_error="SMTPDataError: 554"
    )
    Notification.objects.filter(kind="meeting_reminder").update(
        status="sent", sent_at=timezone.now()
    )

    assert outbox.retry_notifications(notifications=Notification.objects.all()) == 1

    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.attempts) == ("pending", 0)
    assert Notification.objects.filter(status="sent").count() == 2


def test_purge_removes_old_sent_and_cancelled_rows_only(settings):
    settings.NOTIFICATIONS_KEEP_DAYS = 30
    registration = register(meeting=meeting_in(30), attendee=attendee(1))
    old = timezone.now() - timedelta(days=31)
    confirmation, *reminders = registration.notifications.order_by("id")
    Notification.objects.filter(pk=confirmation.pk).update(
        status="sent", sent_at=old, updated_at=old
    )
    Notification.objects.filter(pk=reminders[0].pk).update(status="cancelled", updated_at=old)
    Notification.objects.filter(pk=reminders[1].pk).update(status="failed", updated_at=old)

    assert outbox.purge_old_notifications() == 2
    assert list(Notification.objects.values_list("status", flat=True)) == ["failed"]
