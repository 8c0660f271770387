"""The public site: home, the tour, meetings, venues and the privacy page.

Thin views over ``events.queries``; the registration form on a meeting's page
belongs to ``events.registrations``.
"""
