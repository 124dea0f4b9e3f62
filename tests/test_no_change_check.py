"""The check a build makes before doing anything: nothing changed, or something did.

It compares digests, not 100 000 stamps and a 50 MB manifest: each folder of inputs whose
stamps all settled is recorded as one digest of them, and site/ as a seal (its paths and one
digest of every file's size, time and inode). These tests pin that the digests still see
every change: a story edited in place, added or removed, and a file of site/ edited in place,
replaced or deleted; and that the check reads site/'s seal, never its manifest.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from digest.engine import build as build_module
from digest.engine.build import build
from digest.store import inputs
from digest.store.cache import read_entries
from digest.store.inputs import SETTLED, scan_project
from digest.store.seal import seal_bytes, sealed
from digest.store.state import MANIFEST, SEAL
from digest.store.write import Entry, put_file
from tests.conftest_project import make_project, snapshot

STORY = "---\ntitle: Story {n}\ndate: 2025-01-{day:02d}\nregions: [Europe]\n---\n\nCalm {n}.\n"


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat every stamp as settled: tests write files milliseconds before building."""
    monkeypatch.setattr(inputs, "RACY_NS", 0)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def _project(root: Path, count: int = 4) -> Path:
    project = make_project(root)
    folder = project / "content" / "articles" / "2025" / "01"
    folder.mkdir(parents=True)
    for number in range(count):
        text = STORY.format(n=number, day=number + 1)
        (folder / f"story-{number}.md").write_text(text, encoding="utf-8")
    return project


def _built(root: Path) -> Path:
    project = _project(root)
    assert build(project).site is not None
    assert build(project).site is None  # nothing changed: the check alone ran
    return project


def _overwrite_in_place(path: Path, old: bytes, new: bytes) -> None:
    """Change bytes of *path* keeping its size and inode (no rename: only its time moves)."""
    data = path.read_bytes()
    assert old in data and len(old) == len(new)
    inode = path.stat().st_ino
    with open(path, "r+b") as handle:
        handle.write(data.replace(old, new, 1))
    assert path.stat().st_ino == inode and len(path.read_bytes()) == len(data)


def test_settled_folders_are_recorded_as_one_digest(tmp_path: Path, settled: None) -> None:
    project = _project(tmp_path / "project")
    record = scan_project(project, {}).record()
    assert isinstance(record["articles"], str) and record["articles"].startswith(SETTLED)
    assert isinstance(record["theme"], str)


@pytest.mark.parametrize("change", ["edited in place", "added", "removed"])
def test_a_changed_story_is_seen(tmp_path: Path, settled: None, change: str) -> None:
    project = _built(tmp_path / "project")
    folder = project / "content" / "articles" / "2025" / "01"
    if change == "edited in place":
        _overwrite_in_place(folder / "story-1.md", b"Calm 1.", b"Warm 1.")
    elif change == "added":
        (folder / "story-9.md").write_text(STORY.format(n=9, day=20), encoding="utf-8")
    else:
        (folder / "story-2.md").unlink()
    assert build(project).site is not None
    pages = snapshot(project / "site")
    if change == "edited in place":
        assert b"Warm 1." in pages["2025/01/02/story-1/index.html"]
    else:
        assert ("2025/01/20/story-9/index.html" in pages) == (change == "added")
        # A removed story's page is gone (its URL redirects: the page holds no story).
        shown = pages.get("2025/01/03/story-2/index.html", b"")
        assert (b"Calm 2." in shown) == (change == "added")
    assert build(project).site is None


@pytest.mark.parametrize("change", ["edited in place", "replaced", "deleted"])
def test_a_changed_file_of_the_site_is_seen_and_put_right(
    tmp_path: Path, settled: None, change: str
) -> None:
    project = _built(tmp_path / "project")
    expected = snapshot(project / "site")
    page = project / "site" / "2025" / "01" / "02" / "story-1" / "index.html"
    index = sorted(path for path in (project / "site").rglob("*") if "pagefind" in str(path))
    fragment = next(path for path in index if path.is_file() and path.suffix == ".pf_fragment")
    if change == "edited in place":
        _overwrite_in_place(page, b"Calm 1.", b"Warm 1.")
    elif change == "replaced":  # the same bytes in a new file: what an editor's save does
        data = fragment.read_bytes()
        fragment.unlink()
        fragment.write_bytes(data)
    else:
        fragment.unlink()
    assert build(project).site is not None
    assert snapshot(project / "site") == expected
    assert build(project).site is None


def test_the_check_reads_the_seal_never_the_manifest(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path / "project")
    build(project)
    asked: list[str] = []
    real = read_entries

    def reading(project: Path, wanted: list[tuple[str, str]], **options: Any) -> object:
        asked.extend(kind for kind, _ in wanted)
        return real(project, wanted, **options)

    monkeypatch.setattr(build_module, "read_entries", reading)
    assert build(project).site is None
    assert asked == [SEAL]
    assert MANIFEST not in asked


def test_a_seal_sees_each_file_by_its_stamp(tmp_path: Path) -> None:
    root = tmp_path / "site"
    manifest = {
        path: Entry("k", "d", put_file(root, path, path.encode()))
        for path in ("index.html", "a/b/index.html", "a/c.txt")
    }
    seal = seal_bytes(manifest)
    assert sealed(root, seal)
    assert not sealed(root, seal.replace(b"a/c.txt", b"a/d.txt"))  # a file it does not have
    assert not sealed(root, b"") and not sealed(root, seal[:20])  # damaged or empty
    assert not sealed(tmp_path / "elsewhere", seal)
    os.utime(root / "a" / "c.txt", ns=(1, 1))  # same bytes, size and inode: a new time
    assert not sealed(root, seal)
    assert sealed(root, seal_bytes({})) and not sealed(
        root, seal_bytes({"gone.html": Entry("k", "d", (1, 2, 3))})
    )
