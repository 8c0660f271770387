"""Viewsets: parse, check, call the service, answer. No rule is decided here.

Rows come from the scoped helpers in ``events.queries``: what a caller may not
see is not in their queryset, so it is a 404 like anything that does not exist.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from events.meetings.services import cancel_meeting, publish_meeting
from events.models import Registration, StopStatus
from events.planning import set_stop_status
from events.queries import (
    meetings_visible_in,
    registrations_managed_in,
    series_visible_in,
    stops_visible_in,
)
from events.registrations.ratelimit import allow_meeting_attempt
from events.registrations.services import cancel_registration, register
from venues.models import Venue

from . import schema
from .filters import MeetingFilter, RegistrationFilter, SeriesFilter, StopFilter, VenueFilter
from .permissions import IsOrganiser, VenuePermission, request_scope
from .renderers import CSVRenderer
from .serializers import (
    ErrorSerializer,
    MeetingSerializer,
    OrganiserRegistrationSerializer,
    OwnRegistrationSerializer,
    RegistrationReceiptSerializer,
    RegistrationRequestSerializer,
    SeriesSerializer,
    StopSerializer,
    StopStatusSerializer,
    VenueSerializer,
)
from .throttling import AnonymousRateThrottle, EveryoneRateThrottle

CONFLICT = OpenApiResponse(ErrorSerializer, description=schema.ERROR_DESCRIPTIONS["409"])
THROTTLED = OpenApiResponse(ErrorSerializer, description=schema.ERROR_DESCRIPTIONS["429"])


class WriteThroughServicesMixin:
    """After a create or change, answer with the row as a fresh read shows it.

    The serializer hands the write to a service; reading the row back through
    the scoped queryset brings the derived values (seat counts) with it.
    """

    def fresh(self, instance):
        return self.get_queryset().get(pk=instance.pk)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = serializer.save()
        data = self.get_serializer(self.fresh(instance)).data
        return Response(data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args, **kwargs) -> Response:
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        instance = serializer.save()
        return Response(self.get_serializer(self.fresh(instance)).data)

    def answer_with(self, instance) -> Response:
        return Response(self.get_serializer(self.fresh(instance)).data)


class ListReadCreateChangeViewSet(
    WriteThroughServicesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Stops, meetings and venues are never deleted through the API: they are cancelled."""

    lookup_field = "slug"
    lookup_value_regex = schema.SLUG_PATTERN


@extend_schema_view(
    list=extend_schema(summary="List venues", description="All venues; anyone may read."),
    retrieve=extend_schema(
        summary="One venue", parameters=[schema.slug_parameter("venue", schema.EXAMPLE_VENUE)]
    ),
    create=extend_schema(summary="Add a venue (organisers)"),
    update=extend_schema(
        summary="Change a venue (organisers)",
        parameters=[schema.slug_parameter("venue", schema.EXAMPLE_VENUE)],
    ),
    partial_update=extend_schema(
        summary="Change some fields of a venue (organisers)",
        parameters=[schema.slug_parameter("venue", schema.EXAMPLE_VENUE)],
    ),
)
class VenueViewSet(ListReadCreateChangeViewSet):
    """Places that host stops and meetings. Contact details are for organisers only."""

    serializer_class = VenueSerializer
    permission_classes = [VenuePermission]
    filterset_class = VenueFilter
    ordering_fields = ["name", "city", "updated_at"]

    def get_queryset(self):
        return Venue.objects.order_by("city", "name", "pk")


@extend_schema_view(
    list=extend_schema(summary="List series"),
    retrieve=extend_schema(
        summary="One series", parameters=[schema.slug_parameter("series", schema.EXAMPLE_SERIES)]
    ),
)
class SeriesViewSet(viewsets.ReadOnlyModelViewSet):
    """Programmes: the exhibition tour (with its kits) and the meeting series.

    Private series are visible to their organisers only.
    """

    serializer_class = SeriesSerializer
    filterset_class = SeriesFilter
    ordering_fields = ["name"]
    lookup_field = "slug"
    lookup_value_regex = schema.SLUG_PATTERN

    def get_queryset(self):
        return series_visible_in(request_scope(self.request))


STOP_SLUG = schema.slug_parameter("stop", schema.EXAMPLE_STOP)


