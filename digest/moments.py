"""Moments: the dates and times of stories, as digest checks, writes and reads them back.

A story's day and time end up in its URL, its file's folder, the Atom feeds, JSON-LD and the
URL history, and every one of them is turned into UTC on the way. Two things went wrong at
the calendar's edges. strftime's "%Y" does not pad a year below 1000 on glibc ("226-01-14",
which no ISO 8601 reader takes back), so every date is written here with a four-digit year.
And a time near year 1 or 9999 with an offset has no UTC time in Python's calendar
(OverflowError), so front matter is checked here, where its file and line are known.

Years before FIRST_YEAR are refused in front matter. Such a date needs a leading zero to be
written at all (0226-01-14), and for a news story that is a typo for 2026, not a date: had it
been published, its URL, its feed entry's tag: year (kept for good) and a redirect from the
typo's URL would stay. From 1000 on, old dates are the editor's to choose (an archive of
historical reports); the check stops only what cannot be meant.
"""

from __future__ import annotations

import datetime as dt
import re

FIRST_YEAR = 1000  # the first year a story may be dated: see the module's docstring
LAST_MOMENT = dt.datetime.max.replace(microsecond=0, tzinfo=dt.UTC)
# What builds before the four-digit fix wrote for a year below 1000: "226-01-14T00:00:00Z".
_SHORT_YEAR = re.compile(r"(\d{1,3})(-\d\d-\d\dT.*)\Z", re.ASCII)


def utc_text(moment: dt.datetime) -> str:
    """Return *moment* (naive: already UTC) in UTC to the second: "2026-01-14T09:30:00Z"."""
    utc = moment.astimezone(dt.UTC) if moment.tzinfo is not None else moment
    # isoformat writes four digits of year, as RFC 3339 requires; strftime("%Y") may not.
    return utc.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def in_utc(moment: dt.datetime) -> dt.datetime | None:
    """Return *moment* in UTC (naive: taken as UTC), or None when UTC has no such time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(dt.UTC)
    except (OverflowError, ValueError):  # before 0001-01-01 or after 9999-12-31 in UTC
        return None


def read_moment(text: str) -> dt.datetime:
    """Return the time ISO 8601 *text* names ("Z" for UTC); raise ValueError if none.

    A year of fewer than four digits is read as digest wrote it before it padded years.
    """
    text = text.replace("Z", "+00:00")
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        short = _SHORT_YEAR.match(text)
        if short is None:
            raise
        return dt.datetime.fromisoformat(f"{int(short[1]):04d}{short[2]}")


def date_problem(value: dt.date) -> str | None:
    """Return why a story's date or date-time cannot be published, or None if it can."""
    if value.year < FIRST_YEAR:
        return (
            f"year {value.year} is before {FIRST_YEAR}: a typo? Write the year in full (2026-01-14)"
        )
    if isinstance(value, dt.datetime) and in_utc(value) is None:
        return (
            f"{value.isoformat()} is after {utc_text(LAST_MOMENT)} in UTC, the last time"
            " feeds and the URL history can hold"
        )
    return None


def second_later(moment: dt.datetime) -> dt.datetime:
    """Return the second after *moment*, or *moment* itself at the end of the calendar."""
    try:
        return moment + dt.timedelta(seconds=1)
    except OverflowError:
        return moment
