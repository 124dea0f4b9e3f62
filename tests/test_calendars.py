"""The Gregorian days of other calendars' printed dates (ingest/calendars.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from digest.ingest.calendars import gregorian_year, solar_day, solar_month


# Nowruz (1 Farvardin) as Iran's official calendar kept it: 1403 was a leap year (its
# Esfand had 30 days), which the 2820-year rule gets wrong.
@pytest.mark.parametrize(
    ("year", "nowruz"),
    [
        (1300, dt.date(1921, 3, 21)),
        (1358, dt.date(1979, 3, 21)),
        (1399, dt.date(2020, 3, 20)),
        (1400, dt.date(2021, 3, 21)),
        (1403, dt.date(2024, 3, 20)),
        (1404, dt.date(2025, 3, 21)),
        (1405, dt.date(2026, 3, 21)),
    ],
)
def test_nowruz_falls_on_the_official_day(year: int, nowruz: dt.date) -> None:
    assert solar_day(year, 1, 1) == nowruz


def test_a_solar_hijri_day_and_its_month_lengths() -> None:
    assert solar_day(1405, 9, 14) == dt.date(2026, 12, 5)  # 14 Azar 1405
    assert solar_day(1403, 12, 30) == dt.date(2025, 3, 20)  # a leap year's last day
    assert solar_day(1404, 12, 30) is None  # a common year's Esfand has 29 days
    assert solar_day(1405, 7, 31) is None  # Mehr has 30
    assert solar_day(1299, 1, 1) is None  # not a year of the news
    assert solar_month("\u0622\u0630\u0631") == 9  # آذر
    assert solar_month("\u0642\u0648\u0633") == 9  # قوس, Afghanistan's
    assert solar_month("\u062f\u064a") == 10  # دی typed with Arabic's yeh


def test_the_buddhist_era_counts_only_with_thai_or_lao_month_names() -> None:
    assert gregorian_year(2569, "\u0e18\u0e31\u0e19\u0e27\u0e32\u0e04\u0e21") == 2026
    assert gregorian_year(2026, "\u0e18\u0e31\u0e19\u0e27\u0e32\u0e04\u0e21") == 2026
    assert gregorian_year(2569, "December") is None
    assert gregorian_year(1405, "\u0e18\u0e31\u0e19\u0e27\u0e32\u0e04\u0e21") is None
