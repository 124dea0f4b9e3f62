"""The render workers' parts of the story pages kept till their shards' runs take them.

A cold build's render workers write what Pagefind reads of each story page into a folder of
the search cache (`search.SearchInput`); each shard's run moves its pages' parts in. While
Pagefind indexes, the build removes the cached indexes it no longer uses
(`forget_other_shards`, runs=False): that removal took the parts' folder with them, so every
shard not started by then had its pages read back from the staging folder and cut again (a
third of the story pages of a 4 000-story cold build, in the build's own process).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from digest.engine import assembly
from digest.engine.build import build
from digest.paths import CACHE_DIR, SEARCH_CACHE
from digest.site import pagefind, search, search_files, shard_folders
from digest.site.pagefind_early import RUN_PREFIX
from digest.site.search import INPUT_PREFIX
from digest.store.write import digest_of
from tests.conftest_project import make_project, snapshot
from tests.pagefind_gate import gated_pagefind
from tests.test_cache import clean_build, settled, write_stories

__all__ = ["settled"]  # the fixture, used by name


def test_shards_started_after_the_unused_indexes_are_removed_read_no_page_back(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 240)  # three months: three shards
    monkeypatch.setenv("DIGEST_WORKERS", "2")
    monkeypatch.setattr(pagefind, "available_cores", lambda: 1)  # one run at a time
    # The first run is held till the unused indexes are removed: the other two shards wait
    # for their runs then, their parts in the search cache.
    gate = gated_pagefind(tmp_path, monkeypatch)
    removed: list[bool] = []
    forget = shard_folders.forget_other_shards  # what assembly imported

    def forget_then_open(*args: Any, **kwargs: Any) -> None:
        forget(*args, **kwargs)
        removed.append(kwargs.get("runs", True))
        gate.touch()

    read_back: list[bytes] = []

    def spied_part(page: bytes) -> bytes:
        read_back.append(page)
        return search.indexed_part(page)

    monkeypatch.setattr(assembly, "forget_other_shards", forget_then_open)
    monkeypatch.setattr(pagefind, "indexed_part", spied_part)
    report = build(project).report.site
    assert report.shards == 3 and report.indexed == 3
    assert removed == [False, True]  # beside Pagefind, then after publishing
    assert read_back == []  # every part moved from the workers' folder
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    assert not any((project / CACHE_DIR / SEARCH_CACHE).glob(f"{INPUT_PREFIX}*"))


def test_unused_indexes_removed_beside_pagefind_leave_runs_and_parts(tmp_path: Path) -> None:
    store = tmp_path / SEARCH_CACHE
    for name in ("kept-key", "gone-key", f"{RUN_PREFIX}a", f"{INPUT_PREFIX}b"):
        (store / name).mkdir(parents=True)
        (store / name / "file").write_bytes(b"x")
    shard_folders.forget_other_shards(tmp_path, ["kept-key"], runs=False)
    assert sorted(path.name for path in store.iterdir()) == sorted(
        ["kept-key", f"{RUN_PREFIX}a", f"{INPUT_PREFIX}b"]
    )
    shard_folders.forget_other_shards(tmp_path, ["kept-key"])  # a killed build's, after publishing
    assert [path.name for path in store.iterdir()] == ["kept-key"]


def test_a_cached_index_file_is_read_without_a_path_object(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build's own process reads each shard's ~180 index files as its run ends (~4 400 at
    4 000 stories): a `Path` made for each cost more than reading most of them."""
    cached = tmp_path / "fragment"
    cached.write_bytes(b"index bytes")

    def no_path(*args: Any) -> Path:
        raise AssertionError("a Path made")

    monkeypatch.setattr(search_files, "Path", no_path)
    source = str(cached)
    assert search_files.cached_file(source, digest_of(b"index bytes")) == b"index bytes"
    assert search_files.cached_file(source, digest_of(b"other bytes")) is None  # damaged
    assert search_files.cached_file(str(tmp_path / "gone"), "") is None
