"""Realistic Dutch demo data: the "Open je Ogen" tour, its venues and CoMensha's meetings.

The data is plain module-level structures; ``seed_demo()`` writes it, in one
transaction, through the same services the admin and the API use
(``save_stop``, ``save_meeting``, ``register``), so the demo obeys every rule.

Dates are relative to the Monday of the current week, which keeps the site
with a past, a present and a future, and keeps a re-run within the same week
free of calendar changes (no SEQUENCE bumps). Running it again updates the demo
rows in place (keyed on slugs, usernames and (meeting, e-mail)); it never
creates anything twice and never deletes anything.

Every person and e-mail address here is fictional; the organisations and
public buildings are real Dutch ones, used as examples.
"""

from .seed import DemoLogin, SeedSummary, seed_demo

__all__ = ["DemoLogin", "SeedSummary", "seed_demo"]
