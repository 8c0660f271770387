"""Registrations: what a person sends, what they get back, what organisers export."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import (
    Meeting,
    MeetingLanguage,
    Registration,
    RegistrationStatus,
    Sector,
)
from events.registrations.services import Attendee, waitlist_position

from .base import ModelSerializer
from .planning import VenueSummarySerializer

# --- Registrations -----------------------------------------------------------


class RegistrationRequestSerializer(serializers.Serializer):
    """What a person sends to register; the same fields as the web form."""

    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    organisation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    sector = serializers.ChoiceField(choices=Sector.choices)
    remarks = serializers.CharField(
        required=False, allow_blank=True, max_length=2000,
        help_text=_("Accessibility needs, diet, questions."),
    )  # fmt: skip
    language = serializers.ChoiceField(
        choices=MeetingLanguage.choices,
        required=False,
        help_text=_("Language of the e-mails; defaults to the language of the request."),
    )
    consent = serializers.BooleanField(
        help_text=_("Must be true: the person agrees that these details are stored.")
    )

    def validate_name(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError(_("This field may not be blank."), code="blank")
        return value

    def validate_consent(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(
                _("We can only register you if you agree that we store these details."),
                code="consent_required",
            )
        return value

    def to_attendee(self) -> Attendee:
        data = self.validated_data
        language = data.get("language") or (get_language() or "nl")[:2]
        return Attendee(
            name=data["name"],
            email=data["email"],
            sector=data["sector"],
            organisation=data.get("organisation", ""),
            remarks=data.get("remarks", ""),
            language=language if language in MeetingLanguage.values else "nl",
        )


class MeetingSummarySerializer(ModelSerializer):
    venue_summary = VenueSummarySerializer(source="venue", read_only=True, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Meeting
        fields = (
            "slug",
            "title",
            "starts_at",
            "ends_at",
            "venue_summary",
            "status",
            "status_display",
        )
        read_only_fields = fields


class OwnRegistrationSerializer(ModelSerializer):
    """A registration as its token holder sees it.

    A token can travel (forwarded e-mails, browser history), so this shows
    where the registration stands but never who made it.
    """

    meeting = MeetingSummarySerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    waitlist_position = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = (
            "meeting",
            "status",
            "status_display",
            "waitlist_position",
            "language",
            "created_at",
            "cancelled_at",
        )
        read_only_fields = fields

    def get_waitlist_position(self, registration: Registration) -> int | None:
        """1 for the first person waiting; null when not on the waiting list."""
        return waitlist_position(registration)


class RegistrationReceiptSerializer(OwnRegistrationSerializer):
    """The answer to a registration: the only time the secret token is shown."""

    manage_token = serializers.CharField(
        read_only=True,
        help_text=_("Secret: keep it. GET or DELETE /api/v1/registrations/<token>/ with it."),
    )
    manage_url = serializers.SerializerMethodField()

    class Meta(OwnRegistrationSerializer.Meta):
        fields = (*OwnRegistrationSerializer.Meta.fields, "manage_token", "manage_url")
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_manage_url(self, registration: Registration) -> str:
        path = reverse(
            "api-v1:registration-detail", kwargs={"manage_token": registration.manage_token}
        )
        return self.context["request"].build_absolute_uri(path)


class OrganiserRegistrationSerializer(ModelSerializer):
    """A registration as the organisers of its series see it (lists and exports)."""

    meeting = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    series = serializers.SlugRelatedField(
        source="meeting.series", slug_field="slug", read_only=True
    )
    sector_display = serializers.CharField(source="get_sector_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    waitlist_position = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = (
            "id",
            "meeting",
            "meeting_title",
            "series",
            "name",
            "email",
            "organisation",
            "sector",
            "sector_display",
            "remarks",
            "language",
            "status",
            "status_display",
            "waitlist_position",
            "created_at",
            "waitlisted_at",
            "cancelled_at",
            "anonymised_at",
        )
        read_only_fields = fields

    def get_waitlist_position(self, registration: Registration) -> int | None:
        """1 for the first person waiting; null when not on the waiting list."""
        if registration.status != RegistrationStatus.WAITLISTED:
            return None
        return getattr(registration, "waitlist_rank", None)
