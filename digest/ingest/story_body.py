"""Story body: a story's text from its lead to its end, the chrome in and under it dropped.

The story ends at its last sentence (a short one under a list of links is the list's note),
above the readers' comments, or at a rights notice just under its last paragraph; the page's
bottom starts at the first chrome line after it. Between the lead and that end, chrome-shaped
lines, lines the part repeats, pull quotes and runs of short link-like lines are dropped, each
with why; lines that describe a photo become captions. `trim` finds the lead and the head.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from digest.ingest.chrome import comments_heading, is_sentence, rights_line
from digest.ingest.chrome_words import comment_notice
from digest.ingest.leads import credits_over_captions, is_caption
from digest.ingest.lists import (
    FIGURES,
    REPEATED,
    headed_lists,
    inner_lists,
    labelled_lists,
    link_runs,
    recurring_lines,
)
from digest.ingest.pieces import Dropped, Piece
from digest.ingest.pull_quotes import PULL_QUOTE, pull_quotes
from digest.ingest.repeats import DUMP_REPEAT
from digest.ingest.sentence_ends import signed_off

# This many short link-like lines in a row are a list of links (`trim` asks above the lead).
LINK_RUN_IN_BODY = 3
# Lines that are the story's own inside it: a rule, a number, and a time of day alone (the
# sub-headings of a live report, "4:14 p.m.").
_INNER = ("symbols", "count", "date")
# The buttons a counter stands under.
_BUTTONS = ("share", "label")
_CLOCK = re.compile(r"^\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*$", re.IGNORECASE)
# A sentence under a list of links shorter than this is the list's note (jusText's "short").
_LINKS_NOTE_CHARS = 70
_NOTICE_UNDER = 2
# A writer's box under the story says this many sentences at most of them.
_BOX_SENTENCES = 2
_BOX_CHARS = 160
# A label over the chrome under the story ("Share this:") has this many words at most.
_LABEL_WORDS = 4


@dataclass(frozen=True, slots=True)
class Body:
    """The story text kept of a body, the lines made captions, and what was dropped."""

    body: tuple[Piece, ...]
    captions: tuple[str, ...]
    dropped: tuple[Dropped, ...]


def trim_body(
    pieces: Sequence[Piece],
    reasons: Sequence[str | None],
    whole: tuple[Sequence[Piece], Sequence[str | None]],
    offset: int,
) -> Body:
    """Keep the story text of a body: drop chrome, link runs and what follows the last
    sentence; lines describing a photo become captions."""
    recurring = recurring_lines(pieces)
    quoted = pull_quotes(pieces)
    reasons = [
        reason or (REPEATED if index in recurring else PULL_QUOTE if index in quoted else None)
        for index, reason in enumerate(reasons)
    ]
    sentences = [
        i for i, piece in enumerate(pieces) if reasons[i] is None and is_sentence(piece.text)
    ]
    if not sentences:
        # No line reads as story text: nothing here to tell chrome from.
        return Body(tuple(pieces), (), ())
    runs = link_runs(pieces, reasons, LINK_RUN_IN_BODY)
    runs -= inner_lists(pieces, reasons, runs)
    headed, summed = headed_lists(pieces, reasons)
    runs |= labelled_lists(pieces, reasons) | headed
    # A box under its label ("Read also", "Key points") stands inside the story: the
    # sentence under it is no list's note.
    last = _story_last(pieces, reasons, sentences, runs - headed)
    closed = _rights_notice(pieces, reasons)
    if closed is not None:
        last = closed
        reasons[closed] = None
    bottom = _bottom(pieces, reasons, last, runs)
    credits = credits_over_captions(pieces, reasons)
    kept: list[Piece] = []
    captions: list[str] = []
    dropped: list[Dropped] = []
    for index, piece in enumerate(pieces):
        reason = "credit" if index in credits else reasons[index]
        if reason in _INNER and index < last and (reason != "date" or _CLOCK.match(piece.text)):
            # A section break ("***"), a number, a live report's "4:14 p.m."; a number
            # under a button is its counter ("Share full article" over "214").
            reason = "count" if _counter(reasons, index) else None
        if reason is None and index > bottom:
            reason = "after the story"
        elif reason is None and last < index == bottom - 1 and _opens(piece.text, reasons, bottom):
            reason = "label"  # "Teilen mit:", "Share this:" over the share buttons
        elif reason is None and index in runs:
            reason = "box" if index in summed else "list of links"
        if reason is not None:
            dropped.append(Dropped(piece.number, piece.text, reason))
        elif index - 1 in credits or (
            index > 0 and is_caption(whole[0], whole[1], offset + index, doubled=False)
        ):
            captions.append(piece.text)
        else:
            kept.append(piece)
    return Body(tuple(kept), tuple(captions), tuple(dropped))


def _counter(reasons: Sequence[str | None], index: int) -> bool:
    """Tell whether a number alone stands under a button or a label: its counter (of
    shares, gifts, comments), not a figure of the story."""
    return reasons[index] == "count" and index > 0 and reasons[index - 1] in _BUTTONS


def kept_time(text: str, reason: str | None) -> bool:
    """Tell whether a line is a time of day alone that the story's text keeps (a live
    report's entry's "4:14 p.m.", "13:05"; one with its zone, "13.41 GMT", is dropped as
    the page's date line)."""
    return reason in _INNER[1:] and _CLOCK.match(text) is not None


