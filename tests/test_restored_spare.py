"""The spare (the site before last, staged into by the next build) after a cache restore.

A deploy restores `.digest-cache/` by copying it: every file of the spare has a new time and
inode. Its files are then taken by their recorded size, not read and hashed again (some
500 MB at 100 000 stories); a spare file cut short is still made again, and outside a restore
(a file of site/ edited in place, which the spare shares) the bytes still decide.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from digest.engine.build import build
from digest.paths import CACHE_DIR
from digest.store import staging
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, story, write_stories
from tests.test_deploy_cache import cloned

__all__ = ["cloned", "settled"]  # the fixtures, used by name


def _never_read(*_: object) -> None:
    raise AssertionError("a restored spare's file was read to check its bytes")


def test_a_restored_spare_is_taken_by_its_recorded_sizes(
    tmp_path: Path, cloned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = cloned
    (project / "content" / "articles" / "2025/03/story-new.md").write_text(story(99, 3))
    monkeypatch.setattr(staging, "_same_bytes", _never_read)
    added = build(project).report.site
    assert 0 < added.rendered < added.pages
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_restored_spare_file_cut_short_is_made_again(tmp_path: Path, cloned: Path) -> None:
    project = cloned
    spare = project / CACHE_DIR / staging.SPARE
    page = next(path for path in sorted(spare.rglob("index.html")) if path.stat().st_size > 100)
    page.write_bytes(page.read_bytes()[:100])
    build(project)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_shared_file_edited_in_place_is_seen_by_its_bytes(tmp_path: Path, settled: None) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project)
    build(project)
    articles = project / "content" / "articles"
    (articles / "2025/01/story-0.md").write_text(story(0, 1, body="Changed.\n"))
    build(project)  # site/ and the spare now share every file this edit left alone
    site, spare = project / "site", project / CACHE_DIR / staging.SPARE
    shared = next(
        path
        for path in sorted(site.rglob("*.html"))
        if (spare / path.relative_to(site)).exists()
        and path.stat().st_ino == (spare / path.relative_to(site)).stat().st_ino
        and b"Story" in path.read_bytes()
    )
    data = shared.read_bytes()
    with open(shared, "r+b") as handle:  # same size, same inode: site/ and the spare alike
        handle.write(data.replace(b"Story", b"Stork", 1))
    os.utime(shared, ns=(1, 1))
    (articles / "2025/02/story-1.md").write_text(story(1, 2, body="Changed too.\n"))
    build(project)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
