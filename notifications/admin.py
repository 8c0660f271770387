"""The delivery log: every outbox row, its state and its last error, with a "retry" action.

Read-only: rows change only through the services (``outbox``, ``delivery``).
Organisers see the rows of the series they organise, administrators all.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.admin import SeriesScopedAdminMixin
from events.permissions import is_administrator

from . import outbox
from .models import Notification


@admin.register(Notification)
class NotificationAdmin(SeriesScopedAdminMixin, admin.ModelAdmin):
    series_lookup = "series"
    list_display = (
        "due_at",
        "kind",
        "recipient",
        "language",
        "status",
        "attempts",
        "sent_at",
        "concerns",
    )
    list_filter = (
        "status",
        "kind",
        "language",
        ("series", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("recipient", "dedupe_key", "meeting__title", "stop__venue__name")
    date_hierarchy = "due_at"
    list_select_related = ("meeting", "stop__kit", "stop__venue")
    fields = (
        "kind",
        "status",
        "recipient",
        "language",
        "series",
        "meeting",
        "registration",
        "stop",
        "due_at",
        "retry_at",
        "dispatched_at",
        "claimed_at",
        "sent_at",
        "attempts",
        "last_error",
        "payload",
        "dedupe_key",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    actions = ["retry_failed"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        # The change page names the related rows; their __str__ read these.
        return (
            super()
            .get_queryset(request)
            .select_related(
                "series", "meeting", "registration__meeting", "stop__kit", "stop__venue"
            )
        )

    @admin.display(description=_("concerns"))
    def concerns(self, notification: Notification) -> str:
        return str(notification.meeting or notification.stop)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return is_administrator(request)

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return self.in_scope(request)

    @admin.action(description=_("Retry selected failed messages"), permissions=["retry"])
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = outbox.retry_notifications(notifications=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed message is queued again.",
                "%(count)d failed messages are queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
