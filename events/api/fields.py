"""Dates and times within the years this product plans for.

Python's datetime stops at years 1 and 9999; an offset or a day's step past
either end raises OverflowError deep in the database layer. Bounding every
date the API accepts turns such input into a clear 400 instead.
"""

from __future__ import annotations

from datetime import date, datetime

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

EARLIEST_YEAR = 1970
LATEST_YEAR = 2199
OUT_OF_RANGE = _("Give a date between the years 1970 and 2199.")


def check_year(value: date | datetime | None) -> None:
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(OUT_OF_RANGE, code="date_out_of_range")


class BoundedDateField(serializers.DateField):
    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise serializers.ValidationError(OUT_OF_RANGE, code="date_out_of_range")
        return day


class BoundedDateTimeField(serializers.DateTimeField):
    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            raise serializers.ValidationError(OUT_OF_RANGE, code="date_out_of_range")
        return moment


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
        "example": "09:30",
        "description": "Local (Europe/Amsterdam) wall-clock time, HH:MM.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A time of day without an offset; OpenAPI's ``format: time`` would demand one."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)


class BoundedFormDateField(forms.DateField):
    default_validators = [check_year]


class BoundedFormIsoDateTimeField(IsoDateTimeField):
    default_validators = [check_year]


class DateFilter(filters.DateFilter):
    field_class = BoundedFormDateField


class IsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = BoundedFormIsoDateTimeField


class SlugReference(serializers.SlugRelatedField):
    """A reference to a row by its slug.

    Text that cannot be a slug is refused before the database sees it: PostgreSQL
    answers a NUL character in a query with an error, not with "no such row".
    """

    def to_internal_value(self, data):
        if not isinstance(data, str) or not slug_re.match(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)
