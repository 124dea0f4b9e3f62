"""Newsletters: an e-mail newsletter pasted whole, its items parted into stories.

A news outlet's newsletter lists its stories, each an item of a headline, a paragraph or two
and a link to the whole story ("Read more"), between the e-mail's chrome ("View in browser"
over them, "Forward to a friend", "Update your preferences", "Unsubscribe" under them:
chrome.yaml's labels). Each item is a story of its own, about its own place and people, as
an editor pasting the newsletter wants them: a part of a dump holding two such items or more
is cut before each item's headline, as two blank lines there would cut it, and the lines
around the items are dropped: the newsletter's greeting above its first item, its farewell
under its last, with the e-mail's chrome. A newsletter of one writer's essay, its sections under
sub-headings with no link closing each, stays one story.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from digest.ingest.blocks import Paragraph
from digest.ingest.chrome import Shapes, is_sentence, shape
from digest.ingest.date_lines import dated
from digest.ingest.pieces import Dropped
from digest.ingest.printed_dates import read_printed
from digest.models import RawStory

NEWSLETTER = "newsletter"

# The link closing an item: its words, case-folded, with no others.
_CLOSERS = frozenset(
    (
        "read more",
        "continue reading",
        "read the full story",
        "read the full article",
        "read full article",
        "read full story",
        "full story",
        "read the story",
        "read on",
        "keep reading",
        "go deeper",
        "read it here",
        "more",
    )
)
_CLOSER_CHARS = 40
_LINK_MARKS = " .:>\u00bb\u203a\u2192\u2026|"  # "Read more \u00bb", "Continue reading\u2026"
# A newsletter lists this many items at least.
_ITEMS = 2
# The newsletter's own lines of text over or under its items: this many at most, shorter
# than a story's paragraphs together.
_AROUND_LINES = 2
_AROUND_CHARS = 200
# An item's headline has this many words.
_HEADLINE_WORDS = (3, 20)


def newsletter_items(
    chunks: list[list[Paragraph]], shapes: Shapes
) -> tuple[list[list[Paragraph]], list[Dropped], dict[int, str]]:
    """Return *chunks* with each newsletter's items parted into chunks of their own, the
    newsletter's own lines around them dropped, and the date line over its items ("Friday 5
    December 2026") by the line of each item's headline: an item prints no date of its own,
    and is the newsletter's news of that day (`newsletter_dated`)."""
    parted: list[list[Paragraph]] = []
    dropped: list[Dropped] = []
    dates: dict[int, str] = {}
    for chunk in chunks:
        items = _items(chunk, shapes)
        if len(items) < _ITEMS:
            parted.append(chunk)
            continue
        parted.extend(chunk[start:end] for start, end in items)
        around = (*chunk[: items[0][0]], *chunk[items[-1][1] :])
        dropped.extend(
            Dropped(line.number, line.text, NEWSLETTER) for p in around for line in p.lines
        )
        date = _date_line(chunk[: items[0][0]])
        if date is not None:
            dates.update((chunk[start].lines[0].number, date) for start, _ in items)
    return parted, dropped, dates


def newsletter_dated(stories: Iterable[RawStory], dates: Mapping[int, str]) -> list[RawStory]:
    """Return *stories* with each newsletter item that prints no date of its own dated by
    its newsletter's date line (*dates*: by the line of each item's headline)."""
    return [
        dataclasses.replace(
            story, told=dataclasses.replace(story.told, published=dates[story.line])
        )
        if story.line in dates and story.told.published is None
        else story
        for story in stories
    ]


def _date_line(above: Sequence[Paragraph]) -> str | None:
    """The newsletter's date line over its items, if it prints one: a line that is a day
    with a few words at most ("Friday 5 December 2026", "The Morning Brief | 5 Dec 2026")."""
    return next(
        (
            line.text.strip()
            for paragraph in above
            for line in paragraph.lines
            if dated(line.text) and read_printed(line.text) is not None
        ),
        None,
    )


def _items(chunk: Sequence[Paragraph], shapes: Shapes) -> list[tuple[int, int]]:
    """Return the paragraphs of each item of a newsletter, from its headline's to its link's,
    the last one's link closing its paragraph."""
    starts = _item_starts(chunk, shapes)
    if len(starts) < _ITEMS:
        return []
    end = starts[-1] + 1
    while end < len(chunk) and not _closer(chunk[end - 1].lines[-1].text):
        end += 1
    if not _closer(chunk[end - 1].lines[-1].text):
        return []  # the last item's link stands inside a paragraph: no newsletter's end
    spans = list(zip(starts, [*starts[1:], end], strict=True))
    if not all(_bare(chunk[span[0] : span[1]], shapes) for span in spans):
        return []  # text between an item's link and the next headline: a page's story
    if not (_brief(chunk[: starts[0]], shapes) and _brief(chunk[end:], shapes)):
        return []  # a story over or under the items: a page's, its teasers under it
    return spans


def _bare(item: Sequence[Paragraph], shapes: Shapes) -> bool:
    """Tell whether no text stands in an item under its last link ("Read more")."""
    lines = [line.text for paragraph in item for line in paragraph.lines]
    last = max(at for at, text in enumerate(lines) if _closer(text))
    return not any(_text(text, shapes) for text in lines[last + 1 :])


def _brief(around: Sequence[Paragraph], shapes: Shapes) -> bool:
    """Tell whether the lines around a newsletter's items are its own: a short greeting or
    farewell at most, no story's paragraphs."""
    texts = [line.text for p in around for line in p.lines if _text(line.text, shapes)]
    return len(texts) <= _AROUND_LINES and sum(map(len, texts)) < _AROUND_CHARS


def _item_starts(chunk: Sequence[Paragraph], shapes: Shapes) -> list[int]:
    """Return the paragraphs where each item of a newsletter starts: its headline's, over
    its text (a sentence or more), over the link closing it."""
    if sum(_closer(line.text) for paragraph in chunk for line in paragraph.lines) < _ITEMS:
        return []  # (most parts)
    lines = [
        (at, first == 0, line.text)
        for at, paragraph in enumerate(chunk)
        for first, line in enumerate(paragraph.lines)
    ]
    starts: list[int] = []
    for index, (_, _, text) in enumerate(lines):
        if not _closer(text):
            continue
        above = index - 1
        while above >= 0 and _text(lines[above][2], shapes):
            above -= 1
        if above == index - 1 or above < 0:
            continue  # no text over the link: a menu's "More"
        at, first, headline = lines[above]
        if first and _headline(headline, shapes) and (not starts or at > starts[-1]):
            starts.append(at)
    return starts


def _closer(text: str) -> bool:
    """Tell whether a line is an item's link to its story ("Read more", "READ MORE \u00bb")."""
    return len(text) < _CLOSER_CHARS and text.strip(_LINK_MARKS).casefold() in _CLOSERS


def _text(text: str, shapes: Shapes) -> bool:
    return is_sentence(text) and shape(text, shapes) is None


def _headline(text: str, shapes: Shapes) -> bool:
    low, high = _HEADLINE_WORDS
    return (
        low <= len(text.split()) <= high
        and not is_sentence(text)
        and shape(text, shapes) is None
        and text.strip()[:1].isupper()
    )
