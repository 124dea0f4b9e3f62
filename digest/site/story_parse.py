"""Story parsing: an article file's bytes -> its full story (article, body HTML, teaser).

What a build's parse workers run (`read_and_parse`: they read the files themselves, so the
build's own process never holds every file's bytes), and `digest serve` one file at a time
(`StoryParser`). A full story's JSON is what the build cache keeps of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from digest.bounded_read import MAX_STORY_BYTES, read_bytes
from digest.errors import ArticleError, ArticleErrors
from digest.models import Article
from digest.site.article_json import article_from_json, article_json
from digest.site.date_guesses import DateGuesses
from digest.site.load import read_article


@dataclass(frozen=True, slots=True)
class FullStory:
    """An article with its rendered body and teaser."""

    article: Article
    html: str
    teaser: str


def story_json(story: FullStory) -> bytes | None:
    article = article_json(story.article)
    if article is None:
        return None
    # orjson: compact JSON as the cache's dump_json writes it, in a fraction of the time
    return orjson.dumps({"article": article, "html": story.html, "teaser": story.teaser})


def story_from_json(data: bytes) -> FullStory:
    """Return the story *data* holds; raise KeyError, TypeError or ValueError when it is not
    what story_json wrote (a damaged record is parsed again, never rendered)."""
    value = orjson.loads(data)  # what story_json wrote; a deploy reads ~1 700 of them
    html, teaser = value["html"], value["teaser"]
    if not isinstance(html, str) or not isinstance(teaser, str):
        raise TypeError("a story record whose body or teaser is not text")
    return FullStory(article_from_json(value["article"]), html, teaser)


@dataclass(frozen=True, slots=True)
class ParseTask:
    folder: Path
    language: str


# The articles folder, the Markdown parser, and the ledger's guessed dates (`date_guesses`).
ParseState = tuple[Path, Any, DateGuesses]


def setup_parser(shared: ParseTask) -> ParseState:
    from digest.site.typography import markdown

    return shared.folder, markdown(shared.language), DateGuesses(shared.folder)


# path, message, line, column: picklable ArticleErrors
_Errors = list[tuple[str, str, int | None, int | None]]


def parse_files(
    state: ParseState, items: Sequence[tuple[str, bytes]]
) -> list[tuple[str, FullStory | _Errors]]:
    """Parse and render a chunk of files; errors come back as plain tuples (picklable)."""
    from digest.site.renderer import render_body

    folder, md, guesses = state
    results: list[tuple[str, FullStory | _Errors]] = []
    for relative, data in items:
        try:
            article = guesses.dated(read_article(data, Path(relative), folder / relative))
        except ArticleErrors as broken:
            results.append(
                (
                    relative,
                    [
                        (str(error.path), error.message, error.line, error.column)
                        for error in broken.errors
                    ],
                )
            )
            continue
        try:
            html, teaser = render_body(article, md)
        except ArticleError as slow:
            results.append((relative, [(str(folder / relative), slow.message, None, None)]))
            continue
        results.append((relative, FullStory(article, html, teaser)))
    return results


def read_and_parse(
    state: ParseState, items: Sequence[tuple[str, str]]
) -> list[tuple[str, bytes | FullStory | _Errors]]:
    """Read, parse and encode a chunk of files known by their bytes' sha256 (in a worker).

    The worker reads the files itself, so the build's process never holds every file's
    bytes; a file whose bytes are no longer those hashed is an error, as the build would
    otherwise show bytes it did not key. Each story is sent once: as the cache's JSON
    (`story_json`, which `story_from_json` reads back), or, when JSON cannot hold it, as
    objects. (Sent both ways, a story took twice the bytes and the pickling.)
    """
    folder = state[0]
    read: list[tuple[str, bytes]] = []
    results: list[tuple[str, bytes | FullStory | _Errors]] = []
    for relative, sha in items:
        try:
            data = read_bytes(folder / relative, MAX_STORY_BYTES, "a story file")
        except OSError as error:
            results.append((relative, [(str(folder / relative), unreadable(error), None, None)]))
            continue
        if hashlib.sha256(data).hexdigest() != sha:
            results.append((relative, [(str(folder / relative), CHANGED, None, None)]))
            continue
        read.append((relative, data))
    for relative, result in parse_files(state, read):
        encoded = None if isinstance(result, list) else story_json(result)
        results.append((relative, result if encoded is None else encoded))
    return results


CHANGED = "changed while the site was being built"


def unreadable(error: OSError) -> str:
    return f"cannot be read ({error.strerror})"


class StoryParser:
    """Parses one article file at a time, as a build does (for `digest serve`)."""

    def __init__(self, folder: Path, language: str) -> None:
        self.language = language  # of the quotes in bodies: part of each story's key
        self._state = setup_parser(ParseTask(folder, language))

    def parse(self, relative: str, data: bytes) -> FullStory:
        """Return the story in *data* (the file at *relative*); raise ArticleErrors if broken."""
        [(_, result)] = parse_files(self._state, [(relative, data)])
        if isinstance(result, list):
            raise ArticleErrors([ArticleError(Path(p), m, n, c) for p, m, n, c in result])
        return result
