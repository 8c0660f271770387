"""Query-string filters of the lists (django-filter).

Dates are local (Europe/Amsterdam) calendar days. A date range selects what
overlaps it: a stop open from 1 to 20 March is in ``date_from=2026-03-15``.
Unknown slugs simply match nothing, so a filter never tells whether a hidden
series exists.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import django_filters as filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import (
    ExhibitionStop,
    Meeting,
    MeetingLanguage,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    Series,
    SeriesKind,
    StopStatus,
)
from venues.models import Province, Venue, VenueKind

from .fields import DateFilter, IsoDateTimeFilter


def start_of_local_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class VenueFilter(filters.FilterSet):
    city = filters.CharFilter(lookup_expr="iexact", help_text=_("City, any case."))
    municipality = filters.CharFilter(lookup_expr="iexact")
    province = filters.ChoiceFilter(choices=Province.choices)
    kind = filters.ChoiceFilter(choices=VenueKind.choices)

    class Meta:
        model = Venue
        fields = ("city", "municipality", "province", "kind")


class SeriesFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=SeriesKind.choices)

    class Meta:
        model = Series
        fields = ("kind",)


class StopFilter(filters.FilterSet):
    date_from = DateFilter(
        field_name="closes_on", lookup_expr="gte", help_text=_("Open on or after this day.")
    )
    date_to = DateFilter(
        field_name="opens_on", lookup_expr="lte", help_text=_("Open on or before this day.")
    )
    city = filters.CharFilter(field_name="venue__city", lookup_expr="iexact")
    province = filters.ChoiceFilter(field_name="venue__province", choices=Province.choices)
    venue_kind = filters.ChoiceFilter(field_name="venue__kind", choices=VenueKind.choices)
    series = filters.CharFilter(field_name="kit__series__slug", help_text=_("Series slug."))
    kit = filters.CharFilter(field_name="kit__slug", help_text=_("Kit slug."))
    venue = filters.CharFilter(field_name="venue__slug", help_text=_("Venue slug."))
    status = filters.MultipleChoiceFilter(
        choices=StopStatus.choices,
        help_text=_("Repeat for several: ?status=option&status=confirmed"),
    )
    updated_since = IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = ExhibitionStop
        fields = ()


class MeetingFilter(filters.FilterSet):
    date_from = DateFilter(method="ends_on_or_after", help_text=_("On or after this day."))
    date_to = DateFilter(method="starts_on_or_before", help_text=_("On or before this day."))
    city = filters.CharFilter(field_name="venue__city", lookup_expr="iexact")
    province = filters.ChoiceFilter(field_name="venue__province", choices=Province.choices)
    venue_kind = filters.ChoiceFilter(field_name="venue__kind", choices=VenueKind.choices)
    series = filters.CharFilter(field_name="series__slug", help_text=_("Series slug."))
    venue = filters.CharFilter(field_name="venue__slug", help_text=_("Venue slug."))
    status = filters.MultipleChoiceFilter(choices=MeetingStatus.choices)
    language = filters.ChoiceFilter(choices=MeetingLanguage.choices)
    online = filters.BooleanFilter(method="filter_online", help_text=_("Has an online link."))
    updated_since = IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Meeting
        fields = ()

    def ends_on_or_after(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(ends_at__gte=start_of_local_day(value))

    def starts_on_or_before(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(starts_at__lt=start_of_local_day(value + timedelta(days=1)))

    def filter_online(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.exclude(online_url="") if value else queryset.filter(online_url="")


class RegistrationFilter(filters.FilterSet):
    meeting = filters.CharFilter(field_name="meeting__slug", help_text=_("Meeting slug."))
    series = filters.CharFilter(field_name="meeting__series__slug", help_text=_("Series slug."))
    status = filters.MultipleChoiceFilter(choices=RegistrationStatus.choices)

    class Meta:
        model = Registration
        fields = ()
