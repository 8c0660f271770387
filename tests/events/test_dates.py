"""Short dates as each language writes them."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from events.dates import short_date, short_month


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["6 mrt 2027", "12 okt 2027", "1 mei 2027"]),
        ("en", ["6 Mar 2027", "12 Oct 2027", "1 May 2027"]),
    ],
)
def test_month_abbreviations_follow_the_language(language, expected):
    days = [date(2027, 3, 6), date(2027, 10, 12), date(2027, 5, 1)]
    with translation.override(language):
        assert [short_date(day) for day in days] == expected
        assert short_month(days[0]) == expected[0].split()[1]


def test_the_template_filters_say_the_same():
    template = Template("{% load dates %}{{ day|short_date }} / {{ day|short_day }}")
    with translation.override("nl"):
        assert template.render(Context({"day": date(2027, 3, 6)})) == "6 mrt 2027 / 6 mrt"
