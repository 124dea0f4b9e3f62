"""The site stage end to end on small projects: pages, drafts, atomic writes, safety, themes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from digest.commands.cli import main
from digest.config import load_config
from digest.engine.site_build import build_site
from digest.errors import ArticleErrors, DigestError
from digest.site.links import BrokenLinksError, broken_links
from digest.site.theme import ThemeError, resolve_theme
from digest.urls import UrlScheme
from tests.conftest import WriteArticle, build


def tree(folder: Path) -> dict[str, str]:
    """Return every file under *folder* with the hash of its content."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def three_stories(write_article: WriteArticle) -> None:
    write_article(
        "2026/01/finland.md",
        "title: Finland Summons Envoy\ndate: 2026-01-13\nregions: [Europe, Middle East]\n"
        "tags: [Finland, Iran]\ncaptions: [A flag in Helsinki.]",
        "First paragraph.\n\n## Sub-heading\n\nSecond paragraph.\n",
    )
    write_article(
        "2026/01/iraq.md",
        "title: Iraq Meeting\ndate: 2026-01-12\nregions: [Middle East]\ntags: [Iran, Iraq]",
    )
    write_article("notes/by-hand.md", "title: By Hand\ndate: 2026-01-13")


def test_every_kind_of_page_is_written(project: Path, write_article: WriteArticle) -> None:
    three_stories(write_article)
    site = build(project)
    files = set(tree(site))
    for expected in (
        "index.html",
        "2026/01/13/index.html",
        "2026/01/12/index.html",
        "2026/01/index.html",
        "archive/index.html",
        "2026/01/13/finland/index.html",
        "2026/01/13/by-hand/index.html",
        "regions/index.html",
        "regions/middle-east/index.html",
        "regions/middle-east/feed.xml",
        "tags/index.html",
        "tags/iran/index.html",
        "tags/iran/feed.xml",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "search/index.html",
        "pagefind/pagefind.js",
    ):
        assert expected in files, expected
    assert any(re.fullmatch(r"assets/style\.[0-9a-f]{10}\.css", name) for name in files)
    article = (site / "2026/01/13/finland/index.html").read_text()
    # With no picture, a caption is a small "Photo:" note, not a quote box.
    label = '<span class="photo-label" data-pagefind-ignore>Photo:</span>'
    assert f"{label} A flag in Helsinki." in article
    assert "<h2>Sub-heading</h2>" in article
    assert 'href="/regions/europe/"' in article and 'href="/tags/finland/"' in article
    assert "Iraq Meeting" in article  # related by the shared tag and region
    home = (site / "index.html").read_text()
    assert "Finland Summons Envoy" in home and "By Hand" in home
    # The front page covers the last few days, not only the newest one.
    assert "Iraq Meeting" in home.split("Regions</h2>")[0]


def test_lists_are_paginated(project: Path, write_article: WriteArticle) -> None:
    for number in range(5):
        write_article(f"s{number}.md", f"title: Story {number}\ndate: 2026-01-13\nregions: [Asia]")
    site = build(project)  # paginate: 2
    # Numbered from the oldest: page 1 holds the 2 oldest, the list's page the newest 2 to 3.
    assert (site / "regions/asia/page/1/index.html").exists()
    assert not (site / "regions/asia/page/2/index.html").exists()
    assert (site / "2026/01/13/page/1/index.html").exists()
    first = (site / "regions/asia/index.html").read_text()
    assert 'href="/regions/asia/page/1/" rel="next">Older stories' in first
    assert first.count('class="teaser-title"') == 3
    oldest = (site / "regions/asia/page/1/index.html").read_text()
    assert 'href="/regions/asia/" rel="prev">← Newer stories' in oldest
    # One day's stories go by title: the last two are the oldest.
    assert "Story 3" in oldest and "Story 4" in oldest and "Older stories" not in oldest
    write_article("s5.md", "title: Story 5\ndate: 2026-01-14\nregions: [Asia]")
    write_article("s6.md", "title: Story 6\ndate: 2026-01-14\nregions: [Asia]")
    site = build(project)
    # Two newer stories leave page 1 as it was and fill page 2, between it and the list's page.
    assert (site / "regions/asia/page/1/index.html").read_text() == oldest.replace(
        'href="/regions/asia/" rel="prev"', 'href="/regions/asia/page/2/" rel="prev"'
    )
    second = (site / "regions/asia/page/2/index.html").read_text()
    assert 'href="/regions/asia/page/1/" rel="next"' in second


