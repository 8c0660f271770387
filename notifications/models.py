"""The notifications outbox: one row per message to send.

A row is written in the same transaction as the change that causes it (by the
functions in ``outbox``), before anything is sent. The beat task
``notifications.dispatch_due`` finds rows that are due and hands their ids to
the worker; ``notifications.send`` claims a row, sends it and marks it sent
(``delivery``). The row is the delivery log the admin shows.

``dedupe_key`` names the message itself (which registration, which reminder,
which version of the meeting): the unique index makes queueing the same
message twice impossible, whichever code path tries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REGISTRATION_CONFIRMED = "registration_confirmed", _("registration confirmed")
    REGISTRATION_WAITLISTED = "registration_waitlisted", _("on the waiting list")
    REGISTRATION_PROMOTED = "registration_promoted", _("moved up from the waiting list")
    REGISTRATION_CANCELLED = "registration_cancelled", _("registration cancelled")
    MEETING_REMINDER = "meeting_reminder", _("meeting reminder")
    MEETING_CHANGED = "meeting_changed", _("meeting moved")
    MEETING_CANCELLED = "meeting_cancelled", _("meeting cancelled")
    ORGANISER_MESSAGE = "organiser_message", _("message from the organisers")
    STOP_TRANSPORT = "stop_transport", _("kit transport")
    STOP_SETUP = "stop_setup", _("setup day")
    STOP_LAST_DAY = "stop_last_day", _("last day open")
    STOP_TEARDOWN = "stop_teardown", _("teardown day")


REGISTRATION_KINDS = frozenset(
    {
        NotificationKind.REGISTRATION_CONFIRMED,
        NotificationKind.REGISTRATION_WAITLISTED,
        NotificationKind.REGISTRATION_PROMOTED,
        NotificationKind.REGISTRATION_CANCELLED,
        NotificationKind.MEETING_REMINDER,
        NotificationKind.MEETING_CHANGED,
        NotificationKind.MEETING_CANCELLED,
        NotificationKind.ORGANISER_MESSAGE,
    }
)
STOP_KINDS = frozenset(
    {
        NotificationKind.STOP_TRANSPORT,
        NotificationKind.STOP_SETUP,
        NotificationKind.STOP_LAST_DAY,
        NotificationKind.STOP_TEARDOWN,
    }
)


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


class Notification(models.Model):
    """One e-mail to one recipient, from queued to sent (or failed, or cancelled)."""

    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    # Kept on the row so that organisers see their own series' log with one filter.
    series = models.ForeignKey(
        "events.Series",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("series"),
    )
    meeting = models.ForeignKey(
        "events.Meeting",
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
        verbose_name=_("meeting"),
    )
    registration = models.ForeignKey(
        "events.Registration",
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
        verbose_name=_("registration"),
    )
    stop = models.ForeignKey(
        "events.ExhibitionStop",
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
        verbose_name=_("exhibition stop"),
    )
    # What the message needs beyond the related rows: the meeting SEQUENCE a
    # reminder was planned for, the organiser's subject and text...
    payload = models.JSONField(_("details"), default=dict, blank=True)
    dedupe_key = models.CharField(_("message key"), max_length=400, unique=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    due_at = models.DateTimeField(_("due at"))
    retry_at = models.DateTimeField(
        _("next attempt not before"),
        null=True,
        blank=True,
        help_text=_("Set after a temporary failure: the next attempt waits until then."),
    )
    dispatched_at = models.DateTimeField(_("handed to the worker at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-due_at", "-id"]
        indexes = [
            # The dispatcher's question: what is pending (or stuck sending) and due?
            models.Index(fields=["status", "due_at"], name="notification_status_due"),
            models.Index(fields=["series", "status"], name="notification_series_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=NotificationStatus.values),
                name="notification_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values),
                name="notification_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=NotificationStatus.SENT) | Q(sent_at__isnull=False),
                name="notification_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=NotificationStatus.SENDING) | Q(claimed_at__isnull=False),
                name="notification_sending_is_claimed",
            ),
            models.CheckConstraint(
                condition=Q(registration__isnull=False) | Q(stop__isnull=False),
                name="notification_concerns_registration_or_stop",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"
