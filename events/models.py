"""What is planned: series, exhibition kits and their stops, meetings and registrations.

Models hold fields, constraints and small derived properties. Every rule that
changes data lives in a capability's service module (``events.planning``,
``events.meetings.services``, ``events.registrations.services``), which is what
forms, the admin, the API and tasks call.
"""

from __future__ import annotations

import re
import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from venues.models import Venue


class SeriesKind(models.TextChoices):
    EXHIBITION_TOUR = "exhibition_tour", _("exhibition tour")
    MEETING_SERIES = "meeting_series", _("meeting series")


MAX_REMINDER_DAYS = 60


def parse_reminder_days(value: str) -> list[int]:
    """``"7,1"`` -> ``[7, 1]``: days before a meeting at which attendees get a reminder.

    Raises ``ValidationError`` (translated, for the form field) on anything else.
    """
    days: list[int] = []
    for part in (value or "").split(","):
        part = part.strip()
        if not part:
            continue
        if not re.fullmatch(r"[0-9]{1,3}", part) or not 1 <= int(part) <= MAX_REMINDER_DAYS:
            raise ValidationError(
                _("Give whole numbers of days from 1 to %(max)d, separated by commas."),
                code="invalid_reminder_days",
                params={"max": MAX_REMINDER_DAYS},
            )
        if int(part) not in days:
            days.append(int(part))
    return sorted(days, reverse=True)


def validate_reminder_days(value: str) -> None:
    parse_reminder_days(value)


class Series(models.Model):
    """A programme: the exhibition tour, or a series of meetings. Organisers own it."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SeriesKind.choices)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown on the public site and in public calendar feeds."),
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="organised_series",
        blank=True,
        verbose_name=_("organisers"),
    )
    # Text rather than a list type: the same on SQLite and PostgreSQL, easy to edit.
    reminder_days_before = models.CharField(
        _("reminders (days before)"),
        max_length=50,
        default="7,1",
        blank=True,
        validators=[validate_reminder_days],
        help_text=_(
            "Days before each meeting at which confirmed attendees get a reminder, "
            "separated by commas, e.g. 7,1. Empty: no reminders."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def reminder_days(self) -> list[int]:
        """The reminder days, largest first; ``[]`` when reminders are off."""
        return parse_reminder_days(self.reminder_days_before)


class ExhibitionKit(models.Model):
    """One physical set of photo panels; it can be in one place at a time."""

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="kits", verbose_name=_("series")
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    panel_count = models.PositiveSmallIntegerField(_("number of panels"), null=True, blank=True)
    transport_days = models.PositiveSmallIntegerField(
        _("transport days"),
        default=1,
        help_text=_("Days the kit is on the road before setup and after teardown."),
    )

    class Meta:
        verbose_name = _("exhibition kit")
        verbose_name_plural = _("exhibition kits")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(transport_days__lte=30),
                name="exhibitionkit_transport_days_sane",
                violation_error_message=_("Transport takes at most 30 days."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StopStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPTION = "option", _("option")
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", _("cancelled")


class ExhibitionStop(models.Model):
    """A stay of one kit at one venue: set up, open to the public, taken down.

    All dates are local (Europe/Amsterdam) calendar days and inclusive.

    ``occupied_from`` / ``occupied_until`` are derived: the days the kit is
    bound to this stop, transport included (setup minus the kit's transport
    days, teardown plus them). They are stored, not computed, because the
    transport days live on the kit (another table) and PostgreSQL's exclusion
    constraint ("one kit, one place at a time", see migration 0002) can only
    look at this row. ``events.planning`` keeps them right on every save.
    """

    # Changing any of these changes what calendars show: SEQUENCE goes up.
    CALENDAR_FIELDS = ("kit_id", "venue_id", "opens_on", "closes_on", "status")

    kit = models.ForeignKey(
        ExhibitionKit, on_delete=models.PROTECT, related_name="stops", verbose_name=_("kit")
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="stops", verbose_name=_("venue")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    host_organisation = models.CharField(_("host organisation"), max_length=200)
    setup_on = models.DateField(_("setup day"))
    opens_on = models.DateField(_("first day open"))
    closes_on = models.DateField(_("last day open"))
    teardown_on = models.DateField(_("teardown day"))
    occupied_from = models.DateField(
        _("kit occupied from"),
        editable=False,
        help_text=_("Setup day minus the kit's transport days; kept by the planning service."),
    )
    occupied_until = models.DateField(
        _("kit occupied until"),
        editable=False,
        help_text=_("Teardown day plus the kit's transport days; kept by the planning service."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=StopStatus.choices, default=StopStatus.DRAFT
    )
    description = models.TextField(_("public description"), blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("exhibition stop")
        verbose_name_plural = _("exhibition stops")
        ordering = ["opens_on", "kit"]
        indexes = [models.Index(fields=["kit", "setup_on"]), models.Index(fields=["closes_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=StopStatus.values),
                name="exhibitionstop_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(setup_on__lte=F("opens_on")),
                name="exhibitionstop_setup_before_opening",
                violation_error_message=_("The setup day cannot be after the first day open."),
            ),
            models.CheckConstraint(
                condition=Q(opens_on__lte=F("closes_on")),
                name="exhibitionstop_opens_before_closing",
                violation_error_message=_("The last day open cannot be before the first."),
            ),
            models.CheckConstraint(
                condition=Q(closes_on__lte=F("teardown_on")),
                name="exhibitionstop_teardown_after_closing",
                violation_error_message=_("The teardown day cannot be before the last day open."),
            ),
            models.CheckConstraint(
                condition=Q(occupied_from__lte=F("setup_on"), occupied_until__gte=F("teardown_on")),
                name="exhibitionstop_occupancy_covers_stay",
                violation_error_message=_("The kit's occupancy must cover setup to teardown."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kit.name} @ {self.venue.name} ({self.opens_on:%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        return reverse("stop-detail", kwargs={"slug": self.slug})

    def is_open_on(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """One opening period of a stop on a weekday (a day may have several)."""

    stop = models.ForeignKey(
        ExhibitionStop,
        on_delete=models.CASCADE,
        related_name="opening_hours",
        verbose_name=_("stop"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["stop", "weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6),
                name="openinghours_weekday_valid",
                violation_error_message=_("Weekday must be Monday to Sunday."),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="openinghours_closes_after_opening",
                violation_error_message=_("Closing time must be after opening time."),
            ),
            models.UniqueConstraint(
                fields=["stop", "weekday", "opens_at"],
                name="openinghours_unique_start_per_day",
                violation_error_message=_("This stop already opens at that time on that day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CANCELLED = "cancelled", _("cancelled")


class MeetingLanguage(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")


class Meeting(models.Model):
    """An expert meeting with limited seats and registration."""

    CALENDAR_FIELDS = ("starts_at", "ends_at", "venue_id", "online_url", "status")

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("series")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=300, blank=True, help_text=_("Who the meeting is for.")
    )
    language = models.CharField(
        _("language"), max_length=2, choices=MeetingLanguage.choices, default="nl"
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        related_name="meetings",
        null=True,
        blank=True,
        verbose_name=_("venue"),
    )
    online_url = models.URLField(_("online meeting link"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("seats"))
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    waitlist_enabled = models.BooleanField(_("waiting list"), default=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values),
                name="meeting_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="meeting_has_seats",
                violation_error_message=_("A meeting needs at least one seat."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="meeting_registration_window_ordered",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__lte=F("ends_at")),
                name="meeting_registration_closes_by_end",
                violation_error_message=_("Registration cannot close after the meeting ends."),
            ),
            models.CheckConstraint(
                condition=Q(venue__isnull=False) | ~Q(online_url=""),
                name="meeting_has_place",
                violation_error_message=_("Give a venue, an online meeting link, or both."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meeting-detail", kwargs={"slug": self.slug})

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)


class Sector(models.TextChoices):
    MEDICAL = "medical", _("medical")
    MUNICIPALITY = "municipality", _("municipality")
    POLICE = "police", _("police")
    CARE_SHELTER = "care_shelter", _("care or shelter")
    EDUCATION = "education", _("education")
    OTHER = "other", _("other")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


ACTIVE_REGISTRATION = Q(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED])


def new_manage_token() -> str:
    """A secret for the attendee's manage link and private feed (256 bits)."""
    return secrets.token_urlsafe(32)