@extend_schema_view(
    list=extend_schema(
        summary="List exhibition stops",
        description="Public: stops of public series that are an option, confirmed or "
        "cancelled. Organisers also see the drafts of their own series.",
    ),
    retrieve=extend_schema(summary="One stop", parameters=[STOP_SLUG]),
    create=extend_schema(
        summary="Plan a stop (organisers of the kit's series)",
        description="New stops are drafts; confirm them with POST .../status/. "
        "The planning rules of the back office apply.",
        examples=[
            OpenApiExample(
                "A stop in Utrecht",
                request_only=True,
                value={
                    "slug": "open-je-ogen-zwolle",
                    "kit": schema.EXAMPLE_KIT,
                    "venue": schema.EXAMPLE_VENUE,
                    "host_organisation": "Gemeente Utrecht",
                    "setup_on": "2027-03-01",
                    "opens_on": "2027-03-02",
                    "closes_on": "2027-03-20",
                    "teardown_on": "2027-03-21",
                    "description": "In de hal van het stadhuis.",
                    "opening_hours": [
                        {"weekday": 0, "opens_at": "09:00", "closes_at": "17:00"},
                        {"weekday": 1, "opens_at": "09:00", "closes_at": "17:00"},
                    ],
                },
            )
        ],
    ),
    update=extend_schema(summary="Change a stop", parameters=[STOP_SLUG]),
    partial_update=extend_schema(summary="Change some fields of a stop", parameters=[STOP_SLUG]),
)
class StopViewSet(ListReadCreateChangeViewSet):
    """Stays of an exhibition kit at a venue. Dates are local calendar days, inclusive."""

    serializer_class = StopSerializer
    filterset_class = StopFilter
    ordering_fields = ["opens_on", "closes_on", "updated_at"]

    def get_queryset(self):
        return stops_visible_in(request_scope(self.request))

    @extend_schema(
        summary="Confirm, mark as option or cancel a stop",
        request=StopStatusSerializer,
        responses={200: StopSerializer},
        parameters=[STOP_SLUG],
        examples=[OpenApiExample("Confirm", value={"status": "confirmed"}, request_only=True)],
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, slug: str | None = None) -> Response:
        stop = self.get_object()
        serializer = StopStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        set_stop_status(stop=stop, status=StopStatus(serializer.validated_data["status"]))
        return self.answer_with(stop)


MEETING_SLUG = schema.slug_parameter("meeting", schema.EXAMPLE_MEETING)


