"""The date resolver: all of a story's date evidence, weighed strongest first, and why.

Evidence, strongest first (`date_source` names the one that won):
  page       the publication line the page printed (`Told.published`); a time it prints
             with no zone is the page's local time (`local_times`), or only its day when
             where the page is cannot be known
  dateline   a dateline with a full date ("LONDON, June 2, 2025 -")
  update     a page that prints only when it was updated ("Updated 3 March 2025 10:00
             GMT"): the story was published then or before, so a dateline's day not after
             it is the story's; else the update's day, a guess. The update's time is kept
             as `updated`, never as the publication's.
  month-day  a month-and-day dateline ("LONDON, June 2 -"): the latest such day not after
             the reference time, nor over a week after the file name's date (the copy
             never prints its year)
  weekday    "said on Tuesday": the latest such weekday not after the anchor, unless a
             caption or body date on that weekday confirms a day (it is then that day,
             named by where it was printed)
  caption    the newest caption date not after the anchor nor over a month before it (a
             photo's date is weak: file photos are older, and a caption dated after the
             story is another story's)
  body       the newest body date in the week up to the anchor (older ones are history,
             later ones plans)
  dump       the date in the dump's file name ("2026-01-13-gulf.txt")
  seen       the story's reference time: when it was collected
The *anchor* is the reference time, or the dump's file-name date when that is earlier.

The reference time is when the story was first collected (pipeline records it in the
ledger): so a story's date depends only on its own text and its own reference time, never
on other dumps, and no date is ever after it. A full date the copy itself prints (page,
dateline) is its date up to a day after the reference day (a day for time zones: a page
printed in Auckland, collected in Lisbon); one later than that is a misprint ("June 3,
2062"), not the story's date: the next evidence decides (a dateline's month and day
without its year), and the date refused is kept for ingest's warning (`refused`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from digest.ingest.dates import DateClues, Dateline
from digest.ingest.local_times import local_moment
from digest.ingest.place_zones import place_zone
from digest.ingest.printed_dates import labels_update_only, read_printed
from digest.ingest.relative_dates import relative_day
from digest.ingest.weekday_dates import latest_on_weekday
from digest.ingest.yearless_dates import yearless_day

_HISTORY = dt.timedelta(days=7)  # body dates further back are history, not the news day
# A photo dated over a month before the story was collected is a file photo ("Helsinki,
# February 10, 2024. REUTERS/File photo" under a 2026 story): not the story's day.
_PHOTO_AGE = dt.timedelta(days=31)
_NAME_SLACK = dt.timedelta(days=7)  # how far past a dump's name a yearless dateline may be
_YEAR_BACK = dt.timedelta(days=366)  # a date older than this confirms no weekday
# How far past the reference day a printed full date may be: the day ahead in another zone.
_ZONE_SLACK = dt.timedelta(days=1)
_RECENT = dt.timedelta(days=31)  # how long before collection a refused date's day may be
_FURTHEST_ZONE = dt.timedelta(hours=14)  # UTC+14, the zone furthest ahead (Kiribati)
_INSTANT = dt.timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A story's date, the evidence that won, what is known, and the printed time if any."""

    date: dt.date
    source: str  # one of models.DATE_SOURCES
    precision: str  # one of models.DATE_PRECISIONS
    published: dt.datetime | None = None  # the page's time, in the zone it printed
    updated: dt.datetime | dt.date | None = None  # its update's, when it printed no other
    # Printed full dates too late to be the story's: what printed each, the date, the
    # reference day.
    refused: tuple[tuple[str, dt.date, dt.date], ...] = ()


