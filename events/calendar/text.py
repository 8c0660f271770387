"""Making text safe for iCalendar before the icalendar library sees it.

The library escapes TEXT values (commas, semicolons, backslashes, newlines),
but it lets other control characters through, refuses a URI with CR/LF with a
``ValueError`` (a 500 if unguarded), and guards ``X-`` properties and names
only with ``assert``, which ``python -O`` removes: a calendar name with a
newline would then end the calendar early. Everything we write goes through
one of these functions first.
"""

from __future__ import annotations

import re

# C0 controls except TAB and LF, DEL and C1 controls: not allowed in iCalendar
# TEXT (RFC 5545 3.3.11) and meaningless in a calendar app anyway.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_ENDINGS = re.compile(r"\r\n?")
_WHITESPACE_RUN = re.compile(r"\s+")
_URI_SCHEMES = ("https://", "http://", "mailto:", "webcal://")
# Characters a URI never holds raw (RFC 3986): controls, space, quotes, angle brackets.
_URI_FORBIDDEN = re.compile(r'[\x00-\x20\x7f-\x9f"<>\\^`{|}]')


def ical_text(value: object) -> str:
    """Multi-line text: line endings become LF, control characters go.

    What a calendar reads back equals the input apart from those two changes
    (iCalendar has a single newline escape, so CR LF cannot survive as such).
    """
    text = _LINE_ENDINGS.sub("\n", str(value))
    return _CONTROL.sub("", text)


def ical_line(value: object, *, max_length: int = 250) -> str:
    """One line (names, X- properties): every whitespace run, newlines too, becomes a space."""
    line = _WHITESPACE_RUN.sub(" ", ical_text(value)).strip()
    return line[:max_length].rstrip()


def ical_uri(value: str) -> str | None:
    """``value`` when it is a plain web or mail address safe to write as a URI, else ``None``."""
    if not value or len(value) > 2000 or _URI_FORBIDDEN.search(value):
        return None
    if not value.lower().startswith(_URI_SCHEMES):
        return None
    return value
