"""Leads: where a story's text starts among the lines of its part, and which lines are
photo captions (a line that credits a photo, is printed twice, or has a credit under it).

The lead is the first sentence that is no caption; past a byline or date just under it
(the standfirst reads as a sentence too), or at a dateline just under it (key points
above it sum the story up).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from digest.ingest.chrome import is_sentence
from digest.ingest.photo_credits import (
    labelled_caption,
    labels_caption,
    over_caption,
    under_credit,
)
from digest.ingest.photo_lines import describes_photo
from digest.ingest.pieces import Piece
from digest.ingest.repeats import DUMP_REPEAT
from digest.ingest.scripts import SCRIPT_STOPS

_SIGNATURE = ("byline", "date")
# A photo credit under a caption is a few words ("Photo: Ann Lee/AP"); a copyright line is not.
_CREDIT_WORDS = 8
_COPYRIGHT = re.compile(r"^\s*(?:\u00a9|\(c\)|copyright\b)", re.IGNORECASE)
# A line printed twice may differ in this many spaces between the two.
_SPACING = 16
# Key points above a lead with a dateline are this many lines at most.
_SUMMARY_LINES = 5
# A standfirst has its byline or date this many lines under it at most.
_SIGNED_WITHIN = 2
# A time of day alone, with its zone: a live report's entry opens with it ("10.42 GMT",
# "22:10 GMT+3", "4:14 p.m. ET").
ENTRY_TIME = re.compile(
    r"^\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5}(?:\s*[+-]\d{1,2})?)?\s*$",
    re.IGNORECASE,
)
_DATELINE_LEAD = re.compile(
    r"^[A-Z][A-Z'.\u00c0-\u00de-]+(?:[ ,]+[A-Z][\w'.-]*){0,4}\s*(?:\([^()]{1,30}\))?\s*"
    r"[\u2014\u2013-]{1,2}\s"
)


def dated_lead(pieces: Sequence[Piece], reasons: Sequence[str | None], lead: int, end: int) -> int:
    """Return the lead, or a line just under it that opens with a dateline ("DUBAI, United
    Arab Emirates \u2014", "LONDON (Reuters) -"): a story's first paragraph; the sentences
    above it sum the story up (key points). A lead with a dateline of its own is the first
    paragraph, and a line between that is no sentence (another story's headline) is no
    key point: a dateline under them opens another story pasted under this one."""
    if dateline_lead(pieces[lead].text):
        return lead
    for index in range(lead + 1, min(end, lead + _SUMMARY_LINES + 1)):
        text = pieces[index].text
        if reasons[index] is None and dateline_lead(text):
            return index
        if reasons[index] is None and not is_sentence(text):
            return lead
    return lead


def dateline_lead(text: str) -> bool:
    """Tell whether a line is a paragraph opening with a wire's dateline, in capitals
    ("DUBAI, United Arab Emirates \u2014", "LONDON (Reuters) -")."""
    return _DATELINE_LEAD.match(text) is not None and is_sentence(text)


def past_signature(pieces: Sequence[Piece], reasons: Sequence[str | None], lead: int) -> int:
    """Return the lead past a byline or date that stands just under the first sentence
    (the header's summary, its standfirst, reads as a sentence too)."""
    for index in range(lead + 1, min(len(pieces), lead + _SIGNED_WITHIN + 1)):
        if reasons[index] in _SIGNATURE and any(
            live_entry(pieces, above, index) for above in (lead - 1, lead - 2)
        ):
            # A live report's entries, each under its time (and its headline): the first is
            # text.
            return lead
        if reasons[index] in _SIGNATURE:
            later = first_sentence(pieces, reasons, index + 1)
            return lead if later is None else later
        if reasons[index] is None:
            return lead
    return lead


def live_entry(pieces: Sequence[Piece], *times: int) -> bool:
    """Tell whether the lines at *times* are each a time of day alone ("10.42 GMT"): the
    times of a live report's entries."""
    return all(0 <= at < len(pieces) and ENTRY_TIME.match(pieces[at].text) for at in times)


@functools.lru_cache(maxsize=1 << 16)
def _spaced(text: str) -> str:
    return " ".join(text.split())


# A photo's credit over its caption is a name of this many words at most.
_CREDIT_NAME_WORDS = 3
# A line of this many words over such a credit is the story's text, though it has no stop.
_LONG_LINE_WORDS = 12
_STOPS = (".", "!", "?", '"', "\u201d", *SCRIPT_STOPS)


def is_caption(
    pieces: Sequence[Piece], reasons: Sequence[str | None], index: int, *, doubled: bool = True
) -> bool:
    """A line describes a photo when it credits one, is printed twice, or a credit follows."""
    text = pieces[index].text
    if describes_photo(text) or under_credit(pieces, reasons, index):
        return True
    if index > 0 and reasons[index - 1] == "label" and labels_caption(pieces[index - 1].text):
        return True  # "Image caption," over it: the screen reader's words a page prints
    if labelled_caption(text) is not None:
        return True  # ... or before it on its line ("Image caption, Rescue teams wade ...")
    for other in (index - 1, index + 1) if doubled else ():
        if not 0 <= other < len(pieces):
            continue
        neighbour = pieces[other].text
        # Printed twice (inner spacing aside): a photo's caption, as the seeds' headers show.
        if abs(len(neighbour) - len(text)) <= _SPACING and _spaced(neighbour) == _spaced(text):
            return len(text.split()) > 3
    after = index + 1
    return (
        after < len(pieces)
        and reasons[after] == "credit"
        and len(pieces[after].text.split()) <= _CREDIT_WORDS
        and not describes_photo(pieces[after].text)  # a caption of its own, with its credit
        and not over_caption(pieces, after)  # the credit of the caption under it
        and not _COPYRIGHT.match(pieces[after].text)
        and len(text.split()) > 3
        and not _captioned(pieces, reasons, after + 1)  # the credit is over that caption
    )


def _captioned(pieces: Sequence[Piece], reasons: Sequence[str | None], index: int) -> bool:
    """Tell whether a line reads as a photo's caption under its credit: several words, no
    stop at its end, no sentence ("Police officers stand guard near the scene")."""
    if index >= len(pieces) or reasons[index] not in (None, DUMP_REPEAT):
        return False  # (a stock photo's caption the dumps print again is one still)
    text = pieces[index].text.strip()
    words = len(text.split())
    return words > _CREDIT_NAME_WORDS and not text.endswith(_STOPS) and not is_sentence(text)


def first_sentence(
    pieces: Sequence[Piece], reasons: Sequence[str | None], start: int
) -> int | None:
    for index in range(start, len(pieces)):
        piece = pieces[index]
        sentence = reasons[index] is None and is_sentence(piece.text)
        if sentence and not is_caption(pieces, reasons, index):
            return index
    return None


def credits_over_captions(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> frozenset[int]:
    """Return the indexes of photo credits printed over their captions inside a story ("BBC",
    "PA Media" over "Police officers stand guard near the scene"): a name of a few words,
    each capitalised, over a line of several words that ends with no stop, between lines
    of prose (or a long line over it: an item of a list of the story's). A sub-heading
    stands under prose, not under a name. The caption may be one the dump prints again (a
    stock photo's): dropped as repeated, its credit goes with it."""
    found: set[int] = set()
    for index in range(1, len(pieces) - 2):
        name, caption = pieces[index].text.strip(), pieces[index + 1].text.strip()
        words = name.split(None, _CREDIT_NAME_WORDS)  # (a paragraph is not split whole)
        if (
            reasons[index] in (None, "credit")
            and reasons[index + 1] in (None, DUMP_REPEAT)
            and 0 < len(words) <= _CREDIT_NAME_WORDS
            and all(word[:1].isupper() for word in words)
            and not name.endswith(_STOPS)
            and len(caption.split()) > _CREDIT_NAME_WORDS
            and not caption.endswith(_STOPS)
            and not is_sentence(caption)
            and (
                pieces[index - 1].text.rstrip().endswith(_STOPS)
                or len(pieces[index - 1].text.split()) >= _LONG_LINE_WORDS
            )
            and pieces[index + 2].text.rstrip().endswith((*_STOPS, ")"))  # or its own credit
        ):
            found.add(index)
    return frozenset(found)
