"""The organisers' back office: series, kits, stops, meetings and registrations.

Every write goes through the service modules (``events.meetings``, ``events.planning``,
``events.registration``), so the admin cannot skip what a change must cause (the
calendar SEQUENCE, waiting-list promotion).

Who may do what: see ``scoping.py``. The model admins live in ``planning.py``
(series, kits, stops) and ``meetings.py`` (meetings, registrations).
"""

from .. import calendar_admin  # noqa: F401  (registers the organisers' feed page)
from . import meetings, planning  # noqa: F401  (register the model admins)
from .scoping import ParentScopedInlineMixin, SeriesScopedAdminMixin

__all__ = ["ParentScopedInlineMixin", "SeriesScopedAdminMixin"]