@extend_schema_view(
    list=extend_schema(
        summary="List meetings",
        description="Public: published and cancelled meetings of public series. "
        "Organisers also see the drafts of their own series.",
    ),
    retrieve=extend_schema(summary="One meeting", parameters=[MEETING_SLUG]),
    create=extend_schema(
        summary="Add a meeting (organisers of the series)",
        description="New meetings are drafts; publish them with POST .../publish/.",
        examples=[
            OpenApiExample(
                "An expert meeting",
                request_only=True,
                value={
                    "slug": "geringste-aanwijzing-zwolle",
                    "series": schema.EXAMPLE_SERIES,
                    "title": "Expertbijeenkomst geringste aanwijzing Zwolle",
                    "venue": schema.EXAMPLE_VENUE,
                    "starts_at": "2027-03-10T13:00:00+01:00",
                    "ends_at": "2027-03-10T17:00:00+01:00",
                    "capacity": 60,
                    "audience": "Zorgprofessionals, gemeenten en politie",
                },
            )
        ],
    ),
    update=extend_schema(summary="Change a meeting", parameters=[MEETING_SLUG]),
    partial_update=extend_schema(
        summary="Change some fields of a meeting", parameters=[MEETING_SLUG]
    ),
)
class MeetingViewSet(ListReadCreateChangeViewSet):
    """Expert meetings with limited seats, a waiting list and registration."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    throttle_scope: str | None = None  # set for the registration action only
    ordering_fields = ["starts_at", "title", "updated_at"]

    def get_queryset(self):
        return meetings_visible_in(request_scope(self.request))

    @extend_schema(
        summary="Publish a draft meeting", request=None, responses={200: MeetingSerializer},
        parameters=[MEETING_SLUG],
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, slug: str | None = None) -> Response:
        meeting = self.get_object()
        publish_meeting(meeting=meeting)
        return self.answer_with(meeting)

    @extend_schema(
        summary="Cancel a meeting", request=None, responses={200: MeetingSerializer},
        description="Registrations stay, so that attendees' calendars show it cancelled.",
        parameters=[MEETING_SLUG],
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, slug: str | None = None) -> Response:
        meeting = self.get_object()
        cancel_meeting(meeting=meeting)
        return self.answer_with(meeting)

    @extend_schema(
        summary="Register for a meeting (anyone)",
        description=(
            "The same rules as the web form: confirmed while seats remain, otherwise on "
            "the waiting list (with the position), or refused with 409 (codes `full`, "
            "`duplicate`, `closed`, `not_open_yet`, `not_published`). The answer holds the "
            "secret `manage_token`, shown only here: with it the person reads or cancels "
            "the registration. Anonymous calls are throttled per address."
        ),
        request=RegistrationRequestSerializer,
        responses={201: RegistrationReceiptSerializer, 409: CONFLICT, 429: THROTTLED},
        parameters=[MEETING_SLUG],
        examples=[
            OpenApiExample(
                "A nurse registers",
                request_only=True,
                value={
                    "name": "Anna de Vries",
                    "email": "naam@organisatie.example",
                    "organisation": "UMC Utrecht",
                    "sector": "medical",
                    "remarks": "",
                    "language": "nl",
                    "consent": True,
                },
            ),
            OpenApiExample(
                "On the waiting list",
                response_only=True,
                status_codes=["201"],
                value={
                    "meeting": {
                        "slug": schema.EXAMPLE_MEETING,
                        "title": "Expertbijeenkomst geringste aanwijzing Utrecht",
                        "starts_at": "2027-03-10T13:00:00+01:00",
                        "ends_at": "2027-03-10T17:00:00+01:00",
                        "venue_summary": None,
                        "status": "published",
                        "status_display": "gepubliceerd",
                    },
                    "status": "waitlisted",
                    "status_display": "op de wachtlijst",
                    "waitlist_position": 3,
                    "language": "nl",
                    "created_at": "2027-02-01T10:15:00+01:00",
                    "cancelled_at": None,
                    "manage_token": schema.EXAMPLE_TOKEN,
                    "manage_url": f"https://openjeogen.nl/api/v1/registrations/{schema.EXAMPLE_TOKEN}/",
                },
            ),
        ],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="registrations",
        permission_classes=[AllowAny],
        throttle_classes=[AnonymousRateThrottle],
        throttle_scope="registration",
    )
    def register(self, request: Request, slug: str | None = None) -> Response:
        meeting = self.get_object()
        if not request.user.is_authenticated and not allow_meeting_attempt(
            request, meeting_id=meeting.pk
        ):
            raise Throttled(wait=600)
        serializer = RegistrationRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = register(meeting=meeting, attendee=serializer.to_attendee())
        receipt = RegistrationReceiptSerializer(registration, context=self.get_serializer_context())
        return Response(receipt.data, status=status.HTTP_201_CREATED)


TOKEN = OpenApiParameter(
    "manage_token",
    str,
    OpenApiParameter.PATH,
    description="The secret token from the registration's answer and e-mails.",
    examples=[OpenApiExample("token", value=schema.EXAMPLE_TOKEN)],
)
EXPORT_FORMAT = OpenApiParameter(
    "format", str, OpenApiParameter.QUERY, enum=["json", "csv"],
    description="json (the default) or csv (UTF-8 with a byte-order mark).",
)  # fmt: skip


@extend_schema_view(
    list=extend_schema(
        summary="Registrations of your series (organisers)",
        description="Only the series the caller organises (administrators: all).",
    ),
    retrieve=extend_schema(
        summary="Your registration, by its secret token",
        description="Shows where the registration stands, never who made it.",
        parameters=[TOKEN],
        responses={200: OwnRegistrationSerializer, 429: THROTTLED},
    ),
    destroy=extend_schema(
        summary="Cancel your registration, by its secret token",
        description="Frees the seat (the first person waiting moves up). Cancelling "
        "twice changes nothing. Answers with the cancelled registration.",
        parameters=[TOKEN],
        responses={200: OwnRegistrationSerializer, 429: THROTTLED},
    ),
)
class RegistrationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Attendees read and cancel their own registration by token; organisers list them."""

    lookup_field = "manage_token"
    lookup_value_regex = schema.TOKEN_PATTERN
    filterset_class = RegistrationFilter
    ordering_fields = ["created_at"]
    csv_columns = OrganiserRegistrationSerializer.Meta.fields

    def get_permissions(self):
        if self.action in ("retrieve", "destroy"):
            return [AllowAny()]
        return [IsOrganiser()]

    def get_throttles(self):
        if self.action in ("retrieve", "destroy"):
            self.throttle_scope = "registration_token"
            return [EveryoneRateThrottle()]
        return []

    def get_serializer_class(self):
        if self.action in ("retrieve", "destroy"):
            return OwnRegistrationSerializer
        return OrganiserRegistrationSerializer

    def get_queryset(self):
        if self.action in ("retrieve", "destroy"):
            return Registration.objects.select_related("meeting", "meeting__venue")
        return registrations_managed_in(request_scope(self.request))

    def destroy(self, request: Request, *args, **kwargs) -> Response:
        result = cancel_registration(registration=self.get_object())
        return Response(self.get_serializer(result.registration).data)

    @extend_schema(
        summary="Export registrations of your series (organisers), CSV or JSON",
        description="The same rows and filters as the list, unpaginated.",
        parameters=[EXPORT_FORMAT],
        responses={
            (200, "application/json"): OrganiserRegistrationSerializer(many=True),
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    @action(
        detail=False,
        url_path="export",
        renderer_classes=[JSONRenderer, CSVRenderer],
        pagination_class=None,
    )
    def export(self, request: Request) -> Response:
        rows = self.get_serializer(self.filter_queryset(self.get_queryset()), many=True).data
        response = Response(rows)
        if request.accepted_renderer.format == "csv":
            stamp = timezone.localdate().isoformat()
            response["Content-Disposition"] = f'attachment; filename="registrations-{stamp}.csv"'
        return response

    def finalize_response(self, request: Request, response: Response, *args, **kwargs):
        # Errors are JSON in the one error format, whatever format was asked for.
        if response.status_code >= 400 and isinstance(
            getattr(request, "accepted_renderer", None), CSVRenderer
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class NotFoundView(APIView):
    """Any other path under /api/v1/: a 404 in the API's error format, not an HTML page."""

    permission_classes = [AllowAny]
    schema = None

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        raise NotFound(_("There is no API endpoint at this address."))
