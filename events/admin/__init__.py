"""The organisers' back office, assembled from each capability's own admin module.

Every write goes through the service modules (``events.meetings.services``,
``events.planning``, ``events.registrations.services``), so the admin cannot skip
what a change must cause (the calendar SEQUENCE, waiting-list promotion).

Who may do what: see ``scoping.py``, shared by every capability's admin. The
model admins live with their capability: ``events.planning.admin`` (series,
kits, stops), ``events.meetings.admin``, ``events.registrations.admin`` and
``events.calendar.admin`` (the organiser's own logistics feed).
"""

from ..calendar import admin as calendar_admin  # noqa: F401  (registers the model admins)
from ..meetings import admin as meetings_admin  # noqa: F401
from ..planning import admin as planning_admin  # noqa: F401
from ..registrations import admin as registrations_admin  # noqa: F401
from .scoping import ParentScopedInlineMixin, SeriesScopedAdminMixin

__all__ = ["ParentScopedInlineMixin", "SeriesScopedAdminMixin"]
