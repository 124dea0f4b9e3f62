"""Incremental builds and deploys write, byte for byte, what a build from nothing writes.

The cases of issue 20's figures: one story's text edited, then its tags (it leaves one
tag's pages and feed for another's); and a deploy (a fresh clone with the cache restored)
bringing 50 new stories with an old story's tag changed. What a build takes from the cache
(cards re-stamped by their bytes, the URL history's entries kept as they were, the last
related stories, reused pages) must never show in the output.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from digest.engine.build import build
from digest.errors import ArticleErrors
from digest.paths import CACHE_DIR
from digest.store.cache import DATABASE
from digest.store.staging import SPARE
from digest.store.state import PLAN
from digest.story_files import PLACEHOLDER
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


def _edited(project: Path) -> bool:
    """Build *project*; tell whether the build planned only what its edits touched."""
    result = build(project)
    assert result.site is not None
    return result.site.planned is None  # an edit build keeps no plan of the whole site


def test_story_edits_planned_from_the_last_plan_build_what_a_clean_build_does(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 30)
    assert not _edited(project)
    articles = project / "content" / "articles"

    # A new first paragraph: the story's teaser changes on every list page that shows it.
    (articles / EDITED).write_text(story(0, 1, body="A new lead paragraph.\n"), encoding="utf-8")
    assert _edited(project)
    site = snapshot(project / "site")
    assert "A new lead paragraph." in _tag_page(site, "economy")
    assert site == clean_build(project, tmp_path / "clean")

    # Another story's second paragraph, then the first one's again: edits on edits.
    other = articles / "2025/02/story-4.md"
    other.write_text(story(4, 2).replace("A second paragraph.", "Another one."), "utf-8")
    assert _edited(project)
    (articles / EDITED).write_text(story(0, 1, body="A third lead.\n"), encoding="utf-8")
    assert _edited(project)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")

    # A new title moves the story on list pages (ordered by title within a day): planned whole.
    retitled = story(0, 1, body="A third lead.\n").replace("Story Number 0", "Aardvark Story")
    (articles / EDITED).write_text(retitled, encoding="utf-8")
    assert not _edited(project)
    site = snapshot(project / "site")
    assert "Aardvark Story" in _tag_page(site, "economy")
    assert site == clean_build(project, tmp_path / "clean")

    # Moved to another day: planned whole; then edited again from the new plan.
    moved = retitled.replace("date: 2025-01-01", "date: 2025-01-05")
    (articles / EDITED).write_text(moved, encoding="utf-8")
    assert not _edited(project)
    (articles / EDITED).write_text(moved.replace("A third lead.", "A fourth."), "utf-8")
    assert _edited(project)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_an_edit_build_tells_each_warning_of_a_story_as_a_clean_build_does(
    tmp_path: Path, settled: None
) -> None:
    # A story with digest new's placeholder line and a control character: two warnings, in
    # an edit build as in a full one (the plan index keeps them one line each).
    project = make_project(tmp_path / "project")
    write_stories(project, 3)
    both = project / "content" / "articles" / "2025" / "01" / "both.md"
    both.write_text(
        f"---\ntitle: Both Warnings\ndate: 2025-01-02\n---\n\n{PLACEHOLDER}\n\nBell\x07 here.\n",
        encoding="utf-8",
    )
    full = build(project).warnings
    assert len([w for w in full if "both.md" in w]) == 2
    (project / "content" / "articles" / EDITED).write_text(
        story(0, 1, body="A new lead paragraph.\n"), encoding="utf-8"
    )
    edited = build(project)
    assert edited.site is not None and edited.site.planned is None  # an edit build
    assert list(edited.warnings) == list(full)


def test_an_edit_build_plans_whole_when_its_last_plans_are_gone_or_a_site_file_changed(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 30)
    build(project)
    articles = project / "content" / "articles"
    plans = sqlite3.connect(project / CACHE_DIR / DATABASE)
    with plans:
        plans.execute("DELETE FROM entries WHERE kind = ?", (PLAN,))
    plans.close()
    (articles / EDITED).write_text(story(0, 1, body="First edit.\n"), encoding="utf-8")
    assert not _edited(project)  # no plan to read: everything planned again
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")

    # A page the edit does not touch, changed in site/ and in the spare: rendered again.
    for folder in (project / "site", project / CACHE_DIR / SPARE):
        (folder / "404.html").write_bytes(b"changed behind digest's back")
    (articles / EDITED).write_text(story(0, 1, body="Second edit.\n"), encoding="utf-8")
    assert not _edited(project)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_draft_edited_and_a_story_touched_build_what_a_clean_build_does(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 12)
    draft = project / "content" / "articles" / "2025/03/draft.md"
    draft.write_text(story(40, 3).replace("---\n\n", "draft: true\n---\n\n", 1), "utf-8")
    build(project)
    draft.write_text(draft.read_text("utf-8").replace("calm", "stormy"), "utf-8")
    touched = project / "content" / "articles" / EDITED
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    result = build(project)
    assert result.site is not None and result.site.planned is None
    assert result.report.site.rendered == 0 and result.report.site.parsed == 1
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_an_edit_over_a_limit_is_refused_as_a_full_build_refuses_it(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    with (project / "digest.yaml").open("a", encoding="utf-8") as settings:
        settings.write("limits:\n  captions: 1\n")
    write_stories(project, 6)
    build(project)
    captioned = story(0, 1).replace("---\n\n", "captions: [One, Two]\n---\n\n", 1)
    (project / "content" / "articles" / EDITED).write_text(captioned, encoding="utf-8")
    with pytest.raises(ArticleErrors) as refused:
        build(project)
    assert f"{EDITED}: captions: 2 listed, at most 1" in str(refused.value)


def _added(project: Path, stories: dict[str, str], *, clone: bool = True) -> str:
    """Add *stories* (file -> text) to *project*, a fresh clone of itself unless not *clone*;
    build it and return how the build was planned ("added": from the last plan)."""
    if clone:
        clone_with_cache(project)
    articles = project / "content" / "articles"
    for name, text in stories.items():
        (articles / name).parent.mkdir(parents=True, exist_ok=True)
        (articles / name).write_text(text, encoding="utf-8")
    result = build(project)
    assert result.site is not None
    return result.site.planning


def _new(number: int, date: str, tags: str = "[Iran, Economy]", regions: str = "[Europe]") -> str:
    return (
        story(number, 1, tags=tags)
        .replace(f"date: 2025-01-{(number % 27) + 1:02d}", f"date: {date}")
        .replace("regions: [Europe]", f"regions: {regions}")
    )


def test_deploys_planned_from_the_last_plan_build_what_a_clean_build_does(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    text = (project / "digest.yaml").read_text("utf-8").replace("paginate: 20", "paginate: 3")
    (project / "digest.yaml").write_text(text, "utf-8")
    write_stories(project, 30)
    assert build(project).site.planning == "whole"  # type: ignore[union-attr]
    site = snapshot(project / "site")

    # A story on an existing day of January, older than February's and March's stories:
    # it lands in their related lists (same tags), which are planned again.
    assert _added(project, {"2025/01/new-30.md": _new(30, "2025-01-04")}) == "added"
    after = snapshot(project / "site")
    assert after == clean_build(project, tmp_path / "clean")
    related = [
        path
        for path, data in after.items()
        if path.startswith("2025/0")
        and path in site
        and data != site[path]
        and b"Story Number 30" in data
        and path.count("/") == 4
    ]
    assert related  # an older story page now names the new story among its related ones

    # A new day in an existing month, then a new month (its neighbour's links change).
    assert _added(project, {"2025/03/new-31.md": _new(31, "2025-03-28")}) == "added"
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    assert _added(project, {"2025/05/new-32.md": _new(32, "2025-05-10")}) == "added"
    site = snapshot(project / "site")
    assert site == clean_build(project, tmp_path / "clean")
    assert b"2025/05/" in site["2025/03/index.html"]

    # A new tag and a new region; then, without a clone, a plain build of one story more.
    new = _new(33, "2025-05-11", tags="[Trade]", regions="[Asia]")
    assert _added(project, {"2025/05/new-33.md": new}) == "added"
    site = snapshot(project / "site")
    assert "tags/trade/index.html" in site and "regions/asia/index.html" in site
    assert site == clean_build(project, tmp_path / "clean")
    assert _added(project, {"2025/05/new-34.md": _new(34, "2025-05-11")}, clone=False) == "added"
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")

    # A story deleted (planned whole), then its text back under another file: the new story
    # takes the old one's URLs (its history entry), and its old URL redirects to the new.
    gone = project / "content" / "articles" / "2025/05/new-34.md"
    text = gone.read_text("utf-8")
    gone.unlink()
    assert _added(project, {}, clone=False) == "whole"
    history = _whole_history(project, {"2025/05/renamed.md": text}, tmp_path / "whole")
    assert _added(project, {"2025/05/renamed.md": text}) == "added"
    site = snapshot(project / "site")
    assert b"2025/05/11/renamed/" in site["2025/05/11/new-34/index.html"]  # the old URL's
    assert site == clean_build(project, tmp_path / "clean")
    assert (project / "content" / ".urls.json").read_bytes() == history


def _whole_history(project: Path, stories: dict[str, str], into: Path) -> bytes:
    """Return the URL history a whole build (no cache) of *project* with *stories* writes."""
    shutil.copytree(project / "content", into / "content")
    shutil.copy(project / "digest.yaml", into / "digest.yaml")
    for name, text in stories.items():
        (into / "content" / "articles" / name).write_text(text, encoding="utf-8")
    assert build(into).site.planning == "whole"  # type: ignore[union-attr]
    return (into / "content" / ".urls.json").read_bytes()


def test_a_deploy_crossing_a_page_boundary_builds_what_a_clean_build_does(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    text = (project / "digest.yaml").read_text("utf-8").replace("paginate: 20", "paginate: 3")
    (project / "digest.yaml").write_text(text, "utf-8")
    write_stories(project, 31)  # 31 on the Economy tag: 10 pages of 3, the first of 4
    build(project)
    before = snapshot(project / "site")
    assert "tags/economy/page/10/index.html" not in before
    added = {f"2025/04/new-{n}.md": _new(n, f"2025-04-0{n - 39}") for n in (40, 41)}
    assert _added(project, added) == "added"
    site = snapshot(project / "site")
    assert "tags/economy/page/10/index.html" in site
    assert site == clean_build(project, tmp_path / "clean")


def test_a_deploy_with_anything_else_changed_is_planned_whole(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 20)
    build(project)
    # An old story edited beside the new one.
    edited = {"2025/04/new-50.md": _new(50, "2025-04-02"), EDITED: story(0, 1, body="Edited.\n")}
    assert _added(project, edited) == "whole"
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    # The settings changed (by their bytes; every file time is new anyway).
    settings = project / "digest.yaml"
    settings.write_text(settings.read_text("utf-8").replace("paginate: 20", "paginate: 4"))
    assert _added(project, {"2025/04/new-51.md": _new(51, "2025-04-03")}) == "whole"
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    # A story's file gone: planned whole; then a new story with a region spelled anew by most.
    (project / "content" / "articles" / "2025/04/new-51.md").unlink()
    assert _added(project, {}) == "whole"
    respelled = {
        f"2025/04/new-{n}.md": _new(n, "2025-04-05", regions="[EUROPE]") for n in range(60, 81)
    }
    assert _added(project, respelled) == "whole"
    site = snapshot(project / "site")
    assert b"EUROPE" in site["regions/index.html"]
    assert site == clean_build(project, tmp_path / "clean")
    assert _added(project, {}) == "added"  # nothing new: the same plan
    assert snapshot(project / "site") == site
