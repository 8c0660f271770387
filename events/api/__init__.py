"""The REST API under ``/api/v1/``: thin adapters over ``events.queries`` and the services.

Reads go through the scoped queryset helpers in ``events.queries``; every write
calls the same service function as the admin (``save_stop``, ``save_meeting``,
``register``...). One router (``urls.py``), one error format (``errors.py``).
"""
