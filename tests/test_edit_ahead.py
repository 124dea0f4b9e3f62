"""Edit ahead: a story edit's Pagefind run started before the site's code is imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from digest.config import load_config
from digest.engine.build import build
from digest.site import pagefind_early
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, story, write_stories
from tests.test_pictures import pictured

__all__ = ["pictured", "settled"]  # fixtures, used by name

# Reads the plan index and starts Pagefind as `engine/build` does before it imports the site
# builder; prints what it found and which of the site's modules were loaded by then.
SCRIPT = """import os, sys, pathlib
import digest.store.inputs
digest.store.inputs.RACY_NS = 0  # as the `settled` builds before it
from digest.config import load_config
from digest.engine.edit_ahead import close_ahead, read_ahead
from digest.store.cache import open_cache
from digest.store.inputs import build_settings, scan_project
project = pathlib.Path(sys.argv[1])
inputs = scan_project(project, build_settings(drafts=False, environ=os.environ))
cache = open_cache(project)
early = read_ahead(project, load_config(project), cache, inputs, project / "site")
try:
    index, ahead = early
    print(index is not None, ahead is not None and ahead[0], bool(ahead and ahead[1]))
    site = ("digest.engine.site_build", "digest.site.renderer", "digest.site.plan")
    libraries = ("jinja2", "markdown_it")
    print(sorted(n for n in sys.modules if n in site or n.split(".")[0] in libraries))
finally:
    close_ahead(early)
    cache.close()
"""


def test_a_story_edit_reads_the_plan_index_and_starts_pagefind_before_the_site_code_loads(
    pictured: Path, settled: None
) -> None:
    """The index is unpickled with only the modules `edit_ahead` imports (its pictures' data
    classes among them): had it named a class of a module not loaded, it would be read as no
    index, and every story edit would plan the whole site."""
    build(pictured)
    plain = pictured / "content/articles/2026/01/plain.md"
    plain.write_text(plain.read_text("utf-8") + "A sentence more.\n", "utf-8")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(pictured)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["True ['2026/01/plain.md'] True", "[]"]
    built = build(pictured).site  # and the build itself takes the edit's way
    assert built is not None and built.planning == "edited"


@pytest.mark.parametrize("search", [True, False])
def test_a_story_edit_is_read_ahead_before_the_settings_with_the_last_sites_search_index(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch, search: bool
) -> None:
    """`engine/build` starts an edit's Pagefind run before it reads the settings: the last
    site's search index stands for `search`, and with `search: false` none is started. The
    site is a clean build's either way."""
    project = make_project(tmp_path / "project")
    if not search:
        settings = project / "digest.yaml"
        settings.write_text(settings.read_text("utf-8") + "search: false\n", "utf-8")
    write_stories(project, 12)
    build(project)
    assert (project / "site/pagefind").is_dir() == search
    started: list[str] = []
    start_early = pagefind_early.start_early

    def spied(*args: Any) -> Any:
        runs = start_early(*args)
        started.extend(runs)
        return runs

    monkeypatch.setattr("digest.engine.edit_ahead.start_early", spied)
    monkeypatch.setattr("digest.config.load_config", _after(started, load_config))
    edited = project / "content" / "articles" / "2025/02/story-4.md"
    edited.write_text(story(4, 2).replace("A second paragraph.", "Kumquats now."), "utf-8")
    result = build(project)
    assert result.site is not None and result.site.planning == "edited"
    # (Twelve stories over a few months: one shard, packed for their decade.)
    assert started == (["2020s", "settings"] if search else ["settings"])
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    assert not list((project / ".digest-cache" / "search").glob("run-*"))


def _after(events: list[str], load: Any) -> Any:
    def loaded(*args: Any, **kwargs: Any) -> Any:
        events.append("settings")
        return load(*args, **kwargs)

    return loaded
