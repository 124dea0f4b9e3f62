"""Stories: content/articles/ files -> parsed articles and rendered bodies, once per version.

A file whose stamp is as the last build recorded it is not read at all: its card (the
article without its body, and its teaser) comes from the build cache. Any other file is
read and hashed; if its bytes are known (the record of its card, or a story the cache holds
under the hash of its path and bytes) it is not parsed either. An article that JSON cannot
hold exactly (dates inside `extra`) is simply parsed every time. A record whose file was
found again under a new stamp (a fresh clone) is not written again: the new stamp is kept,
with the sha256 it proves, in one record of restamps for all files. A month's card records are
also kept as one card pack (`card_packs`), which answers its files as the records would
without decoding them (`story_records`: which files the records answer). Only new or changed files
are parsed and their Markdown rendered, in worker processes when there are many. Cards are
what grouping and page plans use; a page is always rendered from full stories
(`full_stories`), never from a card.

Memory grows with the number of stories by their cards alone: file bytes are read in the
parse workers, and at most KEPT_BYTES of full stories stay in memory after parsing (the
others are read back from the cache when their pages are rendered).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from digest.bounded_read import MAX_STORY_BYTES, read_bytes
from digest.errors import ArticleError, ArticleErrors
from digest.parallel import chunks, iter_parallel, worker_count
from digest.site.card_packs import Row
from digest.site.story_parse import (
    CHANGED,
    ParseTask,
    parse_files,
    read_and_parse,
    setup_parser,
    story_from_json,
    unreadable,
)
from digest.site.story_parse import FullStory as FullStory  # what importers of stories use
from digest.site.story_parse import StoryParser as StoryParser
from digest.site.story_records import Read, known_or_read
from digest.site.story_records import StoryFile as StoryFile  # what importers of stories use
from digest.site.story_records import story_key as story_key
from digest.site.story_records import story_keys as story_keys
from digest.store.cache import Cache, Stamp
from digest.store.file_hashes import Hashing
from digest.store.restamps import Restamp, read_restamps, write_restamps

CACHE_KIND = "story"
CHUNK = 64  # files per task: large enough that pickling is a small part of a task
# Parsed stories kept in memory for rendering, in bytes of text: some 10 000 stories. A larger
# site reads the others back from the cache as their pages are rendered.
KEPT_BYTES = 128 << 20
STORY_OVERHEAD = 2048  # bytes of a story's objects beyond its text
FROM_CACHE_BATCH = 256  # stories read from the cache at a time


@dataclass(frozen=True, slots=True)
class LoadedStories:
    """Every article file, and the full stories that were parsed or read in this build."""

    files: tuple[StoryFile, ...]
    full: Mapping[str, FullStory]  # by StoryFile.key
    parsed: int
    # Files whose card record holds their bytes under another stamp: the stamp now, and sha.
    restamped: Mapping[str, Restamp] = field(default_factory=dict)
    restamps_changed: bool = False  # *restamped* is not what the cache holds: record it


def remember_restamps(cache: Cache, loaded: LoadedStories) -> None:
    """Record the restamps of *loaded* when they changed (one record, not one a story)."""
    if loaded.restamps_changed:
        write_restamps(cache, loaded.restamped)


def remember_some_restamps(cache: Cache, loaded: LoadedStories) -> None:
    """Add the new restamps of *loaded*, which holds some of the project's files (a
    story-edit build), to the record, keeping every other file's."""
    if loaded.restamped:
        # (A restamp left for a file whose record was written again proves nothing: it
        # names the bytes of the record it was made for.)
        held = read_restamps(cache)
        merged = {**held, **loaded.restamped}
        if merged != held:
            write_restamps(cache, merged)


def path_order(relative: str) -> tuple[str, ...]:
    """Return the sort key that orders relative paths as sorted Path objects are ordered."""
    return tuple(relative.split("/"))


