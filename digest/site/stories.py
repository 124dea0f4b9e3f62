"""Stories: content/articles/ files -> parsed articles and rendered bodies, once per version.

A file whose stamp is as the last build recorded it is not read at all: its card (the
article without its body, and its teaser) comes from the build cache. Any other file is
read and hashed; if its bytes are known (the cache holds a story under the hash of its path
and bytes) it is not parsed either. An article that JSON cannot hold exactly (dates inside
`extra`) is simply parsed every time. Only new or changed files are parsed and their Markdown
rendered, in worker processes when there are many. Cards are what grouping and page plans
use; a page is always rendered from full stories (`full_stories`), never from a card.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from digest.errors import ArticleError, ArticleErrors
from digest.models import Article
from digest.parallel import chunks, run_parallel, worker_count
from digest.site.article_json import article_from_json, article_json
from digest.site.load import read_article
from digest.store.cache import Cache, Stamp, dump_json, key_of
from digest.store.inputs import is_racy

CACHE_KIND = "story"
CHUNK = 64  # files per task: large enough that pickling is a small part of a task


@dataclass(frozen=True, slots=True)
class FullStory:
    """An article with its rendered body and teaser."""

    article: Article
    html: str
    teaser: str


@dataclass(frozen=True, slots=True)
class StoryFile:
    """One article file as this build knows it."""

    path: str  # relative to content/articles/
    sha: str  # sha256 of its bytes
    stamp: Stamp | None  # None when the stamp was racy: the bytes are checked next time
    key: str  # cache key of its full story
    card: Article  # the article without its body: for grouping and planning only
    teaser: str
    saved: bytes | None = None  # its record, when made from the cache's (not from the card)

    def record(self, code: str) -> bytes:
        """Return what the build cache keeps of this file (its card, without the body)."""
        if self.saved is not None:
            return self.saved
        return dump_json(
            {
                "code": code,
                "sha": self.sha,
                "stamp": None if self.stamp is None else list(self.stamp),
                "key": self.key,
                "card": article_json(self.card),
                "teaser": self.teaser,
            }
        )


@dataclass(frozen=True, slots=True)
class LoadedStories:
    """Every article file, and the full stories that were parsed or read in this build."""

    files: tuple[StoryFile, ...]
    full: Mapping[str, FullStory]  # by StoryFile.key
    parsed: int


def path_order(relative: str) -> tuple[str, ...]:
    """Return the sort key that orders relative paths as sorted Path objects are ordered."""
    return tuple(relative.split("/"))


def story_key(code: str, relative: str, sha: str, language: str) -> str:
    """Return the cache key of the story in the file at *relative* with bytes hashed *sha*.

    The site's *language* sets the body's quotes.
    """
    return key_of("story", code, relative, sha, language)


def story_json(story: FullStory) -> bytes | None:
    article = article_json(story.article)
    if article is None:
        return None
    return dump_json({"article": article, "html": story.html, "teaser": story.teaser})


def story_from_json(data: bytes) -> FullStory:
    value = json.loads(data)
    return FullStory(article_from_json(value["article"]), value["html"], value["teaser"])


def _from_record(relative: str, saved: bytes, stamp: Stamp, code: str) -> StoryFile | None:
    """Return the file as the cache recorded it, if its stamp and digest's code are the same."""
    try:
        record = json.loads(saved)
        if record["code"] != code or record["stamp"] != list(stamp):
            return None
        card = article_from_json(record["card"])
        return StoryFile(
            relative, record["sha"], stamp, record["key"], card, record["teaser"], saved
        )
    except (KeyError, TypeError, ValueError):
        return None


