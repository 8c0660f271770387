"""Venues, series, stops and meetings: read by anyone, written by organisers."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.meetings.services import save_meeting
from events.models import (
    ExhibitionKit,
    ExhibitionStop,
    Meeting,
    MeetingStatus,
    OpeningHours,
    Series,
)
from events.planning import save_stop
from events.planning.opening_hours import OpeningPeriod, replace_opening_hours
from events.queries import PUBLIC_STOP_STATUSES
from events.registrations.services import registration_state
from venues.models import Venue
from venues.services import save_venue

from ..fields import SlugReference
from ..permissions import request_scope
from .base import (
    NULLABLE_URL,
    ManagerOnlyFieldsMixin,
    ModelSerializer,
    SeriesScopedFieldsMixin,
    page_url,
)

# --- Venues ------------------------------------------------------------------


class VenueSummarySerializer(ModelSerializer):
    """Where a stop or meeting takes place, without the contact details."""

    class Meta:
        model = Venue
        fields = (
            "slug",
            "name",
            "street_address",
            "postal_code",
            "city",
            "municipality",
            "province",
            "latitude",
            "longitude",
        )
        read_only_fields = fields


class VenueSerializer(ManagerOnlyFieldsMixin, ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    province_display = serializers.CharField(source="get_province_display", read_only=True)
    page_url = serializers.SerializerMethodField()
    contact_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, allow_null=True,
        help_text=_("Organisers only; null for everyone else."),
    )  # fmt: skip
    contact_email = serializers.EmailField(
        max_length=254, required=False, allow_blank=True, allow_null=True,
        help_text=_("Organisers only; null for everyone else."),
    )  # fmt: skip
    contact_phone = serializers.CharField(
        max_length=32, required=False, allow_blank=True, allow_null=True,
        help_text=_("Organisers only; null for everyone else."),
    )  # fmt: skip

    manager_only_fields = ("contact_name", "contact_email", "contact_phone")

    class Meta:
        model = Venue
        fields = (
            "slug",
            "name",
            "kind",
            "kind_display",
            "street_address",
            "postal_code",
            "city",
            "municipality",
            "province",
            "province_display",
            "latitude",
            "longitude",
            "seats",
            "accessibility_notes",
            "contact_name",
            "contact_email",
            "contact_phone",
            "page_url",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("created_at", "updated_at")

    def may_manage(self, instance) -> bool:
        return request_scope(self.context["request"]).may_plan

    @extend_schema_field(NULLABLE_URL)
    def get_page_url(self, venue: Venue) -> str | None:
        return page_url(self, venue, public=True)

    def validate(self, attrs: dict) -> dict:
        for name in self.manager_only_fields:
            if name in attrs and attrs[name] is None:
                attrs[name] = ""
        return attrs

    def create(self, validated_data: dict) -> Venue:
        return save_venue(venue=Venue(**validated_data))

    def update(self, instance: Venue, validated_data: dict) -> Venue:
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return save_venue(venue=instance)


# --- Series ------------------------------------------------------------------


class KitSerializer(ModelSerializer):
    class Meta:
        model = ExhibitionKit
        fields = ("slug", "name", "panel_count", "transport_days", "description")
        read_only_fields = fields


class SeriesSerializer(ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    kits = KitSerializer(
        many=True, read_only=True, help_text=_("The exhibition kits of a tour (empty otherwise).")
    )

    class Meta:
        model = Series
        fields = ("slug", "name", "kind", "kind_display", "description", "is_public", "kits")
        read_only_fields = fields


# --- Stops -------------------------------------------------------------------


class OpeningHoursSerializer(ModelSerializer):
    weekday_display = serializers.CharField(source="get_weekday_display", read_only=True)

    class Meta:
        model = OpeningHours
        fields = ("weekday", "weekday_display", "opens_at", "closes_at")
        # The whole list is checked (and replaced) by the service, not row by row here.
        validators: list = []


class StopSerializer(SeriesScopedFieldsMixin, ManagerOnlyFieldsMixin, ModelSerializer):
    kit = SlugReference(
        slug_field="slug",
        queryset=ExhibitionKit.objects.select_related("series"),
        help_text=_("The slug of the exhibition kit (see the kits of a series)."),
    )
    series = serializers.SlugRelatedField(source="kit.series", slug_field="slug", read_only=True)
    venue = SlugReference(slug_field="slug", queryset=Venue.objects.all())
    venue_summary = VenueSummarySerializer(source="venue", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    opening_hours = OpeningHoursSerializer(
        many=True,
        required=False,
        help_text=_("The whole week: the list sent replaces the stored one; [] clears it, "
                    "leaving it out keeps it."),
    )  # fmt: skip
    internal_notes = serializers.CharField(
        required=False, allow_blank=True, allow_null=True,
        help_text=_("Organisers only; null for everyone else."),
    )  # fmt: skip
    page_url = serializers.SerializerMethodField()

    manager_only_fields = ("internal_notes",)

    class Meta:
        model = ExhibitionStop
        fields = (
            "slug",
            "series",
            "kit",
            "venue",
            "venue_summary",
            "host_organisation",
            "setup_on",
            "opens_on",
            "closes_on",
            "teardown_on",
            "status",
            "status_display",
            "description",
            "internal_notes",
            "opening_hours",
            "sequence",
            "page_url",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("status", "sequence", "created_at", "updated_at")

    def may_manage(self, stop: ExhibitionStop) -> bool:
        return request_scope(self.context["request"]).manages_series(stop.kit.series_id)

    @extend_schema_field(NULLABLE_URL)
    def get_page_url(self, stop: ExhibitionStop) -> str | None:
        public = stop.kit.series.is_public and stop.status in PUBLIC_STOP_STATUSES
        return page_url(self, stop, public=public)

    def validate_kit(self, kit: ExhibitionKit) -> ExhibitionKit:
        self.check_series(kit.series_id, _("You do not organise the series of this kit."))
        return kit

    def validate_internal_notes(self, value: str | None) -> str:
        return value or ""

    @transaction.atomic
    def create(self, validated_data: dict) -> ExhibitionStop:
        hours = validated_data.pop("opening_hours", None)
        stop = save_stop(stop=ExhibitionStop(**validated_data))
        if hours is not None:
            replace_opening_hours(stop=stop, periods=[OpeningPeriod(**row) for row in hours])
        return stop

    @transaction.atomic
    def update(self, instance: ExhibitionStop, validated_data: dict) -> ExhibitionStop:
        hours = validated_data.pop("opening_hours", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        save_stop(stop=instance)
        if hours is not None:
            replace_opening_hours(stop=instance, periods=[OpeningPeriod(**row) for row in hours])
        return instance


class StopStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ExhibitionStop._meta.get_field("status").choices)


# --- Meetings ----------------------------------------------------------------


class MeetingSerializer(SeriesScopedFieldsMixin, ManagerOnlyFieldsMixin, ModelSerializer):
    series = SlugReference(slug_field="slug", queryset=Series.objects.all())
    venue = SlugReference(
        slug_field="slug", queryset=Venue.objects.all(), required=False, allow_null=True
    )
    venue_summary = VenueSummarySerializer(source="venue", read_only=True, allow_null=True)
    language_display = serializers.CharField(source="get_language_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_online = serializers.BooleanField(read_only=True)
    online_url = serializers.URLField(
        max_length=200, required=False, allow_blank=True, allow_null=True,
        help_text=_("The link to join online. Organisers only; null for everyone else "
                    "(attendees get it by e-mail)."),
    )  # fmt: skip
    seats_taken = serializers.SerializerMethodField()
    seats_left = serializers.SerializerMethodField()
    waitlist_length = serializers.SerializerMethodField()
    registration_open = serializers.SerializerMethodField()
    registration_closed_reason = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    manager_only_fields = ("online_url",)

    class Meta:
        model = Meeting
        fields = (
            "slug",
            "series",
            "title",
            "description",
            "audience",
            "language",
            "language_display",
            "venue",
            "venue_summary",
            "is_online",
            "online_url",
            "starts_at",
            "ends_at",
            "capacity",
            "seats_taken",
            "seats_left",
            "waitlist_enabled",
            "waitlist_length",
            "registration_opens_at",
            "registration_closes_at",
            "registration_open",
            "registration_closed_reason",
            "status",
            "status_display",
            "sequence",
            "page_url",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("status", "sequence", "created_at", "updated_at")

    def may_manage(self, meeting: Meeting) -> bool:
        return request_scope(self.context["request"]).manages_series(meeting.series_id)

    def get_seats_taken(self, meeting: Meeting) -> int:
        return getattr(meeting, "confirmed_count", 0)

    def get_seats_left(self, meeting: Meeting) -> int:
        return max(meeting.capacity - getattr(meeting, "confirmed_count", 0), 0)

    def get_waitlist_length(self, meeting: Meeting) -> int:
        return getattr(meeting, "waitlist_count", 0)

    def get_registration_open(self, meeting: Meeting) -> bool:
        return registration_state(meeting) is None

    @extend_schema_field(
        serializers.ChoiceField(
            choices=["not_published", "not_open_yet", "closed"], allow_null=True
        )
    )
    def get_registration_closed_reason(self, meeting: Meeting) -> str | None:
        return registration_state(meeting)

    @extend_schema_field(NULLABLE_URL)
    def get_page_url(self, meeting: Meeting) -> str | None:
        public = meeting.series.is_public and meeting.status != MeetingStatus.DRAFT
        return page_url(self, meeting, public=public)

    def validate_series(self, series: Series) -> Series:
        self.check_series(series.pk, _("You do not organise this series."))
        return series

    def validate_online_url(self, value: str | None) -> str:
        return value or ""

    def create(self, validated_data: dict) -> Meeting:
        return save_meeting(meeting=Meeting(**validated_data))

    def update(self, instance: Meeting, validated_data: dict) -> Meeting:
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return save_meeting(meeting=instance)
