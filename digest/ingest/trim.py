"""Trim: one chunk of a dump -> its story (title, captions, body paragraphs) and the chrome
around it, each removed line recorded with why.

The story is found by its text, not by one site's layout: the lead is the first line that
reads as a sentence and is no photo caption; the title is the nearest headline-shaped line
before it that is no chrome (a longer line just under a shorter one is the standfirst, and the
shorter the headline); everything before the title is the page's top (menus, other headlines),
everything after the last sentence its bottom (share rows, related lists, footers). Between
the lead and the last sentence, chrome-shaped lines, lines the dump repeats and runs of short
link-like lines are removed; lines that describe a photo become captions (`story_body`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from digest.ingest.blocks import line_key
from digest.ingest.boxes import boxed
from digest.ingest.chrome import (
    Shapes,
    rights_line,
    shape,
)
from digest.ingest.headlines import headline_above, title_like, under_kicker
from digest.ingest.leads import (
    dated_lead,
    first_sentence,
    is_caption,
    live_entry,
    past_signature,
)
from digest.ingest.lists import (
    FIGURES,
    link_runs,
    listed_headlines,
)
from digest.ingest.photo_credits import credited, credits_beside
from digest.ingest.photo_lines import describes_photo
from digest.ingest.pieces import Dropped, Piece
from digest.ingest.repeats import DUMP_REPEAT
from digest.ingest.story_body import LINK_RUN_IN_BODY, trim_body
from digest.ingest.story_head import Head, head_runs, live_entry_time, signs
from digest.ingest.tails import REPUBLISHED, republished_by, writers_notes
from digest.ingest.tells import told_of
from digest.models import Told

# Dropped and Piece live in pieces.py (lists.py needs them too); they are named here as well.
__all__ = [
    "Dropped",
    "Piece",
    "Trimmed",
    "restore_kept",
    "starts_with_story",
    "trim_chunk",
    "trim_span",
    "trim_story_body",
]

# A headline has this many words at most (headlines.py judges the rest of its shape).
_TITLE_MAX_WORDS = 30
# A run of this many short non-sentence lines in a row is a list of links, not story text.
_FIRST_PARAGRAPH = 3
# A titled part with no sentence is still a story (a table, a list) with this many lines.
_TABLE_LINES = 8
# A headline stands at most this many lines (chrome and lists of links aside) above the lead.
_HEAD_LINES = 6
LISTED = "list of links"
# A section's name printed over a headline has this many words at most.
_KICKER_WORDS = 3


@dataclass(frozen=True, slots=True)
class Trimmed:
    """What trimming kept (title, captions, body pieces) and what it dropped and learned."""

    title: Piece | None
    captions: tuple[str, ...]
    body: tuple[Piece, ...]
    told: Told
    dropped: tuple[Dropped, ...]


def trim_chunk(pieces: Sequence[Piece], shapes: Shapes, repeated: frozenset[str]) -> Trimmed:
    """Find the story in *pieces* (a chunk with no header block); title None when no line
    of it reads as story text, or when no headline stands before its lead."""
    reasons = boxed(pieces, [_reason(piece.text, shapes, repeated) for piece in pieces])
    reasons = credited(pieces, reasons)
    headed = _starts_with_title(pieces, reasons)
    lead = first_sentence(pieces, reasons, 1 if headed else 0)
    if headed and lead is not None and not _near(pieces, reasons, lead):
        # The first line is far from the text: a page's top line, not its headline.
        headed = False
        lead = first_sentence(pieces, reasons, 0)
    if lead is None and headed and _substantial(pieces, reasons):
        # A titled list or table (standings, a calendar): story text with no sentence in it;
        # its chrome (share buttons, dates, labels) is dropped all the same.
        return _table(pieces, reasons)
    if lead is None:
        return _captions_only(pieces, reasons)
    # Other stories' headlines under a label ("Related coverage") are no headline of this one.
    listed = listed_headlines(pieces[:lead], reasons[:lead])
    reasons = [LISTED if i in listed else r for i, r in enumerate(reasons)]
    title = under_kicker(pieces, reasons, lead) if headed else None
    if title is None and headed and not title_like(pieces[0].text):
        # A section's name of a word or two ("News", "|", "Politics") over the headline.
        title = headline_above(pieces, reasons, lead)
    if title is None and not (reasons[0] == "date" and live_entry(pieces, 0)):
        # (a part under a time of day alone is a live report's next entry: no story's head)
        title = 0 if headed else headline_above(pieces, reasons, lead)
    return trim_span(
        pieces, reasons, (title, past_signature(pieces, reasons, lead), len(pieces)), shapes
    )


def _captions_only(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> Trimmed:
    """A part with no story text: chrome, but for the captions of a gallery under a story
    (each with its credit), which go on the story before it."""
    captions = [i for i, r in enumerate(reasons) if r is None and is_caption(pieces, reasons, i)]
    dropped = tuple(
        Dropped(p.number, p.text, r or "no story text")
        for i, (p, r) in enumerate(zip(pieces, reasons, strict=True))
        if i not in captions
    )
    texts = credits_beside(pieces, [pieces[i].text for i in captions])
    return Trimmed(None, texts, (), Told(), dropped)


def _table(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> Trimmed:
    kept = tuple(p for p, r in zip(pieces[1:], reasons[1:], strict=True) if r in FIGURES)
    dropped = tuple(
        Dropped(p.number, p.text, r)
        for p, r in zip(pieces[1:], reasons[1:], strict=True)
        if r not in FIGURES
    )
    return Trimmed(pieces[0], (), kept, told_of(pieces, dropped, None, 0), dropped)


def trim_span(
    pieces: Sequence[Piece],
    reasons: Sequence[str | None],
    span: tuple[int | None, int, int],
    shapes: Shapes,
) -> Trimmed:
    """Keep the story of *pieces* whose headline, lead and end (title index or None, lead
    index, index past its last line) are known; every other line is dropped with why."""
    title, first, end = span
    lead = dated_lead(pieces, reasons, first, end)
    start = title if title is not None else 0
    runs = head_runs(pieces, reasons, (title, lead), LINK_RUN_IN_BODY)
    signed = max((i for i in range(start, lead) if signs(pieces[i], reasons[i])), default=0)
    head = Head(pieces, reasons, runs, signed, first if lead > first else lead)
    head.entry = live_entry_time(pieces, reasons, lead, end) if title is not None else None
    for index in range(lead):
        if index != title:
            head.judge(index, before_title=index < start)
    body = trim_body(pieces[lead:end], reasons[lead:end], (pieces, reasons), lead)
    after = [
        Dropped(piece.number, piece.text, reasons[end + offset] or "after the article")
        for offset, piece in enumerate(pieces[end:])
    ]
    # A live report's first entry's time, kept as its heading, is its latest time all the same.
    entry = () if head.entry is None else (_as_date(pieces[head.entry]),)
    # The note closing a republished story names the outlet that published it first; it
    # stays, as the licence it was republished under asks.
    noted = tuple(_as_note(piece) for piece in body.body[-1:] if republished_by(piece.text))
    told = told_of(pieces, (*head.dropped, *entry, *body.dropped), lead, title, (*after, *noted))
    kept, notes = writers_notes(tuple(head.kept) + body.body, told.authors)
    trimmed = Trimmed(
        pieces[title] if title is not None else None,
        credits_beside(pieces, (*head.captions, *body.captions)),
        kept,
        told,
        tuple(head.dropped) + _in_order(body.dropped + notes) + tuple(after),
    )
    return restore_kept(trimmed, pieces, shapes)


def starts_with_story(
    pieces: Sequence[Piece], shapes: Shapes, repeated: frozenset[str] = frozenset()
) -> bool | None:
    """Tell whether a dump's first part starts with its story (a headline near the lead);
    a page copied whole starts with menus, far from any story text. None when the part
    has no story text at all (a headline with no body, a page's menu, or only lines the
    dump repeats)."""
    reasons = [_reason(piece.text, shapes, repeated) for piece in pieces]
    lead = first_sentence(pieces, reasons, 0)
    if lead is None:
        return None
    titled = reasons[0] is None and title_like(pieces[0].text)
    kicker = len(pieces[0].text.split()) <= _KICKER_WORDS or reasons[0] == "breadcrumb"
    if not titled and len(pieces) > 1 and kicker:
        # A section's name over the headline ("Politics", "World news"), or the page's
        # breadcrumb ("Home \u00bb Local"), as pages print them.
        titled = reasons[1] is None and title_like(pieces[1].text)
    return (titled or lead == 0) and _near(pieces, reasons, lead)


def trim_story_body(pieces: Sequence[Piece], shapes: Shapes, repeated: frozenset[str]) -> Trimmed:
    """Trim the body of a story whose header block was found (title and captions known)."""
    reasons = credited(pieces, boxed(pieces, [_reason(p.text, shapes, repeated) for p in pieces]))
    body = trim_body(pieces, reasons, (pieces, reasons), 0)
    lead = next((at for at, piece in enumerate(pieces) if body.body[:1] == (piece,)), None)
    told = told_of(pieces, body.dropped, lead, None)
    captions = credits_beside(pieces, body.captions)
    kept, notes = writers_notes(body.body, told.authors)
    dropped = _in_order(body.dropped + notes)
    return restore_kept(Trimmed(None, captions, kept, told, dropped), pieces, shapes)


def restore_kept(trimmed: Trimmed, pieces: Sequence[Piece], shapes: Shapes) -> Trimmed:
    """Bring back into the body every dropped line after the title that an `ingest.keep`
    pattern of digest.yaml names: the user's word beats the judgement."""
    if not shapes.keep:
        return trimmed
    start = trimmed.title.number if trimmed.title is not None else 0
    back = {
        drop.line
        for drop in trimmed.dropped
        if drop.line > start and any(p.search(drop.text) for p in shapes.keep)
    }
    if not back:
        return trimmed
    body = sorted((*trimmed.body, *(p for p in pieces if p.number in back)), key=lambda p: p.number)
    dropped = tuple(drop for drop in trimmed.dropped if drop.line not in back)
    return Trimmed(trimmed.title, trimmed.captions, tuple(body), trimmed.told, dropped)


