"""The deploy figure: a fresh clone, its `.digest-cache/` restored, 50 new stories, one build.

A deploy (Netlify, GitHub Actions) clones the repository, so every file of content/ has a
new time and inode, restores `.digest-cache/` from the last deploy by copying it (new times
and inodes again), and runs `digest build` with no site/. What the cache holds is keyed by
content, so only the new stories' pages, the pages that list them and their search shard
should be made. The 50 new stories are dated the day after the newest one, as a day's news.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import synthetic

NEW_STORIES = 50
CACHE = ".digest-cache"


def new_stories(size: int, seed: int) -> list[synthetic.Story]:
    """Return NEW_STORIES stories after the first *size*, all dated the next day."""
    stories = synthetic.make_stories(size + NEW_STORIES, seed)
    day = max(story.date for story in stories[:size]) + dt.timedelta(days=1)
    return [
        dataclasses.replace(story, date=day, slug=f"{story.slug}-{story.number}")
        for story in stories[size:]
    ]


def fresh_clone(articles: Path, clone: Path) -> None:
    """Copy the project's inputs as a clone would: new file times and inodes, no site/."""
    shutil.rmtree(clone, ignore_errors=True)
    clone.mkdir(parents=True)
    shutil.copyfile(articles / "digest.yaml", clone / "digest.yaml")
    shutil.copytree(articles / "content", clone / "content", copy_function=shutil.copyfile)
    (clone / "content" / ".ingest.json").unlink(missing_ok=True)


def restore_cache(saved: Path, clone: Path) -> None:
    """Put the saved cache back as a deploy's cache step does: copied, every time new."""
    shutil.rmtree(clone / CACHE, ignore_errors=True)
    shutil.copytree(saved, clone / CACHE, copy_function=shutil.copyfile)


def prepare(articles: Path, clone: Path, saved: Path, build: Callable[[Path], None]) -> None:
    """Deploy once from nothing (the last deploy) and keep its cache as a deploy would."""
    fresh_clone(articles, clone)
    build(clone)
    shutil.rmtree(saved, ignore_errors=True)
    shutil.copytree(clone / CACHE, saved, copy_function=shutil.copyfile)


def next_deploy(articles: Path, clone: Path, saved: Path, stories: list[synthetic.Story]) -> None:
    """Set up the next deploy: a fresh clone with *stories* added, the cache restored."""
    fresh_clone(articles, clone)
    synthetic.write_articles(stories, clone / "content" / "articles")
    restore_cache(saved, clone)
