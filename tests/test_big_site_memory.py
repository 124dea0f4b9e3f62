"""A large site's build holds cards, not story text, and writes what a small one writes.

What a build of 100 000 stories relies on, tried on a small project with the limits made
tiny: no parsed story kept in memory after parsing (every body read back from the cache),
story pages rendered a few at a time with their bodies dropped after each batch, a teaser
memo of one, list pages given stories without bodies, and a file whose stamp changed but
bytes did not answered by its card record without its story being read. The site must be
byte for byte the same.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from digest.engine import assembly
from digest.engine.build import build
from digest.paths import CACHE_DIR
from digest.site import renderer, stories, story_records
from digest.site.plan import referenced_ids
from digest.site.search_files import SearchFiles
from digest.site.story_views import StoryViews, bodies_only_on_story_pages
from digest.store import inputs
from digest.store.cache import open_cache
from digest.store.state import CARDS
from tests.conftest_project import make_project, snapshot
from tests.test_cache import write_stories
from tests.test_deploy_cache import files_compared_by_bytes


def _project(root: Path) -> Path:
    project = make_project(root)
    write_stories(project, 30)
    return project


def test_tiny_memory_limits_build_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _project(tmp_path / "usual")
    build(expected)
    project = _project(tmp_path / "tight")
    monkeypatch.setattr(stories, "KEPT_BYTES", 0)
    monkeypatch.setattr(assembly, "STORY_BATCH", 4)
    monkeypatch.setattr(renderer, "TEASER_MEMO", 1)
    result = build(project)
    assert result.site is not None
    assert result.site.planned is not None  # a full build planned the whole site
    assert result.site.planned.loaded.stories.full == {}  # every body came from the cache
    assert snapshot(project / "site") == snapshot(expected / "site")


def test_a_restored_file_is_answered_by_its_card_without_its_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path / "project")
    build(project)
    folder = project / "content" / "articles"
    for path in folder.rglob("*.md"):  # a fresh clone: same bytes, new times and inodes
        data = path.read_bytes()
        path.unlink()
        path.write_bytes(data)
        os.utime(path, (1, 1))
    read: list[str] = []

    def no_story(data: bytes) -> stories.FullStory:
        read.append("story")
        raise AssertionError("a story was read from the cache")

    monkeypatch.setattr(stories, "story_from_json", no_story)
    cache = open_cache(project)
    try:
        from digest.config import load_config
        from digest.engine.site_plan import load_cards
        from digest.store.inputs import build_settings, scan_project
        from digest.store.url_history import read_history

        inputs = scan_project(project, build_settings(drafts=False, environ={}))
        config, history = load_config(project), read_history(project)
        loaded = load_cards(folder, inputs, cache, inputs.code, config, False, 0, history)
        records = {file.path: cache.get(CARDS, file.path) for file in loaded.stories.files}
    finally:
        cache.close()
    assert len(loaded.stories.files) == 30 and loaded.stories.parsed == 0
    assert not read
    for file in loaded.stories.files:  # its record as the cache holds it, never written again
        assert file.held is not None and file.held.check == loaded.known[file.path]
        record = records[file.path]
        assert record is not None and json.loads(record)["stamp"] == file.held.stamp


def test_a_restored_file_s_record_is_not_encoded_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deploy (every stamp new) re-stamps each card's record, never encodes the card again
    (100 000 cards: seconds), and the next build trusts the records it wrote."""
    monkeypatch.setattr(inputs, "RACY_NS", 0)  # stamps written just now are trusted
    project = _project(tmp_path / "project")
    build(project)
    for path in (project / "content" / "articles").rglob("*.md"):  # new times and inodes
        data = path.read_bytes()
        path.unlink()
        path.write_bytes(data)
        os.utime(path, (1, 1))

    def no_encoding(article: object) -> object:
        raise AssertionError("a card was encoded again")

    monkeypatch.setattr(story_records, "article_json", no_encoding)
    assert build(project).report.site.parsed == 0
    compared = files_compared_by_bytes(monkeypatch)
    build(project)
    assert compared == []  # every record held the file's stamp: not even read


