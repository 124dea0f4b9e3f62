"""The copy that represents a merged story, with what every copy's chrome told.

Dedup merges copies of one story; one of them represents it: the copy of the wire's latest
version by its headline's marks ("UPDATE 1-", "CORRECTED-": its corrected figures, its added
paragraphs), else the first saved page (a page's markup and metadata say more than a copy of
its text), else the first copy. Its chrome may
have told less than another copy's: one copy pasted with its "Published 3 March 2025 08:00
GMT" line or its byline, the other without. What the representative lacks is taken from the
first copy that tells it, so that a merged story rests on the evidence of all its copies,
whichever dump's name sorts first and whichever was built first.
"""

from __future__ import annotations

import dataclasses
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
    a wire's later version ("UPDATE 1-", "CORRECTED-"), which holds its corrected text, wins."""
    pages = [position for position in group if stories[position].page is not None]
    chosen = stories[pages[0] if pages else group[0]]
    newest = max(group, key=lambda position: stories[position].told.version)
    return stories[newest] if stories[newest].told.version > chosen.told.version else chosen


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
