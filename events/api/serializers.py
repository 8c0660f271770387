"""Serializers: what the API shows and accepts. Writes are handed to the services.

Fields marked *organisers only* are present for everyone but ``null`` unless the
caller may change that row (an organiser of its series, or an administrator;
for venues any organiser): contact persons, internal notes and meeting links
are not for the public.
"""

from __future__ import annotations

from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.meetings import save_meeting
from events.models import (
    ExhibitionKit,
    ExhibitionStop,
    Meeting,
    MeetingLanguage,
    MeetingStatus,
    OpeningHours,
    Registration,
    RegistrationStatus,
    Sector,
    Series,
)
from events.opening_hours import OpeningPeriod, replace_opening_hours
from events.planning import save_stop
from events.queries import PUBLIC_STOP_STATUSES, kits_visible_in, series_visible_in
from events.registration import Attendee, registration_state, waitlist_position
from venues.models import Venue
from venues.services import save_venue

from .fields import BoundedDateField, BoundedDateTimeField, LocalTimeField
from .permissions import request_scope


class ModelSerializer(serializers.ModelSerializer):
    """Model fields mapped as usual, except dates: bounded to years this product plans for."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: BoundedDateField,
        models.DateTimeField: BoundedDateTimeField,
        models.TimeField: LocalTimeField,
    }


class ErrorSerializer(serializers.Serializer):
    """The one error format (see ``errors.py``)."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ManagerOnlyFieldsMixin:
    """Blanks ``manager_only_fields`` for callers who may not change the row."""

    manager_only_fields: tuple[str, ...] = ()

    def may_manage(self, instance) -> bool:
        raise NotImplementedError

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.may_manage(instance):
            for name in self.manager_only_fields:
                data[name] = None
        return data


# The public page of a row; null while it is not public (drafts, private series).
NULLABLE_URL = serializers.URLField(allow_null=True)


def page_url(serializer: serializers.Serializer, obj, *, public: bool) -> str | None:
    """The public page of ``obj`` in the caller's language, or ``None`` when not public."""
    if not public:
        return None
    request = serializer.context.get("request")
    path = obj.get_absolute_url()
    return request.build_absolute_uri(path) if request else path


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


class SeriesScopedFieldsMixin:
    """Relations may point only into series the caller organises.

    Choices are first narrowed to what the caller can see, so that naming a
    hidden series or kit reads as "does not exist", as everywhere else.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        scope = request_scope(request)
        if "series" in self.fields and not self.fields["series"].read_only:
            self.fields["series"].queryset = series_visible_in(scope)
        if "kit" in self.fields:
            self.fields["kit"].queryset = kits_visible_in(scope)

    def check_series(self, series_id: int, message) -> None:
        if not request_scope(self.context["request"]).manages_series(series_id):
            raise serializers.ValidationError(message, code="not_your_series")


class StopSerializer(SeriesScopedFieldsMixin, ManagerOnlyFieldsMixin, ModelSerializer):
    kit = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=ExhibitionKit.objects.select_related("series"),
        help_text=_("The slug of the exhibition kit (see the kits of a series)."),
    )
    series = serializers.SlugRelatedField(source="kit.series", slug_field="slug", read_only=True)
    venue = serializers.SlugRelatedField(slug_field="slug", queryset=Venue.objects.all())
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
    series = serializers.SlugRelatedField(slug_field="slug", queryset=Series.objects.all())
    venue = serializers.SlugRelatedField(
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
