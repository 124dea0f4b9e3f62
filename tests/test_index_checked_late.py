"""A story edit's Pagefind run starts before the plan index is checked whole (`sound`): only
the pages it reads are checked first. A crafted index is still never used: the run is not
started on a page outside the site, and is stopped when the rest of the index is unsound."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from digest.engine import edit_ahead
from digest.engine.build import build
from digest.engine.plan_index import INDEX_KEY, PlanIndex, sound
from digest.site.pagefind_early import close_runs, start_early
from digest.store import pickled
from digest.store.cache import open_cache
from digest.store.state import PLAN_INDEX
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, write_stories

__all__ = ["settled"]  # the fixture, used by name


def _edited_project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project")
    write_stories(project, 6)
    build(project)
    story = sorted((project / "content" / "articles").rglob("*.md"))[0]
    story.write_text(story.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    return project


def _craft(project: Path, change: Any) -> None:
    cache = open_cache(project)
    try:
        data = cache.get(PLAN_INDEX, INDEX_KEY)
        assert data is not None
        cache.put(PLAN_INDEX, INDEX_KEY, pickled.dumps(change(pickled.loads(data))))
        cache.commit()
    finally:
        cache.close()


def _watch(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the runs started and closed, and when the index was checked whole."""
    seen: list[str] = []

    def started(*args: Any) -> Any:
        runs = start_early(*args)
        seen.append(f"started {len(runs)}")
        return runs

    def closed(runs: Any) -> None:
        seen.append(f"closed {len(runs)}")
        close_runs(runs)

    def checked(index: PlanIndex, project: Path) -> bool:
        found = sound(index, project)
        seen.append(f"sound {found}")
        return found

    monkeypatch.setattr("digest.engine.edit_ahead.start_early", started)
    monkeypatch.setattr("digest.engine.edit_ahead.close_runs", closed)
    monkeypatch.setattr(edit_ahead, "sound", checked)
    return seen


def test_pagefind_starts_before_the_index_is_checked_whole(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _edited_project(tmp_path)
    seen = _watch(monkeypatch)
    result = build(project)
    assert result.site is not None and result.site.planning == "edited"
    assert seen == ["started 1", "sound True"]
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_run_started_on_an_unsound_index_is_stopped_and_the_site_planned_whole(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edited story's shard is inside the site; a redirect elsewhere is not."""
    project = _edited_project(tmp_path)
    _craft(
        project,
        lambda index: dataclasses.replace(
            index, redirects={**index.redirects, "../../victim.html": "/"}
        ),
    )
    seen = _watch(monkeypatch)
    result = build(project)
    assert result.site is not None and result.site.planning != "edited"
    assert seen[:3] == ["started 1", "sound False", "closed 1"]
    assert not (tmp_path / "victim.html").exists()
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_no_run_starts_on_a_shard_naming_a_page_outside_the_site(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _edited_project(tmp_path)

    def outside(index: PlanIndex) -> PlanIndex:
        day = index.dated_pages[0][0]
        return dataclasses.replace(
            index, dated_pages=(*index.dated_pages, (day, "../../victim.html"))
        )

    _craft(project, outside)
    seen = _watch(monkeypatch)
    result = build(project)
    assert result.site is not None and result.site.planning != "edited"
    assert "started 1" not in seen and "sound False" in seen
    assert not (tmp_path / "victim.html").exists()
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


@pytest.mark.parametrize(
    "damage",
    [
        lambda index: dataclasses.replace(index, stamps=list(index.stamps)),
        lambda index: dataclasses.replace(index, dated_pages=(("day", "page"),)),
        lambda index: dataclasses.replace(index, made={"x.jpg": "not a job"}),
    ],
)
def test_an_index_of_the_wrong_shapes_is_no_index(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    project = _edited_project(tmp_path)
    _craft(project, damage)
    seen = _watch(monkeypatch)
    result = build(project)
    assert result.site is not None and result.site.planning != "edited"
    assert "started 1" not in seen
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
