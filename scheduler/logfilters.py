"""Keeps secrets and personal data out of every log line.

**E-mail addresses** are replaced by ``[e-mail]`` wherever they appear in a
message or in an exception's text (an SMTP refusal, a database error that
quotes a key): nobody learns from a log who registered for what. Names never
reach a log from our code; the request log of a 500 holds the path and the
traceback, not the form's body.

**Secrets in addresses.**

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


# Deliberately broad: a false positive costs a log reader a word, a miss costs a person.
EMAIL_ADDRESS = re.compile(r"[^\s<>()\[\]\"',;:@]+@[^\s<>()\[\]\"',;:@]+\.[A-Za-z0-9-]{2,}")
EMAIL_HIDDEN = "[e-mail]"


def mask_secret_paths(text: str) -> str:
    return SECRET_PATH.sub(rf"\g<before>{HIDDEN}", text)


def redact(text: str) -> str:
    """``text`` with secret path segments and e-mail addresses hidden."""
    return EMAIL_ADDRESS.sub(EMAIL_HIDDEN, mask_secret_paths(text))


class SecretPathFilter(logging.Filter):
    """Rewrites a record's message and exception text with secrets and addresses hidden.

    Drops nothing. The exception is formatted here, once, so that the
    handler's formatter prints the redacted text instead of formatting it again.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class MaskingGunicornLogger(GunicornLogger):
    """gunicorn's logger with ``SecretPathFilter`` on its access and error logs."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            # setup() runs again on a configuration reload: one filter is enough.
            if not any(isinstance(f, SecretPathFilter) for f in log.filters):
                log.addFilter(SecretPathFilter())
