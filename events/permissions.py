"""Who may see and change what: administrators everything, organisers their own series.

An *organiser* is an active staff user who organises at least one series.
The admin, the organiser pages and the API all ask here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Series


def is_administrator(request: HttpRequest) -> bool:
    user = request.user
    return user.is_active and user.is_superuser


def organised_series_ids_for(user) -> frozenset[int]:
    """Ids of the series ``user`` organises; none unless an active staff user (one query)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return frozenset()
    return frozenset(user.organised_series.values_list("pk", flat=True))


@dataclass(frozen=True)
class Scope:
    """What one user may see and change, without a request (API, tasks, scripts)."""

    is_administrator: bool
    series_ids: frozenset[int]

    @property
    def is_organiser(self) -> bool:
        return bool(self.series_ids)

    @property
    def may_plan(self) -> bool:
        """Administrators and organisers add and change venues (venues are shared)."""
        return self.is_administrator or self.is_organiser

    def manages_series(self, series_id: int | None) -> bool:
        return self.is_administrator or series_id in self.series_ids


def scope_for(user) -> Scope:
    administrator = bool(user.is_authenticated and user.is_active and user.is_superuser)
    return Scope(is_administrator=administrator, series_ids=organised_series_ids_for(user))


def organised_series_ids(request: HttpRequest) -> frozenset[int]:
    """Ids of the series the signed-in staff user organises.

    Kept on the request: the admin asks every model admin for its permissions
    on each page, and that must stay one query, not one per question.
    """
    cached = getattr(request, "_organised_series_ids", None)
    if cached is None:
        cached = organised_series_ids_for(request.user)
        request._organised_series_ids = cached
    return cached


def is_organiser(request: HttpRequest) -> bool:
    return bool(organised_series_ids(request))


def scope_to_organiser(queryset: QuerySet, request: HttpRequest, series_lookup: str) -> QuerySet:
    """Narrow ``queryset`` to rows of series the user organises.

    An ``IN (subquery)`` rather than a join through ``organisers``, so that a
    series with several organisers does not list its rows twice.
    """
    organised = Series.objects.filter(organisers=request.user).values("pk")
    return queryset.filter(**{f"{series_lookup or 'pk'}__in": organised})
