"""Who may call what: anonymous read-only, organisers write within their series.

The rows a user can see at all are decided by the queryset helpers in
``events.queries`` (anything else is a 404); these classes decide what a user
may change among the rows they can see.
"""

from __future__ import annotations

from rest_framework import permissions
from rest_framework.request import Request

from events.permissions import Scope, scope_for


def request_scope(request: Request) -> Scope:
    """The caller's scope, worked out once per request (one query at most)."""
    scope = getattr(request, "_api_scope", None)
    if scope is None:
        scope = scope_for(request.user)
        request._api_scope = scope
    return scope


def series_id_of(obj) -> int | None:
    """The series a stop, meeting, kit or series belongs to."""
    if hasattr(obj, "kit"):
        return obj.kit.series_id
    if hasattr(obj, "series_id"):
        return obj.series_id
    return obj.pk


class ReadOnlyUnlessOrganiser(permissions.BasePermission):
    """Anyone reads; organisers and administrators write, each object within their series.

    Writes by an anonymous caller are a 401, by a signed-in non-organiser a 403.
    """

    message = None  # DRF's default, translated: "You do not have permission..."

    def has_permission(self, request: Request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return (
            bool(request.user and request.user.is_authenticated) and request_scope(request).may_plan
        )

    def has_object_permission(self, request: Request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return request_scope(request).manages_series(series_id_of(obj))


class VenuePermission(ReadOnlyUnlessOrganiser):
    """Venues are shared: every organiser may add and correct any of them."""

    def has_object_permission(self, request: Request, view, obj) -> bool:
        return request.method in permissions.SAFE_METHODS or request_scope(request).may_plan


class IsOrganiser(permissions.BasePermission):
    """Organisers and administrators only (lists of attendees)."""

    def has_permission(self, request: Request, view) -> bool:
        return (
            bool(request.user and request.user.is_authenticated) and request_scope(request).may_plan
        )
