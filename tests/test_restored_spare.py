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
from digest.engine.trees import trees_record
from digest.paths import CACHE_DIR
from digest.store import staging
from digest.store.cache import open_cache
from digest.store.state import MANIFEST
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


def test_the_spares_manifest_goes_once_read_and_a_build_failing_after_leaves_a_clean_site(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spare's manifest is dropped as soon as the staging folder is opened from it (no
    longer trusted from there), not once the new site is published: a build failing after
    that leaves site/'s own, and the next build stages anew and writes a clean build's site."""
    project = make_project(tmp_path / "project")
    write_stories(project)
    build(project)
    articles = project / "content" / "articles"
    (articles / "2025/01/story-0.md").write_text(story(0, 1, body="Changed.\n"))
    build(project)  # a site/ and a spare, each with its manifest
    before = _manifests(project)
    assert len(before) == 2

    def fail(*_: object) -> None:
        raise OSError("the disk is full")

    monkeypatch.setattr("digest.engine.site_build.build_edited", fail)
    (articles / "2025/02/story-1.md").write_text(story(1, 2, body="Changed too.\n"))
    with pytest.raises(OSError):
        build(project)
    site_token = _trees(project)["site"]
    assert _manifests(project) == {site_token}  # the spare's gone, site/'s kept
    monkeypatch.undo()
    assert build(project).site is not None
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    assert len(_manifests(project)) == 2


def _manifests(project: Path) -> set[str]:
    cache = open_cache(project)
    try:
        assert cache.connection is not None
        rows = cache.connection.execute("SELECT key FROM entries WHERE kind = ?", (MANIFEST,))
        return {row[0] for row in rows}
    finally:
        cache.close()


def _trees(project: Path) -> dict[str, object]:
    cache = open_cache(project)
    try:
        return trees_record(cache)
    finally:
        cache.close()
