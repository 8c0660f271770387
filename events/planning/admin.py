"""Back office for the tour: series, exhibition kits and their stops."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.outbox import replan_series_reminders

from ..admin.scoping import ParentScopedInlineMixin, SeriesScopedAdminMixin
from ..models import (
    ExhibitionKit,
    ExhibitionStop,
    OpeningHours,
    Series,
    StopStatus,
)
from ..permissions import is_administrator
from .admin_forms import (
    ExhibitionKitForm,
    ExhibitionStopForm,
    PlanningConflictAdminMixin,
    warn_about,
)
from .conflicts import find_kit_conflicts, find_stop_conflicts
from .services import PlanningConflict, save_kit, save_stop, set_stop_status

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
class ExhibitionKitAdmin(PlanningConflictAdminMixin, SeriesScopedAdminMixin, admin.ModelAdmin):
    form = ExhibitionKitForm
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

    def save_model(
        self, request: HttpRequest, obj: ExhibitionKit, form: ModelForm, change: bool
    ) -> None:
        # Transport days move every stop's occupied days: the planning service does that.
        save_kit(kit=obj)
        warn_about(request, find_kit_conflicts(kit=obj))


# --- Exhibition stops --------------------------------------------------------


class OpeningHoursInline(ParentScopedInlineMixin, admin.TabularInline):
    model = OpeningHours
    extra = 0
    fields = ("weekday", "opens_at", "closes_at")


@admin.register(ExhibitionStop)
class ExhibitionStopAdmin(PlanningConflictAdminMixin, SeriesScopedAdminMixin, admin.ModelAdmin):
    """Stops; the change form shows (and re-checks as dates change) what the stop clashes with.

    The clash box is ``templates/admin/events/exhibitionstop/change_form.html``
    with ``events/static/events/clash-preview.js`` asking the organiser
    clash-check page.
    """

    form = ExhibitionStopForm
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
    readonly_fields = (
        "status",
        "occupied_from",
        "occupied_until",
        "sequence",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("kit", "venue", "slug", "host_organisation", "status")}),
        (
            _("Dates"),
            {
                "fields": (
                    "setup_on",
                    "opens_on",
                    "closes_on",
                    "teardown_on",
                    ("occupied_from", "occupied_until"),
                )
            },
        ),
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
        warn_about(request, find_stop_conflicts(stop=obj))

    def render_change_form(
        self, request: HttpRequest, context: dict, add=False, change=False, form_url="", obj=None
    ) -> HttpResponse:
        # The saved stop's clashes, as if confirmed (when clashes refuse); the
        # preview script replaces them as the organiser edits the dates.
        if obj is not None and obj.pk is not None:
            candidate = copy.copy(obj)
            candidate.status = StopStatus.CONFIRMED
            context["clash_preview"] = find_stop_conflicts(stop=candidate)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _set_status(
        self, request: HttpRequest, queryset: QuerySet[ExhibitionStop], status: StopStatus
    ) -> None:
        changed = 0
        for stop in queryset:
            try:
                changed += set_stop_status(stop=stop, status=status)
            except PlanningConflict as refusal:
                self.message_user(
                    request,
                    _("%(stop)s stays “%(status)s”: %(reason)s")
                    % {
                        "stop": stop,
                        "status": stop.get_status_display(),
                        "reason": " ".join(refusal.messages),
                    },
                    messages.ERROR,
                )
                continue
            warn_about(request, find_stop_conflicts(stop=stop))
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
