"""The organisers' back office: series, kits, stops, meetings and registrations.

Every write goes through the service modules (``meetings.py``, ``planning.py``,
``registration.py``), so the admin cannot skip what a change must cause (the
calendar SEQUENCE, waiting-list promotion).

Who may do what is decided by the permission hooks below, not by Django's
permission table: a superuser may do everything; an *organiser* (an active staff
user who organises at least one series) sees and changes only the series they
organise and what belongs to them. Giving someone a series is all it takes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, Model, QuerySet, URLField
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.admin_actions import message_registrants
from notifications.outbox import replan_series_reminders

from .meetings import cancel_meeting, publish_meeting, save_meeting
from .models import (
    ExhibitionKit,
    ExhibitionStop,
    Meeting,
    OpeningHours,
    Registration,
    RegistrationStatus,
    Series,
    StopStatus,
)
from .permissions import is_administrator, organised_series_ids, scope_to_organiser
from .planning import save_stop, set_stop_status
from .queries import with_seat_counts
from .registration import RegistrationRefused, cancel_registration, restore_registration

# How to reach the series from a model that appears as a foreign-key choice.
SERIES_LOOKUP_OF_CHOICES: dict[type[Model], str] = {
    Series: "",
    ExhibitionKit: "series",
    Meeting: "series",
}


class SeriesScopedAdminMixin:
    """Organisers see, add, change and delete only what belongs to their series.

    ``series_lookup`` is the path from the model to its ``Series`` (``""`` for
    a series itself). Choices of series, kits and meetings in forms are
    narrowed the same way, so nothing can be moved into someone else's series.
    """

    series_lookup = "series"

    def series_id_of(self, obj: Model) -> int | None:
        if not self.series_lookup:
            return obj.pk
        *path, last = self.series_lookup.split("__")
        for name in path:
            obj = getattr(obj, name, None)
            if obj is None:
                return None
        return getattr(obj, f"{last}_id", None)

    def in_scope(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if is_administrator(request):
            return True
        series_ids = organised_series_ids(request)
        if not series_ids:
            return False
        return obj is None or self.series_id_of(obj) in series_ids

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if is_administrator(request):
            return queryset
        return scope_to_organiser(queryset, request, self.series_lookup)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs: Any):
        lookup = SERIES_LOOKUP_OF_CHOICES.get(db_field.related_model)
        if lookup is not None and not is_administrator(request):
            choices = db_field.related_model._default_manager.all()
            kwargs["queryset"] = scope_to_organiser(choices, request, lookup)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.in_scope(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.in_scope(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.in_scope(request, obj)


class ParentScopedInlineMixin:
    """Inline rows are part of their parent: whoever may change the parent may change them."""

    def _parent_admin(self) -> admin.ModelAdmin:
        return self.admin_site.get_model_admin(self.parent_model)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._parent_admin().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._parent_admin().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._parent_admin().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._parent_admin().has_change_permission(request, obj)


# --- Series and kits ---------------------------------------------------------


@admin.register(Series)
class SeriesAdmin(SeriesScopedAdminMixin, admin.ModelAdmin):
    series_lookup = ""
    list_display = ("name", "kind", "is_public")
    list_filter = ("kind", "is_public")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("organisers",)
    fields = (
        "name",
        "slug",
        "kind",
        "is_public",
        "description",
        "reminder_days_before",
        "organisers",
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Series | None = None):
        # Who organises a series decides who sees its attendees: administrators decide.
        if is_administrator(request):
            return ()
        return ("organisers",)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs: Any):
        if db_field.name == "organisers":
            kwargs["queryset"] = db_field.related_model.objects.filter(
                is_staff=True, is_active=True
            ).order_by("username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Series, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "reminder_days_before" in form.changed_data:
            # The admin's transaction holds both: new days, re-planned reminders.
            replan_series_reminders(series_id=obj.pk)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Series | None = None) -> bool:
        return is_administrator(request)


@admin.register(ExhibitionKit)
class ExhibitionKitAdmin(SeriesScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "series", "panel_count", "transport_days", "stop_count")
    list_filter = (("series", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "slug")
    list_select_related = ("series",)
    prepopulated_fields = {"slug": ("name",)}
    fields = ("series", "name", "slug", "panel_count", "transport_days", "description")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExhibitionKit]:
        return super().get_queryset(request).annotate(stop_count=Count("stops"))

    @admin.display(description=_("stops"), ordering="stop_count")
    def stop_count(self, kit: ExhibitionKit) -> int:
        return kit.stop_count


# --- Exhibition stops --------------------------------------------------------


class OpeningHoursInline(ParentScopedInlineMixin, admin.TabularInline):
    model = OpeningHours
    extra = 0
    fields = ("weekday", "opens_at", "closes_at")


@admin.register(ExhibitionStop)
class ExhibitionStopAdmin(SeriesScopedAdminMixin, admin.ModelAdmin):
    series_lookup = "kit__series"
    list_display = ("venue_name", "venue_city", "kit", "dates", "status", "host_organisation")
    list_filter = (
        "status",
        ("kit", admin.RelatedOnlyFieldListFilter),
        ("kit__series", admin.RelatedOnlyFieldListFilter),
        "venue__province",
    )
    search_fields = ("slug", "host_organisation", "venue__name", "venue__city", "kit__name")
    date_hierarchy = "opens_on"
    list_select_related = ("kit", "venue")
    inlines = [OpeningHoursInline]
    # Status changes only through the actions, so that they go through set_stop_status.
    readonly_fields = ("status", "sequence", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("kit", "venue", "slug", "host_organisation", "status")}),
        (_("Dates"), {"fields": ("setup_on", "opens_on", "closes_on", "teardown_on")}),
        (_("Texts"), {"fields": ("description", "internal_notes")}),
        (_("Calendar"), {"fields": ("sequence", "created_at", "updated_at")}),
    )
    actions = ["confirm_stops", "mark_stops_as_option", "cancel_stops"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExhibitionStop]:
        # Permission checks and the page title read the kit and venue of each stop.
        return super().get_queryset(request).select_related("kit", "venue")

    @admin.display(description=_("venue"), ordering="venue__name")
    def venue_name(self, stop: ExhibitionStop) -> str:
        return stop.venue.name

    @admin.display(description=_("city"), ordering="venue__city")
    def venue_city(self, stop: ExhibitionStop) -> str:
        return stop.venue.city

    @admin.display(description=_("dates open"), ordering="opens_on")
    def dates(self, stop: ExhibitionStop) -> str:
        first = formats.date_format(stop.opens_on, "SHORT_DATE_FORMAT")
        last = formats.date_format(stop.closes_on, "SHORT_DATE_FORMAT")
        return f"{first} – {last}"

    def save_model(
        self, request: HttpRequest, obj: ExhibitionStop, form: ModelForm, change: bool
    ) -> None:
        save_stop(stop=obj)

    def _set_status(
        self, request: HttpRequest, queryset: QuerySet[ExhibitionStop], status: StopStatus
    ) -> None:
        changed = sum(set_stop_status(stop=stop, status=status) for stop in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d stop is now “%(status)s”.",
                "%(count)d stops are now “%(status)s”.",
                changed,
            )
            % {"count": changed, "status": status.label},
            messages.SUCCESS,
        )

    @admin.action(description=_("Confirm selected stops"), permissions=["change"])
    def confirm_stops(self, request: HttpRequest, queryset: QuerySet[ExhibitionStop]) -> None:
        self._set_status(request, queryset, StopStatus.CONFIRMED)

    @admin.action(description=_("Mark selected stops as option"), permissions=["change"])
    def mark_stops_as_option(
        self, request: HttpRequest, queryset: QuerySet[ExhibitionStop]
    ) -> None:
        self._set_status(request, queryset, StopStatus.OPTION)

    @admin.action(description=_("Cancel selected stops"), permissions=["change"])
    def cancel_stops(self, request: HttpRequest, queryset: QuerySet[ExhibitionStop]) -> None:
        self._set_status(request, queryset, StopStatus.CANCELLED)


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
class MeetingAdmin(SeriesScopedAdminMixin, admin.ModelAdmin):
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
        changed = sum(publish_meeting(meeting=meeting) for meeting in queryset)
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
REGISTRATION_CORRECTABLE_FIELDS = ("name", "organisation", "sector", "remarks")


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
        *REGISTRATION_CORRECTABLE_FIELDS,
        "language",
        "consent_at",
        "created_at",
        "waitlisted_at",
        "cancelled_at",
        "anonymised_at",
        "reminders_stopped_at",
        "manage_token",
    )
    readonly_fields = tuple(name for name in fields if name not in REGISTRATION_CORRECTABLE_FIELDS)
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
        # Write only the corrected fields, never a status read a moment ago
        # that a cancellation may have changed since.
        corrected = [name for name in form.changed_data if name in REGISTRATION_CORRECTABLE_FIELDS]
        if corrected:
            obj.save(update_fields=[*corrected, "updated_at"])

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
from . import calendar_admin  # noqa: E402, F401
