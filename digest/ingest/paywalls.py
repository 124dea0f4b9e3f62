"""Paywalls: where a locked story's text stops and the offer to read on begins.

A paywalled story copied from its page holds its first paragraphs, then the wall: a short
line saying the rest is locked ("Subscribe to unlock this article", "Already a subscriber?
Sign in", "Réservé aux abonnés") and the offer around it, its lines reading as text on their
own ("Try unlimited access", "Then €75 per month. Cancel anytime."). The wall's words are
data (digest/data/chrome.yaml `paywalls`, in several languages, no outlet's name). Under the
story's text, such a line and every line after it are the wall's, up to a paragraph of the
story's length (a box that only says so, and the text goes on).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from digest.ingest.chrome import is_sentence, words_of
from digest.ingest.chrome_words import chrome_words
from digest.ingest.pieces import Piece

PAYWALL = "paywall"
# The wall's line is a short one: a button, a sentence or two of a notice.
_WALL_WORDS = 16
# A line of story text above it shows the story has started (jusText's "short": 70 characters).
_TEXT_CHARS = 70
# A paragraph this long under the wall is the story going on: an offer's lines are short.
_GOES_ON_WORDS = 30


def walled(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> list[str | None]:
    """Return *reasons* with the lines from a paywall's first line under the story's text to
    the part's end (or to a paragraph of story text) marked as the paywall's."""
    marked = list(reasons)
    wall = _wall(pieces, reasons)
    if wall is None or _goes_on(pieces, reasons, wall + 1):
        return marked  # (a sentence of the story naming the words: its text goes on)
    for index in range(wall, len(pieces)):
        if _goes_on(pieces, reasons, index):
            break  # the story's text goes on: the wall was a box within it
        if reasons[index] is None or index == wall:
            marked[index] = PAYWALL
    return marked


def _goes_on(pieces: Sequence[Piece], reasons: Sequence[str | None], index: int) -> bool:
    """Tell whether the line at *index* is a paragraph of story text, no offer's line."""
    if index >= len(pieces) or reasons[index] is not None:
        return False
    text = pieces[index].text
    return text.count(" ") >= _GOES_ON_WORDS and is_sentence(text)


def _wall(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> int | None:
    """Return the index of a paywall's first line under the story's text, if one stands."""
    told = False
    for index, piece in enumerate(pieces):
        text = piece.text.strip()
        if told and text.count(" ") < _WALL_WORDS and _names_wall(text):
            return index
        told = told or (reasons[index] is None and len(text) >= _TEXT_CHARS and is_sentence(text))
    return None


def _names_wall(text: str) -> bool:
    return _phrases().search(text.casefold()) is not None


@functools.cache
def _phrases() -> Phrases:
    return phrases_pattern(chrome_words("paywalls"))


class Phrases:
    """One pattern finding any of some phrases in a case-folded line (`phrases_pattern`).

    The pattern opens with a look behind, so `re` tries it at every character of a line (~7
    us a paragraph); a line holding no phrase holds none of their words either. `search`
    first looks for one word of each phrase (its longest) as a scan in C for each, and tries
    the pattern only on a line holding one: the same answer, most lines told by the scans.
    """

    __slots__ = ("_needles", "findall", "match", "pattern")

    def __init__(self, pattern: re.Pattern[str], needles: tuple[str, ...] | None) -> None:
        self.pattern = pattern
        self._needles = needles  # None: some phrase has no word to look for
        # (the pattern's own: a match is anchored, one try with nothing to scan for)
        self.match = pattern.match
        self.findall = pattern.findall

    def search(self, text: str) -> re.Match[str] | None:
        if self._needles is not None and not any(map(text.__contains__, self._needles)):
            return None
        return self.pattern.search(text)


def phrases_pattern(phrases: Iterable[str]) -> Phrases:
    """Return one pattern finding any of *phrases* (case-folded) as whole words in a case-
    folded line, whatever spaces or punctuation stand between their words: one search in C
    for a line, not a split of every line into its words."""
    folded = sorted({" ".join(words_of(p)) for p in phrases}, key=len, reverse=True)
    words = [
        r"[^\w'\u2019]+".join(re.escape(word).replace("'", "['\u2019]") for word in phrase.split())
        for phrase in folded
    ]
    pattern = re.compile(rf"(?<![\w'\u2019])(?:{'|'.join(words)})(?![\w'\u2019])")
    return Phrases(pattern, _needles(folded))


def _needles(phrases: Iterable[str]) -> tuple[str, ...] | None:
    """Return words a line holds if it holds any of *phrases*: each phrase's longest word
    that the pattern matches as written (no apostrophe: it matches either kind), without
    the words holding another of them (a line holding those holds the other)."""
    longest = set()
    for phrase in phrases:
        plain = [word for word in phrase.split() if "'" not in word]
        if not plain:
            return None
        longest.add(max(plain, key=len))
    return tuple(sorted(w for w in longest if not any(o != w and o in w for o in longest)))
