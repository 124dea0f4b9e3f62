"""store/spare_scan: a restored spare walked and stamped by a child, and when its answer holds.

The answer stands in for the build's own walk (nothing but plain files and folders) and stamps
of the spare: it must say the same, and be taken only for the folder it walked.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from digest.engine import trees
from digest.engine.build import build
from digest.engine.trees import record_site
from digest.paths import CACHE_DIR, SITE_DIR
from digest.store import staging
from digest.store.cache import open_cache
from digest.store.spare_scan import SpareScan, start_scan
from digest.store.write import Entry
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, story, write_stories
from tests.test_deploy_cache import cloned

__all__ = ["cloned", "settled"]  # the fixtures, used by name


def _folder(root: Path) -> dict[str, bytes]:
    files = {"index.html": b"<p>home</p>", "a/b/c.html": b"c", "a/\u00e9.css": b"", "x/y": b"y"}
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (root / "empty").mkdir()
    return files


def test_the_child_finds_every_plain_file_with_its_stamp(tmp_path: Path) -> None:
    files = _folder(tmp_path / "spare")
    scan = start_scan(tmp_path / "spare")
    assert scan is not None
    found = scan.result()
    scan.stop()
    assert found is not None and found.inode == os.lstat(tmp_path / "spare").st_ino
    expected = {}
    for name in files:
        status = os.lstat(tmp_path / "spare" / name)
        expected[name] = (status.st_size, status.st_mtime_ns, status.st_ino)
    assert found.stamps == expected


@pytest.mark.parametrize("odd", ["link to a file", "link to a folder", "fifo"])
def test_anything_but_plain_files_and_folders_gives_no_answer(tmp_path: Path, odd: str) -> None:
    _folder(tmp_path / "spare")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_text("no")
    place = tmp_path / "spare" / "a" / "odd"
    if odd == "fifo":
        os.mkfifo(place)
    else:
        place.symlink_to(outside if odd == "link to a folder" else outside / "secret")
    scan = start_scan(tmp_path / "spare")
    assert scan is not None and scan.result() is None
    scan.stop()
    (tmp_path / "link").symlink_to(tmp_path / "spare")
    assert start_scan(tmp_path / "link") is None  # a link to a folder is never walked


def test_an_answer_about_another_folder_is_not_taken(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    files = _folder(cache / staging.SPARE)
    scan = start_scan(cache / staging.SPARE)
    assert scan is not None
    scanned = scan.result()
    assert scanned is not None
    # The spare is replaced by another folder holding a link out: the walk it had is not its.
    # (The child holds the folder it walked open: the new one cannot have its inode.)
    shutil.rmtree(cache / staging.SPARE)
    _folder(cache / staging.SPARE)
    (cache / staging.SPARE / "a" / "out").symlink_to(tmp_path)
    spare = {name: Entry("k", "d", (len(data), 0, 0)) for name, data in files.items()}
    site = tmp_path / "site"
    made = staging.open_staging(cache, site, spare, {}, recorded_inode=-1, scanned=scanned)
    scan.stop()
    assert made.held == {}  # set aside: a fresh, empty staging folder
    assert not (made.root / "a").exists()


def test_a_deploy_stages_into_the_spare_the_child_walked(
    tmp_path: Path, cloned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = cloned
    (project / "content" / "articles" / "2025/03/story-new.md").write_text(story(99, 3))

    def never(*_: object) -> None:
        raise AssertionError("the build walked or stamped the restored spare itself")

    monkeypatch.setattr(staging, "_only_plain", never)
    monkeypatch.setattr(staging, "_stamps", never)
    added = build(project).report.site
    assert 0 < added.rendered < added.pages
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    assert (project / CACHE_DIR / staging.SPARE).is_dir()


def _walks(project: Path, monkeypatch: pytest.MonkeyPatch, number: int) -> list[Path]:
    """Build *project* with one story more; return the folders a child was started on."""
    started: list[Path] = []

    def spy(spare: Path) -> SpareScan | None:
        started.append(spare)
        return start_scan(spare)

    monkeypatch.setattr(trees, "start_scan", spy)
    (project / "content" / "articles" / f"2025/03/story-{number}.md").write_text(story(number, 3))
    build(project)
    monkeypatch.undo()
    return started


def test_a_spare_the_cache_no_longer_trusts_is_not_walked(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 3)
    build(project)
    spare = project / CACHE_DIR / staging.SPARE
    assert _walks(project, monkeypatch, 90) == [spare]  # trusted: walked beside the build
    cache = open_cache(project)
    try:  # `digest serve` changes site/ in place: it is not trusted, nor the spare it becomes
        record_site(cache, project / SITE_DIR, None)
    finally:
        cache.close()
    assert _walks(project, monkeypatch, 91) == [spare]  # the spare is still the build's own
    assert spare.is_dir()  # the untrusted site/ before, now the spare: its answer never asked
    assert _walks(project, monkeypatch, 92) == []
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    assert _walks(project, monkeypatch, 93) == [spare]  # trusted again
