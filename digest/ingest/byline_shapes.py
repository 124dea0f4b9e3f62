"""Byline shapes: the layouts sites print a byline in beyond "By NAME", and the short lines
beside one that are no writer.

"Kate Porter · CBC News · Posted: Dec 05, 2026 4:00 AM EST" (the writer, the outlet and the
publication line, parted by middle dots, as CBC, Medium and many CMSs print them),
"Penulis Rina Ayu Larasati" (an author's label and the name, no colon); a button's or a
toast's words ("READ LATER", "Link Copied") and a known city ("São Paulo", the place a paper
prints under its writer) look like names and are none.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from digest.ingest import byline_words
from digest.ingest.byline_places import known_place as known_place  # (tells reads it here)
from digest.ingest.bylines import Signed, names_line, outlet_name, person
from digest.ingest.chrome_words import chrome_words
from digest.ingest.printed_dates import parse_published

# The marks a byline's parts are set apart by: a middle dot, a bullet, with spaces.
_MARKS = "\u00b7\u2022\u22c5"
_DOT = re.compile(rf"\s+[{_MARKS}]\s+")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_LABEL_WORDS = 3
_NAMES_UNDER = 3  # the lines a line of names may stand over: a place, more names
_HANDLE = re.compile(r"@?[^\W_][\w.-]{2,30}")  # "Penulis", "About the author"


def dotted(text: str) -> tuple[Signed, str | None] | None:
    """Return what a byline line parted by middle dots tells ("Kate Porter · CBC News ·
    Posted: Dec 05, 2026 4:00 AM EST | Last Updated: 2 hours ago": the writer, the outlet)
    and its publication part (from the first part that prints a date on), or None when the
    line is none: its first part a line of names and no place, another an outlet's name or
    a date ("Kate Porter · 6 min read · Dec 5, 2026"; never "New York · Los Angeles")."""
    if not any(mark in text for mark in _MARKS):
        return None  # (most lines: no dot at all)
    parts = _DOT.split(" ".join(text.split()))
    found = names_line(parts[0]) if len(parts) > 1 else None
    if found is None or known_place(parts[0]):
        return None
    outlet = None
    for at, part in enumerate(parts[1:], start=1):
        if parse_published(part) is not None:
            return Signed(found[0], outlet), " ".join(parts[at:])
        if outlet is None and outlet_name(part) and not person(part):
            outlet = part
    return (Signed(found[0], outlet), None) if outlet is not None else None


def labelled(text: str) -> Signed | None:
    """Return the writers of a line opening with an author's label and no colon, "Penulis
    Rina Ayu Larasati" ("Author: NAME" is `bylines.signed`'s), or None."""
    words = text.split()
    labels = chrome_words("author_labels")
    for size in range(1, min(_LABEL_WORDS, len(words) - 1) + 1):
        if " ".join(words[:size]).casefold().rstrip(":") in labels:
            found = names_line(" ".join(words[size:]))
            return Signed(found[0]) if found is not None else None
    return None


def handle(text: str) -> str | None:
    """Return a blog's handle signing a publication line ("Posted on March 2 by
    hillsidebirder"): one word, letters and figures, never a generic signer's ("admin")."""
    word = text.strip(" .")
    if _HANDLE.fullmatch(word) is None or word.casefold() in byline_words.listed("generic_signers"):
        return None
    return word


def under_names(lines: Iterable[str]) -> str:
    """Return the line that tells what a line of names is, of the *lines* under it: past the
    place and the other writers' names printed each on a line of its own ("Eduardo Cucolo"
    over "São Paulo" over the date line); "" when none is near."""
    for text in itertools.islice(lines, _NAMES_UNDER):
        if not known_place(text.strip()) and names_line(text.strip()) is None:
            return text.strip()
    return ""


def button(text: str) -> bool:
    """Tell whether a short line is a button's or a toast's words, every one of them
    ("READ LATER", "Link Copied", "Save Article"): never a writer's name."""
    words = [word.casefold() for word in _WORD.findall(text)]
    return bool(words) and all(word in byline_words.listed("button_words") for word in words)
