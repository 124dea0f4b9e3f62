"""A segmented story and a classification as the ingest cache's JSON, read back strictly.

The cache is data, never instructions: a record that is not exactly what this module writes
(a field of another type, a list of another length, a photo suffix no picture has) raises
ValueError, and the caller takes the record as missing and reads the dump again. Nothing of
a crafted record reaches export as a value of the wrong type, where it would end in a
traceback, or as a file name.
"""

from __future__ import annotations

import datetime as dt
from itertools import repeat
from typing import Any, get_args

from digest.models import (
    PHOTO_SUFFIXES,
    REFUSED_KINDS,
    Block,
    BlockKind,
    Classification,
    PageFacts,
    Photo,
    RawStory,
    Source,
    Told,
)

_BLOCK_KINDS: frozenset[str] = frozenset(get_args(BlockKind))


class BadRecord(ValueError):
    """A cache record that does not read as what digest writes."""


def number(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadRecord(f"not a whole number: {value!r:.40}")
    return value


def flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise BadRecord(f"not true or false: {value!r:.40}")
    return value


def text(value: object) -> str:
    if not isinstance(value, str):
        raise BadRecord(f"not a string: {value!r:.40}")
    return value


def maybe_text(value: object) -> str | None:
    return None if value is None else text(value)


def texts(value: object) -> tuple[str, ...]:
    found = tuple(items(value))
    # One pass in C (every line of every story is read so): `text` an item only to say
    # which item is not a string.
    if not all(map(isinstance, found, repeat(str))):
        return tuple(map(text, found))
    return found


def items(value: object, length: int | None = None) -> list[Any]:
    """Return *value* when it is a list (of *length* items when given)."""
    if not isinstance(value, list) or (length is not None and len(value) != length):
        raise BadRecord(f"not a list of {length or 'any number of'} items: {value!r:.40}")
    return value


# --- a segmented story ----------------------------------------------------------------------


def story_json(story: RawStory) -> list[Any]:
    blocks = [[block.kind, list(block.lines)] for block in story.blocks]
    source, told = story.source, story.told
    telling: list[Any] = [list(told.authors), told.outlet, told.dateline, told.published]
    if told.url:
        telling += [told.summary, told.version, told.url]
    else:
        telling += [told.summary, told.version] if told.version else [told.summary]
    return [
        source.dump,
        source.index,
        story.line,
        story.title,
        list(story.captions),
        blocks,
        telling,
        *([] if story.page is None else [_page_json(story.page)]),
    ]


def _page_json(page: PageFacts) -> list[Any]:
    photo = page.photo
    shown = None
    if photo is not None:
        shown = [photo.raw, photo.part, photo.suffix, photo.alt, photo.caption, photo.credit]
    return [page.url, page.image_url, shown]


def story_from_json(value: object) -> RawStory:
    """Read a story as story_json writes it (older entries: no telling, no summary)."""
    fields = items(value)
    if not 6 <= len(fields) <= 8:
        raise BadRecord(f"a story of {len(fields)} fields")
    dump, index, line, title, captions, blocks, *rest = fields
    return RawStory(
        Source(text(dump), number(index)),
        number(line),
        text(title),
        texts(captions),
        _blocks(items(blocks)),
        _told(rest[0]) if rest else Told(),
        _page(rest[1]) if len(rest) > 1 else None,  # a saved page's facts
    )


def _blocks(values: list[Any]) -> tuple[Block, ...]:
    """Read a story's blocks: each a list of a kind and a list of strings (`_block`).

    A block of exactly those types is read here without a call a field: a dump's stories
    are read back so as they come from the workers, ~13 blocks a story (ingest14)."""
    made = []
    for value in values:
        if type(value) is list and len(value) == 2:
            kind, lines = value
            if type(lines) is list and kind in _BLOCK_KINDS:
                found = tuple(lines)
                if all(map(isinstance, found, repeat(str))):
                    made.append(Block(kind, found))
                    continue
        made.append(_block(value))  # (any other shape: read, or refused, field by field)
    return tuple(made)


def _block(value: object) -> Block:
    kind, lines = items(value, 2)
    if kind not in _BLOCK_KINDS:
        raise BadRecord(f"no block is a {kind!r:.40}")
    return Block(kind, texts(lines))


def _told(value: object) -> Told:
    fields = items(value)
    if len(fields) not in (4, 5, 6, 7):
        raise BadRecord(f"what a story told in {len(fields)} fields")
    authors, *rest = fields
    url = maybe_text(rest.pop()) if len(rest) == 6 else None  # (the page's address, when printed)
    version = number(rest.pop()) if len(rest) == 5 else 0  # (a wire's version, when marked)
    outlet, dateline, published, *summary = (maybe_text(field) for field in rest)
    summed = next(iter(summary), None)
    return Told(texts(authors), outlet, dateline, published, summed, version, url)


def _page(value: object) -> PageFacts:
    url, image_url, shown = items(value, 3)
    photo = None if shown is None else _photo(shown)
    return PageFacts(maybe_text(url), photo, maybe_text(image_url))


def _photo(value: object) -> Photo:
    raw, part, suffix, alt, caption, credit = items(value, 6)
    if suffix not in PHOTO_SUFFIXES:  # it names the copy beside the story
        raise BadRecord(f"no picture is named with {suffix!r:.40}")
    return Photo(text(raw), maybe_text(part), suffix, *map(maybe_text, (alt, caption, credit)))


# --- a classification -----------------------------------------------------------------------


def classification_json(value: Classification) -> list[Any]:
    published = None if value.published is None else value.published.isoformat()
    return [
        value.date.isoformat(),
        value.date_source,
        list(value.regions),
        list(value.tags),
        list(value.region_reasons),
        value.precision,
        published,
        [[what, day.isoformat(), seen.isoformat()] for what, day, seen in value.refused],
        None if value.updated is None else value.updated.isoformat(),
    ]


def classification_from_json(value: object) -> Classification:
    date, source, regions, tags, reasons, precision, published, refused, updated = items(value, 9)
    moment, update = maybe_text(published), maybe_text(updated)
    return Classification(
        dt.date.fromisoformat(text(date)),
        text(source),
        texts(regions),
        texts(tags),
        texts(reasons),
        precision=text(precision),
        published=None if moment is None else dt.datetime.fromisoformat(moment),
        updated=None if update is None else _moment_or_day(update),
        refused=tuple(_refused(item) for item in items(refused)),
    )


def _moment_or_day(value: str) -> dt.datetime | dt.date:
    """An update's time with its zone, or its day ("2025-03-03")."""
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        if len(value) != len("2025-03-03"):
            raise BadRecord(f"a time with no zone: {value!r:.40}")
        return moment.date()
    return moment


def _refused(value: object) -> tuple[str, dt.date, dt.date]:
    what, day, seen = items(value, 3)
    if what not in REFUSED_KINDS:  # what the warning names: a record of any other is crafted
        raise BadRecord(f"not a kind of printed date: {what!r:.40}")
    return text(what), dt.date.fromisoformat(text(day)), dt.date.fromisoformat(text(seen))
