"""One render path: `digest check`, `digest build` and `digest serve` make the same site.

Check renders in memory, build into its staging folder, serve (a LiveSite update) against
site/'s manifest; all three plan and render through the same code, so they agree on every
byte of a site and report the same first template error.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from digest.commands.check import check
from digest.config import load_config
from digest.engine.build import build
from digest.engine.live import LiveSite
from digest.engine.site_check import render_project
from digest.errors import DigestError
from digest.models import Article
from digest.paths import ARTICLES_DIR, BUILTIN_THEMES, SEARCH_DIR, TEMPLATES_DIR
from digest.site.load import load_articles
from digest.store.url_history import read_history
from tests.conftest_project import snapshot

FIXTURE = Path(__file__).parent / "fixtures" / "site"
DAY = "2026-01-12"


def story(title: str, date: str, tags: str) -> str:
    return (
        f'---\ntitle: "{title}"\ndate: {date}\nregions: [Europe]\ntags: {tags}\n---\n\n'
        f"Opening paragraph of {title}.\n\nA second paragraph.\n"
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    extra = root / ARTICLES_DIR / "2026" / "01"
    for number in range(7):
        text = story(f"Extra {number}", f"2026-01-1{number % 3}", f"[Trade, Tag {number % 2}]")
        (extra / f"extra-{number}.md").write_text(text, encoding="utf-8")
    return root


def in_memory(project: Path) -> dict[str, bytes]:
    """Return the site as `digest check` renders it."""
    articles = load_articles(project / ARTICLES_DIR, read_history(project))
    return dict(render_project(project, load_config(project), articles).files)


def on_disk(project: Path) -> dict[str, bytes]:
    found = snapshot(project / "site")
    return {path: data for path, data in found.items() if not path.startswith(SEARCH_DIR + "/")}


def add_story(project: Path, title: str) -> Path:
    path = project / ARTICLES_DIR / "2026" / "01" / "added.md"
    path.write_text(story(title, DAY, "[Trade, Added]"), encoding="utf-8")
    return path


def test_check_build_and_serve_agree_on_every_byte(project: Path) -> None:
    build(project)
    live = LiveSite(project, load_config(project))
    added = add_story(project, "An added story")
    live.manifest.clear()  # nothing recorded: the update renders every file of the site
    update = live.prepare([added])
    assert update is not None
    served = {path: data for path, data in update.writes.items()}
    checked = in_memory(project)
    assert sorted(served) == sorted(checked)
    for path, data in checked.items():
        assert served[path] == data, path
    live.commit(update)
    assert on_disk(project) == checked
    clean = project.parent / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".digest-*"))
    build(clean)
    assert on_disk(clean) == checked


def break_templates(project: Path, day_count: int) -> None:
    """Override day.html and article.html so that each fails once the story is added.

    day.html fails for the day that gets *day_count* stories, article.html for the added
    story's page: the day page comes first in plan order, the story page first in a build.
    """
    theme = BUILTIN_THEMES / "default" / TEMPLATES_DIR
    ours = project / TEMPLATES_DIR
    ours.mkdir()
    failing = {
        "day.html": f"{{% if count == {day_count} %}}{{{{ 1 // 0 }}}}{{% endif %}}",
        "article.html": "{% if 'Boom' in story.title %}{{ 'a' + 1 }}{% endif %}",
    }
    for name, line in failing.items():
        text = (theme / name).read_text(encoding="utf-8")
        head, rest = text.split("{% block main %}", 1)
        (ours / name).write_text(head + "{% block main %}" + line + rest, encoding="utf-8")


def test_check_build_and_serve_report_the_same_first_template_error(project: Path) -> None:
    shown = [
        a
        for a in load_articles(project / ARTICLES_DIR, read_history(project))
        if str(a.date) == DAY
    ]
    break_templates(project, len(shown) + 1)
    build(project)  # the templates fail only once the story is added
    live = LiveSite(project, load_config(project))
    added = add_story(project, "Boom goes the story")

    with pytest.raises(DigestError) as served:
        live.prepare([added])
    with pytest.raises(DigestError) as built:
        build(project)
    problems = check(project)

    message = str(served.value)
    assert "day.html" in message and "ZeroDivisionError" in message, message
    assert str(built.value) == message
    assert message.splitlines()[0] in problems, problems
    assert problems == message.splitlines()


def test_serve_starts_from_what_the_build_just_planned(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from digest.engine import live as live_module

    result = build(project)
    assert result.site is not None

    def again(*args: object, **kwargs: object) -> None:
        raise AssertionError("the project was scanned and planned again")

    for name in ("scan_project", "load_cards", "plan_build"):
        monkeypatch.setattr(live_module, name, again)
    live = LiveSite.from_build(result)
    assert result.site.planned is not None
    assert live.model.plan is result.site.planned.plan
    added = add_story(project, "An added story")
    update = live.prepare([added])
    assert update is not None
    live.commit(update)
    assert on_disk(project) == in_memory(project)


def test_check_reads_and_parses_every_article_once(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from digest.site import load, renderer

    read: list[Path] = []
    parsed: list[str] = []
    real_read, real_body = load.read_article, renderer.render_body

    def counted_read(data: bytes, path: Path, shown: Path) -> Article:
        read.append(path)
        return real_read(data, path, shown)

    def counted_body(article: Article, md: MarkdownIt) -> tuple[str, str]:
        parsed.append(article.id)
        return real_body(article, md)

    monkeypatch.setattr(load, "read_article", counted_read)
    monkeypatch.setattr(renderer, "render_body", counted_body)
    monkeypatch.setattr("digest.site.plan.render_body", counted_body)
    assert check(project) == []
    files = sorted((project / ARTICLES_DIR).rglob("*.md"))
    assert sorted(read) == sorted(path.relative_to(project / ARTICLES_DIR) for path in files)
    assert len(parsed) == len(set(parsed))
