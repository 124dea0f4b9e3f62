"""Teasers: a part of a dump that is a list of other stories' teasers, not a story.

An editor's Select-all of a section front or a home page ("Latest", a topic's page) copies
its teasers: each a headline, a line or two of the story under it and when it was published
("2 hours ago", "March 3, 2025"), one after another. No story's text is there, only the
doors to other pages; read as stories, the headlines became titles of one another's
teasers, spliced. A part made of such teasers (three or more, every sentence in them) is
dropped, with a warning naming the dump, as a saved page of headlines linking elsewhere is
(`saved_signs.not_an_article`). A story's own sub-headed items (a listicle) print no time
under each item, and a live report's entries print a time of day alone: neither is one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from digest.ingest.assemble import pieces_of
from digest.ingest.blocks import Paragraph
from digest.ingest.chrome import Shapes, date_line, is_sentence, shape
from digest.ingest.headlines import title_like
from digest.ingest.leads import ENTRY_TIME
from digest.ingest.pieces import Dropped, Piece

TEASER = "list of teasers"
# A section front lists this many teasers at least.
_TEASERS = 3
# A teaser is a line or two under its headline, of this many words at most each.
_TEASER_LINES = 2
_TEASER_WORDS = 40
_FIGURE = re.compile(r"\d")
# Reasons a date line has too ("12.03.2025" is a count's shape).
_DATE_TOO = ("count", "label")
# A front may open with a sentence of its own ("The latest news from the region.").
_OWN_SENTENCES = 1


@dataclass(frozen=True, slots=True)
class Fronts:
    """The parts of a dump that are stories, and the lines and warnings of those that are
    lists of teasers."""

    chunks: list[list[Paragraph]]
    dropped: tuple[Dropped, ...] = ()
    warnings: tuple[str, ...] = ()


def without_fronts(chunks: Sequence[list[Paragraph]], shapes: Shapes, dump: str) -> Fronts:
    """Return *chunks* without the parts that are lists of teasers, those dropped and
    warned about by the dump's name and the part's first line."""
    kept: list[list[Paragraph]] = []
    dropped: list[Dropped] = []
    warnings: list[str] = []
    for chunk in chunks:
        if not _may_list(chunk):
            kept.append(chunk)
            continue
        pieces = pieces_of(chunk)
        count = teaser_count(pieces, [shape(piece.text, shapes) for piece in pieces])
        if not count:
            kept.append(chunk)
            continue
        dropped.extend(Dropped(piece.number, piece.text, TEASER) for piece in pieces)
        warnings.append(
            f"{dump}:{pieces[0].number}: a list of {count} teasers (a headline, a line or two"
            " and a time each: a section front or a home page), not a story; skipped"
        )
    return Fronts(kept, tuple(dropped), tuple(warnings))


def _may_list(chunk: Sequence[Paragraph]) -> bool:
    """Tell, cheaply, whether a part may list teasers: a line with a figure for each of
    three (their times), and at most one line too long for a teaser (a story's paragraphs
    are: most parts are told by this)."""
    figures = long = 0
    for paragraph in chunk:
        for line in paragraph.lines:
            if line.text.count(" ") >= _TEASER_WORDS:  # (a count in C, no list of words)
                long += 1
                if long > _OWN_SENTENCES:
                    return False
            elif _FIGURE.search(line.text) is not None:
                figures += 1
    return figures >= _TEASERS


def teaser_count(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> int:
    """Return how many teasers a part lists when it is a list of teasers, else 0: each
    with its time under its teaser, or each over its headline (a front prints them alike)."""
    if sum(map(_published, pieces, reasons)) < _TEASERS:
        return 0  # (most parts: a story prints one publication line, not one per item)
    return max(_listed(pieces, reasons, under=True), _listed(pieces, reasons, under=False))


def _listed(pieces: Sequence[Piece], reasons: Sequence[str | None], *, under: bool) -> int:
    covered: set[int] = set()
    count = 0
    for index in range(len(pieces)):
        unit = _teaser(pieces, reasons, index, under=under)
        if unit is not None and not covered.intersection(unit):
            covered.update(unit)
            count += 1
    sentences = [
        index
        for index, piece in enumerate(pieces)
        if reasons[index] is None and is_sentence(piece.text) and index not in covered
    ]
    return count if count >= _TEASERS and len(sentences) <= _OWN_SENTENCES else 0


def _teaser(
    pieces: Sequence[Piece], reasons: Sequence[str | None], index: int, *, under: bool
) -> range | None:
    """Return the lines of the teaser whose headline is at *index*: the headline, a line or
    two of short sentences, and its time under them (or over the headline); None if none is."""
    if reasons[index] is not None or not title_like(pieces[index].text):
        return None
    end = index + 1
    while (
        end < len(pieces)
        and end - index <= _TEASER_LINES
        and reasons[end] is None
        and is_sentence(pieces[end].text)
        and len(pieces[end].text.split()) <= _TEASER_WORDS
    ):
        end += 1
    if end == index + 1:
        return None  # a headline with no teaser: a list of links, judged elsewhere
    if under and end < len(pieces) and _published(pieces[end], reasons[end]):
        return range(index, end + 1)
    if not under and index > 0 and _published(pieces[index - 1], reasons[index - 1]):
        return range(index - 1, end)
    return None


def _published(piece: Piece, reason: str | None) -> bool:
    """Tell whether a line is when a teaser's story was published ("2 hours ago", "3 March
    2025", "12.03.2025": a count's shape), not a live report's time of day alone ("10:42")."""
    dated = reason == "date" or (reason in _DATE_TOO and date_line(piece.text))
    return dated and ENTRY_TIME.match(piece.text) is None
