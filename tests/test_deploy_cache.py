"""Deploys: a fresh clone with `.digest-cache/` restored builds only what changed.

A deploy clones the repository (every file has a new time and inode), restores the cache
from the last deploy by copying it, and builds with no site/. The cache is keyed by
content, so nothing whose bytes are the same is made again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from digest.engine.build import build
from digest.paths import CACHE_DIR, PACKAGE
from digest.site import stories, story_records
from digest.store import file_hashes
from digest.store.code import code_stamp
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, story, write_stories

__all__ = ["settled"]  # the fixture, used by name


def clone_with_cache(project: Path) -> None:
    """Make *project* a fresh clone in place: new inodes and times, no site/, cache copied."""
    shutil.rmtree(project / "site")
    for folder in (project / "content", project / CACHE_DIR):
        copy = folder.with_name(folder.name + ".copy")
        shutil.copytree(folder, copy, copy_function=shutil.copyfile)
        shutil.rmtree(folder)
        copy.rename(folder)
    later = 10**9 * 3600
    for path in (project / "content").rglob("*"):
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns + later, stat.st_mtime_ns + later))


@pytest.fixture
def cloned(tmp_path: Path, settled: None) -> Path:
    """Return a project of 18 stories, built once, then cloned with its cache restored."""
    project = make_project(tmp_path / "project")
    write_stories(project)
    build(project)
    clone_with_cache(project)
    return project


def test_a_fresh_clone_with_the_cache_restored_builds_only_what_changed(
    tmp_path: Path, cloned: Path
) -> None:
    project = cloned
    again = build(project).report.site
    assert (again.rendered, again.indexed, again.parsed) == (0, 0, 0)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")

    clone_with_cache(project)  # the next deploy brings a new story
    new = project / "content" / "articles" / "2025/03/story-new.md"
    new.write_text(story(99, 3), encoding="utf-8")
    added = build(project).report.site
    assert added.parsed == 1 and added.indexed == 1
    assert 0 < added.rendered < again.pages
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_fresh_clone_s_files_are_hashed_beside_the_build(
    tmp_path: Path, cloned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = cloned
    new = project / "content" / "articles" / "2025/03/story-new.md"
    new.write_text(story(99, 3), encoding="utf-8")
    hashed: list[bytes] = []
    sha256 = hashlib.sha256

    def counted(data: bytes) -> Any:
        hashed.append(data)
        return sha256(data)

    monkeypatch.setattr(file_hashes, "hashlib", SimpleNamespace(sha256=counted))
    assert build(project).report.site.parsed == 1
    # Every file was hashed by the child: the build itself hashed none.
    assert hashed == []
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_the_code_stamp_is_the_code_not_its_file_times() -> None:
    module = PACKAGE / "paths.py"
    stat = module.stat()
    before = code_stamp()
    try:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
        assert code_stamp() == before
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_fresh_clone_takes_unchanged_stories_cards_by_their_bytes(
    tmp_path: Path, cloned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = cloned
    read: list[bytes] = []

    def reading(data: bytes) -> None:
        read.append(data)

    monkeypatch.setattr(stories, "story_from_json", reading)
    again = build(project).report.site
    # Every file has a new stamp and the same bytes: its card is the cache's, and no full
    # story (body and all) is read, as no page showing one is rendered.
    assert (again.rendered, again.parsed, read) == (0, 0, [])
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    clone_with_cache(project)  # the cards recorded with the new stamps are as good
    assert (build(project).report.site.rendered, read) == (0, [])


def test_a_deploy_records_the_cards_under_the_clone_s_stamps(
    cloned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = cloned
    earlier = time.time_ns() - 10**9 * 3600  # settled stamps: trusted next time
    for path in (project / "content").rglob("*"):
        os.utime(path, ns=(earlier, earlier))
    build(project)
    edited = project / "content" / "articles" / "2025/01/story-0.md"
    edited.write_text(story(0, 1, body="Edited.\n"), encoding="utf-8")
    compared = files_compared_by_bytes(monkeypatch)
    assert build(project).report.site.parsed == 1
    # The other files' stamps are those the deploy recorded: not even read.
    assert compared == ["2025/01/story-0.md"]


def files_compared_by_bytes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each story file the build compares with the cache by its bytes (its stamp did
    not answer its card record or pack); return the list it fills."""
    compared: list[str] = []
    hashed = story_records._hashed

    def spy(folder: Path, unanswered: Sequence[Any], *rest: Any) -> Any:
        compared.extend(file[0] for file in unanswered if file[3] is not None)
        return hashed(folder, unanswered, *rest)

    monkeypatch.setattr(story_records, "_hashed", spy)
    return compared
