"""Wire marks: the version and kind marks an agency glues in front of a headline.

Wire copy, and the sites that carry it (portals, market sites, syndicated feeds), prints a
headline as the wire sent it: "UPDATE 2-Wildfire forces evacuation ...", "EXCLUSIVE-Airbus
in talks ...", "RPT-UPDATE 1-...", or under a desk's name in capitals, "GLOBAL MARKETS-Stocks
rise ...". The marks change with each version: kept, every version would get a title and a
URL of its own. They are capitals glued to a headline in lower case by a hyphen: a mark of
digest/data/chrome.yaml's `wire_marks` with its version's number, or a desk's name of two
words or more. A headline that opens with a compound ("US-China trade talks resume") has a
single word before its hyphen, and keeps it. The Asian wires (Yonhap, Kyodo) put theirs in
brackets, "(LEAD) ...", "(2nd LD) ...", "(URGENT) ...", "(News Focus) ...": chrome.yaml's
`wire_tags`, or a version's ordinal with "LD".
"""

from __future__ import annotations

import functools
import re

from digest.ingest.chrome_words import chrome_words

# A desk's name in capitals, two words or more, glued to the headline ("US STOCKS-Wall St").
_DESK = r"[A-Z][A-Z&.']+(?: [A-Z][A-Z&.']+)+"


@functools.cache
def _marks() -> re.Pattern[str]:
    """The pattern of a run of marks at a headline's start (each a mark of `wire_marks` in
    capitals with its number, or a desk's name), the headline after it."""
    words = sorted(chrome_words("wire_marks"), key=len, reverse=True)
    listed = "|".join(re.escape(word.upper()) for word in words)
    return re.compile(rf"^(?:(?:(?:{listed})(?: \d+)?|{_DESK})-(?! ))+(?=\S)")


@functools.cache
def _tags() -> re.Pattern[str]:
    """The pattern of the bracketed tags at a headline's start ("(LEAD) ", "(2nd LD) ",
    "(URGENT) ", "(LEAD, Correction) "), the headline after them."""
    words = sorted(chrome_words("wire_tags"), key=len, reverse=True)
    tag = rf"(?:\d+(?:st|nd|rd|th) LD|LD|{'|'.join(map(re.escape, words))})"
    return re.compile(rf"^(?:\({tag}(?:\s*,\s*{tag})*\)\s*)+(?=\S)", re.IGNORECASE)


# A mark that corrects the version it names, or sends it again corrected.
_CORRECTING = ("CORRECTED", "CORRECTION", "REFILE", "AMENDED")
_VERSION = re.compile(r"\b(UPDATE|UPDATED)(?: (\d+))?-")
# A bracketed tag's version: "(LEAD)" the first, "(2nd LD)" the second.
_TAG_VERSION = re.compile(r"\b(?:(\d+)(?:st|nd|rd|th) LD|LD|LEAD)\b", re.IGNORECASE)


def wire_version(title: str) -> int:
    """Return the version a headline's wire marks give ("UPDATE 2-": 2 x 2, a correction of
    it one more), 0 for a headline with no mark: of two copies of a wire story, the one of
    the higher version holds its later text (corrected figures, more paragraphs). A
    bracketed tag counts so too: "(LEAD)" 2, "(2nd LD)" 4, "(2nd LD, Correction)" 5."""
    if title[:1] == "(":
        tagged = _tags().match(title)
        if tagged is not None:
            lead = _TAG_VERSION.search(tagged[0])
            number = (int(lead[1]) if lead[1] else 1) if lead is not None else 0
            return 2 * number + any(m in tagged[0].upper() for m in _CORRECTING)
    if "-" not in title[:40] or not title[:1].isupper():  # (most headlines)
        return 0
    found = _marks().match(title)
    if found is None or without_wire_marks(title) == title:
        return 0
    marks = found[0]
    update = _VERSION.search(marks)
    number = (int(update[2]) if update[2] else 1) if update is not None else 0
    return 2 * number + any(mark in marks for mark in _CORRECTING)


def without_wire_marks(title: str) -> str:
    """Return a headline without the wire's marks in front of it ("UPDATE 2-", "EXCLUSIVE-",
    "(LEAD) ")."""
    if title[:1] == "(":
        tagged = _tags().match(title)
        title = title[tagged.end() :] if tagged is not None else title
    if "-" not in title[:40] or not title[:1].isupper():  # (most headlines)
        return title
    found = _marks().match(title)
    rest = title[found.end() :] if found is not None else ""
    if not rest or rest[:1].islower() or rest.isupper():
        # A compound of a name ("NEW YORK-based firm hires"); a headline in capitals, whose
        # compounds are capitals too ("HONDURAS SEEKING PL-480 WHEAT"): no mark is told there.
        return title
    return rest
