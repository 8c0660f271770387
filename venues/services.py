"""Changing venues: the one place where a venue is checked and saved.

Venues are shared by every series; the admin and the API both save through here.
"""

from __future__ import annotations

from django.db import transaction

from .models import Venue


def save_venue(*, venue: Venue) -> Venue:
    """Create or change a venue after checking every rule on the model."""
    venue.full_clean()
    with transaction.atomic():
        venue.save()
    return venue
