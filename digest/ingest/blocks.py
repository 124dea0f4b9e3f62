"""Blocks: a dump's text -> runs of paragraphs (its parts); a story's body lines -> paragraphs
and sub-headings (shared by segment and assemble)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from digest.config import IngestConfig
from digest.ingest.photo_lines import glue_hint, glued_caption
from digest.ingest.scripts import SCRIPT_STOPS, stopless, unspaced
from digest.ingest.tables import CELL, FEWEST_CELLS, cell_columns, row_of, tabbed, tabbed_rows
from digest.models import Block
from digest.user_patterns import UserPattern, compile_pattern

# The shipped counter pattern cannot backtrack: `re` matches it, with no time limit. An
# editor's own is matched with one (user_patterns), and `regex` reads the process's clock for
# it, two system calls a match: ten times the match's own time, and far more on a busy
# machine, where a system call is where the process loses its core.
_SHIPPED_COUNTER = re.compile(IngestConfig().counter_pattern)
# A sub-heading never ends like a sentence or a quotation does, in any script: the ideographic
# and full-width stops and brackets of Chinese and Japanese, the Arabic question mark and
# comma, the Devanagari danda, the Armenian, Ethiopic and Burmese full stops.
_CLOSING = tuple(
    ".!?:;,\"'\u201d\u2019)]\u2026-\u2013\u2014"
    "\u3002\uff01\uff1f\uff0c\uff1b\uff1a\u3001\u300d\u300f\uff09\u3011\uff0e"
    "\u061f\u060c\u061b\u06d4\u0964\u0965\u0589\u1362\u104b\u17d4\u17d5\u00bb"
)
# A line that ends a sentence, in any script: a full stop, a question or an exclamation mark,
# an ellipsis, a closing quotation mark or bracket after one.
_SENTENCE_END = re.compile(f"[.!?\u2026{SCRIPT_STOPS}][\"'\u201d\u2019\u00bb\u300d\u300f)\\]]*$")
# Text hard-wrapped at a width (an e-mail, a wire's plain text) is wrapped at 40 to 80
# characters; a wider line is a paragraph copied whole, lines all narrower are short ones.
_WRAP_WIDTHS = (40, 100)
# A line standing apart over a paragraph's first sentence (a live report's entry's headline)
# has this many words at most.
_APART_WORDS = 14
# A heading in a script written without spaces has this many characters a word.
_CHARS_PER_WORD = 2
# A list's item, copied one a line under the line that opens it, has this many words at most.
_ITEM_WORDS = 20
# A table copied one row a line has this many rows at least.
_TABLE_ROWS = 3
_DIGITS = re.compile(r"\d+")
# A time of day alone: a live report's entry opens with it, its headline under it.
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?$", re.IGNORECASE)
# A line that opens a list ends so ("the main measures:"), in Latin and full-width script.
_OPENING = (":", "\uff1a")
# The marks that start a list's item as sites print and browsers copy them, a space after (a
# dash is left out: it opens each line of a dialogue in French, Russian, Swedish).
_BULLETS = frozenset("\u2022\u00b7\u25aa\u25e6\u25cf\u2023\u2043-*")
# A line longer than this is no paragraph of a news story (a real one is a few thousand
# characters at most): it is a pasted file, a minified page or binary data read as text.
MAX_LINE_CHARS = 100_000


# Not frozen: made a dozen times a story, and a frozen dataclass's __init__ sets each field through
# object.__setattr__ (3.3 times the instructions of a plain one). Nothing assigns to one after it is
# made (hashed by its fields, as a frozen one is).
@dataclass(slots=True, unsafe_hash=True)
class Line:
    """A non-blank line of a dump with its 1-based line number."""

    number: int
    text: str


# Not frozen: made a dozen times a story, and a frozen dataclass's __init__ sets each field through
# object.__setattr__ (3.3 times the instructions of a plain one). Nothing assigns to one after it is
# made (hashed by its fields, as a frozen one is).
@dataclass(slots=True, unsafe_hash=True)
class Paragraph:
    """Lines between blank lines; *marked* when a marker line ended it (a header block)."""

    lines: tuple[Line, ...]
    marked: bool = False

    def __len__(self) -> int:
        return len(self.lines)


# The white space of ASCII that str.split() cuts at, but " ".
_OTHER_ASCII_SPACES = ("\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f")


def single_spaced(text: str) -> bool:
    """Tell whether " ".join(text.split()) is *text* itself: no white space but single
    spaces inside it, and none at either end (always told right for ASCII; a line with
    other unprintable characters is said not to be, and goes the slow way)."""
    if text.isascii():
        # Nine scans for one character each (memchr) read a line faster than isprintable's
        # lookup of every character.
        if any(map(text.__contains__, _OTHER_ASCII_SPACES)):
            return False
    elif not text.isprintable():  # every white space but " " is unprintable
        return False
    return "  " not in text and text[:1] != " " and text[-1:] != " "


@functools.lru_cache(maxsize=1 << 12)
def collapse_spaces(text: str) -> str:
    """Return *text* with every run of white space made one space.

    Memoized: segmenting keys each line of a dump several times (repeats, headers, trim).
    """
    if single_spaced(text):  # most lines
        return text
    return " ".join(text.split())


@functools.lru_cache(maxsize=1 << 12)
def line_key(text: str) -> str:
    """Return a line as repeated lines are compared: spaces collapsed, case-folded.

    Memoized (a dump's worth of lines: each is keyed by repeats, trim, lists and segment
    within the same dump, and a paragraph's case fold is its longest step).
    """
    return collapse_spaces(text).casefold()


def is_heading(text: str, config: IngestConfig) -> bool:
    """Tell whether a line is a sub-heading: short, capitalised, no closing punctuation."""
    stripped = text.strip()
    if not 0 < len(stripped) <= config.heading_max_chars:
        return False  # (most lines: a paragraph, told by its length before its words)
    words = len(stripped.split())
    if words < config.heading_max_words and unspaced(stripped):
        words = max(words, len(stripped) // _CHARS_PER_WORD)  # Chinese, Japanese: characters
    return (
        words <= config.heading_max_words
        and (stripped[0].isupper() or stripped[0].isdigit())
        and not stripped.endswith(_CLOSING)
    )


def blocks_of(body: Sequence[Paragraph], config: IngestConfig) -> Iterator[Block]:
    """Turn body paragraphs into blocks; a short unpunctuated lead line is a sub-heading."""
    # (chrome's rules imported here: a build with no dump to ingest imports this module,
    # never chrome, whose patterns take ~60 ms to compile)
    from digest.ingest.chrome import words_of
    from digest.ingest.chrome_words import box_label

    parts, tables = _parts(body)
    bulleted = [all(map(_bulleted, lines)) for lines in parts]
    for position, lines in enumerate(parts):
        if position in tables:
            yield Block("table", tuple(lines))  # a table's rows, its cells apart by tabs
            continue
        is_last = position == len(parts) - 1
        if bulleted[position] and (
            len(lines) > 1
            or any(bulleted[position - 1 : position])
            or any(bulleted[position + 1 : position + 2])
        ):
            # A list copied with its bullets ("\u2022 Fuel duty cut", "- Minimum wage up"): its
            # items, however the copy spaced them.
            yield from (Block("item", (line,)) for line in lines)
            continue
        opened = position > 0 and parts[position - 1][-1].endswith(_OPENING)
        if len(lines) >= _TABLE_ROWS and table_rows(lines):
            # A table's rows, a calendar's: its items (its first row is no sub-heading).
            yield from (Block("item", (line,)) for line in lines)
            continue
        followed = len(lines) > 1 or not is_last
        if followed and not opened and is_heading(lines[0], config):
            yield Block("heading", (lines[0],))
            # ("Key points" over the points, one a line: a box's list, as under a colon)
            opened = box_label(words_of(lines[0]))
            if (
                _CLOCK.match(lines[0])
                and len(lines) == 2
                and not is_last
                and is_heading(lines[1], config)
            ):
                yield Block("heading", (lines[1],))  # a live report's entry: time, headline
                continue
            lines = lines[1:]
        if lines:
            yield from _with_list(lines, opened)


def _parts(body: Sequence[Paragraph]) -> tuple[list[list[str]], set[int]]:
    """Return the paragraphs of a story's body lines, and which of them are tables (their
    rows as `tables` makes them): a table copied one row a line, cells apart by tabs, or
    one cell a line, with the paragraph under it kept apart when no blank line is."""
    parts: list[list[str]] = []
    tables: set[int] = set()
    for paragraph in body:
        at = 0
        lines = paragraph.lines
        if len(lines) < FEWEST_CELLS and not any(CELL in line.text for line in lines):
            # (most paragraphs: no table's; a paragraph under "... the main measures:" is
            # the list it opens, no headline's)
            parts.extend(_unwrapped(paragraph, bool(parts) and parts[-1][-1].endswith(_OPENING)))
            continue
        while at < len(lines):
            rows = tabbed_rows([line.text for line in lines[at:]])
            if rows:
                tables.add(len(parts))
                parts.append([row_of(line.text) for line in lines[at : at + rows]])
                at += rows
                continue
            end = next((i for i in range(at + 1, len(lines)) if tabbed(lines[i].text)), len(lines))
            text = Paragraph(lines[at:end])
            columns, cells = cell_columns([collapse_spaces(line.text) for line in text.lines])
            if cells:
                tables.add(len(parts))
                spaced = [collapse_spaces(line.text) for line in text.lines[:cells]]
                parts.append([CELL.join(spaced[i : i + columns]) for i in range(0, cells, columns)])
                text = Paragraph(text.lines[cells:])
            if text.lines:
                # (a paragraph under "... the main measures:" is the list it opens: no headline's)
                opened = bool(parts) and parts[-1][-1].endswith(_OPENING)
                parts.extend(_unwrapped(text, opened))
            at = end
    return parts, tables


def _unwrapped(paragraph: Paragraph, opened: bool = False) -> Iterator[list[str]]:
    """Yield the paragraphs of a dump's paragraph: a copy with no blank line between its
    paragraphs (one a line, as many sites and reader apps copy them) has a paragraph end
    wherever a line ends a sentence and the next line's first word would have fitted on it,
    which a paragraph hard-wrapped at a width never has (its lines are broken where the
    next word did not fit: the longest line is that width at least, within _WRAP_WIDTHS);
    Chinese, Japanese and Korean copy, never wrapped so, at every sentence's end. Short
    lines that end no sentence over the first sentence (a live report's entry: its time,
    its headline) stand apart from it too, unless they are a list's items (*opened*: the
    paragraph above ends with a colon, as a line of theirs may)."""
    from digest.ingest.chrome import is_sentence  # (as in blocks_of)

    lines = [collapse_spaces(line.text) for line in paragraph.lines]
    if len(lines) == 1:  # (most paragraphs)
        yield lines
        return
    width = max(map(len, lines))
    if not _WRAP_WIDTHS[0] <= width <= _WRAP_WIDTHS[1]:
        width = MAX_LINE_CHARS  # no copy is wrapped so wide or narrow: lines as written
    elif all(_SENTENCE_END.search(line) is not None or stopless(line) for line in lines):
        width = MAX_LINE_CHARS  # each line a sentence's end: no width broke them, lines as written
    start = 0
    apart = not opened  # the lines since *start* are all short and end no sentence
    for at in range(1, len(lines)):
        above, below = lines[at - 1], lines[at]
        word = below[:1] if unspaced(below) else below.split(" ", 1)[0]  # (Chinese: a character)
        # (Thai and Lao end a sentence with a space, no stop: with the line too)
        ended = _SENTENCE_END.search(above) is not None or stopless(above)
        # (Chinese, Japanese and Korean copy is never wrapped at a width)
        fits = not below[:1].islower() and (len(above) + 1 + len(word) <= width or unspaced(above))
        apart = apart and not ended and _apart(above)
        if fits and (ended or (apart and _SENTENCE_END.search(below) and is_sentence(below))):
            yield lines[start:at]
            start = at
            apart = not opened
    yield lines[start:]


def _apart(line: str) -> bool:
    """Tell whether a line may stand apart over a paragraph's first sentence: a few words
    that open no list ("Aid trucks enter Gaza", "14:32")."""
    return len(line.split(None, _APART_WORDS)) <= _APART_WORDS and not line.endswith(_OPENING)


def _with_list(lines: list[str], opened: bool) -> Iterator[Block]:
    """Yield a paragraph's lines, the short lines under a line that ends with a colon as a
    list's items: a browser copies a list (<ul>) as one line an item, with no blank line;
    when the paragraph above ended with the colon (*opened*: "Here are the main
    measures:", a blank line, then the items), a paragraph of such lines is the list."""
    if len(lines) < 2 or (len(lines) < 3 and not opened):  # (most paragraphs: one line)
        yield Block("paragraph", tuple(lines))
        return
    opening = next((at for at, line in enumerate(lines[:-2]) if line.endswith(_OPENING)), None)
    if opening is None and opened:
        opening = -1
    items = lines[opening + 1 :] if opening is not None else []
    if opening is None or not all(map(_list_item, items)):
        yield Block("paragraph", tuple(lines))
        return
    if opening >= 0:
        yield Block("paragraph", tuple(lines[: opening + 1]))
    for item in items:
        yield Block("item", (item,))


def table_rows(lines: Sequence[str]) -> bool:
    """Tell whether lines are a table's rows, a calendar's or a result's: the same word at
    the same place in each ("1a etapa: 10 de mar\u00e7o \u2013 Interlagos", "2a etapa:
    ..."), figures that differ from row to row. Headlines share no such frame; a menu's
    items that do share their figure ("Not\u00edcias da F\u00f3rmula 1", "Calend\u00e1rio
    da F\u00f3rmula 1")."""
    figures = [tuple(_DIGITS.findall(line)) for line in lines]
    if not all(figures) or len(set(figures)) < len(lines):
        return False
    rows = [line.casefold().split() for line in lines]
    width = min(map(len, rows))
    return any(
        len({row[at] for row in rows}) == 1 and not _DIGITS.search(rows[0][at])
        for at in range(width)
    )


def _bulleted(line: str) -> bool:
    """Tell whether a line is a list's item with its bullet ("\u2022 ", "- ", "* ")."""
    return line[:1] in _BULLETS and line[1:2] == " "


def unbulleted(item: str) -> str:
    """Return a list's item without the bullet it was copied with: Markdown prints its own
    (the block keeps the line as the dump has it, every line of which is accounted for)."""
    return item[2:].lstrip() if _bulleted(item) else item


def _list_item(line: str) -> bool:
    """Tell whether a line reads as a list's item: a few words, opening as an item does
    (never in lower case: that is a line of a paragraph broken at its width)."""
    return len(line.split(None, _ITEM_WORDS)) <= _ITEM_WORDS and not line[:1].islower()


def chunks_of(text: str, config: IngestConfig) -> Iterator[list[Paragraph]]:
    """Yield runs of paragraphs separated by two or more blank lines; drop marker lines."""
    markers = {marker.strip() for marker in config.markers}
    counter: re.Pattern[str] | UserPattern = _SHIPPED_COUNTER
    if config.counter_pattern != _SHIPPED_COUNTER.pattern:
        counter = compile_pattern("ingest.counter_pattern", config.counter_pattern)
    chunk: list[Paragraph] = []
    paragraph: list[Line] = []
    blanks = 0
    after_marker = False
    for number, raw in enumerate(_drop_capitals(text.split("\n")), start=1):
        stripped = raw.strip()
        if not stripped:
            blanks += 1
            after_marker = False
            continue
        if blanks:
            if paragraph:
                chunk.append(Paragraph(tuple(paragraph)))
                paragraph = []
            if blanks >= 2 and chunk:
                yield chunk
                chunk = []
            blanks = 0
        is_counter = after_marker and counter.match(stripped) is not None
        after_marker = stripped in markers
        if after_marker or is_counter:
            # Marker and counter lines end a header paragraph; they are never text.
            if paragraph:
                chunk.append(Paragraph(tuple(paragraph), marked=True))
                paragraph = []
            elif chunk and after_marker:
                chunk[-1] = Paragraph(chunk[-1].lines, marked=True)
            continue
        if glue_hint(stripped):
            paragraph = _with_line(chunk, paragraph, Line(number, raw.rstrip()))
        else:
            paragraph.append(Line(number, raw.rstrip()))
    if paragraph:
        chunk.append(Paragraph(tuple(paragraph)))
    if chunk:
        yield chunk


def _with_line(chunk: list[Paragraph], paragraph: list[Line], line: Line) -> list[Line]:
    """Return the paragraph being read with *line* added; a caption with its credit glued
    to the lead ("... | Photo Credit: NAME/Agency Heavy rain ...") is a paragraph of its
    own added to *chunk*, and the lead opens the next (both keep the line's number)."""
    glued = glued_caption(line.text)
    if glued is None:
        paragraph.append(line)
        return paragraph
    if paragraph:
        chunk.append(Paragraph(tuple(paragraph)))
    chunk.append(Paragraph((Line(line.number, glued[0]),)))
    return [Line(line.number, glued[1])]


def _drop_capitals(lines: list[str]) -> list[str]:
    """Return *lines* with a drop capital ("H" on a line of its own, then "ong Kong is
    ...") put back in front of the word it starts; its own line stays, to be dropped."""
    for index in range(len(lines) - 1):
        letter = lines[index].strip()
        if len(letter) == 1 and letter.isupper():
            after = lines[index + 1].lstrip()
            if after[:1].islower():
                lines[index + 1] = letter + after
    return lines


def first_long_line(paragraphs: Sequence[Paragraph]) -> Line | None:
    """Return the first line longer than any paragraph of a story (MAX_LINE_CHARS)."""
    for paragraph in paragraphs:
        for line in paragraph.lines:
            if len(line.text) > MAX_LINE_CHARS:
                return line
    return None