def resolve_date(
    clues: DateClues,
    published: str | None,
    named: dt.date | None,
    seen: dt.datetime,
    zone: ZoneInfo,
) -> ResolvedDate:
    """Weigh a story's evidence: its clues, its page's publication line, the date in its
    dump's file name (*named*), and its reference time *seen* (when it was collected)."""
    read = read_printed(published) if published else None
    printed = local_moment(read, clues, zone) if read is not None else None
    reference = reference_day(seen, zone)
    if published and printed is None:
        # "Updated 12 hours ago", counted back from when the dump was collected, or from the
        # day its name gives when that is earlier (the anchor, as for a weekday).
        counted = _count_back(published, seen, named, reference, zone)
        if counted is not None:
            others = _weigh(clues, None, named, seen, zone)
            if labels_update_only(published):  # "Updated 3 hours ago": published then or before
                return _before_update(clues, others, counted[0], zone)
            return _counted(counted, others)
    if published and read is None:
        clues = _yearless(clues, published)
    refused: list[tuple[str, dt.date, dt.date]] = []
    latest = reference + _ZONE_SLACK
    if printed is not None:
        day = _day(printed, zone)
        if day > latest:
            refused.append(("page", day, reference))
            printed = None
    line = clues.dateline
    if line is not None and line.year is not None and line.month and line.day:
        day = dt.date(line.year, line.month, line.day)
        if day > latest:
            refused.append(("dateline", day, reference))
            # Its month and day may still be right (a typo in the year: "June 3, 2062" in a
            # story collected on June 5, 2026), as a yearless one; not when that day's latest
            # past is long before the story was collected ("May 30" collected on May 28 is
            # no story of last May): then other evidence dates it.
            past = _latest_day(line.month, line.day, latest)
            yearless = replace(line, year=None) if latest - past <= _RECENT else None
            clues = replace(clues, dateline=yearless)
    if printed is not None and read is not None and read.updated:
        resolved = _before_update(clues, _weigh(clues, None, named, seen, zone), printed, zone)
        if resolved.date > latest:  # (a dateline's day after the reference's: not the story's)
            resolved = ResolvedDate(_day(printed, zone), "update", "guess", updated=printed)
    else:
        resolved = _weigh(clues, printed, named, seen, zone)
    return replace(resolved, refused=tuple(refused)) if refused else resolved


def _yearless(clues: DateClues, published: str) -> DateClues:
    """Return *clues* with the day a publication line prints without its year ("December 5
    at 3:47 PM") as their dateline's month and day, when the dateline prints none: read as a
    month-day dateline's is, the latest such day not after the reference time."""
    found = yearless_day(published)
    line = clues.dateline
    if found is None or (line is not None and line.month and line.day):
        return clues
    month, day = found
    dated = Dateline("", "", month, day, None) if line is None else replace(line, month=month)
    return replace(clues, dateline=replace(dated, day=day, year=None))


def _day(printed: dt.datetime | dt.date, zone: ZoneInfo) -> dt.date:
    """The day of a printed time in the site's *zone* (of a printed day: that day)."""
    return printed.astimezone(zone).date() if isinstance(printed, dt.datetime) else printed


def _before_update(
    clues: DateClues, resolved: ResolvedDate, updated: dt.datetime | dt.date, zone: ZoneInfo
) -> ResolvedDate:
    """Return the date of a story whose page printed only its update's time (*updated*): a
    dateline's day not after the update's (a day ahead for the zones: the day it was filed;
    a month and day: the latest such day), else the update's day, a guess (published that
    day or before)."""
    day = _day(updated, zone)
    latest = day + _ZONE_SLACK
    if resolved.source == "dateline" and resolved.date <= latest:
        return replace(resolved, updated=updated)
    line = clues.dateline
    if line is not None and line.year is None and line.month and line.day:
        filed = _latest_day(line.month, line.day, latest)
        return ResolvedDate(filed, "month-day", "day-without-year", updated=updated)
    return ResolvedDate(day, "update", "guess", updated=updated)


def _weigh(
    clues: DateClues,
    printed: dt.datetime | dt.date | None,
    named: dt.date | None,
    seen: dt.datetime,
    zone: ZoneInfo,
) -> ResolvedDate:
    """Return the date the strongest evidence gives (printed dates checked already)."""
    reference = reference_day(seen, zone)
    if isinstance(printed, dt.datetime):
        return ResolvedDate(printed.astimezone(zone).date(), "page", "time", printed)
    if printed is not None:
        return ResolvedDate(printed, "page", "day")
    line = clues.dateline
    if line is not None and line.year is not None and line.month and line.day:
        return ResolvedDate(dt.date(line.year, line.month, line.day), "dateline", "day")
    anchor = min(reference, named) if named is not None else reference
    clues = _with_weekday_days(clues, anchor)
    # The day it already is somewhere when the dump was collected: Kiribati's, 14 hours
    # ahead of UTC ("SYDNEY, Jan. 1" collected at 14:30 UTC on December 31 is this Jan. 1).
    ahead = max(reference, (seen.astimezone(dt.UTC) + _FURTHEST_ZONE).date())
    if line is not None and line.month and line.day:
        # Only the year is chosen here: a dateline a few days past the file name's date (a
        # later day in Wellington) is that year's, though never past the reference time.
        loose = min(ahead, named + _NAME_SLACK) if named is not None else ahead
        day = _latest_day(line.month, line.day, loose)
        return ResolvedDate(day, "month-day", "day-without-year")
    if clues.weekday is not None:
        if (anchor.weekday() - clues.weekday) % 7 == 6:  # the day after the anchor's
            anchor = _local_anchor(anchor, line, seen, named)
        # A caption or body date on that weekday confirms it ("13 January 2026" and "on
        # Tuesday"); a photo's date on another day does not move it (Kim's "January 2").
        agreeing = [
            (day, where)
            for day, where in clues.found
            if anchor - _YEAR_BACK <= day <= anchor and day.weekday() == clues.weekday
        ]
        if agreeing:
            day, where = max(agreeing)
            return ResolvedDate(day, where, "day")
        back = (anchor.weekday() - clues.weekday) % 7
        return ResolvedDate(anchor - dt.timedelta(days=back), "weekday", "guess")
    for where in ("caption", "body"):
        oldest = anchor - (_HISTORY if where == "body" else _PHOTO_AGE)
        found = [day for day, seen in clues.found if seen == where and oldest <= day <= anchor]
        if found:
            return ResolvedDate(max(found), where, "day")
    if named is not None and named <= reference:
        return ResolvedDate(named, "dump", "guess")
    return ResolvedDate(reference, "seen", "guess")


