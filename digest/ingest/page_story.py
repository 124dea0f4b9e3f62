"""Page story: a dump of whole pages copied (select-all) -> one story per page.

A page's blank-line runs are no story boundaries: they stand between its menus, its article's
parts and its footer alike. A dump holds several pages when the line it starts with (the
site's first menu line) starts a part again after a blank-line run. In each page the article
is found by page_find; everything else is dropped and recorded with why.
"""

from __future__ import annotations

from collections.abc import Sequence

from digest.config import IngestConfig
from digest.ingest.assemble import trimmed_story
from digest.ingest.blocks import Paragraph, collapse_spaces
from digest.ingest.boxes import boxed
from digest.ingest.chrome import Shapes, is_sentence, shape
from digest.ingest.headlines import title_like
from digest.ingest.lists import story_end
from digest.ingest.page_find import article_run, line_values, past_inserts, stoplist_for
from digest.ingest.page_headline import headline
from digest.ingest.repeats import DUMP_REPEAT
from digest.ingest.scripts import SCRIPT_STOPS, stopless
from digest.ingest.trim import Dropped, Piece, trim_span
from digest.models import RawStory, Source

# A short paragraph just above the densest run, ending like a sentence, is the article's
# first paragraph (a one-line lead, "LONDON (Reuters) -" and a few words) when it has this
# many words.
_LEAD_WORDS = 6
_ENDS = (".", "!", "?", "\u201d", '"', *SCRIPT_STOPS)


def pages_of(chunks: Sequence[list[Paragraph]]) -> list[list[Paragraph]]:
    """Split a dump's parts into pages: a page starts where the dump's first line (its
    site's top line) starts a part again."""
    top = collapse_spaces(chunks[0][0].lines[0].text).casefold()
    pages: list[list[Paragraph]] = []
    for chunk in chunks:
        if not pages or collapse_spaces(chunk[0].lines[0].text).casefold() == top:
            pages.append([])
        pages[-1].extend(chunk)
    return pages


def page_story(
    paragraphs: Sequence[Paragraph],
    source: Source,
    shapes: Shapes,
    config: IngestConfig,
    notices: frozenset[str] = frozenset(),
) -> tuple[RawStory | None, tuple[Dropped, ...]]:
    """Return the article of one copied page and every other line, dropped with why;
    *notices* are the rights notices the dump prints under several pages (its outlet's)."""
    pieces = [
        Piece(line.number, line.text, index)
        for index, paragraph in enumerate(paragraphs)
        for line in paragraph.lines
    ]
    reasons = boxed(pieces, [shape(piece.text, shapes) for piece in pieces])
    if notices:
        # A publication line the pages share (one day's pages of one outlet) still dates
        # each page: it stays a date, which is what it tells.
        reasons = [
            DUMP_REPEAT if r != "date" and collapse_spaces(p.text).casefold() in notices else r
            for p, r in zip(pieces, reasons, strict=True)
        ]
    stops = stoplist_for([piece.text for piece in pieces])
    texts = [piece.text for piece in pieces]
    values = line_values(pieces, reasons, stops)
    found = article_run(texts, values, reasons)
    if found is None or found.lead == found.last:
        # No paragraph of story text apart, or one: the story's sentences may stand one
        # under the other among the page's menus, no blank line between (its long first
        # one alone counted as text).
        in_runs = line_values(pieces, reasons, stops, runs=True)
        wider = article_run(texts, in_runs, reasons)
        if wider is not None and (found is None or wider.lead <= found.lead <= wider.last):
            found, values = wider, in_runs
    if found is None:
        dropped = tuple(
            Dropped(p.number, p.text, r or "no story text")
            for p, r in zip(pieces, reasons, strict=True)
        )
        return None, dropped
    lead = _under_headline(texts, values, _first_paragraph(pieces, reasons, found.lead), found.last)
    title = headline(pieces, reasons, lead, stops)
    end = story_end(pieces, reasons, values, past_inserts(texts, values, reasons, found.last)) + 1
    trimmed = trim_span(pieces, reasons, (title, lead, end), shapes)
    if trimmed.title is None:
        # No headline above the lead: the lead's own line names the story, as in a dump
        # with no title line.
        trimmed = trim_span(pieces, reasons, (lead, lead, end), shapes)
    return trimmed_story(list(paragraphs), trimmed, source, config), trimmed.dropped


def _under_headline(texts: Sequence[str], values: Sequence[float], lead: int, last: int) -> int:
    """Return where the article starts when its first line is a headline that reads as a
    sentence: Thai and Lao print no full stop, so a headline-shaped line over lines of no
    text (its date, its share buttons) and then the text is the page's headline."""
    text = texts[lead]
    if lead >= last or values[lead + 1] > 0 or not (stopless(text) and title_like(text)):
        return lead
    return next((at for at in range(lead + 1, last + 1) if values[at] > 0), lead)


def _first_paragraph(pieces: Sequence[Piece], reasons: Sequence[str | None], lead: int) -> int:
    """Return where the article starts: the densest run's first line, or a short sentence
    standing alone just above it (a lead too short to count on its own)."""
    while lead > 0:
        above = lead - 1
        text = pieces[above].text.rstrip()
        alone = pieces[above].paragraph != pieces[lead].paragraph or is_sentence(text)
        if not (
            reasons[above] is None
            and alone
            and len(text.split()) >= _LEAD_WORDS
            and text.endswith(_ENDS)
        ):
            return lead
        lead = above
    return lead
