"""Calendars: the Gregorian day a printed date of another calendar names.

Two calendars are printed by the news in place of the Gregorian one: Thai (and Lao) papers
count the Gregorian year from the Buddha ("5 ธันวาคม 2569": 2569 BE is 2026, 543 years
on), with the Gregorian months; Iran's and Afghanistan's count the Solar Hijri year with
months of their own ("۱۴ آذر ۱۴۰۵" is 5 December 2026; Afghanistan names its months after
the zodiac: "۱۴ قوس ۱۴۰۵"). A year in neither era's range of the news is no such year (a
Thai page printing "5 ธันวาคม 2026" prints the Gregorian year).

The Solar Hijri year starts on the day of the March equinox (Nowruz); its leap years are
those the 33-year arithmetic rule names, which gives the official calendar's every Nowruz
from 1178 to 1634 SH (1799-2256), 1403 (a leap year, March 2025) included where the
2820-year rule of several libraries is a day out. The news's years, 1300-1499, are within.
"""

from __future__ import annotations

import datetime as dt

from digest.ingest.gazetteer import fold

# Gregorian years the Buddhist era's years of the news stand for: 1900-2099 (2443-2642 BE).
_BUDDHIST_OFFSET = 543
BUDDHIST_YEARS = range(1900 + _BUDDHIST_OFFSET, 2100 + _BUDDHIST_OFFSET)
# Thai and Lao letters: a month's name in them counts the year from the Buddha.
_BUDDHIST_SCRIPTS = ("\u0e00", "\u0eff")
# The Solar Hijri years of the news (1921-2121).
SOLAR_YEARS = range(1300, 1500)
# The months' names, Iran's and Afghanistan's (Dari), Farvardin (Hamal) first.
_SOLAR_MONTH_NAMES = (
    "فروردین حمل",
    "اردیبهشت ثور",
    "خرداد جوزا",
    "تیر سرطان",
    "مرداد امرداد اسد",
    "شهریور سنبله",
    "مهر میزان",
    "آبان عقرب",
    "آذر قوس",
    "دی جدی",
    "بهمن دلو",
    "اسفند حوت",
)
# Arabic's yeh and kaf, as a page may type the Persian letters.
_PERSIAN_LETTERS = str.maketrans("\u064a\u0643\u0649", "\u06cc\u06a9\u06cc")


def _key(word: str) -> str:
    return fold(word.strip(".,")).casefold().translate(_PERSIAN_LETTERS)


_SOLAR_MONTHS = {
    _key(name): number
    for number, names in enumerate(_SOLAR_MONTH_NAMES, 1)
    for name in names.split()
}
# 1 Farvardin 1404 SH: the day the counts below start from.
_NOWRUZ_1404 = dt.date(2025, 3, 21)
_LEAP_REMAINDERS = frozenset((1, 5, 9, 13, 17, 22, 26, 30))
_SHORT_MONTHS = 6  # months 1-6 have 31 days, 7-11 30, the 12th 29 (30 in a leap year)


def solar_month(word: str) -> int | None:
    """Return the Solar Hijri month a word names ("آذر", "قوس": 9), if any."""
    return _SOLAR_MONTHS.get(_key(word))


def buddhist_script(word: str) -> bool:
    """Tell whether a month's name is in Thai or Lao letters (their pages count the year
    from the Buddha, or print the Gregorian one)."""
    low, high = _BUDDHIST_SCRIPTS
    return bool(word) and low <= word[0] <= high


def gregorian_year(year: int, month_word: str) -> int | None:
    """Return the Gregorian year of a printed year with a Gregorian month's name: itself, or
    the Buddhist era's year less 543 when the name is Thai or Lao; None for neither era's."""
    if 1900 <= year < 2100:  # the Gregorian years of the news
        return year
    if year in BUDDHIST_YEARS and buddhist_script(month_word):
        return year - _BUDDHIST_OFFSET
    return None


def _leap(year: int) -> bool:
    return year % 33 in _LEAP_REMAINDERS


def solar_day(year: int, month: int, day: int) -> dt.date | None:
    """Return the Gregorian day of a Solar Hijri date, None when there is no such day (the
    30th of Esfand in a common year) or the year is not one of the news (SOLAR_YEARS)."""
    if year not in SOLAR_YEARS or not 1 <= month <= 12:
        return None
    if month <= _SHORT_MONTHS:
        length = 31
    elif month < 12:
        length = 30
    else:
        length = 30 if _leap(year) else 29
    if not 1 <= day <= length:
        return None
    nowruz = _NOWRUZ_1404
    step = 1 if year >= 1404 else -1
    for passed in range(1404, year, step):
        start = passed if step > 0 else passed - 1
        nowruz += step * dt.timedelta(days=366 if _leap(start) else 365)
    before = min(month - 1, _SHORT_MONTHS) * 31 + max(month - 1 - _SHORT_MONTHS, 0) * 30
    return nowruz + dt.timedelta(days=before + day - 1)
