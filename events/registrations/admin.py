"""Back office for registrations: reading, correcting, cancelling and restoring them.

Every change goes through ``events.registrations.services``, so cancelling here
frees the seat and moves the waiting list up exactly as the attendee's own
cancel link does.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..admin.scoping import SeriesScopedAdminMixin
from ..models import Registration, RegistrationStatus
from ..permissions import is_administrator
from .services import (
    CORRECTABLE_FIELDS,
    RegistrationRefused,
    cancel_registration,
    correct_registration,
    restore_registration,
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
