"""Writing the demo data: ``seed_demo()``, in one transaction, through the services.

Everything goes through the same services the admin and the API use
(``save_stop``, ``save_meeting``, ``register``), so the demo obeys every rule.
Running it again updates the demo rows in place (keyed on slugs, usernames and
(meeting, e-mail)); it never creates anything twice and never deletes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from notifications.models import Notification, NotificationStatus
from venues.models import Venue, VenueClosure

from ..meetings.services import save_meeting
from ..models import (
    ExhibitionKit,
    ExhibitionStop,
    Meeting,
    OpeningHours,
    Registration,
    RegistrationStatus,
    Series,
)
from ..planning import save_stop
from ..registrations.services import (
    RegistrationRefused,
    cancel_registration,
    register,
    registration_state,
)
from .data import (
    ADMINISTRATOR,
    AMSTERDAM,
    CANCELLATIONS,
    CLOSURES,
    KITS,
    MEETINGS,
    ORGANISER,
    REGISTRATIONS,
    SERIES,
    STOPS,
    THU,
    TOUR,
    VENUES,
    LoginPlan,
    MeetingPlan,
    Person,
    StopPlan,
    VenuePlan,
)

DEMO_NOT_SENT = "demo data: never sent"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    created: bool  # False: an existing account, its password left as it was


@dataclass(frozen=True)
class SeedSummary:
    today: date
    venues: int
    kits: int
    stops: int
    meetings: int
    registrations: int
    created: int  # rows this run added; 0 on a re-run
    logins: tuple[DemoLogin, ...]
    refused: tuple[str, ...]  # registrations the rules did not accept this run


def seed_demo(*, today: date, now: datetime | None = None) -> SeedSummary:
    """Write the demo data for ``today`` (a local date), in one transaction.

    ``now`` is when the demo registrations happen; it defaults to the real
    time when ``today`` is today, else to noon on ``today``.
    """
    if now is None:
        now = timezone.now() if today == timezone.localdate() else _at(today, time(12, 0))
    monday = today - timedelta(days=today.weekday())
    created = 0
    started = timezone.now()
    with transaction.atomic():
        organiser, organiser_created = _seed_login(ORGANISER)
        _, administrator_created = _seed_login(ADMINISTRATOR)
        created += organiser_created + administrator_created

        venues: dict[str, Venue] = {}
        for plan in VENUES:
            venues[plan.slug], new = _seed_venue(plan)
            created += new
        for venue_slug, reason, first_week, last_week in CLOSURES:
            _, new = VenueClosure.objects.update_or_create(
                venue=venues[venue_slug],
                reason=reason,
                defaults={
                    "starts_on": monday + timedelta(weeks=first_week),
                    "ends_on": monday + timedelta(weeks=last_week, days=6),
                },
            )
            created += new

        series: dict[str, Series] = {}
        for fields in SERIES:
            series[fields["slug"]], new = Series.objects.update_or_create(
                slug=fields["slug"], defaults={**fields, "is_public": True}
            )
            series[fields["slug"]].organisers.add(organiser)
            created += new
        kits: dict[str, ExhibitionKit] = {}
        for fields in KITS:
            kits[fields["slug"]], new = ExhibitionKit.objects.update_or_create(
                slug=fields["slug"], defaults={**fields, "series": series[TOUR]}
            )
            created += new

        # Latest first: when a later run moves the tour forward, no stop ever
        # passes through its successor's dates on the way.
        for plan in sorted(STOPS, key=lambda stop: stop.first_week, reverse=True):
            created += _seed_stop(plan, kit=kits[plan.kit], venue=venues[plan.venue], monday=monday)

        meetings: dict[str, Meeting] = {}
        for plan in MEETINGS:
            meetings[plan.slug], new = _seed_meeting(
                plan, series=series[plan.series], venues=venues, monday=monday
            )
            created += new

        refused: list[str] = []
        for slug, people in REGISTRATIONS.items():
            created += _seed_registrations(meetings[slug], people, now=now, refused=refused)

        # The demo's people and venue contacts are fictional: nothing the seeding
        # queued (confirmations, reminders, logistics) is ever sent, so that the
        # mail folder holds only what someone trying the site causes.
        Notification.objects.filter(
            created_at__gte=started, status=NotificationStatus.PENDING
        ).update(status=NotificationStatus.CANCELLED, last_error=DEMO_NOT_SENT)

    return SeedSummary(
        today=today,
        venues=len(venues),
        kits=len(kits),
        stops=len(STOPS),
        meetings=len(meetings),
        registrations=Registration.objects.filter(meeting__in=meetings.values()).count(),
        created=created,
        logins=(
            DemoLogin(ORGANISER.username, ORGANISER.password, ORGANISER.role, organiser_created),
            DemoLogin(
                ADMINISTRATOR.username,
                ADMINISTRATOR.password,
                ADMINISTRATOR.role,
                administrator_created,
            ),
        ),
        refused=tuple(refused),
    )


def _at(day: date, wall_clock: time) -> datetime:
    """An aware datetime for a local Amsterdam wall-clock time (DST included)."""
    return datetime.combine(day, wall_clock, tzinfo=AMSTERDAM)


def _seed_login(plan: LoginPlan) -> tuple[User, bool]:
    """Create the login with its demo password; an existing account is left as it is."""
    user, created = User.objects.get_or_create(
        username=plan.username,
        defaults={
            "email": plan.email,
            "first_name": plan.first_name,
            "last_name": plan.last_name,
            "is_staff": True,
            "is_superuser": plan.is_superuser,
        },
    )
    if created:
        user.set_password(plan.password)
        user.save(update_fields=["password"])
    return user, created


def _seed_venue(plan: VenuePlan) -> tuple[Venue, bool]:
    return Venue.objects.update_or_create(
        slug=plan.slug,
        defaults={
            "name": plan.name,
            "kind": plan.kind,
            "street_address": plan.street_address,
            "postal_code": plan.postal_code,
            "city": plan.city,
            "municipality": plan.municipality or plan.city,
            "province": plan.province,
            "latitude": plan.latitude,
            "longitude": plan.longitude,
            "seats": plan.seats,
            "accessibility_notes": plan.accessibility_notes,
            "contact_name": plan.contact_name,
            "contact_email": plan.contact_email,
        },
    )


def _seed_stop(plan: StopPlan, *, kit: ExhibitionKit, venue: Venue, monday: date) -> int:
    """Create or update the stop through the planning service; returns rows created."""
    stop = ExhibitionStop.objects.filter(slug=plan.slug).first()
    created = int(stop is None)
    if stop is None:
        stop = ExhibitionStop(slug=plan.slug)
    stop.kit, stop.venue = kit, venue
    stop.host_organisation = plan.host_organisation
    stop.setup_on = monday + timedelta(weeks=plan.first_week)
    stop.opens_on = stop.setup_on + timedelta(days=1)
    stop.closes_on = monday + timedelta(weeks=plan.first_week + plan.weeks - 1, days=THU)
    stop.teardown_on = stop.closes_on + timedelta(days=1)
    stop.status = plan.status
    stop.description = plan.description
    stop.internal_notes = plan.internal_notes
    save_stop(stop=stop)
    for hours in plan.hours:
        for weekday in hours.weekdays:
            _, new = OpeningHours.objects.update_or_create(
                stop=stop,
                weekday=weekday,
                opens_at=hours.opens_at,
                defaults={"closes_at": hours.closes_at},
            )
            created += new
    return created


def _seed_meeting(
    plan: MeetingPlan, *, series: Series, venues: dict[str, Venue], monday: date
) -> tuple[Meeting, bool]:
    """Create or update the meeting through the meetings service."""
    meeting = Meeting.objects.filter(slug=plan.slug).first()
    created = meeting is None
    if meeting is None:
        meeting = Meeting(slug=plan.slug)
    day = monday + timedelta(weeks=plan.week, days=plan.weekday)
    meeting.series = series
    meeting.title = plan.title
    meeting.description = plan.description
    meeting.audience = plan.audience
    meeting.language = plan.language
    meeting.venue = venues[plan.venue] if plan.venue else None
    meeting.online_url = plan.online_url
    meeting.starts_at = _at(day, plan.starts)
    meeting.ends_at = _at(day, plan.ends)
    meeting.capacity = plan.capacity
    # Open from four weeks before this week (six before a past meeting), until
    # 17:00 the day before.
    opens_on = min(monday - timedelta(weeks=4), day - timedelta(weeks=6))
    meeting.registration_opens_at = _at(opens_on, time(9, 0))
    meeting.registration_closes_at = _at(day - timedelta(days=1), time(17, 0))
    meeting.waitlist_enabled = True
    meeting.status = plan.status
    save_meeting(meeting=meeting)
    return meeting, created


def _seed_registrations(
    meeting: Meeting, people: tuple[Person, ...], *, now: datetime, refused: list[str]
) -> int:
    """Register ``people`` in order; returns rows created.

    While registration is open the real rules decide (seat or waiting list);
    for a meeting that is over, rows are written as they would have ended up.
    A person already registered (in any state) is left alone.
    """
    created = 0
    for position, person in enumerate(people):
        if meeting.registrations.filter(email__iexact=person.email).exists():
            continue
        cancelled = (meeting.slug, person.email) in CANCELLATIONS
        # Ten minutes apart, in list order, the last one ten minutes ago.
        registered_at = now - timedelta(minutes=10 * (len(people) - position))
        if registration_state(meeting, now=registered_at) is None:
            try:
                registration = register(
                    meeting=meeting, attendee=person.attendee(), now=registered_at
                )
            except RegistrationRefused as exc:
                refused.append(f"{person.email} for {meeting.slug}: {exc.messages[0]}")
                continue
            if cancelled:
                cancel_registration(registration=registration, now=now)
        elif meeting.ends_at <= now:
            _record_past_registration(meeting, person, position, cancelled=cancelled)
        else:
            refused.append(f"{person.email} for {meeting.slug}: registration is not open")
            continue
        created += 1
    return created


def _record_past_registration(
    meeting: Meeting, person: Person, position: int, *, cancelled: bool
) -> None:
    """Write a registration for a meeting that is over, with believable timestamps."""
    consented_at = min(
        meeting.starts_at - timedelta(weeks=4) + timedelta(days=2 * position, hours=3),
        meeting.starts_at - timedelta(days=2),
    )
    registration = Registration.objects.create(
        meeting=meeting,
        name=person.name,
        email=person.email,
        organisation=person.organisation,
        sector=person.sector,
        remarks=person.remarks,
        language=person.language,
        status=RegistrationStatus.CANCELLED if cancelled else RegistrationStatus.CONFIRMED,
        consent_at=consented_at,
        cancelled_at=meeting.starts_at - timedelta(days=1) if cancelled else None,
    )
    # auto_now_add stamped "now"; the history says otherwise.
    Registration.objects.filter(pk=registration.pk).update(created_at=consented_at)
