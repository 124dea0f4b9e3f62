"""A teaser is rendered once for the story pages and the list pages alike.

The render workers of the story pages render the teasers of each story's related stories;
the list pages (month pages, the front page) show the same teasers. The workers of the list
pages start with those the story pages' workers rendered (render_pass.py), instead of
rendering each again, and the site is the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from digest import parallel
from digest.engine import assembly
from digest.engine.build import build
from digest.site import renderer, typography
from digest.site.render_pass import render_pass
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, write_stories

__all__ = ["settled"]  # the fixture, used by name


def test_list_pages_reuse_the_teasers_the_story_pages_rendered(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 240)
    monkeypatch.setenv("DIGEST_WORKERS", "2")
    # Forked workers, as the digest command has them (a thread left by another test would
    # make them spawned, and a spawned worker imports digest anew, without the spy below).
    monkeypatch.setattr(parallel, "_start_method", lambda: "fork")
    log = tmp_path / "teasers.log"  # appended to by the render workers too
    teaser = renderer.Renderer._teaser

    def spied_teaser(
        self: Any, story: Any, level: int = 2, under: str = "", eager: bool = False
    ) -> Any:
        key = (story.article.id, level, under, eager)
        if key not in self._teasers:  # rendered now
            with log.open("a", encoding="utf-8") as out:
                out.write(f"{key!r}\n")
        return teaser(self, story, level, under, eager)

    passes = render_pass

    def spied_pass(*args: Any, **kwargs: Any) -> Any:
        with log.open("a", encoding="utf-8") as out:
            out.write("pass\n")
        return passes(*args, **kwargs)

    monkeypatch.setattr(renderer.Renderer, "_teaser", spied_teaser)
    monkeypatch.setattr(assembly, "render_pass", spied_pass)
    build(project)
    text = log.read_text(encoding="utf-8")
    _, stories, lists = text.split("pass\n")
    story_teasers = set(stories.splitlines())
    assert story_teasers  # the story pages show related stories' teasers
    again = story_teasers & set(lists.splitlines())
    assert again == set()
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_list_pages_reuse_the_titles_the_story_pages_typeset(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A title is typeset by one worker of the story pages, not again by those of the lists."""
    project = make_project(tmp_path / "project")
    write_stories(project, 240)
    monkeypatch.setenv("DIGEST_WORKERS", "2")
    monkeypatch.setattr(parallel, "_start_method", lambda: "fork")
    log = tmp_path / "titles.log"  # appended to by the render workers too
    typeset = typography.typeset

    def spied_typeset(text: str, language: str = "en") -> str:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{text!r}\n")
        return typeset(text, language)

    passes = render_pass

    def spied_pass(*args: Any, **kwargs: Any) -> Any:
        with log.open("a", encoding="utf-8") as out:
            out.write("pass\n")
        return passes(*args, **kwargs)

    monkeypatch.setattr(renderer, "typeset", spied_typeset)
    monkeypatch.setattr(assembly, "render_pass", spied_pass)
    build(project)
    _, stories, lists = log.read_text(encoding="utf-8").split("pass\n")
    typeset_first = stories.splitlines()
    assert len(set(typeset_first)) > 240  # every story's own title, on its page
    assert set(typeset_first) & set(lists.splitlines()) == set()
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
