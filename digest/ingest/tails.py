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
from collections.abc import Sequence

from digest.ingest.chrome import is_sentence, words_of
from digest.ingest.chrome_words import chrome_words
from digest.ingest.pieces import Piece

PRINTED = "print edition"
FOLLOW = "follow us"
LETTERS = "call for letters"
# A line of the outlet's is a sentence or three: this many words at most.
_LINE_WORDS = 60
# A call to follow names this many networks at least ("on Facebook and Instagram").
_NETWORKS = 2
# A line of story text above them shows the story has started (jusText's "short").
_TEXT_CHARS = 70


def tails(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> list[str | None]:
    """Return *reasons* with the outlet's lines under the story's text marked as chrome."""
    marked = list(reasons)
    told = False
    for index, piece in enumerate(pieces):
        text = piece.text
        if told and reasons[index] is None and text.count(" ") < _LINE_WORDS:
            words = f" {' '.join(words_of(text))} "
            if _names(words, "print_lines"):
                marked[index] = PRINTED
            elif _follows(words):
                marked[index] = FOLLOW
        told = told or (reasons[index] is None and len(text) >= _TEXT_CHARS and is_sentence(text))
    for index in range(len(pieces) - 1, -1, -1):
        if marked[index] is not None:
            continue  # chrome under the call, or the call itself
        text = pieces[index].text
        if not told or text.count(" ") >= _LINE_WORDS:
            break
        if not _names(f" {' '.join(words_of(text))} ", "reader_calls"):
            break  # the story's last line
        marked[index] = LETTERS
    return marked


def _follows(words: str) -> bool:
    """Tell whether a line calls the reader to follow the outlet on several networks."""
    if not any(words.startswith(f" {phrase} ") for phrase in _phrases("follow_calls")):
        return False  # (the call opens the line: "Police follow leads on Facebook" is text)
    networks = chrome_words("networks")
    return len({word for word in words.split() if word in networks}) >= _NETWORKS


def _names(words: str, key: str) -> bool:
    return any(f" {phrase} " in words for phrase in _phrases(key))


@functools.cache
def _phrases(key: str) -> tuple[str, ...]:
    return tuple(" ".join(words_of(phrase)) for phrase in chrome_words(key))