def _as_date(piece: Piece) -> Dropped:
    """A kept line read as a dropped date line is: what it tells, not what is dropped."""
    return Dropped(piece.number, piece.text, "date")


def _as_note(piece: Piece) -> Dropped:
    """A kept line read as a republication note under the story is: what it tells."""
    return Dropped(piece.number, piece.text, REPUBLISHED)


def _in_order(dropped: tuple[Dropped, ...]) -> tuple[Dropped, ...]:
    """Return dropped lines in the order of the dump (a writer's note above the chrome under
    it is found last)."""
    return tuple(sorted(dropped, key=lambda drop: drop.line))


def _reason(text: str, shapes: Shapes, repeated: frozenset[str]) -> str | None:
    found = shape(text, shapes)
    if (found is None or rights_line(text)) and _repeated_chrome(text, repeated):
        return DUMP_REPEAT
    return found


def _repeated_chrome(text: str, repeated: frozenset[str]) -> bool:
    """A line the dump prints in several of its parts (repeats.repeated_lines): the site's."""
    return line_key(text) in repeated


def _starts_with_title(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> bool:
    """A copy that starts with a short paragraph headed by a line that is no full sentence
    starts with its headline; a page copied whole starts with a menu, lines on lines."""
    first = pieces[0].text
    paragraph = sum(piece.paragraph == pieces[0].paragraph for piece in pieces)
    return (
        paragraph <= _FIRST_PARAGRAPH
        and reasons[0] is None
        and len(first.split()) <= _TITLE_MAX_WORDS
        and not first.rstrip().endswith(".")
        and not describes_photo(first)  # a photo's caption, with its credit
    )


def _near(pieces: Sequence[Piece], reasons: Sequence[str | None], lead: int) -> bool:
    """Tell whether few lines other than chrome and lists of links stand before the lead."""
    runs = link_runs(pieces[:lead], reasons[:lead], LINK_RUN_IN_BODY)
    between = sum(reasons[i] is None and i not in runs for i in range(1, lead))
    return between <= _HEAD_LINES


def _substantial(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> bool:
    return sum(reason is None for reason in reasons[1:]) >= _TABLE_LINES
