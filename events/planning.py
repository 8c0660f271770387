"""Planning the tour: where each exhibition kit is, and when.

Every change to a stop goes through here, so that SEQUENCE (and later the
conflict rules for kits and venues) hold for the admin, the API and scripts.
"""

from __future__ import annotations

from django.db import transaction

from notifications import outbox

from .models import ExhibitionStop, StopStatus
from .revisions import save_with_revision


def save_stop(*, stop: ExhibitionStop) -> ExhibitionStop:
    """Create or change a stop after checking every rule on the model."""
    stop.full_clean()
    with transaction.atomic():
        save_with_revision(stop)
        # Logistics notices follow the stop's dates and status.
        outbox.replan_stop_notices(stop=stop)
    return stop


def set_stop_status(*, stop: ExhibitionStop, status: StopStatus) -> bool:
    """Move a stop to ``status`` (confirm, cancel...). Returns whether anything changed."""
    if stop.status == status:
        return False
    stop.status = status
    with transaction.atomic():
        save_with_revision(stop)
        outbox.replan_stop_notices(stop=stop)
    return True
