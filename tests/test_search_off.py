"""`search: false`: no search page, no index, no link to search, and Pagefind never runs.

Turning the setting on again gives what a build from nothing gives, and a live update of a
site without search records site/ for the next build without indexing anything.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from digest.config import load_config
from digest.engine.build import build
from digest.engine.live_search import open_live
from digest.site import pagefind
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, write_stories
from tests.test_live import FIXTURE, search_settled, story

__all__ = ["settled"]  # the fixture, used by name


def _search(project: Path, on: bool) -> None:
    settings = project / "digest.yaml"
    text = settings.read_text(encoding="utf-8").replace("\nsearch: false\n", "\n")
    settings.write_text(text if on else text.rstrip("\n") + "\nsearch: false\n", "utf-8")


def _no_pagefind(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> list[str]:
        raise AssertionError("Pagefind was asked for with search: false")

    monkeypatch.setattr(pagefind, "pagefind_command", refuse)
    monkeypatch.setattr("digest.engine.site_build.pagefind_command", refuse, raising=False)


def test_without_search_there_is_no_search_page_index_or_link(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project)
    build(project)  # with search first: turning it off must take its files away
    assert (project / "site" / "pagefind" / "pagefind.js").is_file()
    _search(project, on=False)
    with monkeypatch.context() as patched:
        _no_pagefind(patched)
        report = build(project).report.site
    assert report is not None and report.shards == 0 and report.indexed == 0
    files = snapshot(project / "site")
    assert not [path for path in files if path.startswith(("pagefind/", "search/"))]
    pages = {path: data for path, data in files.items() if path.endswith(".html")}
    assert pages and not [path for path, data in pages.items() if b'/search/"' in data]
    assert b"archive" in pages["404.html"] and b"search" not in pages["404.html"].lower()
    assert files == clean_build(project, tmp_path / "clean-off")
    _search(project, on=True)
    build(project)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean-on")


def test_a_live_update_without_search_is_recorded_for_the_next_build(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    _search(project, on=False)
    _no_pagefind(monkeypatch)
    build(project)
    live = open_live(project, load_config(project))
    try:
        added = project / "content" / "articles" / "2026" / "01" / "added.md"
        added.write_text(story("Added", "2026-01-12", "[Trade]", "News."), "utf-8")
        update = live.prepare([added])
        assert update is not None
        live.commit(update)
        assert search_settled(live, 60)
    finally:
        live.search.stop()
    assert not (project / "site" / "pagefind").exists()
    report = build(project).report.site  # nothing changed since: site/ is trusted as it is
    assert report is None or report.written == 0
