"""A first build's templates keyed and compiled by a forked child (`engine/template_aside`)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from digest.config import load_config
from digest.engine import site_build, site_plan
from digest.engine.template_aside import TemplatesAside, start_templates
from digest.site.keys import template_keys, templates_digest
from digest.site.theme import ThemeError, resolve_theme
from digest.store.cache import open_cache
from tests.conftest import WriteArticle, build

PAGES = ["article.html", "home.html", "tag.html", "404.html"]


def _started(project: Path, code: Path) -> TemplatesAside:
    aside = start_templates(resolve_theme(project, "default"), code)
    assert aside is not None, "the build's process has one thread: the child is forked"
    return aside


def test_the_childs_keys_are_the_builds_and_it_compiles_what_pages_use(
    project: Path, tmp_path: Path
) -> None:
    theme = resolve_theme(project, "default")
    code = tmp_path / "code"
    aside = _started(project, code)
    found = aside.keys(templates_digest(theme), PAGES)
    assert found == template_keys(theme, PAGES)
    assert aside.keys("another digest", PAGES) is None  # other template files: keyed anew
    assert aside.keys(templates_digest(theme), ["no-such.html"]) is None
    assert aside.wait() == 0
    aside.close()  # nothing left to stop
    # Every template a page uses is compiled (one file of code and one of its stamp each):
    # the page templates, base.html, and the parts they include, the teaser among them.
    compiled = len(list(code.glob("*.code")))
    themed = resolve_theme(project, "default").chain[0] / "templates"
    assert compiled == len(list(themed.glob("*.html")))


def test_a_template_edited_after_the_child_keyed_it_is_keyed_again(
    project: Path, tmp_path: Path
) -> None:
    (project / "templates").mkdir()
    base = project / "templates" / "base.html"
    shutil.copy(resolve_theme(project, "default").chain[0] / "templates" / "base.html", base)
    aside = _started(project, tmp_path / "code")
    aside.keys("", [])  # the answer is in: the child keyed the base.html copied above
    base.write_text(base.read_text(encoding="utf-8") + "<!-- edited -->\n", encoding="utf-8")
    theme = resolve_theme(project, "default")
    cache = open_cache(project)
    try:
        keys = site_plan.known_template_keys(cache, theme, PAGES, aside)
    finally:
        cache.close()
        aside.close()
    assert keys == template_keys(theme, PAGES)


def test_the_keys_are_the_childs_when_the_templates_are_the_same(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aside = _started(project, tmp_path / "code")
    theme = resolve_theme(project, "default")
    expected = template_keys(theme, PAGES)

    def refused(*_: object) -> dict[str, str]:
        raise AssertionError("keyed in the build's process, not taken from the child")

    monkeypatch.setattr(site_plan, "template_keys", refused)
    cache = open_cache(project)
    try:
        assert site_plan.known_template_keys(cache, theme, PAGES, aside) == expected
    finally:
        cache.close()
        aside.close()


def test_a_first_build_with_the_child_writes_what_one_without_it_does(
    project: Path, write_article: WriteArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(3):
        write_article(
            f"2024/0{number + 1}/story-{number}.md",
            f"title: Story {number}\ndate: 2024-0{number + 1}-0{number + 1}\ntags: [Trade]",
        )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    started: list[int] = []  # the child's pid (the build holds the only reference to it)

    def counted(*args: object) -> TemplatesAside | None:
        aside = start_templates(*args)  # type: ignore[arg-type]
        assert aside is not None
        started.append(aside.pid)
        return aside

    monkeypatch.setattr(site_build, "start_templates", counted)
    with_child = _files(build(project))
    assert started
    for name in ("site", ".digest-cache"):
        shutil.rmtree(project / name)
    monkeypatch.setattr(site_build, "start_templates", lambda *_: None)
    assert _files(build(project)) == with_child
    with pytest.raises(ChildProcessError):
        os.waitpid(started[0], os.WNOHANG)  # reaped as the build ended


def test_a_broken_template_fails_the_build_as_it_did_without_the_child(
    project: Path, write_article: WriteArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_article("2024/01/story.md", "title: Story\ndate: 2024-01-05\ntags: [Trade]")
    (project / "templates").mkdir()
    (project / "templates" / "tag.html").write_text('{% extends "base.html" %}{% block main %}')
    messages = []
    for start in (start_templates, lambda *_: None):
        monkeypatch.setattr(site_build, "start_templates", start)
        with pytest.raises(ThemeError) as failure:
            site_build.build_site(project, load_config(project))
        messages.append(str(failure.value))
        shutil.rmtree(project / ".digest-cache", ignore_errors=True)
    assert messages[0] == messages[1]
    assert "tag.html" in messages[0]


def _files(site: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(site)): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }
