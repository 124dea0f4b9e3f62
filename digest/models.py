"""The values that flow through the pipeline: dumps, segmented stories, articles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

# A saved page's body has list items and quotes too; a dump's only paragraphs and headings.
BlockKind = Literal["paragraph", "heading", "item", "quote", "table"]
# What a story's date rests on, strongest first ("manual": the editor's), and what is known
# of it; "unknown" is what older ingests wrote for "seen".
DATE_SOURCES = (
    "page", "dateline", "update", "month-day", "weekday", "caption", "body", "dump", "seen",
    "manual",
)  # fmt: skip
DATE_PRECISIONS = ("time", "day", "day-without-year", "guess")
# The printed dates the date resolver may refuse as after collection, as warnings name them.
REFUSED_KINDS = {"page": "publication line", "dateline": "dateline"}


@dataclass(frozen=True, slots=True)
class Block:
    """One body block of a segmented story: a paragraph (one or more lines) or a sub-heading."""

    kind: BlockKind
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a story was found: a dump's file name and the story's 1-based position in it."""

    dump: str
    index: int


@dataclass(frozen=True, slots=True)
class Told:
    """What a story's chrome told before it was removed (kept in front matter, not the body)."""

    authors: tuple[str, ...] = ()  # bylines, "Reporting by ..."
    outlet: str | None = None  # "Reuters", "AP", "BBC News", "Al Jazeera"
    dateline: str | None = None  # the place of "LONDON (Reuters) -"
    published: str | None = None  # the publication or update time line, as printed
    summary: str | None = None  # the standfirst under the headline: the page's own summary
    # The wire's version its headline's marks gave ("UPDATE 2-": 4, "CORRECTED-UPDATE 2-": 5):
    # of merged copies, the latest version represents the story. 0: no mark.
    version: int = 0
    url: str | None = None  # the page's own address, printed at the top or foot of its copy


# The suffixes of a story's photo copied beside it: the picture types ingest recognises.
PHOTO_SUFFIXES = frozenset({".jpg", ".png", ".gif", ".webp"})


@dataclass(frozen=True, slots=True)
class Photo:
    """A saved page's lead photo: where its bytes are, and what the page says of it.

    *raw* is the file under content/raw/ that holds it (a picture in a page's `_files/`
    folder, or an MHTML archive, then *part* is the picture's address inside it).
    """

    raw: str
    part: str | None
    suffix: str  # ".jpg", what the copy beside the story is named with
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What a saved page tells beyond its text: its canonical URL and its lead photo."""

    url: str | None = None
    photo: Photo | None = None
    image_url: str | None = None  # a lead picture the page only links to (never fetched)


@dataclass(frozen=True, slots=True)
class RawStory:
    """One story as segmented from one dump, before deduplication and classification."""

    source: Source
    line: int  # 1-based line of the title in the dump
    title: str
    captions: tuple[str, ...]
    blocks: tuple[Block, ...]
    told: Told = Told()
    page: PageFacts | None = None  # a saved page's story; None for a dump's

    @property
    def body_lines(self) -> tuple[str, ...]:
        return tuple(line for block in self.blocks for line in block.lines)


@dataclass(frozen=True, slots=True)
class Dump:
    """A raw dump read from content/raw/: its name, decoded text and what was noticed reading it."""

    name: str
    text: str
    encoding: str


@dataclass(frozen=True, slots=True)
class Story:
    """A deduplicated story: one representative version and every source it was found in."""

    primary: RawStory
    sources: tuple[Source, ...]
    exact_duplicates: int = 0
    near_duplicates: int = 0
    keys: tuple[str, ...] = ()  # exact-content keys of every merged version

    @property
    def title(self) -> str:
        return self.primary.title


@dataclass(frozen=True, slots=True)
class Classification:
    """What classify guessed about a story, and why."""

    date: dt.date
    date_source: str  # page | dateline | month-day | weekday | caption | body | dump | seen
    regions: tuple[str, ...]
    tags: tuple[str, ...]
    region_reasons: tuple[str, ...] = ()
    precision: str = "guess"  # time | day | day-without-year | guess
    published: dt.datetime | None = None  # the time the page printed, in its own zone
    # The update's time (or day) a page printed with no publication time: a bound, no more.
    updated: dt.datetime | dt.date | None = None
    # Full dates the copy printed (page, dateline) more than a day after the story was
    # collected, so not its date: what printed each, the date, and the day it was collected.
    refused: tuple[tuple[str, dt.date, dt.date], ...] = ()


@dataclass(frozen=True, slots=True)
class Image:
    """A story's picture as its front matter names it (`image:`); only *file* is required.

    *file* is relative to the story file's folder, or starts with "/" for a file under the
    project's static/.
    """

    file: str
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A story as loaded from its Markdown file: the source of truth for rendering."""

    path: Path  # relative to content/articles/
    id: str
    title: str
    date: dt.date
    body: str
    date_source: str | None = None
    datetime: dt.datetime | None = None
    date_precision: str | None = None  # time | day | day-without-year | guess
    published: dt.datetime | dt.date | None = None  # a time with its zone, or the day printed
    updated: dt.datetime | dt.date | None = None  # the update's time the page printed, if any
    regions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    summary: str | None = None
    draft: bool = False
    slug: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()  # earlier site paths ("2024/01/02/old/") that redirect here
    text_digest: str = ""  # of its title, captions, summary and body: feeds' <updated> follows it
    authors: tuple[str, ...] = ()  # the byline
    outlet: str | None = None  # the agency or paper that wrote it ("Reuters")
    dateline: str | None = None  # the place it was filed from ("HELSINKI")
    # Its language tag ("ja"): its front matter's, else the one its script makes certain
    # (digest/languages.py); None: the site's language.
    language: str | None = None
    lead: bool = False  # the editor's choice of lead story for the front page
    weight: int = 0  # a higher weight ranks higher on the front page
    image: Image | None = None
    # The line (from 1) of its file that is still `digest new`'s placeholder: warned of.
    placeholder_line: int | None = None
    # The first line (from 1) holding a character no page or feed can carry (a control
    # character, "U+0007" in *control_char*): left out of the site, warned of.
    control_line: int | None = None
    control_char: str = ""
    # The line (from 1) of its front matter's `aliases:`: an alias that would hide a page names it.
    aliases_line: int | None = None
