"""Venues in the back office.

Venues are shared by every series: any organiser may look them up, add a new
one and correct its details or closures. Deleting is for administrators,
because one venue may carry stops and meetings of several series.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from events.admin import ParentScopedInlineMixin
from events.permissions import is_administrator, is_organiser
from events.planning import find_closure_conflicts
from events.planning.admin_forms import warn_about

from .models import Venue, VenueClosure
from .services import save_venue


class VenueClosureInline(ParentScopedInlineMixin, admin.TabularInline):
    model = VenueClosure
    extra = 0
    fields = ("starts_on", "ends_on", "reason")

    def has_delete_permission(self, request: HttpRequest, obj: Venue | None = None) -> bool:
        return is_administrator(request)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "municipality", "province", "kind", "seats")
    list_filter = ("province", "kind")
    search_fields = ("name", "city", "municipality", "postal_code", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [VenueClosureInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "seats")}),
        (
            _("Address"),
            {
                "fields": (
                    "street_address",
                    "postal_code",
                    "city",
                    "municipality",
                    "province",
                    "latitude",
                    "longitude",
                )
            },
        ),
        (_("Contact"), {"fields": ("contact_name", "contact_email", "contact_phone")}),
        (_("Accessibility"), {"fields": ("accessibility_notes",)}),
    )

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # A closure is a fact and is always saved; say what now has to move.
        for formset in formsets:
            if formset.model is not VenueClosure:
                continue
            saved = formset.new_objects + [closure for closure, _fields in formset.changed_objects]
            for closure in saved:
                warn_about(request, find_closure_conflicts(closure=closure))

    def save_model(self, request: HttpRequest, obj: Venue, form, change: bool) -> None:
        save_venue(venue=obj)

    def _may_use(self, request: HttpRequest) -> bool:
        return is_administrator(request) or is_organiser(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_use(request)

    def has_view_permission(self, request: HttpRequest, obj: Venue | None = None) -> bool:
        return self._may_use(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may_use(request)

    def has_change_permission(self, request: HttpRequest, obj: Venue | None = None) -> bool:
        return self._may_use(request)

    def has_delete_permission(self, request: HttpRequest, obj: Venue | None = None) -> bool:
        return is_administrator(request)
