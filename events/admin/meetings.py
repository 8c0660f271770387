"""Back office for meetings and their registrations."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet, URLField
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.admin_actions import message_registrants

from ..meetings import cancel_meeting, publish_meeting, save_meeting
from ..models import (
    Meeting,
    Registration,
    RegistrationStatus,
)
from ..permissions import is_administrator
from ..planner_admin import (
    MeetingForm,
    PlanningConflictAdminMixin,
)
from ..planning import (
    PlanningConflict,
)
from ..queries import with_seat_counts
from ..registration import (
    CORRECTABLE_FIELDS,
    RegistrationRefused,
    cancel_registration,
    correct_registration,
    restore_registration,
)
from .scoping import ParentScopedInlineMixin, SeriesScopedAdminMixin

# --- Meetings and registrations ----------------------------------------------


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


# Attendees correct their own typos through the organiser; who they are
# (e-mail), where they are going and where they stand are the services' business.


@admin.register(Registration)
class RegistrationAdmin(SeriesScopedAdminMixin, admin.ModelAdmin):
    series_lookup = "meeting__series"
    list_display = ("name", "email", "meeting", "status", "sector", "organisation", "created_at")
    list_filter = (
        "status",
        "sector",
        ("meeting__series", admin.RelatedOnlyFieldListFilter),
        ("meeting", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("name", "email", "organisation", "meeting__title")
    list_select_related = ("meeting",)
    fields = (
        "meeting",
        "status",
        "email",
        *CORRECTABLE_FIELDS,
        "language",
        "consent_at",
        "created_at",
        "waitlisted_at",
        "cancelled_at",
        "anonymised_at",
        "reminders_stopped_at",
        "manage_token",
    )
    readonly_fields = tuple(name for name in fields if name not in CORRECTABLE_FIELDS)
    actions = ["cancel_registrations", "restore_registrations"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Registration]:
        # Permission checks read the series of the registration's meeting.
        return super().get_queryset(request).select_related("meeting")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # People register themselves, through the public form or the API.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Registration | None = None) -> bool:
        # Organisers cancel: that frees the seat and moves the waiting list up.
        return is_administrator(request)

    def save_model(
        self, request: HttpRequest, obj: Registration, form: ModelForm, change: bool
    ) -> None:
        correct_registration(registration=obj, fields=form.changed_data)

    @admin.action(description=_("Cancel selected registrations"), permissions=["change"])
    def cancel_registrations(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        cancelled = promoted = 0
        for registration in queryset:
            was_active = registration.status != RegistrationStatus.CANCELLED
            try:
                result = cancel_registration(registration=registration)
            except RegistrationRefused as exc:
                self._refused(request, registration, exc)
                continue
            cancelled += was_active
            promoted += len(result.promoted)
        message = ngettext(
            "%(count)d registration cancelled.", "%(count)d registrations cancelled.", cancelled
        ) % {"count": cancelled}
        if promoted:
            message += " " + ngettext(
                "%(count)d person moved up from the waiting list.",
                "%(count)d people moved up from the waiting list.",
                promoted,
            ) % {"count": promoted}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Restore selected registrations"), permissions=["change"])
    def restore_registrations(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        restored = 0
        for registration in queryset:
            was_cancelled = registration.status == RegistrationStatus.CANCELLED
            try:
                restore_registration(registration=registration)
            except RegistrationRefused as exc:
                self._refused(request, registration, exc)
                continue
            restored += was_cancelled
        self.message_user(
            request,
            ngettext(
                "%(count)d registration restored.", "%(count)d registrations restored.", restored
            )
            % {"count": restored},
            messages.SUCCESS,
        )

    def _refused(
        self, request: HttpRequest, registration: Registration, exc: RegistrationRefused
    ) -> None:
        self.message_user(
            request,
            _("%(name)s: %(reason)s")
            % {"name": registration.name, "reason": " ".join(exc.messages)},
            messages.ERROR,
        )


# The organiser's logistics feed page lives in its own module.
