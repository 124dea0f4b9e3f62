"""Relative dates: a publication line that counts back from when the page was read.

"Updated 12 hours ago", "30 mins ago", "Published yesterday at 9:15 PM": the page printed how
long before it was copied the story appeared. The dump's reference time (when it was
collected) is when it was copied, at the latest, so the day is that time counted back, in the
site's zone. Hours and minutes give the day; "3 days ago" or "2 weeks ago" is rounded by the
page (2 days 23 hours is "2 days"), and the day it gives is a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

_AGO = re.compile(
    r"(?<![\w.:])(?P<n>\d{1,3}|an?|one)\s*(?P<unit>[^\W\d_]{1,8})\.?\s+ago\b", re.IGNORECASE
)
# The units a page counts in, by the word's first letters ("mins", "hrs", "h").
_UNITS = (
    (("sec", "s"), dt.timedelta(seconds=1)),
    (("min", "m"), dt.timedelta(minutes=1)),
    (("hour", "hr", "h"), dt.timedelta(hours=1)),
    (("day", "d"), dt.timedelta(days=1)),
    (("week", "wk", "w"), dt.timedelta(weeks=1)),
)
_LONGEST = dt.timedelta(weeks=8)  # a page counting further back gives months, not weeks
# Today and yesterday in the languages date_lines reads ("Publi\u00e9 aujourd\u2019hui \u00e0
# 10h36", "gestern, 18:05 Uhr").
_TODAY = ("today", "aujourd'hui", "aujourd\u2019hui", "heute", "hoy", "oggi", "hoje")
_DAYS_BACK = re.compile(
    r"(?<!\w)(?P<word>yesterday|today|aujourd['\u2019]hui|hier|heute|gestern|hoy|ayer|oggi|"
    r"ieri|hoje|ontem)(?!\w)",
    re.IGNORECASE,
)


def relative_day(line: str, seen: dt.datetime, zone: ZoneInfo) -> tuple[dt.date, str] | None:
    """Return the day *line* dates a story by counting back from *seen* (its reference
    time), and how precise it is ("day" or "guess"); None when it counts nothing back."""
    count = _AGO.search(line)
    if count is not None:
        span = _unit(count["unit"].casefold())
        if span is None:
            return None
        number = int(count["n"]) if count["n"].isdigit() else 1
        back = span * number
        if back > _LONGEST:
            return None
        day = (seen - back).astimezone(zone).date()
        return day, "guess" if span >= dt.timedelta(days=1) else "day"
    word = _DAYS_BACK.search(line)
    if word is None:
        return None
    back_days = 0 if word["word"].casefold() in _TODAY else 1
    return seen.astimezone(zone).date() - dt.timedelta(days=back_days), "day"


def _unit(word: str) -> dt.timedelta | None:
    """Return the span a unit's word names ("mins", "hours", "d"), if it is one."""
    for names, span in _UNITS:
        if word in names or any(len(name) > 1 and word.startswith(name) for name in names):
            return span
    return None
