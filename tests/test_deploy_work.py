"""A deploy does the work that grows with the site once: what these tests pin.

A deploy (a fresh clone, the cache restored, a day's new stories, no dumps) must not list
content/articles/ again after an ingest that wrote nothing, nor run a render pass for a
batch of story pages that the restored spare holds already; the spare kept after it is made
in threads and must still hold every file of the new site, as links.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from digest.engine import assembly
from digest.engine.build import build
from digest.ingest import article_ids
from digest.paths import CACHE_DIR
from digest.store import inputs, staging
from digest.store.cache import open_cache
from digest.store.state import CARDS
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, story, write_stories
from tests.test_deploy_cache import clone_with_cache, cloned

__all__ = ["cloned", "settled"]  # the fixtures, used by name


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_build_whose_ingest_wrote_nothing_lists_the_stories_once(
    tmp_path: Path, cloned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = cloned
    (project / "content" / "articles" / "2025/03/story-new.md").write_text(story(99, 3))
    listed = _counting(monkeypatch, inputs, "_articles")
    build(project)
    assert len(listed) == 1  # before: once more after ingest, which wrote nothing
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    monkeypatch.undo()
    monkeypatch.setattr(inputs, "RACY_NS", 0)
    assert build(project).report.site.rendered == 0  # the next build has nothing to do


def test_story_batches_the_spare_holds_run_no_render_pass(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, count=30)
    build(project)
    clone_with_cache(project)
    (project / "content" / "articles" / "2025/03/story-new.md").write_text(story(99, 3))
    monkeypatch.setattr(assembly, "STORY_BATCH", 4)  # 8 batches of story pages
    passes = _counting(monkeypatch, assembly, "render_pass")
    build(project)
    # One batch holds the new story's page, then one pass for the other files.
    assert len(passes) == 2
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_the_spare_kept_after_a_deploy_links_every_file_of_the_site(cloned: Path) -> None:
    project = cloned
    build(project)  # no site/ before it: the spare is made as a copy of the new site
    site, spare = project / "site", project / CACHE_DIR / staging.SPARE
    files = sorted(path.relative_to(site) for path in site.rglob("*") if path.is_file())
    kept = sorted(path.relative_to(spare) for path in spare.rglob("*") if path.is_file())
    assert files == kept and len(files) > 50
    assert all(os.path.samefile(site / path, spare / path) for path in files)


def test_an_ingest_with_no_story_reads_no_articles_id(
    cloned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = cloned
    read = _counting(monkeypatch, article_ids, "article_id")
    build(project)
    assert read == []  # before: every file of the clone, its stamp new


def card_records(project: Path) -> dict[str, bytes]:
    """Return every card record of *project*'s build cache, by path."""
    cache = open_cache(project)
    try:
        return cache.get_kind(CARDS)
    finally:
        cache.close()


def test_a_fresh_clones_racy_stamps_leave_the_card_records_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inputs, "RACY_NS", 0)  # the last deploy's records: settled stamps
    project = make_project(tmp_path / "project")
    write_stories(project)
    build(project)
    before = card_records(project)
    clone_with_cache(project)
    monkeypatch.setattr(inputs, "RACY_NS", 10**15)  # every file of the clone just written
    build(project)
    assert card_records(project) == before  # before: each record written again, its stamp None
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    (project / "content" / "articles" / "2025/03/story-new.md").write_text(story(99, 3))
    build(project)  # the old records still answer by the files' bytes
    assert card_records(project).keys() == {*before, "2025/03/story-new.md"}
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean2")
