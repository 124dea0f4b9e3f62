"""A deploy's next spare, linked by a child process while the build renders.

A build with no site/ before it keeps a hard-linked copy of the new site as the next spare.
The copy of the restored spare's files is begun when the staging folder is opened; at the
end only what changed meanwhile is put right. Whatever happens, the spare must hold every
file of the new site as a link to it, and nothing else.
"""

from __future__ import annotations

import gc
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from digest.engine import trees
from digest.engine.assembly import Assembly
from digest.engine.build import build
from digest.errors import DigestError
from digest.paths import CACHE_DIR
from digest.store import spare_copy, staging
from tests.conftest_project import snapshot
from tests.test_cache import clean_build, settled, story
from tests.test_deploy_cache import clone_with_cache, cloned

__all__ = ["cloned", "settled"]  # the fixtures, used by name


def _assert_spare_is_the_site(project: Path) -> None:
    site, spare = project / "site", project / CACHE_DIR / staging.SPARE
    files = sorted(path.relative_to(site) for path in site.rglob("*") if path.is_file())
    kept = sorted(path.relative_to(spare) for path in spare.rglob("*") if path.is_file())
    assert files == kept and len(files) > 50
    assert all(os.path.samefile(site / path, spare / path) for path in files)
    folders = {path.relative_to(spare) for path in spare.rglob("*") if path.is_dir()}
    assert folders == {path.relative_to(site) for path in site.rglob("*") if path.is_dir()}
    assert not [entry for entry in (project / CACHE_DIR).iterdir() if "stage-" in entry.name]


def _whole_copies(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    made: list[int] = []
    real = staging.keep_copy

    def counted(*args: object) -> bool:
        made.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(trees, "keep_copy", counted)
    monkeypatch.setattr(spare_copy, "keep_copy", counted)
    return made


def test_a_deploy_s_spare_is_linked_beside_the_build_and_put_right(
    tmp_path: Path, cloned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = cloned
    articles = project / "content" / "articles"
    (articles / "2025/03/story-new.md").write_text(story(99, 3))  # pages written anew
    (articles / "2025/01/story-0.md").unlink()  # its page and folder dropped
    made = _whole_copies(monkeypatch)
    build(project)
    assert made == []  # before: the whole copy made after publishing
    _assert_spare_is_the_site(project)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    clone_with_cache(project)  # the next deploy stages into that spare
    again = build(project).report.site
    assert (again.rendered, again.parsed) == (0, 0)
    _assert_spare_is_the_site(project)


def test_a_child_that_failed_leaves_the_whole_copy_to_the_build(
    tmp_path: Path, cloned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = cloned
    (project / "content" / "articles" / "2025/03/story-new.md").write_text(story(99, 3))
    monkeypatch.setattr(
        spare_copy, "_LINKER", "import os, sys\nos.mkdir(sys.argv[2] + '/x')\nsys.exit(1)"
    )
    made = _whole_copies(monkeypatch)
    build(project)
    assert made == [1]
    _assert_spare_is_the_site(project)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_failed_deploy_stops_the_child_and_removes_its_copy(
    cloned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = cloned
    started: list[tuple[subprocess.Popen[bytes], Path]] = []
    real = spare_copy.start_copy

    def start(*args: Any) -> spare_copy.EarlyCopy | None:
        early = real(*args)
        assert early is not None
        started.append((early.process, early.target))
        return early

    def fail(*args: object) -> None:
        raise DigestError("failed after the staging folder was opened")

    monkeypatch.setattr(trees, "start_copy", start)
    # (A deploy of this small site is a story-edit build of every file: both kinds of build
    # place the search index through the assembly.)
    monkeypatch.setattr(Assembly, "place_search", fail)
    with pytest.raises(DigestError):
        build(project)
    gc.collect()
    [(process, target)] = started
    assert process.poll() is not None and not target.exists()  # before: left behind
    monkeypatch.undo()
    build(project)
    _assert_spare_is_the_site(project)


def test_a_first_build_links_its_spare_beside_pagefind_s_last_run(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build with no site/ begins the spare's copy when one Pagefind run is left, not
    after it: the pages are linked by the child, the last shard's files when publishing."""
    from digest.engine import assembly
    from tests.conftest_project import make_project
    from tests.pagefind_gate import gated_pagefind
    from tests.test_cache import write_stories

    project = make_project(tmp_path / "project")
    write_stories(project, 240)  # three months: three shards indexed, two render workers
    monkeypatch.setenv("DIGEST_WORKERS", "2")
    # Three months, three shards: the first two Pagefind runs go at once, the last waits for a
    # gate the copy's start opens, so it outlasts the render however busy the machine is.
    gate = gated_pagefind(tmp_path, monkeypatch, free=2)
    begun: list[tuple[int, int]] = []  # runs going, files held, as the copy began
    real_start = spare_copy.start_copy

    def start(root: Path, cache_dir: Path, held: Any) -> spare_copy.EarlyCopy | None:
        feed = built[0].feed
        assert feed is not None
        begun.append((len(feed.indexing.running), len(held)))
        gate.touch()
        return real_start(root, cache_dir, held)

    built: list[Assembly] = []
    real_copy_aside = Assembly.copy_aside

    def copy_aside(self: Assembly) -> None:
        built.append(self)
        real_copy_aside(self)

    monkeypatch.setattr(assembly, "start_copy", start)
    monkeypatch.setattr(Assembly, "copy_aside", copy_aside)
    made = _whole_copies(monkeypatch)
    build(project)
    assert made == []  # before: every file linked after Pagefind's last run
    [(running, held)] = begun
    assert running == 1 and held > 240  # every page, while the last run went on
    _assert_spare_is_the_site(project)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
