"""Tails: the outlet's own lines under a story's text that read as sentences.

Under its last paragraph a page prints lines of its own that read as story text: where the
story appeared in print ("A version of this article appears in print on ..., Section A", with
"Order Reprints | Today's Paper | Subscribe" glued on), a call to follow the outlet on its
networks ("Follow ... on Facebook, Instagram, TikTok and X"), and, last of the text, its call
for readers' letters or tips ("We'd like to hear what you think ... Here's our email: ...",
"제보는 카카오톡 okjebo") and its rights notice in any language ("All rights reserved",
"<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>", "版权所有"). The words are data
(digest/data/chrome.yaml `print_lines`, `follow_calls` with `networks`, `reader_calls`,
`rights_notices`), no outlet's name. A call for letters or a rights notice is the outlet's
only under the text: from it to the part's end stands nothing but chrome.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from digest.ingest.chrome import is_sentence, unspaced
from digest.ingest.chrome_words import chrome_words
from digest.ingest.paywalls import phrases_pattern
from digest.ingest.pieces import Piece

PRINTED = "print edition"
FOLLOW = "follow us"
LETTERS = "call for letters"
RIGHTS = "copyright"
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
            folded = text.casefold()
            if _phrases("print_lines").search(folded) is not None:
                marked[index] = PRINTED
            elif _follows(folded):
                marked[index] = FOLLOW
        told = told or (reasons[index] is None and _long(text) and is_sentence(text))
    for index in range(len(pieces) - 1, -1, -1):
        if marked[index] is not None:
            continue  # chrome under the call, or the call itself
        text = pieces[index].text
        if not told or text.count(" ") >= _LINE_WORDS:
            break
        folded = text.casefold()
        if _phrases("rights_notices").search(folded) is not None:
            marked[index] = RIGHTS  # "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>"
        elif _phrases("reader_calls").search(folded) is not None:
            marked[index] = LETTERS  # ... or a call for tips: "제보는 카카오톡 okjebo"
        else:
            break  # the story's last line
    return marked


def _long(text: str) -> bool:
    """Tell whether a line is long enough to be story text: a line of Chinese, Japanese or
    Korean says in half as many characters what a Latin one does."""
    return len(text) >= _TEXT_CHARS or (len(text) * 2 >= _TEXT_CHARS and unspaced(text))


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
