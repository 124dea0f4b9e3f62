"""Assemble: what trimming kept of a part of a dump -> a story (or more text for the story
before it, when a page's blank-line run split it)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from digest.config import IngestConfig
from digest.ingest.blocks import Line, Paragraph, blocks_of, collapse_spaces
from digest.ingest.trim import Piece, Trimmed
from digest.ingest.wire_marks import wire_version, without_wire_marks
from digest.models import RawStory, Source, Told


def pieces_of(paragraphs: Sequence[Paragraph]) -> list[Piece]:
    return [
        Piece(line.number, line.text, index)
        for index, paragraph in enumerate(paragraphs)
        for line in paragraph.lines
    ]


def paragraphs_of(pieces: Sequence[Piece]) -> list[Paragraph]:
    """Group kept lines back into their paragraphs."""
    groups: list[list[Line]] = []
    last = None
    for piece in pieces:
        if piece.paragraph != last:
            groups.append([])
            last = piece.paragraph
        groups[-1].append(Line(piece.number, piece.text))
    return [Paragraph(tuple(group)) for group in groups]


def trimmed_story(
    paragraphs: list[Paragraph], trimmed: Trimmed, source: Source, config: IngestConfig
) -> RawStory:
    if trimmed.title is not None:
        title_line = Line(trimmed.title.number, trimmed.title.text)
        body = trimmed.body
    else:
        # No headline stands before the text: the first line is the title, as it always was.
        first = paragraphs[0].lines[0]
        title_line = first
        body = tuple(piece for piece in trimmed.body if piece.number != first.number)
    captions = tuple(dict.fromkeys(collapse_spaces(c) for c in trimmed.captions))
    blocks = tuple(blocks_of(paragraphs_of(body), config))
    marked = collapse_spaces(title_line.text)
    title = without_wire_marks(marked)  # "UPDATE 2-Wildfire ..."
    told = versioned(trimmed.told, marked)
    return RawStory(source, title_line.number, title, captions, blocks, told)


def versioned(told: Told, marked: str) -> Told:
    """Return *told* with the wire's version the headline's marks give (*marked*)."""
    version = wire_version(marked)
    return told if version == told.version else dataclasses.replace(told, version=version)


def carried_on(story: RawStory, trimmed: Trimmed, config: IngestConfig) -> RawStory:
    """Return *story* with the text of a following part (a page's blank-line run) added."""
    blocks = story.blocks + tuple(blocks_of(paragraphs_of(trimmed.body), config))
    captions = tuple(dict.fromkeys(story.captions + trimmed.captions))
    told = Told(
        story.told.authors + tuple(a for a in trimmed.told.authors if a not in story.told.authors),
        story.told.outlet or trimmed.told.outlet,
        story.told.dateline or trimmed.told.dateline,
        story.told.published or trimmed.told.published,
        story.told.summary or trimmed.told.summary,
        story.told.version,
        story.told.url or trimmed.told.url,
    )
    return RawStory(story.source, story.line, story.title, captions, blocks, told)
