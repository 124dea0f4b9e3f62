"""Boxes: lines judged by the chrome on both sides of them.

A site prints some of its chrome as boxes of several lines, and a line of such a box may read
as text on its own. As jusText judges a short paragraph by its neighbours, two such lines are
chrome by where they stand: a line between two promotion lines is the promotion's own (a
newsletter box: its name, its pitch, its privacy notice); and a short sentence above a
story's text, between chrome (a byline, a date, a reading time, a share row) and a photo's
caption or other chrome, is the site's ("Save articles to read later."), not the lead.
"""

from __future__ import annotations

from collections.abc import Sequence

from digest.ingest.chrome import is_sentence
from digest.ingest.photo_lines import describes_photo
from digest.ingest.pieces import Piece

_PROMOTION = "promotion"
# A sentence shorter than this is judged by its neighbours (jusText's "short": 70 characters).
_SHORT_CHARS = 70
# Neighbours that say nothing of the text around them: a rule or a number is the story's own.
_WEAK = (None, "count", "symbols")
BETWEEN_CHROME = "between chrome"


def boxed(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> list[str | None]:
    """Return *reasons* with the lines of promotion boxes and the site's short sentences
    above the story's text marked as chrome."""
    marked = list(reasons)
    told = False  # a long sentence was seen: the story's text has started
    for index in range(1, len(pieces) - 1):
        text = pieces[index].text.strip()
        told = told or (reasons[index] is None and len(text) >= _SHORT_CHARS and is_sentence(text))
        if reasons[index] is not None:
            continue
        above, below = reasons[index - 1], reasons[index + 1]
        if above == _PROMOTION and below == _PROMOTION:
            marked[index] = _PROMOTION
        elif (
            not told
            and above not in _WEAK
            and len(text) < _SHORT_CHARS
            and text.endswith(".")
            and (below not in _WEAK or describes_photo(pieces[index + 1].text))
        ):
            marked[index] = BETWEEN_CHROME
    return marked
