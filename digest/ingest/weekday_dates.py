"""Weekday dates: a day printed with its weekday and no year ("Friday 5 December", "on
Friday, Dec. 5"), in a caption or the story's text.

The weekday tells the year the copy left out: the day is the latest one, up to the story's
anchor, on which that month's day fell on that weekday ("Friday 5 December" read in 2026 is
5 December 2025). Without it, "on Friday 5 December" was the latest Friday, whatever its
day, and a caption's "Friday 5 December" no date at all. A date with its year is a full date
(`dates.full_dates` reads it); a weekday that falls on no such day in the years the anchor
looks back over is a misprint, and dates nothing.
"""

from __future__ import annotations

import datetime as dt
import re

from digest.ingest.day_names import named_days
from digest.ingest.month_names import month_number

_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_STEMS = {name.removesuffix("day"): number for number, name in enumerate(_WEEKDAY_NAMES)}
_LONGEST_STEM = max(map(len, _STEMS))  # "wednes"
# What follows a weekday's name when it dates a day: "5 December", "5th of Dec.", "December 5".
_DAY_AFTER = re.compile(
    r",?\s+(?:the\s+)?(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<m1>[^\W\d_]{3,9})"
    r"|(?P<m2>[^\W\d_]{3,9})\.?\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)\b"
    r"(?!\.?,?\s*[12]\d{3})",  # with its year: a full date
    re.IGNORECASE,
)
# The years a day's weekday is looked for in: a weekday and a day fall together every 5, 6 or
# 11 years, so a day printed with its weekday is that many years back at most.
_YEARS_BACK = 6


def weekday_days(
    text: str, *, first: bool = False, english: bool = True
) -> list[tuple[int, int, int]]:
    """Return the (weekday, month, day) of each day *text* prints with its weekday and no
    year; weekday 0 is Monday. *first*: of its first weekday's name only (a story's text
    dates itself by its first weekday; a later one is often a plan, "effective next
    Wednesday, July 31", or the past, "was to end on Saturday, April 4"). (Each "day" is
    found by `str.find` and what follows a weekday's name is matched there: no expression
    tried at every letter.) The weekdays of other languages ("vendredi 5 décembre") are
    read too, but with *first* only when not *english* (a story's lead, where its own day
    stands, is asked again for them when it has no English weekday: not its whole text)."""
    found: list[tuple[int, int, int]] = []
    stop = len(text)  # (*first*: where the first English weekday's name starts)
    end = text.find("day") if english else -1
    while end != -1:
        start = end
        while start > 0 and end - start < _LONGEST_STEM and text[start - 1].isalpha():
            start -= 1
        weekday = _STEMS.get(text[start:end].casefold(), -1)
        after = _DAY_AFTER.match(text, end + 3) if weekday >= 0 else None
        if after is not None and (start == 0 or not text[start - 1].isalnum()):
            month = month_number(after["m1"] or after["m2"])
            day = int(after["d1"] or after["d2"])
            if month is not None and 1 <= day <= 31:
                found.append((weekday, month, day))
        if first and weekday >= 0 and (start == 0 or not text[start - 1].isalnum()):
            stop = start
            break
        end = text.find("day", end + 3)
    return _named_days(text, found, stop, first) if not (first and english) else found


def _named_days(
    text: str, found: list[tuple[int, int, int]], stop: int, first: bool
) -> list[tuple[int, int, int]]:
    """Return *found* (the English weekdays' days) with those of weekdays named in other
    languages (`day_names.named_days`); with *first*, the first such day only, before the
    first English weekday's name (at *stop*)."""
    named = named_days(text, stop if first else None)
    if first:
        return next(([day] for day in named), [])
    return [*found, *named]


def latest_on_weekday(weekday: int, month: int, day: int, anchor: dt.date) -> dt.date | None:
    """Return the latest *month* *day* not after *anchor* that fell on *weekday*, or None
    when none did in the years looked back over (a misprint)."""
    for year in range(anchor.year, anchor.year - _YEARS_BACK - 1, -1):
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue  # 29 February of a common year, 31 April
        if date <= anchor and date.weekday() == weekday:
            return date
    return None
