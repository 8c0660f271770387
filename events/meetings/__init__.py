"""Expert meetings: saving, publishing and cancelling them.

- ``services``: ``save_meeting``, ``publish_meeting``, ``cancel_meeting``; the
  planning checks and the notices to registrants happen there;
- ``admin``: the back office for meetings.
"""
