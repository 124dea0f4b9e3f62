"""Headers: where one article ends and the next begins inside a run of text with no
blank-line run between them (pages copied one after another, with their own spacing).

An article opens with a header as every news site prints it: a headline (a section's name
may stand over it), perhaps a standfirst, then its byline or date, then story text. A part of
a dump that already holds story text is split where such a header begins a paragraph.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from digest.ingest.blocks import Paragraph
from digest.ingest.bylines import signature
from digest.ingest.chrome import Shapes, abbreviation_end, is_sentence, shape
from digest.ingest.date_lines import signed_publication
from digest.ingest.leads import dateline_lead
from digest.ingest.photo_lines import describes_photo
from digest.ingest.rule_lines import is_rule

_SIGNATURE = ("byline", "date")
# A section's name over a headline has this many words at most.
_KICKER_WORDS = 3
# A headline has this many words; its byline or date stands this many lines under it (a
# standfirst, a caption, share buttons between), and story text this many lines under that.
_HEADLINE_WORDS = (3, 30)
_SIGNATURE_WITHIN = 6
# A page's section name may be printed over this many lines of words ("News", "|",
# "Politics"); more short lines over a headline are the site's menu.
_KICKER_LINES = 2
_TEXT_WITHIN = 8
# ... counting chrome lines under the byline or date up to this many (share rows).
_CHROME_WITHIN = 20
_OTHERS_WITHIN = _TEXT_WITHIN - 1
# A standfirst under a headline has this many times its words at least.
_STANDFIRST_RATIO = 1.5


def split_at_headers(paragraphs: list[Paragraph], shapes: Shapes) -> Iterator[list[Paragraph]]:
    """Yield the parts of *paragraphs*, split before each paragraph that opens an article's
    header once story text has come before it, or a headline standing alone under a rule
    or over a lead that opens with its dateline (stories pasted one under the other, one
    blank line or a rule between)."""
    lines = [line.text for paragraph in paragraphs for line in paragraph.lines]
    numbers = [line.number for paragraph in paragraphs for line in paragraph.lines]
    start = 0
    seen_text = False
    position = 0
    for index, paragraph in enumerate(paragraphs):
        if (
            index > start
            and seen_text
            and (
                _opens_article(lines, shapes, position)
                or (len(paragraph) == 1 and _dated_headline(lines, shapes, position))
                or _ruled_headline(lines, shapes, position)
            )
            and not (
                # A list of other headlines over the article's: the last one is its own
                # (unless the line under this one is its standfirst: longer by half again).
                index + 1 < len(paragraphs)
                and len(paragraph) == 1
                and _opens_article(lines, shapes, position + 1)
                and not _standfirst_under(lines, numbers, position, shapes)
            )
        ):
            yield paragraphs[start:index]
            start = index
            seen_text = False
        seen_text = seen_text or any(
            is_sentence(line.text) and shape(line.text, shapes) is None for line in paragraph.lines
        )
        position += len(paragraph)
    yield paragraphs[start:]


def _dated_headline(lines: Sequence[str], shapes: Shapes, at: int) -> bool:
    """Tell whether the line at *at* is a headline under a sentence (the story above ends
    there) and over a lead that opens with a dateline: a new story's first paragraph; a
    sub-heading is followed by the story's next paragraph, no dateline."""
    return (
        0 < at < len(lines) - 1
        and is_sentence(lines[at - 1])
        and _headline(lines[at])
        and shape(lines[at], shapes) is None
        and dateline_lead(lines[at + 1])
        and shape(lines[at + 1], shapes) is None
    )


def _ruled_headline(lines: Sequence[str], shapes: Shapes, at: int) -> bool:
    """Tell whether the line at *at* is a headline under a rule drawn across ("---", "* * *")
    over a story's head (a lead opening with its dateline, a byline or a date), or a
    headline as a story's is written, not shouted in capitals nor asked, over a sentence
    (no link's words over the page's tags): a report's sections
    may stand under rules too, each under its heading ("HOW WILL OBAMA PLAY?")."""
    return (
        0 < at < len(lines) - 1
        and is_rule(lines[at - 1])
        and _headline(lines[at])
        and shape(lines[at], shapes) is None
        and (
            dateline_lead(lines[at + 1])
            or shape(lines[at + 1], shapes) in _SIGNATURE
            or (
                not lines[at].isupper()
                and not lines[at].rstrip().endswith("?")
                and is_sentence(lines[at + 1])
            )
        )
    )


