"""Issuers: who issued a press release or a government page, under its headline.

A government's or an agency's page names who issued it between its headline and its text:
"From:" over "Department for Environment, Food & Rural Affairs and The Rt Hon Emma Reynolds
MP" (or both on one line), then "Published" over its day. The names are no headline and no
text: the line is chrome, and the first body it names (a department, an agency; not the
minister named after it) is the story's outlet. The labels are data (digest/data/chrome.yaml
`issuer_labels`), in several languages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from digest.ingest.chrome import words_of
from digest.ingest.chrome_words import chrome_words
from digest.ingest.pieces import Piece

ISSUER = "issuer"
# The names under the label are a line of a few names, no sentence.
_NAMES_WORDS = 30
# A label opening the line ends within this many characters ("Herausgegeben von:").
_LABEL_CHARS = 30
_ENDS = (".", "!", "?")
# Where the second of several issuers starts: "... Affairs and The Rt Hon NAME MP",
# "... Agency, and Department for ...": after "and" or a comma, a person's title or a
# body's first word ("Department for Science, Innovation and Technology" stays whole).
_NEXT = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?=(?:The|Rt|Right|Lord|Baroness|Sir|Dame|Dr|HM|His|"
    r"Her|Department|Ministry|Office|Cabinet|Prime|Secretary|Minister|Home|Foreign)\b)"
)


def issuer_lines(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> frozenset[int]:
    """Return the indexes of the lines of names under an issuer's label ("From:"), or
    opening with it ("From: Department for X and The Rt Hon NAME MP")."""
    found = set()
    for index, piece in enumerate(pieces):
        if reasons[index] is not None:
            continue
        above = pieces[index - 1].text if index > 0 else ""
        labelled = piece.text.find(":", 0, _LABEL_CHARS) >= 0 or _label(above)
        if labelled and issuer_name(piece.text, above) is not None:
            found.add(index)
    return frozenset(found)


def issuer_name(text: str, above: str) -> str | None:
    """Return the first body a line of issuers names: the line under an issuer's label
    (*above*), or one opening with it ("From: Department for X and The Rt Hon Y MP")."""
    names = text.strip()
    if not _label(above):
        label, colon, rest = names.partition(":")
        if not colon or not _label(f"{label}:"):
            return None
        names = rest.strip()
    if not _names(names):
        return None
    first = _NEXT.split(names, maxsplit=1)[0].strip(" ,;")
    return first or None


def _label(text: str) -> bool:
    """Tell whether a line is an issuer's label alone, with its colon ("From:")."""
    if not text.endswith((":", "\uff1a", " ")):
        return False  # (most lines: a dump's lines come with no white space at their end)
    stripped = text.strip()
    return stripped.endswith((":", "\uff1a")) and " ".join(words_of(stripped)) in _labels()


def _names(text: str) -> bool:
    """Tell whether a line may be a line of names: short, capitalised, no sentence."""
    stripped = text.strip()
    return (
        len(stripped) > 1
        and stripped.count(" ") < _NAMES_WORDS
        and stripped[:1].isupper()
        and not stripped.endswith(_ENDS)
    )


@functools.cache
def _labels() -> frozenset[str]:
    return frozenset(" ".join(words_of(label)) for label in chrome_words("issuer_labels"))
