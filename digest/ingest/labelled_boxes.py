"""Labelled boxes: the page's notes between a story's head and its text, each a short label
over a sentence or two ("Disclosure statement" over "Ann Lee receives funding from ...",
"Partners" over "The University provides funding as a member of ...").

A site that publishes academics' or partners' pieces prints such boxes under the byline, one
after another, and a copy keeps each as a paragraph: its label's line, then its text. Told by
their shape and place, not their words: two such paragraphs or more before the first
paragraph of the story's prose, which no label heads. A story's own sub-headings stand among
its prose, under its first paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from digest.ingest.chrome import is_sentence
from digest.ingest.pieces import Piece
from digest.ingest.scripts import SCRIPT_STOPS

BOX = "box"
# A box's label is a name of a few words; its text a sentence or two, of this many words each.
_LABEL_WORDS = 3
_TEXT_LINES = 2
_TEXT_WORDS = 40
# A run of this many boxes at least: a paragraph alone so shaped is a sub-heading's.
_BOXES = 2
# The story's prose has started at a sentence this long (jusText's "short": 70 characters).
_PROSE_CHARS = 70
_ENDS = re.compile(rf"[.!?{SCRIPT_STOPS}][\"'\u201d\u2019)\]]*$")
_LABEL_REASONS = (None, "label")


def labelled_boxes(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> frozenset[int]:
    """Return the indexes of the lines of the boxes before the story's first paragraph of
    prose, when two or more stand there; none when fewer do, or no prose follows them."""
    boxes: list[range] = []
    start = 0
    for end in range(1, len(pieces) + 1):
        if end < len(pieces) and pieces[end].paragraph == pieces[start].paragraph:
            continue
        lines = range(start, end)
        start = end
        if _box(pieces, reasons, lines):
            boxes.append(lines)
        elif any(_prose(pieces[at].text, reasons[at]) for at in lines):
            break  # the story's text: the boxes, if any, stood above it
    else:
        return frozenset()  # (no prose under them: they may be the story itself)
    if len(boxes) < _BOXES:
        return frozenset()
    return frozenset(at for lines in boxes for at in lines)


def _box(pieces: Sequence[Piece], reasons: Sequence[str | None], lines: range) -> bool:
    """Tell whether a paragraph is a label's line over a sentence or two of its own."""
    if not 2 <= len(lines) <= _TEXT_LINES + 1 or reasons[lines[0]] not in _LABEL_REASONS:
        return False
    label = pieces[lines[0]].text.strip()
    if not (len(label.split()) <= _LABEL_WORDS and label[:1].isupper() and label[-1:].isalnum()):
        return False
    return all(
        reasons[at] is None
        and _ENDS.search(pieces[at].text.rstrip()) is not None
        and len(pieces[at].text.split()) <= _TEXT_WORDS
        and is_sentence(pieces[at].text)
        for at in lines[1:]
    )


def _prose(text: str, reason: str | None) -> bool:
    return reason is None and len(text) >= _PROSE_CHARS and is_sentence(text)
