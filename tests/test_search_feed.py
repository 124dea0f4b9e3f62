"""Pagefind is fed as the story pages render (engine/search_feed.py).

A cold build with render workers starts Pagefind on a shard as soon as that shard's story
pages are rendered, not after every story page; the workers write what Pagefind reads of
each page they render, so the build's own process reads none of them back; and the index
is byte for byte that of a build from nothing without workers (Pagefind's output follows
the order in which its input files were made, which the workers do not keep).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from digest.engine.build import build
from digest.site import pagefind
from digest.site.search import SEARCH_DIR
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, write_stories

__all__ = ["settled"]  # the fixture, used by name

STORIES = 240  # three months of 80: three shards, and enough pages for render workers


def _story_pages(site: Path) -> int:
    return sum(1 for _ in site.glob("2025/*/*/*/index.html"))


def test_pagefind_starts_before_the_last_story_page_and_reads_no_page_back(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, STORIES)
    monkeypatch.setenv("DIGEST_WORKERS", "2")
    rendered_at_start: list[int] = []
    start = pagefind._start

    def spied_start(command: Any, site: Path, *args: Any) -> Any:
        rendered_at_start.append(_story_pages(site))
        return start(command, site, *args)

    read_back: list[int] = []
    indexed_part = pagefind.indexed_part

    def spied_part(page: bytes) -> bytes:
        read_back.append(1)
        return indexed_part(page)

    monkeypatch.setattr(pagefind, "_start", spied_start)
    monkeypatch.setattr(pagefind, "indexed_part", spied_part)
    report = build(project).report.site
    assert report.shards == 3 and report.indexed == 3
    assert rendered_at_start and rendered_at_start[0] < STORIES
    assert read_back == []
    site = snapshot(project / "site")
    assert any(path.startswith(f"{SEARCH_DIR}/") for path in site)
    assert site == clean_build(project, tmp_path / "clean")
