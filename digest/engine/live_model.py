"""Live model: what `digest serve` keeps of the site, and what a batch of story edits changes.

`LiveModel` is the site as planned from the story files; `read_changes` parses the story
files of a batch into the model's files; `Update` is what the batch does to site/ (live.py
computes and writes it).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from digest.bounded_read import MAX_STORY_BYTES, read_bytes
from digest.errors import ArticleError, ArticleErrors
from digest.models import Article
from digest.site.group import Groups
from digest.site.plan import Arranged, SitePlan
from digest.site.stories import (
    FullStory,
    StoryFile,
    StoryParser,
    path_order,
    story_key,
)
from digest.site.views import Page, Story
from digest.tree import readable


def shape(card: Article) -> tuple[object, ...]:
    """Return what grouping and page plans read of a story besides its reference."""
    return (
        card.id,
        card.path,
        card.date,
        # Its spelling, not the instant: stories are ordered by their local time of day.
        None if card.datetime is None else card.datetime.isoformat(),
        card.title,
        card.slug,
        card.regions,
        card.tags,
        card.draft,
        card.aliases,  # the site's redirects
        # What chooses the front page's lead and top stories (site/front.py).
        card.lead,
        card.weight,
        card.sources,
        card.image,  # its picture's files are planned with the site
    )


@dataclass(frozen=True, slots=True)
class LiveModel:
    """The site as planned from the story files: what an update replaces as a whole."""

    files: Mapping[str, StoryFile]  # by path under content/articles/
    cards: Mapping[str, Article]  # shown stories, with their unique slugs, by id
    arranged: Arranged
    plan: SitePlan

    @property
    def groups(self) -> Groups:
        return self.arranged.groups

    @property
    def pages(self) -> Mapping[str, Page]:
        return self.plan.pages


@dataclass(frozen=True, slots=True)
class Update:
    """What a batch of story changes does to site/ (nothing is written until `commit`)."""

    model: LiveModel
    rendered: Mapping[str, str]  # file of site/ -> key: every file rendered (or made) anew
    writes: Mapping[str, bytes]  # those of them whose bytes changed -> new bytes
    removes: tuple[str, ...]
    changed_ids: frozenset[str]  # stories whose references changed (their caches are stale)
    stories: Mapping[str, Story]  # full stories made for this update, by id
    searched: Mapping[str, str]  # story page -> digest of what the search index reads

    @property
    def empty(self) -> bool:
        return not self.writes and not self.removes


class SearchIndex(Protocol):
    """What keeps site/'s search index in step with live updates (live_search.py)."""

    lock: threading.Lock  # held while the model and manifest are read or changed

    def wanted(self) -> None:
        """Re-index what changed, then record the manifest."""

    def stop(self) -> None:
        """Stop re-indexing; return once nothing more is written."""


class NoSearch:
    """A live site without a search index."""

    def __init__(self) -> None:
        self.lock = threading.Lock()

    def wanted(self) -> None:
        """Nothing to index."""

    def stop(self) -> None:
        """Nothing to stop."""


def cards_of(arranged: Arranged) -> dict[str, Article]:
    return {card.id: card for card in arranged.shown}


def story_paths(changed: Iterable[Path], folder: Path) -> list[str] | None:
    """Return *changed* as story files under *folder*, or None if any is not one."""
    relatives = []
    for path in changed:
        try:
            relative = path.resolve().relative_to(folder)
        except ValueError:
            return None
        parts = relative.parts
        if path.suffix != ".md" or any(part.startswith(".") for part in parts):
            return None
        if os.path.lexists(path) and not readable(path, folder):  # a FIFO, a link out
            return None  # the full build's scan skips it, and says so
        relatives.append(relative.as_posix())
    return sorted(set(relatives), key=path_order)


def read_changes(
    model: LiveModel, relatives: Sequence[str], folder: Path, parser: StoryParser, code: str
) -> tuple[dict[str, StoryFile], dict[str, FullStory]]:
    """Return the model's story files after the changes at *relatives*, and what was parsed.

    Raises ArticleErrors naming every broken or unreadable story.
    """
    files = dict(model.files)
    parsed: dict[str, FullStory] = {}
    errors: list[ArticleError] = []
    for relative in relatives:
        try:
            data = read_bytes(folder / relative, MAX_STORY_BYTES, "a story file")
        except FileNotFoundError:
            files.pop(relative, None)
            continue
        except OSError as error:
            errors.append(ArticleError(folder / relative, f"cannot be read ({error})"))
            continue
        sha = hashlib.sha256(data).hexdigest()
        before = files.get(relative)
        if before is not None and before.sha == sha:
            continue
        try:
            story = parser.parse(relative, data)
        except ArticleErrors as broken:
            errors.extend(broken.errors)
            continue
        key = story_key(code, relative, sha, parser.language)
        parsed[key] = story
        card = replace(story.article, body="")
        files[relative] = StoryFile(relative, sha, None, key, card, story.teaser)
    if errors:
        raise ArticleErrors(sorted(errors, key=lambda error: error.path.parts))
    return files, parsed


def same_shape(model: LiveModel, files: Mapping[str, StoryFile], relatives: Sequence[str]) -> bool:
    """Tell whether the changed stories keep their place in the site (only their text moved)."""
    return files.keys() == model.files.keys() and all(
        shape(files[relative].card) == shape(model.files[relative].card) for relative in relatives
    )
