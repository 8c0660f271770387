"""Planning the tour: where each kit is and when, what clashes, and where there is room.

Every change to a stop, a kit's transport days or a meeting's time and place
goes through here, so that the rules hold for the admin, the API, the
organiser pages and scripts alike:

- ``conflicts``: the rules (a kit in one place at a time, transport included;
  a venue hosting one stop at a time, none during its closures; one meeting
  at a time per venue) and ``find_*_conflicts`` to ask what clashes;
- ``services``: ``save_stop``, ``set_stop_status``, ``save_kit`` and the
  ``check_*`` functions forms call; confirmed stops and meetings that clash
  are refused with ``PlanningConflict``, drafts and options are saved and
  their conflicts shown as warnings;
- ``windows``: ``find_free_windows``, the first free stretches at a venue;
- ``timeline``: ``build_timeline``, the organisers' year picture.
"""

from .conflicts import (
    Conflict,
    ConflictKind,
    find_closure_conflicts,
    find_kit_conflicts,
    find_meeting_conflicts,
    find_stop_conflicts,
    occupied_days,
)
from .services import (
    PlanningConflict,
    apply_occupancy,
    check_and_save_meeting,
    check_kit,
    check_meeting,
    check_stop,
    save_kit,
    save_stop,
    set_stop_status,
)
from .timeline import Timeline, build_timeline
from .windows import FreeWindow, find_free_windows

__all__ = [
    "Conflict",
    "ConflictKind",
    "FreeWindow",
    "PlanningConflict",
    "Timeline",
    "apply_occupancy",
    "build_timeline",
    "check_and_save_meeting",
    "check_kit",
    "check_meeting",
    "check_stop",
    "find_closure_conflicts",
    "find_free_windows",
    "find_kit_conflicts",
    "find_meeting_conflicts",
    "find_stop_conflicts",
    "occupied_days",
    "save_kit",
    "save_stop",
    "set_stop_status",
]
