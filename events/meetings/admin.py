"""Back office for meetings: plan, publish, cancel, and see who is coming.

Saving goes through ``events.meetings.services`` (the planning checks, the
calendar SEQUENCE, the notices to registrants); the registrations themselves
are managed in ``events.registrations.admin``.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet, URLField
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.admin_actions import message_registrants

from ..admin.scoping import ParentScopedInlineMixin, SeriesScopedAdminMixin
from ..models import Meeting, Registration
from ..planning import PlanningConflict
from ..planning.admin_forms import MeetingForm, PlanningConflictAdminMixin
from ..queries import with_seat_counts
from .services import cancel_meeting, publish_meeting, save_meeting


class RegistrationInline(ParentScopedInlineMixin, admin.TabularInline):
    """Who is coming, for reading: changes go through the registration page and its actions."""

    model = Registration
    extra = 0
    fields = ("name", "email", "organisation", "sector", "status", "created_at")
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Registration]:
        # Each row prints the registration, which names its meeting.
        return super().get_queryset(request).select_related("meeting")

    def has_add_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(PlanningConflictAdminMixin, SeriesScopedAdminMixin, admin.ModelAdmin):
    form = MeetingForm
    list_display = (
        "title",
        "series",
        "starts_at",
        "venue",
        "status",
        "seats_taken",
        "waiting_list",
    )
    list_filter = (
        "status",
        ("series", admin.RelatedOnlyFieldListFilter),
        "language",
        "venue__province",
    )
    search_fields = ("title", "slug", "venue__name", "venue__city")
    date_hierarchy = "starts_at"
    list_select_related = ("series", "venue")
    prepopulated_fields = {"slug": ("title",)}
    # Status changes only through the actions: publishing and cancelling may
    # have to tell registrants, and only the services know how.
    readonly_fields = ("status", "sequence", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("series", "title", "slug", "status", "language")}),
        (_("Time and place"), {"fields": ("starts_at", "ends_at", "venue", "online_url")}),
        (
            _("Registration"),
            {
                "fields": (
                    "capacity",
                    "waitlist_enabled",
                    "registration_opens_at",
                    "registration_closes_at",
                )
            },
        ),
        (_("Texts"), {"fields": ("audience", "description")}),
        (_("Calendar"), {"fields": ("sequence", "created_at", "updated_at")}),
    )
    inlines = [RegistrationInline]
    actions = ["publish_meetings", "cancel_meetings", message_registrants]
    # Meeting links without a scheme are nearly always https; Django 6 assumes so too.
    formfield_overrides = {URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Meeting]:
        return with_seat_counts(super().get_queryset(request))

    def get_inlines(self, request: HttpRequest, obj: Meeting | None):
        # A meeting being created has nobody registered yet.
        return self.inlines if obj is not None else []

    @admin.display(description=_("seats taken"), ordering="confirmed_count")
    def seats_taken(self, meeting: Meeting) -> str:
        return f"{meeting.confirmed_count} / {meeting.capacity}"

    @admin.display(description=_("waiting list"), ordering="waitlist_count")
    def waiting_list(self, meeting: Meeting) -> int:
        return meeting.waitlist_count

    def save_model(self, request: HttpRequest, obj: Meeting, form: ModelForm, change: bool) -> None:
        save_meeting(meeting=obj)

    @admin.action(description=_("Publish selected meetings"), permissions=["change"])
    def publish_meetings(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> None:
        changed = 0
        for meeting in queryset:
            try:
                changed += publish_meeting(meeting=meeting)
            except PlanningConflict as refusal:
                self.message_user(
                    request,
                    _("%(meeting)s was not published: %(reason)s")
                    % {"meeting": meeting.title, "reason": " ".join(refusal.messages)},
                    messages.ERROR,
                )
        self.message_user(
            request,
            ngettext("%(count)d meeting published.", "%(count)d meetings published.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Cancel selected meetings"), permissions=["change"])
    def cancel_meetings(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> None:
        changed = sum(cancel_meeting(meeting=meeting) for meeting in queryset)
        self.message_user(
            request,
            ngettext("%(count)d meeting cancelled.", "%(count)d meetings cancelled.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )
