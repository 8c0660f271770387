"""CSV for the organisers' exports of registrations."""

from __future__ import annotations

import csv
import io

from rest_framework.renderers import BaseRenderer

# A cell starting with one of these is a formula to a spreadsheet: an attendee
# could otherwise put "=HYPERLINK(...)" in their name and have it run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class CSVRenderer(BaseRenderer):
    """A list of flat dicts as CSV; columns from the view's ``csv_columns``.

    UTF-8 with a byte-order mark, so that spreadsheets read accents right.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        view = (renderer_context or {}).get("view")
        columns = list(getattr(view, "csv_columns", ()) or (data[0].keys() if data else []))
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in data:
            writer.writerow([spreadsheet_safe(row.get(column)) for column in columns])
        return ("\ufeff" + buffer.getvalue()).encode(self.charset)
