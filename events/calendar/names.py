"""The names of the public feeds: one text for the feed's NAME and its subscriptions.

Outlook shows the ``name`` of a subscribe link as the calendar's name, and
Apple, Google and Thunderbird show the feed's NAME / X-WR-CALNAME: both come
from here, so that every subscription says which selection it holds and three
of them never sit side by side under one name.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from venues.models import Province, Venue


def public_feed_name(
    *,
    kind: str = "",
    city: str = "",
    province: str = "",
    series_name: str = "",
    venue: Venue | None = None,
    days: bool = False,
) -> str:
    """``Open je Ogen: exhibition (Zwolle, Overijssel)``, a series' or a venue's name...

    Call it with the language of the page or the feed active.
    """
    if series_name:
        title = series_name
    elif venue is not None:
        title = _("Open je Ogen at %(venue)s") % {"venue": f"{venue.name}, {venue.city}"}
    elif kind == "stop":
        title = _("Open je Ogen: exhibition")
    elif kind == "meeting":
        title = _("Open je Ogen: expert meetings")
    else:
        title = _("Open je Ogen: exhibition and meetings")
    province_name = str(dict(Province.choices).get(province, province))
    place = ", ".join(part for part in (city, province_name) if part)
    if place:
        title = f"{title} ({place})"
    return _("%(name)s, per opening day") % {"name": title} if days else title
