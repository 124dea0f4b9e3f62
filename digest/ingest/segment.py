"""Segment stage: one decoded dump -> the stories in it (title, captions, body blocks).

A story in a dump, as the news sites print it::

    Title
    (blank)
    caption
    caption again            (the same text, sometimes with other inner spacing)
    TT                       (a marker line ending the site's header block)
    20                       (a counter line, in some dumps)
    (blank)
    Title again
    (blank)
    caption
    caption again
    (blank)
    paragraph ... sub-heading ... paragraph

Stories are separated by two or more blank lines, or, in dumps without that, found by
their repeated title. Marker and counter lines are settings (IngestConfig).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from digest.config import IngestConfig
from digest.ingest.assemble import carried_on, paragraphs_of, pieces_of, trimmed_story, versioned
from digest.ingest.blocks import (
    MAX_LINE_CHARS,
    Line,
    Paragraph,
    blocks_of,
    chunks_of,
    collapse_spaces,
    first_long_line,
    is_heading,
    line_key,
)
from digest.ingest.chrome import Shapes, is_sentence, shapes_for
from digest.ingest.header_blocks import (
    has_header,
    header_end,
    join_split_headers,
    split_on_repeated_titles,
)
from digest.ingest.header_lines import header_repeats, marker_lines
from digest.ingest.headers import headlines_to_next, opens_with_article, split_at_headers
from digest.ingest.headlines import headline_alone, headline_over_text
from digest.ingest.newsletters import newsletter_dated, newsletter_items
from digest.ingest.page_story import page_story, pages_of
from digest.ingest.repeats import recurring_titles, repeated_lines, repeated_notices
from digest.ingest.teasers import Fronts, without_fronts
from digest.ingest.trim import (
    Dropped,
    Piece,
    Trimmed,
    starts_with_story,
    trim_chunk,
    trim_story_body,
)
from digest.ingest.unread_bylines import unread_bylines
from digest.ingest.wire_marks import without_wire_marks
from digest.ingest.wrapped import unwrapped_chunks
from digest.models import Dump, RawStory, Source, Told

__all__ = ["Line", "Paragraph", "Segmentation", "collapse_spaces", "is_heading", "segment_dump"]

# How much of a title a warning quotes.
_SHOWN_CHARS = 80
# A sub-heading parted from its story by a blank-line run has this many paragraphs under it
# at most before the next run.
_SUB_HEADING_PARAGRAPHS = 2


@dataclass(frozen=True, slots=True)
class Segmentation:
    """The stories of one dump and the warnings met while segmenting it."""

    stories: tuple[RawStory, ...]
    warnings: tuple[str, ...]
    dropped: tuple[Dropped, ...] = ()


def segment_dump(
    dump: Dump, config: IngestConfig, shared: frozenset[str] = frozenset()
) -> Segmentation:
    """Split *dump* into stories, collapsing header blocks and dropping marker lines and the
    sites' chrome (each dropped line recorded with why); *shared* are the keys of lines other
    dumps print at their stories' edges too (shared_lines): the outlets' chrome."""
    warnings: list[str] = []
    parts: list[tuple[list[Paragraph], Source]] = []
    position = 0
    shapes = shapes_for(config.chrome, config.keep)
    # (a PDF's or an e-mail's lines wrapped at a width joined first: each judged whole)
    chunks = unwrapped_chunks(list(chunks_of(dump.text, config)))
    fronts = without_fronts(chunks, shapes, dump.name)
    items, mailed, mail_dates = newsletter_items(fronts.chunks, shapes)  # each item a story
    fronts = dataclasses.replace(fronts, dropped=(*fronts.dropped, *mailed))
    chunks = headlines_to_next(list(join_split_headers(items)), shapes)
    titles = recurring_titles(chunks)
    if _is_page(chunks, shapes, titles):
        page = _page_segmentation(dump, chunks, shapes, config, (shared, fronts))
        return dataclasses.replace(page, stories=tuple(newsletter_dated(page.stories, mail_dates)))
    repeated = repeated_lines(chunks, shapes) | shared
    pieces = [
        part
        for chunk in _join_textless(chunks, shapes, repeated)
        for titled in split_on_repeated_titles(chunk)
        for part in ([titled] if has_header(titled) else split_at_headers(titled, shapes))
    ]
    for paragraphs in pieces:
        position += 1
        too_long = first_long_line(paragraphs)
        if too_long is not None:
            warnings.append(
                f"{dump.name}:{too_long.number}: line of {len(too_long.text):,} characters "
                f"(at most {MAX_LINE_CHARS:,} make sense in a story); the story starting "
                f"at line {paragraphs[0].lines[0].number} is skipped, the dump is unchanged"
            )
            continue
        parts.append((paragraphs, Source(dump.name, position)))
    stories, dropped = _stories(parts, shapes, (repeated, titles), config)
    stories = newsletter_dated(stories, mail_dates)  # (its date line over its items)
    warnings[:0], dropped[:0] = fronts.warnings, fronts.dropped  # (a section front's)
    dropped.extend(marker_lines(dump.text, config))
    for story in stories:
        if not story.blocks:
            warnings.append(
                f"{dump.name}:{story.line}: story {shown(story.title)} has no body: "
                "written as a draft, not published"
            )
    if not stories and not warnings:
        warnings.append(f"{dump.name}: no story found")
    warnings.extend(unread_bylines(dump.name, stories, dropped))
    return Segmentation(tuple(stories), tuple(warnings), tuple(dropped))


def _is_page(chunks: Sequence[list[Paragraph]], shapes: Shapes, titles: frozenset[str]) -> bool:
    """Tell whether a dump holds whole pages copied (select-all): its first part is no
    header block and does not start with its story (nor with a headline its stories share,
    *titles*), and has story text far down or is followed by parts with story text (a menu,
    then a blank-line run)."""
    if not chunks or has_header(chunks[0]) or headline_alone(pieces_of(chunks[0]), shapes):
        return False  # (a headline set apart from its text, with its chrome: no page's menu)
    if titles and line_key(chunks[0][0].lines[0].text) in titles:
        return False
    if len(chunks) > 1 and headline_over_text(pieces_of(chunks[0]), pieces_of(chunks[1]), shapes):
        return False
    starts = starts_with_story(pieces_of(chunks[0]), shapes)
    if starts is None:  # a menu, or a headline with no body: a page when text follows
        return any(starts_with_story(pieces_of(chunk), shapes) is not None for chunk in chunks)
    return not starts


def _page_segmentation(
    dump: Dump,
    chunks: Sequence[list[Paragraph]],
    shapes: Shapes,
    config: IngestConfig,
    edges: tuple[frozenset[str], Fronts],
) -> Segmentation:
    """Find one story in each whole page copied into *dump* (select-all)."""
    shared, fronts = edges
    warnings: list[str] = list(fronts.warnings)
    stories: list[RawStory] = []
    dropped: list[Dropped] = list(fronts.dropped)
    pages = pages_of(chunks)
    if opens_with_article(pages[0], shapes):
        # Articles copied one after another (each from its headline, with the site's spacing
        # of two blank lines): each header starts a page of its own.
        pages = [part for whole in pages for part in split_at_headers(whole, shapes)]
    notices = repeated_notices([line.text for page in pages for p in page for line in p.lines])
    notices |= shared
    if len(pages) > 1:
        # Several pages in one dump: a line printed in two of them or more is their site's.
        notices |= repeated_lines(pages, shapes)
    for page in pages:
        too_long = first_long_line(page)
        if too_long is not None:
            warnings.append(
                f"{dump.name}:{too_long.number}: line of {len(too_long.text):,} characters "
                f"(at most {MAX_LINE_CHARS:,} make sense in a story); the page starting "
                f"at line {page[0].lines[0].number} is skipped, the dump is unchanged"
            )
            continue
        source = Source(dump.name, len(stories) + 1)
        story, lost = page_story(page, source, shapes, config, frozenset(notices))
        dropped.extend(lost)
        if story is not None:
            stories.append(story)
    if not stories and not warnings:
        warnings.append(f"{dump.name}: no story found")
    warnings.extend(unread_bylines(dump.name, stories, dropped))
    return Segmentation(tuple(stories), tuple(warnings), tuple(dropped))


def _join_textless(
    chunks: Sequence[list[Paragraph]], shapes: Shapes, repeated: frozenset[str]
) -> list[list[Paragraph]]:
    """Join each part with no story text (a headline with its date and byline, a footer's
    links) to the part after it: in a page copied with two blank lines between its lines,
    a headline stands apart from its text, and only what follows it tells whose it is."""
    texts = [
        has_header(chunk) or starts_with_story(pieces_of(chunk), shapes, repeated) is not None
        for chunk in chunks
    ]
    if not any(texts):
        return list(chunks)  # titles with no body: each stays a story of its own
    joined: list[list[Paragraph]] = []
    waiting: list[Paragraph] = []
    for chunk, text in zip(chunks, texts, strict=True):
        if text:
            joined.append(waiting + chunk)
            waiting = []
        else:
            waiting = waiting + chunk
    if waiting:
        joined.append(waiting)
    return joined


def _stories(
    parts: Sequence[tuple[list[Paragraph], Source]],
    shapes: Shapes,
    lines: tuple[frozenset[str], frozenset[str]],
    config: IngestConfig,
) -> tuple[list[RawStory], list[Dropped]]:
    """Make the stories of a dump's parts; a part with no headline before its text carries
    on the story before it, a part with no story text at all is chrome (menus, footers).
    *lines*: the keys of the dump's repeated chrome and of the headlines its stories share."""
    repeated, titles = lines
    trims: list[Trimmed | None] = []
    for paragraphs, _ in parts:
        pieces = pieces_of(paragraphs)
        trimmed = None if has_header(paragraphs) else trim_chunk(pieces, shapes, repeated)
        if trimmed is not None and line_key(pieces[0].text) in titles:
            trimmed = _titled(pieces[0], trimmed)
        trims.append(trimmed)
    trims = _lone_sentences(parts, trims)
    any_text = any(t is None or t.body for t in trims)
    stories: list[RawStory] = []
    dropped: list[Dropped] = []
    spaced = False  # the last story's own parts stand apart (blank-line runs inside it)
    for (paragraphs, source), trimmed in zip(parts, trims, strict=True):
        if trimmed is None:
            story, lost = _headed_story(paragraphs, source, shapes, repeated, config)
            stories.append(story)
            dropped.extend(lost)
            spaced = False
            continue
        if not trimmed.body and not any_text:
            # No line of the dump reads as story text: nothing to tell chrome from.
            stories.append(_story(paragraphs, source, config, header_end(paragraphs)))
            continue
        dropped.extend(trimmed.dropped)
        heading = trimmed.title
        if spaced and stories and heading is not None and _sub_heading(trimmed, config):
            trimmed = Trimmed(None, trimmed.captions, (heading, *trimmed.body), Told(), ())
        if trimmed.title is None and stories and (trimmed.body or trimmed.captions):
            stories[-1] = carried_on(stories[-1], trimmed, config)  # a gallery's captions too
            spaced = True
            continue
        spaced = False
        if not trimmed.body:
            pieces = pieces_of(paragraphs)
            dropped.extend(
                Dropped(p.number, p.text, "no story text")
                for p in pieces
                if p.text in trimmed.captions
            )
            continue
        stories.append(trimmed_story(paragraphs, trimmed, source, config))
    return stories, dropped