def _bottom(
    pieces: Sequence[Piece], reasons: list[str | None], last: int, runs: frozenset[int]
) -> int:
    """Return where the page's bottom starts: at the first chrome line after the last
    sentence, or the heading of the readers' comments ("Start a Conversation", "Leave a
    Reply"), which is marked so; a last paragraph signed off ("... the decision. DM") ends
    the story there."""
    if last + 1 < len(pieces) and signed_off(pieces[last].text):
        reasons[last + 1] = reasons[last + 1] or "after the story"
        return last + 1
    bottom = next(
        (
            i
            for i in range(last + 1, len(pieces))
            if reasons[i] not in FIGURES[:2] or i in runs or comments_heading(pieces[i].text)
        ),
        len(pieces),
    )
    if bottom < len(pieces) and reasons[bottom] is None:
        reasons[bottom] = "comments"
    return bottom


def _opens(text: str, reasons: Sequence[str | None], bottom: int) -> bool:
    """Tell whether a short line after the story's last sentence opens the chrome under it
    (a label ending with a colon over share buttons: "Teilen mit:", "Compartir en:")."""
    return (
        bottom < len(reasons)
        and reasons[bottom] is not None
        and text.rstrip().endswith((":", "\uff1a"))
        and len(text.split()) <= _LABEL_WORDS
    )


def _before_comments(
    pieces: Sequence[Piece], reasons: list[str | None], sentences: Sequence[int], last: int
) -> int:
    """Return the story's last sentence above the readers' comments ("42 Comments", "2
    Responses": no other rule drops it), their heading dropped: their long comments read as
    sentences too, and were published as the story's last paragraphs."""
    for index in range(sentences[0] + 1, last + 1):
        text = pieces[index].text
        # (a notice on who may comment, "You must be a member to comment", under the text:
        # a sentence or two of the comments' own below it at most)
        notice = sum(at > index for at in sentences) <= _NOTICE_UNDER and comment_notice(text)
        if notice or comments_heading(text):
            earlier = [at for at in sentences if at < index]
            if len(earlier) < 2:
                break
            reasons[index] = reasons[index] or "label"  # the page's bottom starts there
            return earlier[-1]
    return last


def _story_last(
    pieces: Sequence[Piece],
    reasons: list[str | None],
    sentences: Sequence[int],
    runs: frozenset[int],
) -> int:
    """Return the story's last sentence above the readers' comments (`_before_comments`): a
    short one just under a list of links is the list's note ("The site is not responsible
    for the content of external sites.")."""
    count = len(sentences)
    while (
        count > 1
        and sentences[count - 1] - 1 in runs
        and len(pieces[sentences[count - 1]].text.strip()) < _LINKS_NOTE_CHARS
    ):
        count -= 1
    last = _before_comments(pieces, reasons, sentences, sentences[count - 1])
    return _above_author_box(pieces, reasons, sentences, last)


def _above_author_box(
    pieces: Sequence[Piece], reasons: Sequence[str | None], sentences: Sequence[int], last: int
) -> int:
    """Return the story's last sentence above the writer's box under it: a byline after the
    text ("Written by Sam Park") with a short line or two about the writer under it, the
    last sentences of the part ("Engineering lead at a startup. Writing about ..."). A live
    report's last entry under its byline is longer."""
    box = next((i for i in range(last - 1, sentences[0], -1) if reasons[i] == "byline"), None)
    if box is None:
        return last
    under = [at for at in sentences if at > box]
    earlier = [at for at in sentences if at < box]
    short = all(len(pieces[at].text) < _BOX_CHARS for at in under)
    return earlier[-1] if len(under) <= _BOX_SENTENCES and short and earlier else last


def _rights_notice(pieces: Sequence[Piece], reasons: Sequence[str | None]) -> int | None:
    """Return the index of the rights notice that closes the story (a copyright sentence just
    under its last paragraph: the article's own end, whatever the page prints after it)."""
    for index in range(1, len(pieces)):
        above = index - 1
        if (
            rights_line(pieces[index].text)
            and reasons[index] != DUMP_REPEAT  # the outlet's notice under every story
            and reasons[above] is None
            and is_sentence(pieces[above].text)
        ):
            return index
    return None
