"""Which figure of a numeric day is the day (ingest/numeric_days.py), and how the report
names a line of figures."""

from __future__ import annotations

import datetime as dt

import pytest

from digest.ingest.numeric_days import figures_reason, settled_order
from digest.ingest.printed_dates import read_printed


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("05/12/2026 16:14", "date, its line not saying which figure is the day"),
        ("25/12/2026", "date"),
        ("05.12.2026", "date"),
        ("2026-12-05", "date"),
        ("12/12/2026", "date"),
        ("14:32", None),  # a live report's time: a count
        ("1,450", None),
        ("3/4", None),
        ("12/13/14", None),  # no year of the news
    ],
)
def test_a_line_of_figures_is_a_date_only_when_it_prints_a_day(
    line: str, reason: str | None
) -> None:
    assert figures_reason(line) == reason


def test_the_order_a_line_settles() -> None:
    assert settled_order("Actualizado al 05/12/2026 18:32") == "dm"
    assert settled_order("25/11/2026") == "dm"
    assert settled_order("12/25/2026 6:15 PM") == "md"
    assert settled_order("05/12/2026 16:14") == ""
    assert settled_order("Thứ bảy, 5/12/2026") == "dm"  # 5 December 2026 was a Saturday


def test_a_weekday_settles_only_when_one_reading_falls_on_it() -> None:
    printed = read_printed("Tuesday, 5/12/2026")  # 12 May 2026 was a Tuesday
    assert printed is not None and printed.day == dt.date(2026, 5, 12)
    assert read_printed("Friday, 5/12/2026") is None  # neither day was a Friday
    assert read_printed("Saturday Tuesday 5/12/2026") is None  # two weekdays: no order


def test_an_impossible_day_is_no_date() -> None:
    assert read_printed("31 ธันวาคม 2569") is not None
    assert read_printed("32 ธันวาคม 2569") is None
    assert read_printed("29 February 2026") is None
    assert read_printed("\u06f3\u06f0 \u0627\u0633\u0641\u0646\u062f 1404") is None