def _titled(first: Piece, trimmed: Trimmed) -> Trimmed:
    """Return *trimmed* with its part's *first* line as its title: a headline the dump's
    stories share (repeats.recurring_titles), though its words are a box's label ("What we
    know so far"); a line trimming took for the title goes back into the text."""
    if trimmed.title is not None and trimmed.title.number == first.number:
        return trimmed
    body = [piece for piece in trimmed.body if piece.number != first.number]
    if trimmed.title is not None and trimmed.title not in body:
        body = sorted([trimmed.title, *body], key=lambda piece: piece.number)
    dropped = tuple(drop for drop in trimmed.dropped if drop.line != first.number)
    return Trimmed(first, trimmed.captions, tuple(body), trimmed.told, dropped)


def _sub_heading(trimmed: Trimmed, config: IngestConfig) -> bool:
    """Tell whether a part is a sub-heading and its paragraph or two, not a story: its title
    is heading-shaped and nothing of a story's head stands with it (no byline, date, dateline,
    outlet, standfirst). Asked only after a story whose own parts stand apart too: a copy with
    blank-line runs between all its blocks puts one over a sub-heading as well."""
    return (
        trimmed.title is not None
        and is_heading(trimmed.title.text, config)
        and 0 < len({piece.paragraph for piece in trimmed.body}) <= _SUB_HEADING_PARAGRAPHS
        and trimmed.told == Told()
        and not trimmed.dropped
    )


