"""Who may see and change what: administrators everything, organisers their own series.

An *organiser* is an active staff user who organises at least one series.
The admin, the organiser pages and the API all ask here.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Series


def is_administrator(request: HttpRequest) -> bool:
    user = request.user
    return user.is_active and user.is_superuser


def organised_series_ids(request: HttpRequest) -> frozenset[int]:
    """Ids of the series the signed-in staff user organises.

    Kept on the request: the admin asks every model admin for its permissions
    on each page, and that must stay one query, not one per question.
    """
    cached = getattr(request, "_organised_series_ids", None)
    if cached is None:
        user = request.user
        if user.is_active and user.is_staff:
            cached = frozenset(user.organised_series.values_list("pk", flat=True))
        else:
            cached = frozenset()
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
