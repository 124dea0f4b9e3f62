"""A first build's templates keyed and compiled by a forked child (`engine/template_aside`).

The child is forked only by a process with one thread (`parallel.forks_workers`); the test
process may have others (servers of earlier tests), so each check runs in a fresh interpreter,
as `digest build` does.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from digest.config import load_config
from digest.engine import site_build
from digest.site.theme import ThemeError, resolve_theme
from tests.conftest import WriteArticle, build

PAGES = ["article.html", "home.html", "tag.html", "404.html"]

_HEAD = """
import os, sys
from pathlib import Path
from digest.engine import site_build, site_plan
from digest.engine.template_aside import start_templates
from digest.site.keys import template_keys, templates_digest
from digest.site.theme import resolve_theme
from digest.store.cache import open_cache
project, code = Path(sys.argv[1]), Path(sys.argv[2])
PAGES = {pages!r}
theme = resolve_theme(project, "default")
aside = start_templates(theme, code)
assert aside is not None, "one thread: the child is forked"
"""


def _run(project: Path, code: Path, body: str) -> str:
    """Run _HEAD + *body* in a fresh interpreter (one thread); return what it printed."""
    script = _HEAD.format(pages=PAGES) + textwrap.dedent(body)
    done = subprocess.run(
        [sys.executable, "-c", script, str(project), str(code)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_childs_keys_are_the_builds_and_it_compiles_what_pages_use(
    project: Path, tmp_path: Path
) -> None:
    said = _run(
        project,
        tmp_path / "code",
        """
        assert aside.keys(templates_digest(theme), PAGES) == template_keys(theme, PAGES)
        assert aside.keys("another digest", PAGES) is None  # other template files
        assert aside.keys(templates_digest(theme), ["no-such.html"]) is None
        assert aside.wait() == 0
        aside.close()  # nothing left to stop
        print(len(list(code.glob("*.code"))))
        """,
    )
    # Every template a page uses is compiled (one file of code and one of its stamp each):
    # the page templates, base.html, and the parts they include, the teaser among them.
    themed = resolve_theme(project, "default").chain[0] / "templates"
    assert int(said) == len(list(themed.glob("*.html")))


def test_a_template_edited_after_the_child_keyed_it_is_keyed_again(
    project: Path, tmp_path: Path
) -> None:
    (project / "templates").mkdir()
    shutil.copy(
        resolve_theme(project, "default").chain[0] / "templates" / "base.html",
        project / "templates" / "base.html",
    )
    said = _run(
        project,
        tmp_path / "code",
        """
        aside.keys("", [])  # the answer is in: the child keyed the base.html copied
        base = project / "templates" / "base.html"
        base.write_text(base.read_text(encoding="utf-8") + "<!-- edited -->\\n", "utf-8")
        theme = resolve_theme(project, "default")
        cache = open_cache(project)
        keys = site_plan.known_template_keys(cache, theme, PAGES, aside)
        cache.close()
        aside.close()
        print(keys == template_keys(theme, PAGES))
        """,
    )
    assert said.strip() == "True"


def test_the_keys_are_the_childs_when_the_templates_are_the_same(
    project: Path, tmp_path: Path
) -> None:
    said = _run(
        project,
        tmp_path / "code",
        """
        expected = template_keys(theme, PAGES)

        def refused(*_):
            raise AssertionError("keyed in the build's process, not taken from the child")

        site_plan.template_keys = refused
        cache = open_cache(project)
        keys = site_plan.known_template_keys(cache, theme, PAGES, aside)
        cache.close()
        aside.close()
        print(keys == expected)
        """,
    )
    assert said.strip() == "True"


def test_a_first_build_with_the_child_writes_what_one_without_it_does(
    project: Path,
    tmp_path: Path,
    write_article: WriteArticle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for number in range(3):
        write_article(
            f"2024/0{number + 1}/story-{number}.md",
            f"title: Story {number}\ndate: 2024-0{number + 1}-0{number + 1}\ntags: [Trade]",
        )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    said = _run(
        project,
        tmp_path / "code",
        """
        aside.close()  # the build starts its own
        started = []
        from digest.engine import template_aside

        def recorded(*args):
            found = template_aside.start_templates(*args)
            started.append(found.pid)
            return found

        site_build.start_templates = recorded
        from digest.commands.cli import main
        try:
            main(["build", "-q", "-C", str(project)])
        except SystemExit as end:
            assert not end.code, end.code
        try:
            os.waitpid(started[0], os.WNOHANG)
            print("not reaped")
        except ChildProcessError:
            print(len(started))
        """,
    )
    assert said.splitlines()[-1] == "1"  # one child, reaped as the build ended
    with_child = _files(project / "site")
    for name in ("site", ".digest-cache"):
        shutil.rmtree(project / name)
    monkeypatch.setattr(site_build, "start_templates", lambda *_: None)
    assert _files(build(project)) == with_child


def test_a_fresh_clone_with_its_cache_forks_no_child_and_writes_what_it_wrote(
    project: Path, write_article: WriteArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cache restored into a clone with no site/ (a deploy) holds the templates keyed and
    # compiled by the build that made its plan index: a child forked from the build, ~0.7 GiB
    # at 100 000 stories by then, would only have the build's pages faulted again.
    for number in range(3):
        write_article(
            f"2024/0{number + 1}/story-{number}.md",
            f"title: Story {number}\ndate: 2024-0{number + 1}-0{number + 1}\ntags: [Trade]",
        )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = _files(build(project))
    shutil.rmtree(project / "site")
    started: list[object] = []
    monkeypatch.setattr(site_build, "start_templates", lambda *args: started.append(args))
    assert _files(build(project)) == first
    assert started == []
    shutil.rmtree(project / "site")
    shutil.rmtree(project / ".digest-cache")  # a first build: the child is asked for
    assert _files(build(project)) == first
    assert len(started) == 1


def test_a_broken_template_fails_the_build_as_it_did_without_the_child(
    project: Path, tmp_path: Path, write_article: WriteArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_article("2024/01/story.md", "title: Story\ndate: 2024-01-05\ntags: [Trade]")
    (project / "templates").mkdir()
    (project / "templates" / "tag.html").write_text('{% extends "base.html" %}{% block main %}')
    said = _run(
        project,
        tmp_path / "code",
        """
        aside.close()
        from digest.config import load_config
        from digest.site.theme import ThemeError
        started = []
        real = site_build.start_templates

        def recorded(*args):
            started.append(real(*args))
            return started[-1]

        site_build.start_templates = recorded
        try:
            site_build.build_site(project, load_config(project))
        except ThemeError as failure:
            assert started and started[0] is not None, "the child was forked"
            print(failure)
        """,
    )
    shutil.rmtree(project / ".digest-cache", ignore_errors=True)
    monkeypatch.setattr(site_build, "start_templates", lambda *_: None)
    with pytest.raises(ThemeError) as failure:
        site_build.build_site(project, load_config(project))
    assert said.strip() == str(failure.value)
    assert "tag.html" in said


def _files(site: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(site)): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_the_child_compiles_from_its_keyed_trees_what_get_template_compiles(
    project: Path, tmp_path: Path
) -> None:
    """The child compiles each template from the tree it parsed to key it: the code files
    are byte for byte those that `get_template` writes, a project's override and a theme's
    prefixed copy (compiled by `get_template` itself) among them."""
    from digest.engine.template_aside import _compile, _page_template
    from digest.site.keys import keys_and_parsed, keys_and_used
    from digest.site.theme import environment

    (project / "templates").mkdir()
    (project / "templates" / "tag.html").write_text(
        '{% extends "default/tag.html" %}{% block title %}Tagged{% endblock %}', "utf-8"
    )
    theme = resolve_theme(project, "default")
    child, plain = tmp_path / "child", tmp_path / "plain"
    env = environment(theme, {}, code_cache=child)
    names = [name for name in env.list_templates() if _page_template(name)]
    keys, parsed = keys_and_parsed(theme, names, env)
    assert "default/tag.html" in parsed
    for name, found in parsed.items():
        _compile(env, name, found)
    expected_keys, used = keys_and_used(theme, names)
    reference = environment(theme, {}, code_cache=plain)
    for name in used:
        reference.get_template(name)
    assert keys == expected_keys and list(parsed) == used
    written = {path.name: path.read_bytes() for path in child.glob("*.code")}
    assert len(written) == len(used)
    assert written == {path.name: path.read_bytes() for path in plain.glob("*.code")}
