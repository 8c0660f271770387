"""Registering for meetings: the form, the attendee's own pages, and the rules behind them.

- ``services``: ``register``, ``cancel_registration``, ``restore_registration``,
  ``correct_registration`` and the waiting list; the one way in for the web
  form, the API, the admin and scripts (it locks the meeting row);
- ``retention``: anonymising registrations after the retention period;
- ``ratelimit``: the per-client limit on registration posts;
- ``forms``, ``views``, ``urls``, ``admin``: the adapters that call them.
"""