def _with_weekday_days(clues: DateClues, anchor: dt.date) -> DateClues:
    """Return *clues* with the days printed with their weekday and no year ("Friday 5
    December") among its dates: each the latest such day up to *anchor* (weekday_dates)."""
    days = [
        (day, where)
        for weekday, month, number, where in clues.weekday_days
        if (day := latest_on_weekday(weekday, month, number, anchor)) is not None
    ]
    return replace(clues, found=(*clues.found, *days)) if days else clues


def _count_back(
    line: str, seen: dt.datetime, named: dt.date | None, reference: dt.date, zone: ZoneInfo
) -> tuple[dt.date, str] | None:
    """Return the day a relative publication *line* counts back to, and its precision: from
    the reference time *seen*, or from the day the dump's name gives when that is over a day
    earlier (the anchor, as for a weekday: "2026-11-20_x.txt" touched on 6 December). The
    name gives no time: a count that lands on another day read at that day's start than
    at its end ("2 hours ago") is a guess, its later day; "yesterday" is that day's."""
    if named is None or reference - named <= _ZONE_SLACK:
        return relative_day(line, seen, zone)
    start = dt.datetime.combine(named, dt.time(), zone)
    latest = relative_day(line, start + dt.timedelta(days=1) - _INSTANT, zone)
    earliest = relative_day(line, start, zone)
    if latest is None or earliest is None or earliest[0] == latest[0]:
        return latest
    return latest[0], "guess"


def _counted(counted: tuple[dt.date, str], resolved: ResolvedDate) -> ResolvedDate:
    """Return the day a relative publication line counted back (*counted*, with its
    precision) or the one the other evidence gives (*resolved*): a counted day is the page's
    unless the story's own date says another (a day apart, for the zones), a counted guess
    only over a guess."""
    day, precision = counted
    if resolved.precision == "guess" or (
        precision == "day" and abs(resolved.date - day) <= _ZONE_SLACK
    ):
        return ResolvedDate(day, "page", precision)
    return resolved


def _local_anchor(
    anchor: dt.date, line: Dateline | None, seen: dt.datetime, named: dt.date | None
) -> dt.date:
    """Return the day a weekday is anchored to: *anchor*, or the day it already was at the
    dateline's place when the dump was collected, when that place's zone is known and ahead
    ("SYDNEY - ... on Thursday", collected on Wednesday at 14:30 UTC: Thursday in Sydney)."""
    zone = place_zone(line.place) if line is not None and line.place else None
    if zone is None:
        return anchor
    local = seen.astimezone(zone).date()
    if named is not None:
        local = min(local, named + _NAME_SLACK)
    return max(anchor, local)


def _latest_day(month: int, day: int, anchor: dt.date) -> dt.date:
    """Return the latest *month*/*day* not after *anchor* (29 February: the latest leap year)."""
    for year in range(anchor.year, anchor.year - 8, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # 29 February in a common year
            continue
        if candidate <= anchor:
            return candidate
    raise ValueError(f"no {month}/{day} before {anchor}")  # pragma: no cover - a leap year


def reference_day(seen: dt.datetime, zone: ZoneInfo) -> dt.date:
    """Return the day, in the site's zone, of a reference time."""
    return seen.astimezone(zone).date()