def _lone_sentences(
    parts: Sequence[tuple[list[Paragraph], Source]], trims: list[Trimmed | None]
) -> list[Trimmed | None]:
    """Return *trims* with each part of one line that reads as a sentence (an interview's
    question, printed apart in a copy with two blank lines between its lines) kept as
    text when the part after it carries on the story too: no headline has its own text
    under it with no byline, date or headline of its own."""
    kept = list(trims)
    for index, (trimmed, following) in enumerate(itertools.pairwise(trims)):
        lines = [line for paragraph in parts[index][0] for line in paragraph.lines]
        if (
            trimmed is not None
            and not trimmed.body
            and len(lines) == 1
            and [drop.reason for drop in trimmed.dropped] == ["no story text"]
            and is_sentence(lines[0].text)
            and following is not None
            and following.title is None
            and following.body
        ):
            kept[index] = Trimmed(None, (), tuple(pieces_of(parts[index][0])), Told(), ())
    return kept


def _headed_story(
    paragraphs: list[Paragraph],
    source: Source,
    shapes: Shapes,
    repeated: frozenset[str],
    config: IngestConfig,
) -> tuple[RawStory, tuple[Dropped, ...]]:
    """Make a story with a header block; its body is trimmed of chrome."""
    end = header_end(paragraphs)
    trimmed = trim_story_body(pieces_of(paragraphs[end:]), shapes, repeated)
    story = _story(paragraphs[:end] + paragraphs_of(trimmed.body), source, config, end)
    captions = tuple(dict.fromkeys(story.captions + tuple(map(collapse_spaces, trimmed.captions))))
    told = dataclasses.replace(trimmed.told, version=story.told.version)
    headed = RawStory(story.source, story.line, story.title, captions, story.blocks, told)
    return headed, (*header_repeats(paragraphs[:end]), *trimmed.dropped)


def shown(title: str) -> str:
    """Return *title* quoted for a message, shortened when it is long."""
    if len(title) <= _SHOWN_CHARS:
        return repr(title)
    return repr(title[: _SHOWN_CHARS - 1] + "\u2026")


def _story(paragraphs: list[Paragraph], source: Source, config: IngestConfig, end: int) -> RawStory:
    title_line = paragraphs[0].lines[0]
    title = collapse_spaces(title_line.text)
    captions: dict[str, str] = {}
    title_key = line_key(title)
    header_lines = [line for paragraph in paragraphs[:end] for line in paragraph.lines]
    for line in header_lines[1:]:
        key = line_key(line.text)
        if key != title_key:
            captions.setdefault(key, collapse_spaces(line.text))
    blocks = tuple(blocks_of(paragraphs[end:], config))
    told = versioned(Told(), title)
    title = without_wire_marks(title)  # (after its repeats are told by it)
    return RawStory(source, title_line.number, title, tuple(captions.values()), blocks, told)