def test_list_pages_get_stories_without_bodies(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    result = build(project)
    assert result.site is not None
    planned = result.site.planned
    assert planned is not None
    assert bodies_only_on_story_pages(planned.theme)
    views = StoryViews(planned.plan, planned.loaded.arranged, planned.theme)

    def no_bodies(files: object) -> dict[str, stories.FullStory]:
        raise AssertionError("a list page asked for a story's body")

    lists = [
        path
        for path, page in planned.plan.pages.items()
        if page.template != "article.html" and referenced_ids(planned.plan, [path])
    ]
    shown = views.for_files(lists, no_bodies)
    assert shown and all(str(story.body_html) == "" for story in shown.values())


def test_a_theme_showing_bodies_on_list_pages_gets_full_stories(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    templates = project / "templates"
    templates.mkdir()
    (templates / "day.html").write_text(
        '{% extends "base.html" %}{% block main %}{% for section in sections %}'
        "{% for story in section.stories %}<div class=full>{{ story.body_html }}</div>"
        "{% endfor %}{% endfor %}{% endblock %}",
        encoding="utf-8",
    )
    result = build(project)
    assert result.site is not None
    assert result.site.planned is not None
    assert not bodies_only_on_story_pages(result.site.planned.theme)
    day = (project / "site/2025/01/01/index.html").read_text(encoding="utf-8")
    assert "<div class=full><p>Story 0 happened in month 1." in day


def _bytes_read() -> int:
    with open("/proc/self/io", encoding="ascii") as io:
        return next(int(line.split()[1]) for line in io if line.startswith("rchar:"))


@pytest.mark.skipif(not os.path.exists("/proc/self/io"), reason="counts bytes read (Linux)")
def test_a_large_value_is_never_read_to_find_other_entries(tmp_path: Path) -> None:
    # In a WITHOUT ROWID table SQLite compares keys against whole cells: every search that
    # met a 5 MB manifest read all of it (5 000 small entries beside two took 130 s). Counted
    # here as the bytes read while small entries are written and read back.
    project = make_project(tmp_path / "project")
    cache = open_cache(project)
    cache.put("manifest", "site", b"m" * 4_000_000)
    cache.put("related", "memo", b"r" * 4_000_000)
    cache.commit()
    before = _bytes_read()
    for number in range(300):
        cache.put("cards", f"2025/01/story-{number:04d}.md", b"c" * 1500)
    cache.commit()
    found = cache.get_many("cards", [f"2025/01/story-{n:04d}.md" for n in range(300)])
    read = _bytes_read() - before
    cache.close()
    assert len(found) == 300
    assert read < 8_000_000  # not even one large value read whole


def test_the_search_index_is_placed_a_batch_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """100 000 stories' search index is ~500 MB: it is never read into memory whole, and a
    damaged cached file met after others were placed still gives the same site."""
    expected = _project(tmp_path / "usual")
    build(expected)
    project = _project(tmp_path / "tight")
    build(project)
    for folder in (project / CACHE_DIR / "search").iterdir():  # a killed run's leftovers
        for path in folder.rglob("*.pf_fragment"):
            path.unlink()
    shutil.rmtree(project / "site")
    shutil.rmtree(project / CACHE_DIR / "spare", ignore_errors=True)
    monkeypatch.setattr(assembly, "SEARCH_BATCH", 2)
    read = SearchFiles.read
    sizes: list[int] = []

    def spy(self: SearchFiles, paths: Sequence[str]) -> dict[str, bytes] | Path:
        sizes.append(len(paths))
        return read(self, paths)

    monkeypatch.setattr(SearchFiles, "read", spy)
    report = build(project).report
    assert any("cached search index damaged" in warning for warning in report.warnings)
    assert len(sizes) > 2 and max(sizes) <= 2
    assert snapshot(project / "site") == snapshot(expected / "site")
