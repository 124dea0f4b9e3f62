"""Tails: the outlet's own lines under a story's text that read as sentences.

Under its last paragraph a page prints lines of its own that read as story text: where the
story appeared in print ("A version of this article appears in print on ..., Section A", with
"Order Reprints | Today's Paper | Subscribe" glued on), a call to follow the outlet on its
networks ("Follow ... on Facebook, Instagram, TikTok and X"), and, last of the text, its call
for readers' letters ("We'd like to hear what you think ... Here's our email: ..."). The words
are data (digest/data/chrome.yaml `print_lines`, `follow_calls` with `networks`, and
`reader_calls`), no outlet's name. A call for letters is the outlet's only under the text:
from it to the part's end stands nothing but chrome.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from digest.ingest.chrome import is_sentence, rights_line
from digest.ingest.chrome_words import chrome_words
from digest.ingest.paywalls import phrases_pattern
from digest.ingest.pieces import Piece

PRINTED = "print edition"
CONTACT = "writer's contact"
FOLLOW = "follow us"
LETTERS = "call for letters"
# A line of the outlet's is a sentence or three: this many words at most.
_LINE_WORDS = 60
# A call to follow names this many networks at least ("on Facebook and Instagram").
_NETWORKS = 2
# A line of story text above them shows the story has started (jusText's "short").
_TEXT_CHARS = 70
# A writer's address: an e-mail address or a handle on a network ("@mikereynolds").
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|(?<![\w@])@\w{2,}")


def tails(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> list[str | None]:
    """Return *reasons* with the outlet's lines under the story's text marked as chrome."""
    marked = list(reasons)
    told = False
    for index, piece in enumerate(pieces):
        text = piece.text
        if told and reasons[index] is None and text.count(" ") < _LINE_WORDS:
            folded = text.casefold()
            if _phrases("print_lines").search(folded) is not None:
                marked[index] = PRINTED
            elif _follows(folded):
                marked[index] = FOLLOW
        told = told or (reasons[index] is None and len(text) >= _TEXT_CHARS and is_sentence(text))
    for index in range(len(pieces) - 1, -1, -1):
        if marked[index] is not None:
            continue  # chrome under the call, or the call itself
        text = pieces[index].text
        if not told or text.count(" ") >= _LINE_WORDS:
            break
        if _phrases("reader_calls").search(text.casefold()) is None:
            break  # the story's last line
        marked[index] = LETTERS
    return _contacts(pieces, marked) if told else marked


def _contacts(pieces: Sequence[Piece], marked: list[str | None]) -> list[str | None]:
    """Mark the writer's contact lines at the story's end ("Contact Ann Lee at
    alee@paper.com. Follow her on X @annlee."): opening with a call to contact or follow
    (chrome.yaml `contact_calls`) and giving an address, with only chrome, other contact lines
    or the rights notice under them."""
    for index in range(len(pieces) - 1, -1, -1):
        text = pieces[index].text
        if marked[index] is not None or rights_line(text):
            continue
        folded = text.casefold().lstrip()
        if text.count(" ") >= _LINE_WORDS or _ADDRESS.search(text) is None:
            break
        if _phrases("contact_calls").match(folded) is None:
            break
        marked[index] = CONTACT
    return marked


def _follows(folded: str) -> bool:
    """Tell whether a (case-folded) line calls the reader to follow the outlet on several
    networks; the call opens it: "Police follow leads on Facebook" is text."""
    opening = _phrases("follow_calls").match(folded.lstrip())
    if opening is None:
        return False
    return len(set(_phrases("networks").findall(folded))) >= _NETWORKS


@functools.cache
def _phrases(key: str) -> re.Pattern[str]:
    return phrases_pattern(chrome_words(key))
