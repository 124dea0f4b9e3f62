"""Yearless dates: a publication line that prints its day without the year.

"December 5 at 3:47 PM", "Dec. 5", "5 December", "Updated: Dec 5", "5 décembre", "5.
Dezember", "12月5日": many sites print the current year's days so. Such a day is read as a
month-day dateline's is (date_resolver): the latest such day not after the story's reference
time, a day without its year.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from digest.ingest.month_names import month_number
from digest.ingest.numeric_days import DIGITS

# A month's name and the day after it ("Dec. 5", "December 5"), or the day and the name
# after it ("5 December", "5. Dezember", "5 de diciembre"), or a CJK month and day ("12月5日").
_NAME_DAY = re.compile(r"(?<![^\W\d_])(?P<mon>[^\W\d_]{3,12})\.?\s*(?P<d>[0-3]?\d)(?![\d:.h])")
_DAY_NAME = re.compile(
    r"(?<![\d:.])(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|\.|\u00ba)?\s+(?:de\s+)?"
    r"(?P<mon>[^\W\d_]{3,12})(?![^\W\d_])"
)
_CJK_DAY = re.compile(r"(?<!\d)(?P<m>[01]?\d)\s*[\u6708\uc6d4]\s*(?P<d>[0-3]?\d)\s*[\u65e5\uc77c]")
# A line that prints a year is printed_dates' to read.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def yearless_day(line: str) -> tuple[int, int] | None:
    """Return the month and day a publication line prints with no year, if it prints one."""
    text = unicodedata.normalize("NFKC", line).translate(DIGITS)
    if _YEAR.search(text):
        return None
    for found in (*_NAME_DAY.finditer(text), *_DAY_NAME.finditer(text)):
        month = month_number(found["mon"])
        if month is not None and _real(month, int(found["d"])):
            return month, int(found["d"])
    cjk = _CJK_DAY.search(text)
    if cjk is not None and _real(int(cjk["m"]), int(cjk["d"])):
        return int(cjk["m"]), int(cjk["d"])
    return None


def _real(month: int, day: int) -> bool:
    """Tell whether a month and day are a day of some year (29 February is one)."""
    try:
        dt.date(2000, month, day)
    except ValueError:
        return False
    return True