class _Kept:
    """The full stories kept in memory for rendering, up to a budget of bytes.

    Beyond it a story is read back from the cache when its page is rendered: a large site
    never has every story's text in memory at once.
    """

    def __init__(self, budget: int) -> None:
        self.stories: dict[str, FullStory] = {}
        self.left = budget

    def keep(self, key: str, story: FullStory) -> None:
        size = len(story.article.body) + len(story.html) + len(story.teaser) + STORY_OVERHEAD
        if size <= self.left:
            self.left -= size
            self.stories[key] = story


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
    hashing: Hashing | None = None,
    packed: Mapping[str, Row] | None = None,
) -> LoadedStories:
    """Return every article file under *folder*; raise ArticleErrors naming each broken one.

    *stamps* are the files' stamps taken before reading them; *known* is what the cache
    holds of each file (`StoryFile.record`), or *packed*, the rows of the card packs that
    stand for those records (`card_packs`); *hashing*, a child hashing files of *folder*
    (`file_hashes`: a fresh clone's, whose every stamp is new).
    """
    restamps = read_restamps(cache)
    given = (known, packed or {}, restamps, code, language, hashing)
    files, to_read, restamped = known_or_read(folder, stamps, taken_ns, *given)
    kept = _Kept(KEPT_BYTES)
    to_parse = _from_cache(to_read, cache, files, kept)
    _parse_all(ParseTask(folder, language), to_parse, cache, workers, files, kept)
    ordered = tuple(files[relative] for relative in sorted(files, key=path_order))
    return LoadedStories(ordered, kept.stories, len(to_parse), restamped, restamped != restamps)


def _from_cache(
    to_read: Sequence[Read], cache: Cache, files: dict[str, StoryFile], kept: _Kept
) -> list[Read]:
    """Take the full stories the cache holds for files read; return those left to parse."""
    to_parse: list[Read] = []
    for start in range(0, len(to_read), FROM_CACHE_BATCH):
        batch = to_read[start : start + FROM_CACHE_BATCH]
        cached = cache.get_many(CACHE_KIND, [read.key for read in batch])
        for read in batch:
            value = cached.get(read.key)
            story = None
            if value is not None:
                try:
                    story = story_from_json(value)
                except (KeyError, TypeError, ValueError):
                    story = None
            if story is None:
                to_parse.append(read)
                continue
            kept.keep(read.key, story)
            card = replace(story.article, body="")
            files[read.path] = StoryFile(
                read.path, read.sha, read.stamp, read.key, card, story.teaser
            )
    return to_parse


def _parse_all(
    task: ParseTask,
    to_parse: Sequence[Read],
    cache: Cache,
    workers: int | None,
    files: dict[str, StoryFile],
    kept: _Kept,
) -> None:
    """Parse *to_parse* (in workers when there are many) and cache what was parsed."""
    errors: list[ArticleError] = []
    by_path = {read.path: read for read in to_parse}
    items = [(read.path, read.sha) for read in to_parse]
    count = worker_count(len(items), requested=workers)
    batches = chunks(items, max(count * 4, len(items) // CHUNK)) if count else [items]
    for batch in iter_parallel(setup_parser, read_and_parse, task, batches, workers=count):
        for relative, result in batch:
            if isinstance(result, list):
                errors.extend(
                    ArticleError(Path(path), message, line, column)
                    for path, message, line, column in result
                )
                continue
            read = by_path[relative]
            story = story_from_json(result) if isinstance(result, bytes) else result
            kept.keep(read.key, story)
            card = replace(story.article, body="")
            files[relative] = StoryFile(
                relative, read.sha, read.stamp, read.key, card, story.teaser
            )
            if isinstance(result, bytes):
                cache.put(CACHE_KIND, read.key, result)
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
            data = read_bytes(folder / file.path, MAX_STORY_BYTES, "a story file")
        except OSError as error:
            raise ArticleErrors([ArticleError(folder / file.path, unreadable(error))]) from error
        if hashlib.sha256(data).hexdigest() != file.sha:
            raise ArticleErrors([ArticleError(folder / file.path, CHANGED)])
        again.append((file.path, data))
    if again:
        state = setup_parser(ParseTask(folder, language))
        by_path = {file.path: file for file in missing}
        for relative, parsed in parse_files(state, again):
            if isinstance(parsed, list):
                raise ArticleErrors([ArticleError(Path(p), m, n, c) for p, m, n, c in parsed])
            result[by_path[relative].key] = parsed
    return result
