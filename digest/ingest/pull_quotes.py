"""Pull quotes: a story's words printed again, larger, between its paragraphs.

A site sets a striking phrase of the story apart as a pull quote; copied, it is a paragraph
of its own whose words stand, in the same order, inside a longer line of the same story
(the quote printed twice on the story's page otherwise). Told by that repetition, not by any
site's markup or words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from digest.ingest.blocks import line_key
from digest.ingest.chrome import is_sentence
from digest.ingest.pieces import Piece

PULL_QUOTE = "pull quote"
# A pull quote has this many words at least (fewer may be any phrase) and at most.
_MIN_WORDS = 5
_MAX_WORDS = 40
# The quotation marks and stops around a pull quote, which its sentence in the text may lack.
# A pull quote is no sentence of the text ("Three generations of the same families"), or a
# quotation in its marks; a paragraph of the story, a sentence, is never compared.
_QUOTES = frozenset("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e")
_AROUND = " \"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e.,;:!?\u2026-\u2013\u2014"


def pull_quotes(pieces: Sequence[Piece]) -> frozenset[int]:
    """Return the indexes of lines alone in their paragraph whose words are part of a longer
    line of *pieces*: pull quotes, printed again from the text."""
    sizes = Counter(piece.paragraph for piece in pieces)
    candidates = [
        index
        for index, piece in enumerate(pieces)
        if _MIN_WORDS <= piece.text.count(" ") + 1 <= _MAX_WORDS
        and sizes[piece.paragraph] == 1
        and (piece.text.lstrip()[:1] in _QUOTES or not is_sentence(piece.text))
    ]
    if not candidates:
        return frozenset()
    keys = [line_key(piece.text) for piece in pieces]
    found = set()
    for index in candidates:
        core = keys[index].strip(_AROUND)
        if len(core.split()) < _MIN_WORDS:
            continue
        # (a line printed twice as it is, a gallery's caption, is recurring_lines' to judge)
        longer = len(keys[index])
        if any(len(key) > longer and core in key for key in keys):
            found.add(index)
    return frozenset(found)
