"""Calendar revisions: SEQUENCE goes up when what a calendar shows changes.

Calendar apps ignore an edited event unless its SEQUENCE grows (RFC 5545
3.8.7.4), so every service that saves a stop or a meeting goes through here.
"""

from __future__ import annotations

from django.db import models, transaction


def save_with_revision(instance: models.Model) -> bool:
    """Save ``instance``; bump its ``sequence`` if a field in ``CALENDAR_FIELDS`` changed.

    Locks the stored row first so that two organisers saving at once both count.
    Returns whether the sequence went up.
    """
    fields = type(instance).CALENDAR_FIELDS
    bumped = False
    with transaction.atomic():
        if instance.pk is not None:
            # of=("self",): the default ordering may join other tables (a stop's kit);
            # locking those rows FOR UPDATE would block other rows' foreign-key checks.
            previous = (
                type(instance)
                .objects.select_for_update(of=("self",))
                .filter(pk=instance.pk)
                .values("sequence", *fields)
                .first()
            )
            if previous is not None:
                instance.sequence = previous["sequence"]
                if any(previous[name] != getattr(instance, name) for name in fields):
                    instance.sequence += 1
                    bumped = True
        instance.save()
    return bumped
