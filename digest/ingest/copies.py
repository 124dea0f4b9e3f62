"""The copy that represents a merged story, with what every copy's chrome told.

Dedup merges copies of one story; one of them represents it: the latest copy by the time each
printed (an unmarked copy printed at 15:40 holds later text than an "UPDATE 1-" printed at
09:10), where the times tie or a copy printed none the wire's latest version by its headline's
marks ("UPDATE 1-", "CORRECTED-": its corrected figures, its added paragraphs), else the
first saved page (a page's markup and metadata say more than a copy of its text), else the
first copy. Its chrome may
have told less than another copy's: one copy pasted with its "Published 3 March 2025 08:00
GMT" line or its byline, the other without. What the representative lacks is taken from the
first copy that tells it, so that a merged story rests on the evidence of all its copies,
whichever dump's name sorts first and whichever was built first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from digest.models import RawStory, Told


def representative(stories: Sequence[RawStory], group: Sequence[int]) -> RawStory:
    """Return the copy that represents the story of *group* (positions in *stories*), with
    every part of its chrome's account it lacks taken from the other copies."""
    chosen = _chosen(stories, group)
    if len(group) == 1:
        return chosen
    told = fuller_told(chosen.told, [stories[position].told for position in group])
    captions = chosen.captions or next(
        (stories[position].captions for position in group if stories[position].captions), ()
    )  # (a copy pasted without its photo: another's caption says where the story is)
    if told == chosen.told and captions == chosen.captions:
        return chosen
    return dataclasses.replace(chosen, told=told, captions=captions)


def _chosen(stories: Sequence[RawStory], group: Sequence[int]) -> RawStory:
    """Return the copy that represents *group*: its first saved page, else its first copy;
    a later copy wins, by the time each printed ("Updated 5 March 2025 14:00 GMT": a copy of
    the story's later text), and where that does not tell (the same time, or a copy that
    printed none), by the wire's version its headline marks ("UPDATE 1-", "CORRECTED-")."""
    pages = [position for position in group if stories[position].page is not None]
    chosen = stories[pages[0] if pages else group[0]]
    if len(group) == 1:
        return chosen
    for position in group:
        if _later(stories[position].told, chosen.told):
            chosen = stories[position]
    return chosen


def _later(told: Told, than: Told) -> bool:
    """Whether a copy that told *told* is a later one than a copy that told *than*."""
    time, other = _printed(told), _printed(than)
    if time is not None and other is not None:
        if isinstance(time, dt.datetime) and isinstance(other, dt.datetime):
            if time != other:
                return time > other
        elif _day(time) != _day(other):
            return _day(time) > _day(other)
    return told.version > than.version


def _printed(told: Told) -> dt.datetime | dt.date | None:
    """Return the time (or day) a copy's publication line printed, if any."""
    if not told.published:
        return None
    # (imported here: an ingest of no story, or of no copies printing a time, reads no dates)
    from digest.ingest.printed_dates import parse_published

    return parse_published(told.published)


def _day(moment: dt.datetime | dt.date) -> dt.date:
    return moment.astimezone(dt.UTC).date() if isinstance(moment, dt.datetime) else moment


def teller(stories: Sequence[RawStory], group: Sequence[int], name: str) -> RawStory:
    """Return the copy of *group* whose chrome told the representative's *name* ("published",
    "dateline", "summary"): the representative itself, else the first copy that tells it, as
    `fuller_told` took it (a warning about that line names the dump that printed it)."""
    chosen = _chosen(stories, group)
    if getattr(chosen.told, name):
        return chosen
    return next((stories[p] for p in group if getattr(stories[p].told, name)), chosen)


def fuller_told(own: Told, others: Sequence[Told]) -> Told:
    """Return *own* with each field it leaves empty taken from the first of *others* that
    fills it (a byline is the authors and outlet of one copy, never half of two)."""
    told = own
    if not told.authors and not told.outlet:
        signed = next((other for other in others if other.authors or other.outlet), None)
        if signed is not None:
            told = dataclasses.replace(told, authors=signed.authors, outlet=signed.outlet)
    for name in ("dateline", "published", "summary", "url"):
        if getattr(told, name) is None:
            value = next((getattr(o, name) for o in others if getattr(o, name)), None)
            if value is not None:
                told = dataclasses.replace(told, **{name: value})
    return told