def opens_with_article(paragraphs: Sequence[Paragraph], shapes: Shapes) -> bool:
    """Tell whether *paragraphs* start with an article's header (a headline, perhaps under
    its section's name, with its byline or date and story text under it): articles copied
    one after another, not a page copied whole, which starts with the site's menus."""
    lines = [line.text for paragraph in paragraphs for line in paragraph.lines]
    named = 0  # lines of words above: _opens_article passes over one more itself
    for at, text in enumerate(lines):
        if _opens_article(lines, shapes, at):
            return True
        named += any(char.isalpha() for char in text)
        if len(text.split()) > _KICKER_WORDS or named >= _KICKER_LINES:
            return False  # a section's name, or its parts ("News", "|", "Politics"), are short
    return False


def _opens_article(lines: Sequence[str], shapes: Shapes, at: int) -> bool:
    """Tell whether the line at *at* (or the one under a section's name there) is a
    headline with its byline or date under it and story text under those."""
    head = at
    if _kicker(lines[at]) and at + 1 < len(lines) and shape(lines[at], shapes) is None:
        head = at + 1
    if not _headline(lines[head]) or shape(lines[head], shapes) is not None:
        return False
    end = min(len(lines), head + 1 + _SIGNATURE_WITHIN)
    for index in range(head + 1, end):
        reason = shape(lines[index], shapes)
        if reason in _SIGNATURE:
            return _text_under(lines[index + 1 : index + 1 + _CHROME_WITHIN], shapes)
        if reason is None and is_sentence(lines[index]) and index > head + 1:
            return False  # story text under a link, not an article's header (a standfirst
            # stands right under its headline)
    return False


def _text_under(lines: Sequence[str], shapes: Shapes) -> bool:
    """Tell whether story text follows a header's byline or date: after its chrome (a row
    of share buttons can be long) and a few other lines (captions, a link's words)."""
    others = 0
    for text in lines:
        if shape(text, shapes) is not None:
            continue
        if is_sentence(text):
            return True
        others += 1
        if others > _OTHERS_WITHIN:
            return False
    return False


def _standfirst_under(
    lines: Sequence[str], numbers: Sequence[int], at: int, shapes: Shapes
) -> bool:
    """Tell whether the line under the headline at *at* is its standfirst: a longer line, by
    half again at least, as near to it as it is to the line above it (a wider gap stands
    between pages), with no other headline under it (a list's next item; a photo's caption
    may stand there)."""
    if not 0 < at < len(lines) - 1 or numbers[at + 1] - numbers[at] > numbers[at] - numbers[at - 1]:
        return False
    if len(lines[at + 1].split()) < _STANDFIRST_RATIO * len(lines[at].split()):
        return False
    after = at + 2
    return (
        after >= len(lines)
        or describes_photo(lines[after])
        or not _opens_article(lines, shapes, after)
    )


def _kicker(text: str) -> bool:
    return 0 < len(text.split()) <= _KICKER_WORDS


def _headline(text: str) -> bool:
    low, high = _HEADLINE_WORDS
    stripped = text.strip()
    if abbreviation_end(stripped):
        stripped = stripped[:-1]  # "... talks with U.S.": the full stop is the abbreviation's
    return (
        low <= len(stripped.split()) <= high
        and stripped[:1].isupper()
        and not stripped.endswith((".", ":"))
        and not is_sentence(stripped)
        and not describes_photo(stripped)  # a caption over the byline, with its credit
        and not signature(stripped)  # "Ann Lee and Bo Ng": its writers, not its headline
        and signed_publication(stripped) is None  # "Posted on March 2, 2025 by Ann Lee"
    )


def headlines_to_next(chunks: list[list[Paragraph]], shapes: Shapes) -> list[list[Paragraph]]:
    """Return *chunks* with a headline that ends one, under its story text, moved to the
    next when that opens with a byline or a date: an article copied with two blank lines
    between its lines stands apart from its headline, which sits under the story before."""
    moved = [list(chunk) for chunk in chunks]
    for chunk, following in itertools.pairwise(moved):
        if len(chunk) < 2 or len(chunk[-1]) != 1 or not following:
            continue
        headline, above = chunk[-1].lines[0].text, chunk[-2].lines[-1].text
        count = len(headline.split())
        if (
            _HEADLINE_WORDS[0] <= count <= _HEADLINE_WORDS[1]
            and shape(headline, shapes) is None
            and not headline.rstrip().endswith(".")
            and is_sentence(above)
            and shape(following[0].lines[0].text, shapes) in _SIGNATURE
        ):
            following.insert(0, chunk.pop())
    return moved
