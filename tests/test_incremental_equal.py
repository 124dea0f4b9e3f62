"""Incremental builds and deploys write, byte for byte, what a build from nothing writes.

The cases of issue 20's figures: one story's text edited, then its tags (it leaves one
tag's pages and feed for another's); and a deploy (a fresh clone with the cache restored)
bringing 50 new stories with an old story's tag changed. What a build takes from the cache
(cards re-stamped by their bytes, the URL history's entries kept as they were, the last
related stories, reused pages) must never show in the output.
"""

from __future__ import annotations

from pathlib import Path

from digest.engine.build import build
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, story, write_stories
from tests.test_deploy_cache import clone_with_cache

__all__ = ["settled"]  # the fixture, used by name

EDITED = "2025/01/story-0.md"


def _tag_page(site: dict[str, bytes], slug: str) -> str:
    return site[f"tags/{slug}/index.html"].decode("utf-8")


def test_one_story_edited_then_retagged_builds_what_a_clean_build_does(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 30)
    build(project)
    articles = project / "content" / "articles"
    (articles / EDITED).write_text(story(0, 1, body="An edited body.\n"), encoding="utf-8")
    edited = build(project).report.site
    assert edited.parsed == 1 and 0 < edited.rendered < edited.pages
    site = snapshot(project / "site")
    assert site == clean_build(project, tmp_path / "clean")
    assert "An edited body." in site["2025/01/01/story-0/index.html"].decode("utf-8")

    # The same story moves from the Economy tag to Energy: both tags' pages and feeds change.
    retagged = story(0, 1, tags="[Iran, Energy]", body="An edited body.\n")
    (articles / EDITED).write_text(retagged, encoding="utf-8")
    build(project)
    site = snapshot(project / "site")
    assert "Story Number 0" in _tag_page(site, "energy")
    assert "Story Number 0" not in _tag_page(site, "economy")
    assert site == clean_build(project, tmp_path / "clean")


def test_a_deploy_of_50_new_stories_builds_what_a_clean_build_does(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 30)
    build(project)
    clone_with_cache(project)
    articles = project / "content" / "articles"
    for number in range(100, 150):
        tags = "[Iran, Energy]" if number % 2 else "[Economy, Trade]"
        path = articles / f"2025/04/story-{number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(story(number, 4, tags=tags), encoding="utf-8")
    (articles / EDITED).write_text(story(0, 1, tags="[Iran, Energy]"), encoding="utf-8")
    deployed = build(project).report.site
    assert deployed.parsed == 51 and deployed.articles == 80
    assert deployed.rendered < deployed.pages
    site = snapshot(project / "site")
    assert "Story Number 0" in _tag_page(site, "energy")
    assert site == clean_build(project, tmp_path / "clean")