class Registration(models.Model):
    """One person's place (or place in the queue) at a meeting.

    Waiting-list order is the order of joining it: ``waitlisted_at``, then ``id``.
    """

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("meeting"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    remarks = models.TextField(
        _("remarks"), blank=True, help_text=_("Accessibility needs, diet, questions.")
    )
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    manage_token = models.CharField(
        _("manage token"), max_length=64, unique=True, default=new_manage_token, editable=False
    )
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="nl"
    )
    consent_at = models.DateTimeField(_("consent given at"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    waitlisted_at = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    reminders_stopped_at = models.DateTimeField(
        _("reminders stopped at"),
        null=True,
        blank=True,
        help_text=_("The attendee asked for no more reminders for this meeting."),
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["meeting", "created_at", "id"]
        indexes = [models.Index(fields=["meeting", "status", "waitlisted_at"])]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                F("meeting"),
                condition=ACTIVE_REGISTRATION,
                name="registration_one_active_per_email",
                violation_error_message=_("This e-mail address is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=RegistrationStatus.CANCELLED, cancelled_at__isnull=False)
                | (~Q(status=RegistrationStatus.CANCELLED) & Q(cancelled_at__isnull=True)),
                name="registration_cancelled_has_time",
                violation_error_message=_("A cancelled registration records when; others do not."),
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.WAITLISTED) | Q(waitlisted_at__isnull=False),
                name="registration_waitlisted_has_time",
                violation_error_message=_("A waitlisted registration records since when."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.meeting}"

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED


class CalendarToken(models.Model):
    """The secret in a private calendar feed's address.

    Either for an organiser (``user``: the logistics feed of the series they
    organise) or for an attendee (``email``: all their registrations, whatever
    the case of the address). Revoking keeps the row, so that an old link
    answers 404 for good instead of ever meaning someone else.
    Issue, renew and revoke through ``events.calendar.tokens``.
    """

    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
        null=True,
        blank=True,
        verbose_name=_("organiser"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        # The admin shows this as the organiser's own feed page.
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feed")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, email="") | (Q(user__isnull=True) & ~Q(email="")),
                name="calendartoken_user_or_email",
                violation_error_message=_("A calendar token is for an organiser or an e-mail."),
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True, user__isnull=False),
                name="calendartoken_one_active_per_user",
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(revoked_at__isnull=True) & ~Q(email=""),
                name="calendartoken_one_active_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.email} ({self.created_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