def _from_same_bytes(
    relative: str, saved: bytes, sha: str, stamp: Stamp | None, key: str
) -> StoryFile | None:
    """Return the file as the cache recorded it, with its new *stamp*, if it is the same story.

    *key* is the story's key from its bytes now. A deploy's fresh clone gives every file a
    new stamp: its card is still right, and its full story (ten times larger) need not be
    read until a page shows it.
    """
    try:
        record = json.loads(saved)
        if record["key"] != key or record["sha"] != sha:
            return None
        card = article_from_json(record["card"])
        # The record again with the new stamp (cheaper than making it from the card).
        saved = dump_json({**record, "stamp": None if stamp is None else list(stamp)})
        return StoryFile(relative, sha, stamp, record["key"], card, record["teaser"], saved)
    except (KeyError, TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class _Task:
    folder: Path
    language: str


def _setup(shared: _Task) -> tuple[Path, Any]:
    from digest.site.typography import markdown

    return shared.folder, markdown(shared.language)


# A broken article's errors, as plain tuples a worker can send back: path, message, line,
# column.
_Broken = tuple[str, str, int | None, int | None]


def _parse(
    state: tuple[Path, Any], items: Sequence[tuple[str, bytes]]
) -> list[tuple[str, FullStory | list[_Broken]]]:
    """Parse and render a chunk of files; errors come back as plain tuples (picklable)."""
    from digest.site.renderer import render_body

    folder, md = state
    results: list[tuple[str, FullStory | list[_Broken]]] = []
    for relative, data in items:
        try:
            article = read_article(data, Path(relative), folder / relative)
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
        html, teaser = render_body(article, md)
        results.append((relative, FullStory(article, html, teaser)))
    return results


class StoryParser:
    """Parses one article file at a time, as a build does (for `digest serve`)."""

    def __init__(self, folder: Path, language: str) -> None:
        self.language = language  # of the quotes in bodies: part of each story's key
        self._state = _setup(_Task(folder, language))

    def parse(self, relative: str, data: bytes) -> FullStory:
        """Return the story in *data* (the file at *relative*); raise ArticleErrors if broken."""
        [(_, result)] = _parse(self._state, [(relative, data)])
        if isinstance(result, list):
            raise ArticleErrors([ArticleError(Path(p), m, n, c) for p, m, n, c in result])
        return result


_Read = tuple[str, bytes, str, "Stamp | None"]  # path, bytes, sha256, trusted stamp


def load_stories(
    folder: Path,
    stamps: Mapping[str, Stamp],
    taken_ns: int,
    known: Mapping[str, bytes],
    cache: Cache,
    code: str,
    *,
    language: str,
    workers: int | None = None,
) -> LoadedStories:
    """Return every article file under *folder*; raise ArticleErrors naming each broken one.

    *stamps* are the files' stamps taken before reading them; *known* is what the cache
    holds of each file (`StoryFile.record`).
    """
    files, to_read = _known_or_read(folder, stamps, taken_ns, known, (code, language))
    keys = {relative: story_key(code, relative, sha, language) for relative, _, sha, _ in to_read}
    full: dict[str, FullStory] = {}
    to_parse = _from_cache(to_read, keys, cache, files, full)
    task = _Task(folder, language)
    _parse_all(task, to_read, keys, to_parse, cache, workers, files, full)
    ordered = tuple(files[relative] for relative in sorted(files, key=path_order))
    return LoadedStories(ordered, full, len(to_parse))


def _known_or_read(
    folder: Path,
    stamps: Mapping[str, Stamp],
    taken_ns: int,
    known: Mapping[str, bytes],
    stamped: tuple[str, str],
) -> tuple[dict[str, StoryFile], list[_Read]]:
    """Return the files the cache's records answer (stamp or bytes unchanged); read the others.

    *stamped* is digest's code stamp and the site's language, which the records' keys hold.
    """
    code, language = stamped
    files: dict[str, StoryFile] = {}
    to_read: list[_Read] = []
    for relative, stamp in stamps.items():
        trusted = None if is_racy(stamp, taken_ns) else stamp
        saved = known.get(relative)
        if trusted is not None and saved is not None:
            found = _from_record(relative, saved, trusted, code)
            if found is not None:
                files[relative] = found
                continue
        try:
            data = (folder / relative).read_bytes()
        except OSError as error:
            message = f"cannot be read ({error.strerror})"
            raise ArticleErrors([ArticleError(folder / relative, message)]) from error
        sha = hashlib.sha256(data).hexdigest()
        key = story_key(code, relative, sha, language)
        found = None if saved is None else _from_same_bytes(relative, saved, sha, trusted, key)
        if found is not None:  # a new stamp, the same bytes: a fresh clone's, say
            files[relative] = found
            continue
        to_read.append((relative, data, sha, trusted))
    return files, to_read


def _from_cache(
    to_read: Sequence[_Read],
    keys: Mapping[str, str],
    cache: Cache,
    files: dict[str, StoryFile],
    full: dict[str, FullStory],
) -> list[tuple[str, bytes]]:
    """Take the full stories the cache holds for files read; return those left to parse."""
    cached = cache.get_many(CACHE_KIND, keys.values())
    to_parse: list[tuple[str, bytes]] = []
    for relative, data, sha, trusted in to_read:
        key = keys[relative]
        value = cached.get(key)
        story = None
        if value is not None:
            try:
                story = story_from_json(value)
            except (KeyError, TypeError, ValueError):
                story = None
        if story is None:
            to_parse.append((relative, data))
            continue
        full[key] = story
        files[relative] = StoryFile(
            relative, sha, trusted, key, replace(story.article, body=""), story.teaser
        )
    return to_parse


def _parse_all(
    task: _Task,
    to_read: Sequence[_Read],
    keys: Mapping[str, str],
    to_parse: Sequence[tuple[str, bytes]],
    cache: Cache,
    workers: int | None,
    files: dict[str, StoryFile],
    full: dict[str, FullStory],
) -> None:
    """Parse *to_parse* (in workers when there are many) and cache what was parsed."""
    errors: list[ArticleError] = []
    shas = {relative: sha for relative, _, sha, _ in to_read}
    trust = {relative: trusted for relative, _, _, trusted in to_read}
    count = worker_count(len(to_parse), requested=workers)
    batches = chunks(to_parse, max(count * 4, len(to_parse) // CHUNK)) if count else [to_parse]
    for batch in run_parallel(_setup, _parse, task, batches, workers=count):
        for relative, result in batch:
            if isinstance(result, list):
                errors.extend(ArticleError(Path(p), m, n, c) for p, m, n, c in result)
                continue
            key = keys[relative]
            full[key] = result
            card = replace(result.article, body="")
            files[relative] = StoryFile(
                relative, shas[relative], trust[relative], key, card, result.teaser
            )
            encoded = story_json(result)
            if encoded is not None:
                cache.put(CACHE_KIND, key, encoded)
    if errors:
        raise ArticleErrors(sorted(errors, key=lambda error: error.path.parts))


def full_stories(
    wanted: Iterable[StoryFile],
    loaded: Mapping[str, FullStory],
    cache: Cache,
    folder: Path,
    language: str,
) -> dict[str, FullStory]:
    """Return the full story of every file in *wanted*, by key (from memory, cache or file).

    A story parsed again here has the quotes of *language*, as its key says.
    """
    wanted = list(wanted)
    result = {file.key: loaded[file.key] for file in wanted if file.key in loaded}
    missing = [file for file in wanted if file.key not in result]
    found = cache.get_many(CACHE_KIND, [file.key for file in missing])
    again: list[tuple[str, bytes]] = []
    for file in missing:
        value = found.get(file.key)
        if value is not None:
            try:
                result[file.key] = story_from_json(value)
                continue
            except (KeyError, TypeError, ValueError):
                pass
        try:
            data = (folder / file.path).read_bytes()
        except OSError as error:
            raise ArticleErrors(
                [ArticleError(folder / file.path, f"cannot be read ({error})")]
            ) from error
        if hashlib.sha256(data).hexdigest() != file.sha:
            raise ArticleErrors(
                [ArticleError(folder / file.path, "changed while the site was being built")]
            )
        again.append((file.path, data))
    if again:
        state = _setup(_Task(folder, language))
        by_path = {file.path: file for file in missing}
        for relative, parsed in _parse(state, again):
            if isinstance(parsed, list):
                raise ArticleErrors([ArticleError(Path(p), m, n, c) for p, m, n, c in parsed])
            result[by_path[relative].key] = parsed
    return result
