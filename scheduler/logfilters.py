"""Keeps the secrets that sit in some addresses out of every log line.

A registration's manage page, the private calendar feeds, the API's
registration look-up and the stop-reminders link carry their credential in
the path. Whoever reads a log (an operator, a log service, a leaked backup)
must not be able to use them, so the segment is replaced by ``[hidden]``:
in Django's request logging (``settings.LOGGING``) and in gunicorn's access
and error logs (``MaskingGunicornLogger``, set in ``scheduler/gunicorn.conf.py``).
Whole log lines are masked, so the same path in a Referer header is hidden too.
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

HIDDEN = "[hidden]"

SECRET_PATH = re.compile(
    r"(?P<before>"
    r"/(?:nl|en)/aanmelding/"
    r"|/(?:nl|en)/herinneringen-stoppen/"
    r"|/calendar/(?:me|organiser)/"
    r"|/api/v1/registrations/(?!export/|\?|\s|$)"  # the list and its export have no token
    r")"
    # The token: up to the next slash, query, quote or space; a feed's .ics stays.
    r"(?P<token>[^/?#\s\"']+?)(?=\.ics\b|[/?#\s\"']|$)"
)


def mask_secret_paths(text: str) -> str:
    return SECRET_PATH.sub(rf"\g<before>{HIDDEN}", text)


class SecretPathFilter(logging.Filter):
    """Rewrites a record's message with the secret path segments hidden; drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secret_paths(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


class MaskingGunicornLogger(GunicornLogger):
    """gunicorn's logger with ``SecretPathFilter`` on its access and error logs."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            # setup() runs again on a configuration reload: one filter is enough.
            if not any(isinstance(f, SecretPathFilter) for f in log.filters):
                log.addFilter(SecretPathFilter())
