"""A deploy, then a one-story edit: the edit build's shards are the cold build's.

The one-story-edit build plans its search shards from the plan index (`edit_ahead`,
`edit_search`: `PlanIndex.dated`), a whole build from the stories it loaded
(`search_feed.dated_pages`); a deploy plans only the lists its new stories land on
(`deploy_plan`) and writes the index the next edit reads. Sparse periods are packed into one
shard up to `PACK_STORIES` stories, a busy quarter is cut into months: after a deploy adds a
story to each kind, an edit in each kind must leave site/ (search files included) byte for
byte what a build from nothing makes of the same content.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest.engine.build import build
from digest.site import shard_plan
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, story, write_stories

__all__ = ["settled"]  # the fixture, used by name

# A busy first quarter of 2025 (a shard a month) and a sparse second half (one shard).
BUSY = shard_plan.PACK_STORIES + 3
SPARSE = {200: 9, 201: 11, 202: 12}


def _shards(project: Path) -> list[str]:
    """Return the names of the search shards site/ lists: all but the newest (the primary
    index, at pagefind/ itself)."""
    listed = json.loads((project / "site/pagefind/shards.json").read_text("utf-8"))
    return sorted(entry.strip("/").rsplit("/", 1)[-1] for entry in listed["shards"])


def _write(project: Path, number: int, month: int, text: str = "") -> Path:
    path = project / "content" / "articles" / f"2025/{month:02d}/story-{number}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(story(number, month, body=text), encoding="utf-8")
    return path


def _edit(path: Path, word: str) -> None:
    path.write_text(path.read_text("utf-8").replace("A second paragraph.", f"{word} now."), "utf-8")


@pytest.fixture
def deployed(tmp_path: Path, settled: None) -> Path:
    """Return a project built cold, then deployed (stories added: `deploy_plan`) with a story
    added to the packed half-year and one to a month of its own."""
    project = make_project(tmp_path / "project")
    write_stories(project, BUSY)
    for number, month in SPARSE.items():
        _write(project, number, month)
    build(project)
    assert _shards(project) == ["2025-01", "2025-02", "2025-03"]  # and 2025-h2, the primary
    _write(project, 300, 10)  # into 2025-h2, packed
    _write(project, 301, 2)  # into 2025-02, a month of its own
    result = build(project)
    assert result.site is not None and result.site.planning == "added"
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean-deploy")
    return project


@pytest.mark.parametrize(
    ("number", "month"),
    [(300, 10), (201, 11), (301, 2), (4, 2)],
    ids=["packed-new", "packed-old", "month-new", "month-old"],
)
def test_an_edit_after_a_deploy_builds_the_site_a_cold_build_makes(
    tmp_path: Path, deployed: Path, number: int, month: int
) -> None:
    project = deployed
    _edit(project / "content" / "articles" / f"2025/{month:02d}/story-{number}.md", "Kumquats")
    result = build(project)
    assert result.site is not None and result.site.planning == "edited"
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_edits_after_a_deploy_in_both_kinds_of_shard_build_a_cold_builds_site(
    tmp_path: Path, deployed: Path
) -> None:
    project = deployed
    articles = project / "content" / "articles"
    for number, month, word in ((300, 10, "Kumquats"), (301, 2, "Quinces")):
        _edit(articles / f"2025/{month:02d}/story-{number}.md", word)
        result = build(project)
        assert result.site is not None and result.site.planning == "edited"
        assert snapshot(project / "site") == clean_build(project, tmp_path / f"clean-{number}")


def test_a_deploy_that_fills_a_packed_period_recuts_it_and_an_edit_there_agrees(
    tmp_path: Path, settled: None
) -> None:
    """A second half-year of `PACK_STORIES` stories is one shard; one story more cuts it
    into quarters: the deploy re-plans the shards, the edit's plan index knows the new cut."""
    project = make_project(tmp_path / "project")
    for number in range(shard_plan.PACK_STORIES):
        _write(project, number, 7 + number % 6)
    build(project)
    assert _shards(project) == []  # 2025-h2 alone, the primary
    added = _write(project, 500, 8)
    result = build(project)
    assert result.site is not None and result.site.planning == "added"
    assert _shards(project) == ["2025-q3"]  # and 2025-q4, the primary
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean-deploy")
    _edit(added, "Kumquats")
    result = build(project)
    assert result.site is not None and result.site.planning == "edited"
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
