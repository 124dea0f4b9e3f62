"""Pagefind is fed as the story pages render (engine/search_feed.py).

A cold build with render workers starts Pagefind on a shard as soon as that shard's story
pages are rendered, not after every story page; the workers write what Pagefind reads of
each page they render, so the build's own process reads none of them back; and the index
is byte for byte that of a build from nothing without workers (Pagefind's output follows
the order in which its input files were made, which the workers do not keep).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from digest.engine.assembly import Assembly
from digest.engine.build import build
from digest.paths import CACHE_DIR, SEARCH_DIR
from digest.site import pagefind, search_files
from digest.site import search as search_module
from digest.store import staging
from digest.store.write import digest_of
from tests.conftest_project import make_project, snapshot
from tests.pagefind_gate import gated_pagefind
from tests.test_cache import clean_build, settled, write_stories

__all__ = ["settled"]  # the fixture, used by name

STORIES = 240  # three months of 80: three shards, and enough pages for render workers


def _is_story_page(path: str) -> bool:
    return re.fullmatch(r"2025/\d\d/\d\d/[^/]+/index\.html", path) is not None


def test_pagefind_starts_before_the_last_story_page_and_reads_no_page_back(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, STORIES)
    monkeypatch.setenv("DIGEST_WORKERS", "2")
    # The build's own record of the order of events, not the files on disk at a moment:
    # the render workers write pages ahead of the build taking them, so a count on disk
    # races them. Workers' results are taken in order, so this count is the same each run.
    taken: list[int] = []  # story pages the build has taken from the workers so far
    taken_at_start: list[int] = []
    start = pagefind._start
    took = Assembly._took

    def spied_took(assembly: Any, files: Any) -> Any:
        taken.append(sum(1 for file in files if _is_story_page(file.path)))
        return took(assembly, files)

    def spied_start(command: Any, site: Path, *args: Any) -> Any:
        taken_at_start.append(sum(taken))
        return start(command, site, *args)

    read_back: list[int] = []
    indexed_part = search_module.indexed_part

    def spied_part(page: bytes) -> bytes:
        read_back.append(1)
        return indexed_part(page)

    monkeypatch.setattr(pagefind, "_start", spied_start)
    monkeypatch.setattr(Assembly, "_took", spied_took)
    monkeypatch.setattr(pagefind, "indexed_part", spied_part)
    report = build(project).report.site
    assert report.shards == 3 and report.indexed == 3
    assert sum(taken) == STORIES and len(taken_at_start) == 3
    assert taken_at_start[0] < STORIES  # the first shard ran while story pages were to come
    assert read_back == []
    site = snapshot(project / "site")
    assert any(path.startswith(f"{SEARCH_DIR}/") for path in site)
    assert site == clean_build(project, tmp_path / "clean")


def test_each_shards_index_is_placed_as_its_run_finishes(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shard's index files are in the new site before the build places the whole index:
    copying them no longer waits for the last Pagefind run."""
    project = make_project(tmp_path / "project")
    write_stories(project, STORIES)
    monkeypatch.setenv("DIGEST_WORKERS", "2")
    staged: list[Path] = []
    start = pagefind._start

    def spied_start(command: Any, site: Path, *args: Any) -> Any:
        staged.append(site)
        return start(command, site, *args)

    there_before: list[set[str]] = []
    place_search = Assembly.place_search

    def spied_place(assembly: Any, indexes: Any) -> Any:
        found = staged[0] / SEARCH_DIR
        there_before.append({p.relative_to(found).as_posix() for p in found.rglob("*.json")})
        return place_search(assembly, indexes)

    monkeypatch.setattr(pagefind, "_start", spied_start)
    monkeypatch.setattr(Assembly, "place_search", spied_place)
    build(project)
    shards = sorted(path.name for path in (project / "site" / SEARCH_DIR / "shards").iterdir())
    assert len(shards) == 2  # and the newest, the primary index, at pagefind/ itself
    expected = {"pagefind-entry.json"} | {f"shards/{name}/pagefind-entry.json" for name in shards}
    assert there_before == [expected]  # all of them, but not shards.json: made at the end
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_the_build_sleeps_until_a_pagefind_run_ends_instead_of_polling(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While Pagefind runs, the build waits for a run's end (a pidfd), not 2 ms at a time:
    the same index, and no sleep between looks at the runs."""
    project = make_project(tmp_path / "project")
    write_stories(project, STORIES)
    monkeypatch.setenv("DIGEST_WORKERS", "2")
    # Every run waits for a gate that the build's first wait opens, so that the runs outlast
    # the render however busy the machine is (a second's sleep did not, at load 13).
    gate = gated_pagefind(tmp_path, monkeypatch)
    monkeypatch.setattr(pagefind, "WAIT_SECONDS", 600)  # only a run's end ends a wait
    waits: list[int] = []  # runs going at each wait
    wait = pagefind.Indexing.wait

    def spied_wait(indexing: pagefind.Indexing) -> None:
        waits.append(len(indexing.running))
        gate.touch()
        wait(indexing)
        assert any(process.poll() is not None for process, _, _ in indexing.running)

    def no_sleep(seconds: float) -> None:
        raise AssertionError(f"the build polled Pagefind's runs (slept {seconds} s)")

    monkeypatch.setattr(pagefind.Indexing, "wait", spied_wait)
    monkeypatch.setattr("digest.site.pagefind.time.sleep", no_sleep)
    build(project)
    assert waits and all(waits)  # the last runs were waited for, each while one was going
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_wait_returns_when_a_run_ends_and_at_once_with_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexing = pagefind.Indexing([], {}, tmp_path / "site", tmp_path / "cache")
    indexing.wait()  # nothing going: returns at once
    monkeypatch.setattr(pagefind, "WAIT_SECONDS", 600)
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.2)"], text=True)
    shard = search_module.Shard("only", ("index.html",))
    indexing.running.append((process, tmp_path / "work", shard))
    try:
        indexing.wait()
        assert process.poll() == 0  # it returned because the run ended
    finally:
        process.kill()
        process.wait()


def test_a_shard_made_now_is_not_digested_again_and_a_cached_one_is_checked(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run's output is digested as the run ends (its manifest); placing those files in
    the new site neither checks them against that manifest nor digests them again. A shard
    taken from the cache is still checked, file by file, before it is published."""
    project = make_project(tmp_path / "project")
    write_stories(project, STORIES)
    monkeypatch.setenv("DIGEST_WORKERS", "2")
    hashed: set[bytes] = set()

    def spied(data: bytes) -> str:
        hashed.add(bytes(data))
        return digest_of(data)

    monkeypatch.setattr(search_files, "digest_of", spied)
    monkeypatch.setattr(staging, "digest_of", spied)
    build(project)
    index = project / "site" / SEARCH_DIR
    files = {path.read_bytes() for path in index.rglob("*") if path.is_file()}
    files.discard((index / "shards.json").read_bytes())  # made by the build, not Pagefind
    assert len(files) > 20 and not files & hashed
    shutil.rmtree(project / "site")
    shutil.rmtree(project / CACHE_DIR / staging.SPARE)  # which holds a copy of every file
    hashed.clear()
    build(project)  # every shard's files read from the cache
    assert files <= hashed
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
