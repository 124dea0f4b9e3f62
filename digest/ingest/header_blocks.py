"""Header blocks: the seeds' kind of story head, a title, its captions printed twice, a
marker line, the title again, and where the story's body starts after it.

In a dump without two blank lines between its stories, a header block is also where one
story ends and the next begins (`split_on_repeated_titles`); a title, two blank lines and
the title again is one header, not two stories (`join_split_headers`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from digest.ingest.blocks import Paragraph, line_key

# How far after a title its repeat may stand (title, captions, title again).
_REPEAT_WINDOW = 4


def has_header(paragraphs: Sequence[Paragraph]) -> bool:
    """Tell whether a story starts with the seeds' kind of header block (title repeated,
    a marker line, or captions printed twice)."""
    return (
        _repeat_of_title(paragraphs, 0) is not None
        or any(p.marked for p in paragraphs[:3])
        or (len(paragraphs) > 1 and _captions_of(paragraphs[1]))
    )


def join_split_headers(chunks: list[list[Paragraph]]) -> Iterator[list[Paragraph]]:
    """Join a header-only chunk to the next one when that starts with the same title.

    Without a marker or captions, a header block is a title, two blank lines and the
    title again: the blank lines then look like a story separator.
    """
    index = 0
    while index < len(chunks):
        chunk = chunks[index]
        following = chunks[index + 1] if index + 1 < len(chunks) else None
        if (
            following is not None
            and len(chunk) <= 2
            and line_key(following[0].lines[0].text) == line_key(chunk[0].lines[0].text)
        ):
            yield chunk + following
            index += 2
        else:
            yield chunk
            index += 1


def _repeat_of_title(paragraphs: Sequence[Paragraph], start: int) -> int | None:
    """Return the index of the paragraph repeating the title at *start*, if there is one.

    Only a header counts: between the title and its repeat stand caption blocks (lines
    printed twice, or closed by a marker line) and nothing else.
    """
    title = line_key(paragraphs[start].lines[0].text)
    stop = min(len(paragraphs), start + 1 + _REPEAT_WINDOW)
    for index in range(start + 1, stop):
        paragraph = paragraphs[index]
        if len(paragraph) == 1 and line_key(paragraph.lines[0].text) == title:
            return index
        if not (paragraph.marked or _captions_of(paragraph)):
            return None
    return None


def split_on_repeated_titles(chunk: list[Paragraph]) -> Iterator[list[Paragraph]]:
    """Split a chunk where a new title (a line repeated just after, as in a header) starts."""
    start = 0
    index = 1
    while index < len(chunk):
        paragraph = chunk[index]
        # Most paragraphs are sentences: asking first whether one is like a title spares
        # looking for its repeat.
        title_like = len(paragraph) == 1 and _is_title_like(paragraph.lines[0].text)
        repeat = _repeat_of_title(chunk, index) if title_like else None
        # Inside a chunk a header needs a marker or captions: a bare line printed twice
        # is as likely a photo gallery's caption as a title.
        if repeat is not None and (paragraph.marked or repeat > index + 1):
            yield chunk[start:index]
            start = index
            index = repeat + 1
            continue
        index += 1
    yield chunk[start:]


def _is_title_like(text: str) -> bool:
    return not text.rstrip().endswith(".") and len(text.split()) <= 30


def _captions_of(paragraph: Paragraph) -> bool:
    """Tell whether *paragraph* is a caption block: every line printed twice in a row."""
    if len(paragraph) < 2 or len(paragraph) % 2:
        return False
    keys = [line_key(line.text) for line in paragraph.lines]
    return all(keys[i] == keys[i + 1] for i in range(0, len(keys), 2))


def header_end(paragraphs: Sequence[Paragraph]) -> int:
    """Return the index of the first body paragraph (after title, captions and repeats)."""
    repeat = _repeat_of_title(paragraphs, 0)
    if repeat is not None:
        end = repeat + 1
        seen = {line_key(line.text) for p in paragraphs[:repeat] for line in p.lines}
        if end < len(paragraphs) and (
            _captions_of(paragraphs[end])
            or all(line_key(line.text) in seen for line in paragraphs[end].lines)
        ):
            end += 1
        return end
    for index, paragraph in enumerate(paragraphs[:3]):
        if paragraph.marked:
            return index + 1
    if len(paragraphs) > 1 and _captions_of(paragraphs[1]):
        return 2
    return 1
