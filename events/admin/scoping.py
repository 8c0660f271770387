"""Who sees what in the back office: the scoping mixins every model admin uses.

Who may do what is decided by these permission hooks, not by Django's
permission table: a superuser may do everything; an *organiser* (an active staff
user who organises at least one series) sees and changes only the series they
organise and what belongs to them. Giving someone a series is all it takes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from ..models import (
    ExhibitionKit,
    Meeting,
    Series,
)
from ..permissions import is_administrator, organised_series_ids, scope_to_organiser

# How to reach the series from a model that appears as a foreign-key choice.
SERIES_LOOKUP_OF_CHOICES: dict[type[Model], str] = {
    Series: "",
    ExhibitionKit: "series",
    Meeting: "series",
}


class SeriesScopedAdminMixin:
    """Organisers see, add, change and delete only what belongs to their series.

    ``series_lookup`` is the path from the model to its ``Series`` (``""`` for
    a series itself). Choices of series, kits and meetings in forms are
    narrowed the same way, so nothing can be moved into someone else's series.
    """

    series_lookup = "series"

    def series_id_of(self, obj: Model) -> int | None:
        if not self.series_lookup:
            return obj.pk
        *path, last = self.series_lookup.split("__")
        for name in path:
            obj = getattr(obj, name, None)
            if obj is None:
                return None
        return getattr(obj, f"{last}_id", None)

    def in_scope(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if is_administrator(request):
            return True
        series_ids = organised_series_ids(request)
        if not series_ids:
            return False
        return obj is None or self.series_id_of(obj) in series_ids

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if is_administrator(request):
            return queryset
        return scope_to_organiser(queryset, request, self.series_lookup)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs: Any):
        lookup = SERIES_LOOKUP_OF_CHOICES.get(db_field.related_model)
        if lookup is not None and not is_administrator(request):
            choices = db_field.related_model._default_manager.all()
            kwargs["queryset"] = scope_to_organiser(choices, request, lookup)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.in_scope(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.in_scope(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.in_scope(request, obj)


class ParentScopedInlineMixin:
    """Inline rows are part of their parent: whoever may change the parent may change them."""

    def _parent_admin(self) -> admin.ModelAdmin:
        return self.admin_site.get_model_admin(self.parent_model)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._parent_admin().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._parent_admin().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._parent_admin().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._parent_admin().has_change_permission(request, obj)