def test_drafts_are_left_out_unless_asked(project: Path, write_article: WriteArticle) -> None:
    write_article("a.md", "title: Published\ndate: 2026-01-13")
    write_article("b.md", "title: Secret Draft\ndate: 2026-01-13\ndraft: true\ntags: [Hidden]")
    site = build(project)
    everything = b"".join(path.read_bytes() for path in site.rglob("*") if path.is_file())
    assert b"Secret Draft" not in everything
    assert not (site / "tags/hidden").exists()
    site = build(project, drafts=True)
    assert (site / "2026/01/13/b/index.html").exists()


def test_the_same_input_gives_byte_identical_output(
    project: Path, write_article: WriteArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    three_stories(write_article)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = tree(build(project))
    second = tree(build(project))
    assert first == second
    feed = (project / "site/feed.xml").read_text()
    assert "<updated>2026-01-13T00:00:00Z</updated>" in feed.split("<entry>")[0]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1769904000")
    third = tree(build(project))
    assert third["feed.xml"] != first["feed.xml"]
    assert "<updated>2026-02-01T00:00:00Z</updated>" in (project / "site/feed.xml").read_text()
    # An epoch before the newest entry leaves the feed's time at that entry's (RFC 4287).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    build(project)
    feed = (project / "site/feed.xml").read_text()
    assert "<updated>2026-01-13T00:00:00Z</updated>" in feed.split("<entry>")[0]
    assert {name for name in third if third[name] != first[name]} <= {
        name for name in third if name.endswith("feed.xml")
    }


def test_broken_front_matter_leaves_the_site_untouched(
    project: Path, write_article: WriteArticle
) -> None:
    three_stories(write_article)
    before = tree(build(project))
    write_article("2026/01/broken.md", "title: Broken\ndate: 2026-01-13\ntags: Iran")
    with pytest.raises(ArticleErrors) as caught:
        build(project)
    assert "broken.md:4: tags: expected a list" in str(caught.value)
    assert tree(project / "site") == before
    assert not (project / ".digest-build").exists()


def test_the_cli_reports_broken_front_matter_with_exit_1(
    project: Path, write_article: WriteArticle, capsys: pytest.CaptureFixture[str]
) -> None:
    write_article("bad.md", "title: Bad\ndate: 2026-01-13\ncolour: red")
    assert main(["check", "-C", str(project)]) == 1
    error = capsys.readouterr().err
    assert "bad.md:4: unknown key 'colour'" in error
    assert not (project / "site").exists()


def test_pages_of_deleted_stories_disappear(project: Path, write_article: WriteArticle) -> None:
    # deleted_stories: 404 leaves nothing of a deleted story (the default redirects its URL).
    (project / "digest.yaml").write_text("deleted_stories: '404'\n")
    three_stories(write_article)
    site = build(project)
    assert (site / "2026/01/12/iraq/index.html").exists()
    (project / "content/articles/2026/01/iraq.md").unlink()
    site = build(project)
    assert not (site / "2026/01/12").exists()
    assert not (site / "tags/iraq").exists()


def test_a_broken_link_fails_the_build_naming_page_and_link(
    project: Path, write_article: WriteArticle
) -> None:
    three_stories(write_article)
    before = tree(build(project))
    (project / "templates").mkdir()
    (project / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<a href="{{ href(\'nowhere/\') }}">x</a>'
        "{% endblock %}"
    )
    with pytest.raises(BrokenLinksError) as caught:
        build(project)
    assert "404.html: broken link '/nowhere/'" in str(caught.value)
    assert tree(project / "site") == before


def test_a_broken_link_in_a_story_names_its_file_and_line_once(
    project: Path, write_article: WriteArticle
) -> None:
    """Review 14 item 27: the error named the built page, where the editor needs the story
    file and line, and the same link in feed.xml counted as a second problem."""
    three_stories(write_article)
    write_article(
        "2026/01/s.md",
        "title: S\ndate: 2026-01-05\nregions: [Europe]",
        "Text.\n\nA [photo](/secret.png) here.\n",
    )
    with pytest.raises(BrokenLinksError) as caught:
        build(project)
    message = str(caught.value)
    assert "content/articles/2026/01/s.md:9: broken link '/secret.png'" in message, message
    assert "on 2026/01/05/s/index.html and " in message, message
    assert message.count("/secret.png") == 1 and message.startswith("1 broken link(s)"), message


def test_text_from_a_dump_is_never_markup(project: Path, write_article: WriteArticle) -> None:
    write_article(
        "x.md",
        'title: "<script>alert(1)</script> Title"\ndate: 2026-01-13\n'
        'captions: ["<img src=x onerror=alert(1)>"]\ntags: ["<b>tag</b>"]',
        "<script>alert('body')</script>\n\n<div onclick=x>raw</div>\n\n"
        "[link](javascript:alert(1))\n",
    )
    site = build(project)
    for path in site.rglob("*.html"):
        html = path.read_text()
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html and "<div onclick" not in html and "<b>tag" not in html
        assert 'href="javascript:' not in html
    article = (site / "2026/01/13/x/index.html").read_text()
    assert "&lt;script&gt;alert(\u2018body\u2019)&lt;/script&gt;" in article  # curly quotes


def test_a_right_to_left_story_reads_right_to_left(
    project: Path, write_article: WriteArticle
) -> None:
    # An Arabic or Hebrew story in a site whose language is English: each of its texts takes
    # its direction from its first letter (dir="auto"), on its page and in every list.
    write_article(
        "2026/01/riyadh.md",
        "title: \u0642\u0645\u0629 \u0627\u0644\u0631\u064a\u0627\u0636\ndate: 2026-01-13\n"
        "tags: [\u0627\u0644\u0631\u064a\u0627\u0636]",
        "\u0627\u062c\u062a\u0645\u0639 \u0627\u0644\u0642\u0627\u062f\u0629.\n",
    )
    site = build(project)
    page = (site / "2026/01/13/riyadh/index.html").read_text()
    assert re.search(r'<h1 [^>]*dir="auto"[^>]*>\u0642\u0645\u0629', page)
    assert re.search(r'<div class="story-body" dir="auto"', page)
    day = (site / "2026/01/13/index.html").read_text()
    home = (site / "index.html").read_text()
    assert 'class="lead-title" dir="auto"' in home or 'class="teaser-title" dir="auto"' in home
    assert 'class="teaser-title" dir="auto"' in day
    tags = [path for path in (site / "tags").rglob("index.html") if path.parent != site / "tags"]
    assert any(
        '<h1 dir="auto">\u0627\u0644\u0631\u064a\u0627\u0636' in path.read_text() for path in tags
    )


def test_a_sub_path_base_url_prefixes_every_link(
    project: Path, write_article: WriteArticle
) -> None:
    three_stories(write_article)
    (project / "digest.yaml").write_text("base_url: https://example.org/digest\n")
    site = build(project)
    for path in site.rglob("*.html"):
        html = path.read_text()
        for link in re.findall(r'(?:href|src)="([^"]*)"', html):
            assert link.startswith(("/digest/", "https://example.org/digest/", "#")), (path, link)
    article = (site / "2026/01/13/finland/index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/digest/2026/01/13/finland/">' in article
    assert 'property="og:url" content="https://example.org/digest/2026/01/13/finland/"' in article
    assert "Sitemap: https://example.org/digest/sitemap.xml" in (site / "robots.txt").read_text()


def test_project_files_override_single_theme_files(
    project: Path, write_article: WriteArticle
) -> None:
    three_stories(write_article)
    (project / "static").mkdir()
    (project / "static" / "style.css").write_text("body { color: teal; }\n")
    (project / "templates").mkdir()
    (project / "templates" / "_teaser.html").write_text(
        '<p class="mine"><a href="{{ href(story.path) }}">{{ story.title }}</a></p>'
    )
    site = build(project)
    css = [path for path in (site / "assets").iterdir() if path.name.startswith("style.")]
    assert [path.read_text() for path in css] == ["body { color: teal; }\n"]
    home = (site / "index.html").read_text()
    assert '<p class="mine">' in home
    assert any(path.name.startswith("search.") for path in (site / "assets").iterdir())


def test_a_static_file_bigger_than_any_page_is_published_as_it_is(
    project: Path, write_article: WriteArticle
) -> None:
    # review17 H41: a 60 MB report stopped the build, "theme 'default': a page of
    # 60,000,000 characters": the page's bound was applied to a copied file.
    three_stories(write_article)
    (project / "static" / "audio").mkdir(parents=True)
    episode = bytes(range(256)) * (60_000_000 // 256)
    (project / "static" / "audio" / "episode.mp3").write_bytes(episode)
    site = build(project)
    published = (site / "audio" / "episode.mp3").read_bytes()
    assert hashlib.sha256(published).digest() == hashlib.sha256(episode).digest()


def test_a_theme_can_extend_another(project: Path, write_article: WriteArticle) -> None:
    three_stories(write_article)
    child = project / "themes" / "child"
    (child / "templates").mkdir(parents=True)
    (child / "theme.yaml").write_text("extends: default\n")
    (child / "templates" / "404.html").write_text(
        '{% extends "default/404.html" %}{% block main %}Child 404 {{ super() }}{% endblock %}'
    )
    (project / "digest.yaml").write_text("theme: child\nbase_url: https://example.org/\n")
    site = build(project)
    page = (site / "404.html").read_text()
    assert "Child 404" in page and "Page not found" in page
    assert "Finland Summons Envoy" in (site / "index.html").read_text()


def test_a_theme_that_extends_itself_is_an_error(project: Path) -> None:
    for name, parent in (("a", "b"), ("b", "a")):
        (project / "themes" / name).mkdir(parents=True)
        (project / "themes" / name / "theme.yaml").write_text(f"extends: {parent}\n")
    (project / "digest.yaml").write_text("theme: a\n")
    with pytest.raises(ThemeError, match="extends itself"):
        build_site(project, load_config(project))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("# mine\nextends: default\nfoo: 1\n", "themes/mine/theme.yaml:3: unknown key 'foo'"),
        ("extends: ../../x\n", "themes/mine/theme.yaml:1: extends: not a theme name"),
        ("\nextends: 3\n", "themes/mine/theme.yaml:2: extends: expected a theme name, got 3"),
        ("# a list\n- default\n", "themes/mine/theme.yaml:2: expected a mapping"),
        ("extends: gone\n", "themes/mine/theme.yaml:1: extends: 'gone' not found in themes/"),
        ("extends: b\n", "themes/b/theme.yaml:2: extends: mine: theme 'mine' extends itself:"),
        ("extends: mine\n", "themes/mine/theme.yaml:1: extends: mine: theme 'mine' extends"),
    ],
)
def test_a_theme_yaml_problem_names_its_file_and_line(project: Path, text: str, said: str) -> None:
    """review19 S20: theme.yaml's errors named no line, a loop no file at all."""
    for name, written in (("mine", text), ("b", "description: B\nextends: mine\n")):
        (project / "themes" / name).mkdir(parents=True)
        (project / "themes" / name / "theme.yaml").write_text(written)
    with pytest.raises(ThemeError) as raised:
        resolve_theme(project, "mine")
    assert str(raised.value).startswith(said), str(raised.value)
    assert str(project) not in str(raised.value)  # named as the project shows it


def test_check_lists_problems_and_writes_nothing(
    project: Path, write_article: WriteArticle, capsys: pytest.CaptureFixture[str]
) -> None:
    three_stories(write_article)
    assert main(["check", "-C", str(project)]) == 0
    assert "no problems found" in capsys.readouterr().out
    (project / "templates").mkdir()
    (project / "templates" / "404.html").write_text('<a href="/missing/">x</a>')
    (project / "digest.yaml").write_text("title: T\npaginat: 3\n")
    assert main(["check", "-C", str(project)]) == 1
    error = capsys.readouterr().err
    assert "paginat: unknown key" in error
    (project / "digest.yaml").write_text("title: T\n")
    assert main(["check", "-C", str(project)]) == 1
    assert "404.html: broken link '/missing/'" in capsys.readouterr().err
    assert not (project / "site").exists()
    assert not (project / ".digest-build").exists()


def test_the_link_check_resolves_relative_links_and_fragments() -> None:
    urls = UrlScheme.from_base_url("https://example.org/sub/")
    files = {
        "index.html": b'<a href="a/">a</a> <a href="#top">t</a> <p id="top"></p>',
        "a/index.html": b'<a href="../">up</a> <a href="b.css">b</a> <img src="/sub/a/">',
        "a/x.html": b'<a href="/elsewhere/">x</a> <a href="#nope">n</a> <a href="../../..">u</a>',
        "feed.xml": b'<link href="https://example.org/sub/gone/"/><link href="https://other/"/>',
    }
    broken = {(link.page, link.link) for link in broken_links(files, urls)}
    assert broken == {
        ("a/index.html", "b.css"),
        ("a/x.html", "/elsewhere/"),
        ("a/x.html", "#nope"),
        ("a/x.html", "../../.."),
        ("feed.xml", "https://example.org/sub/gone/"),
    }


def test_a_project_without_stories_builds_an_empty_site(project: Path) -> None:
    site = build(project)
    assert "No stories yet" in (site / "index.html").read_text()
    assert (site / "regions/index.html").exists() and (site / "tags/index.html").exists()
    assert "<entry>" not in (site / "feed.xml").read_text()


def test_every_link_of_the_written_fixture_site_resolves(fixture_site: Path) -> None:
    files = {
        path.relative_to(fixture_site).as_posix(): path.read_bytes()
        for path in fixture_site.rglob("*")
        if path.is_file()
    }
    assert broken_links(files, UrlScheme.from_base_url("https://example.org/digest/")) == []
    assert "pagefind/pagefind.js" in files


def test_a_template_asking_for_a_missing_static_file_is_a_theme_error(
    project: Path, write_article: WriteArticle
) -> None:
    three_stories(write_article)
    (project / "templates").mkdir()
    (project / "templates" / "404.html").write_text("<p>\n{{ asset('missing.css') }}")
    # The project's template and its line are named, not only the theme (review19 S20).
    expected = "templates/404.html:2: asset('missing.css'): no such file in the static/ folders"
    with pytest.raises(ThemeError, match=re.escape(expected)):
        build(project)


@pytest.mark.parametrize("base_url", ["example.org", "ftp://example.org/", "https://x.org/?a=1"])
def test_base_url_must_be_an_absolute_http_url(project: Path, base_url: str) -> None:
    (project / "digest.yaml").write_text(f"base_url: '{base_url}'\n")
    with pytest.raises(DigestError, match="base_url"):
        build(project)
