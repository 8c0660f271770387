"""Building blocks of the serializers: bounded dates, organiser-only fields, page links."""

from __future__ import annotations

from django.db import models
from rest_framework import serializers

from events.queries import kits_visible_in, series_visible_in

from ..fields import BoundedDateField, BoundedDateTimeField, LocalTimeField
from ..permissions import request_scope


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
