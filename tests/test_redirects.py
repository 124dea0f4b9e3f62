"""A story that moves keeps its readers: old URLs redirect, feed entries keep their identity."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import feedparser
import pytest

from digest.commands.cli import main
from digest.config import load_config
from digest.engine.site_build import build_site
from digest.engine.site_check import render_project
from digest.errors import ArticleErrors, DigestError
from digest.site.links import LinkChecker
from digest.site.load import load_articles
from digest.site.redirects import RedirectError
from digest.store.url_history import HistoryError, read_history
from digest.urls import UrlScheme
from tests.conftest import WriteArticle, build

STORY = "id: story-a\ntitle: Finland Summons Envoy\ndate: {date}\nregions: [Europe]\ntags: [Iran]"
OTHER = "id: story-b\ntitle: Sweden Joins Call\ndate: 2026-01-12\nregions: [Europe]\ntags: [Iran]"
# Netlify's documented _redirects line: from, to, optional status (a "!" forces), '#' comments.
NETLIFY_RULE = re.compile(
    r"(?P<old>/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*) +(?P<new>(?:https?://[^ ]+|/[^ ]*)) +"
    r"(?P<status>200|301|302|303|307|308|404|410|451)!?"
)


def move(project: Path, write_article: WriteArticle, name: str, date: str) -> Path:
    """Leave the story at content/articles/2026/01/<name>.md with *date*; build; return site/."""
    folder = project / "content" / "articles" / "2026" / "01"
    for old in folder.glob("*.md"):
        if "story-a" in old.read_text(encoding="utf-8"):
            old.unlink()
    write_article(f"2026/01/{name}.md", STORY.format(date=date), "Finland summoned the envoy.\n")
    return build(project)


def rules(site: Path) -> dict[str, str]:
    """Return the _redirects file as old -> new, checking each line against Netlify's syntax."""
    found = {}
    for line in (site / "_redirects").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        match = NETLIFY_RULE.fullmatch(line)
        assert match, f"not a Netlify redirect rule: {line!r}"
        assert match["status"] == "301"
        assert match["old"] not in found, f"two rules for {match['old']}"
        found[match["old"]] = match["new"]
    return found


def page_target(site: Path, old: str) -> str:
    """Return where the HTML page at an old URL sends a browser, checking it says so thrice."""
    html = (site / old.strip("/") / "index.html").read_text(encoding="utf-8")
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)
    link = re.search(r'<a href="([^"]+)">', html)
    assert refresh and canonical and link, html
    assert '<meta name="robots" content="noindex">' in html
    assert canonical[1] == "https://example.org" + refresh[1] and link[1] == refresh[1]
    return refresh[1]


def entries(site: Path) -> dict[str, tuple[str, str, str]]:
    """Return the site feed's entries as title -> (id, link, updated), as feedparser reads them."""
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return {e.title: (e.id, e.link, e.updated) for e in parsed.entries}


def sitemap(site: Path) -> set[str]:
    return set(
        re.findall(r"<loc>https://example.org/([^<]*)</loc>", (site / "sitemap.xml").read_text())
    )


def test_a_story_moved_by_date_then_renamed_then_back_redirects_straight_to_its_page(
    project: Path, write_article: WriteArticle
) -> None:
    write_article("2026/01/other.md", OTHER, "Sweden joined.\n")
    first, by_date, renamed = "2026/01/13/a/", "2026/01/14/a/", "2026/01/14/better/"
    site = move(project, write_article, "a", "2026-01-13")
    identity = entries(site)["Finland Summons Envoy"]
    assert identity[0] == "tag:example.org,2026:story-a"
    assert not (site / "_redirects").exists()

    site = move(project, write_article, "a", "2026-01-14")  # the date fixed
    assert rules(site) == {f"/{first}": f"/{by_date}"}
    assert page_target(site, first) == f"/{by_date}"

    site = move(project, write_article, "better", "2026-01-14")  # the file renamed
    assert rules(site) == {f"/{first}": f"/{renamed}", f"/{by_date}": f"/{renamed}"}
    assert page_target(site, first) == page_target(site, by_date) == f"/{renamed}"
    assert sitemap(site) & {first, by_date, renamed} == {renamed}
    now = entries(site)["Finland Summons Envoy"]
    assert now[0] == identity[0] and now[2] == identity[2]  # the same entry, not updated
    assert now[1] == f"https://example.org/{renamed}"

    site = move(project, write_article, "a", "2026-01-13")  # and back
    assert rules(site) == {f"/{by_date}": f"/{first}", f"/{renamed}": f"/{first}"}
    assert "Finland summoned the envoy." in (site / first / "index.html").read_text()
    assert sitemap(site) & {first, by_date, renamed} == {first}
    assert entries(site)["Finland Summons Envoy"] == identity
    history = json.loads((project / "content" / ".urls.json").read_text())
    assert history["stories"]["story-a"]["url"] == first
    assert history["stories"]["story-a"]["old"] == sorted([by_date, renamed])


def test_the_editor_s_own_redirects_come_first_and_stay_when_a_story_moves(
    project: Path, write_article: WriteArticle
) -> None:
    (project / "static").mkdir()
    (project / "static" / "_redirects").write_text("/old-about /about/ 301", encoding="utf-8")
    site = move(project, write_article, "a", "2026-01-13")
    assert rules(site) == {"/old-about": "/about/"}
    site = move(project, write_article, "a", "2026-01-14")  # digest's rule joins, after it
    assert list(rules(site).items()) == [
        ("/old-about", "/about/"),
        ("/2026/01/13/a/", "/2026/01/14/a/"),
    ]


def test_an_edited_story_is_updated_in_feeds_not_new(
    project: Path, write_article: WriteArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768500000")  # 2026-01-15T18:00:00Z
    write_article("2026/01/other.md", OTHER, "Sweden joined.\n")
    path = write_article("2026/01/a.md", STORY.format(date="2026-01-13"), "First text.\n")
    site = build(project)
    before = entries(site)["Finland Summons Envoy"]
    assert before[2] == "2026-01-13T00:00:00Z"
    history = json.loads((project / "content" / ".urls.json").read_bytes())["stories"]
    path.write_text(path.read_text().replace("regions: [Europe]", "regions: [Europe, Asia]"))
    assert entries(build(project))["Finland Summons Envoy"] == before  # not the text
    # The stories' entries stay; the terms gain Asia's page.
    after = json.loads((project / "content" / ".urls.json").read_bytes())
    assert after["stories"] == history and "regions/asia/" in after["terms"]
    path.write_text(path.read_text().replace("First text.", "Corrected text."))
    after = entries(build(project))["Finland Summons Envoy"]
    assert after[0] == before[0] and after[2] == "2026-01-15T18:00:00Z"
    assert entries(build(project))["Finland Summons Envoy"] == after  # built again: the same

    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # without it: the time the file was edited
    path.write_text(path.read_text().replace("Corrected", "Twice corrected"))
    os.utime(path, (1768600000, 1768600000))
    assert entries(build(project))["Finland Summons Envoy"][2] == "2026-01-16T21:46:40Z"


def test_aliases_from_front_matter_redirect_and_are_checked(
    project: Path, write_article: WriteArticle
) -> None:
    write_article("2026/01/other.md", OTHER)
    aliases = "aliases: [/old/finland, /2020/01/01/legacy.html]"
    path = write_article("2026/01/a.md", STORY.format(date="2026-01-13") + "\n" + aliases)
    site = build(project)
    assert rules(site) == {
        "/2020/01/01/legacy.html": "/2026/01/13/a/",
        "/old/finland/": "/2026/01/13/a/",
    }
    assert page_target(site, "old/finland/") == "/2026/01/13/a/"
    assert 'url=/2026/01/13/a/"' in (site / "2020/01/01/legacy.html").read_text()
    assert "old/finland/" not in " ".join(sitemap(site))

    reserved = ("/assets/x/", "/pagefind/x/", "/regions/europe/page/2/", "/page/3/")
    host_files = ("/_redirects", "/_redirects/", "/_headers", "/_headers/x/", "/netlify.toml/")
    for bad in (
        "https://evil.example/x",
        "//evil.example/x",
        "/a/../../b/",
        "/feed.xml",
        "/a b/",
        *reserved,
        *host_files,
    ):
        path.write_text(path.read_text().replace(aliases, f"aliases: ['{bad}']"))
        with pytest.raises(ArticleErrors) as raised:
            build(project)
        message = str(raised.value)
        assert "a.md" in message and "aliases[0]" in message, message
        path.write_text(path.read_text().replace(f"aliases: ['{bad}']", aliases))


def test_a_redirect_never_shadows_a_live_page(project: Path, write_article: WriteArticle) -> None:
    write_article("2026/01/other.md", OTHER)
    write_article("2026/01/a.md", STORY.format(date="2026-01-13") + "\naliases: [/tags/iran/]")
    with pytest.raises(RedirectError, match=r"a\.md:7: aliases: /tags/iran/ is the URL of a page"):
        build(project)
    assert not (project / "site").exists()
    write_article("2026/01/a.md", STORY.format(date="2026-01-13") + "\naliases: [/old/]")
    write_article("2026/01/other.md", OTHER + "\naliases: [/old/]")
    with pytest.raises(RedirectError, match="already an alias of story"):
        build(project)


@pytest.mark.parametrize(
    "alias",
    [
        "/index.html/",
        "/feed.xml/",
        "/regions/europe/feed.xml/",
        "/sitemap.xml/",
        "/robots.txt/",
        "/2026/01/13/a/index.html/",
        "/tags/iran/index.html/deeper/",
    ],
)
def test_an_alias_never_makes_a_file_of_the_site_a_folder(
    project: Path, write_article: WriteArticle, alias: str
) -> None:
    """The folder form of a file digest writes (a typo, a migration list from an old CMS)
    replaced that file: the front page, a feed, the sitemap, the story's own page."""
    write_article("2026/01/other.md", OTHER)
    write_article("2026/01/a.md", STORY.format(date="2026-01-13") + f"\naliases: ['{alias}']")
    with pytest.raises(RedirectError, match=r"a\.md:7: aliases: .* a file the site has, a folder"):
        build(project)
    assert not (project / "site").exists()


def test_an_alias_error_names_the_line_of_the_aliases_key(
    project: Path, write_article: WriteArticle
) -> None:
    """review19 S20: the other alias errors named their line, these two named none."""
    write_article("2026/01/other.md", OTHER)
    front = STORY.format(date="2026-01-13") + "\nsummary: Short.\naliases:\n  - /old/\n  - {}"
    for alias, said in (
        ("/index.html/", "would make index.html, a file the site has"),
        ("/2026/01/12/other/", "is the URL of a page the site has"),
    ):
        write_article("2026/01/a.md", front.format(alias))
        with pytest.raises(RedirectError) as raised:
            build(project)
        assert str(raised.value).startswith(f"content/articles/2026/01/a.md:8: aliases: {alias} ")
        assert said in str(raised.value)


def test_an_alias_that_is_the_story_s_own_url_is_harmless(
    project: Path, write_article: WriteArticle
) -> None:
    """An old CMS's list of a story's addresses holds its own: no redirect, no error."""
    own = "/2026/01/13/a/"
    write_article("2026/01/a.md", STORY.format(date="2026-01-13") + f"\naliases: [{own}, /old/]")
    site = build(project)
    assert "Finland Summons Envoy" in (site / "2026/01/13/a/index.html").read_text()
    assert rules(site) == {"/old/": "/2026/01/13/a/"}


def test_a_story_without_an_id_keeps_its_old_urls_when_its_file_is_renamed(
    project: Path, write_article: WriteArticle
) -> None:
    write_article("2026/01/other.md", OTHER)
    front = "title: Hand Written\ndate: 2026-01-13\nregions: [Asia]"
    path = write_article("2026/01/hand.md", front, "Written by hand.\n")
    build(project)
    path.rename(path.with_name("better-name.md"))  # its id (from its path) changes too
    site = build(project)
    assert rules(site) == {"/2026/01/13/hand/": "/2026/01/13/better-name/"}
    stories = json.loads((project / "content/.urls.json").read_text())["stories"]
    assert [entry["old"] for entry in stories.values() if "old" in entry] == [["2026/01/13/hand/"]]
    assert not any(entry.get("gone") for entry in stories.values())


def test_a_story_takes_back_an_old_url_from_the_redirects(
    project: Path, write_article: WriteArticle
) -> None:
    write_article("2026/01/other.md", OTHER)
    move(project, write_article, "a", "2026-01-13")
    site = move(project, write_article, "a", "2026-01-14")
    assert "/2026/01/13/a/" in rules(site)
    # Another story now lives at the old URL: the page wins, no redirect hides it.
    write_article("2026/01/new/a.md", "title: New\ndate: 2026-01-13\nregions: [Asia]", "")
    site = build(project)
    assert not (site / "_redirects").exists()  # its only old URL is a page again
    assert "New" in (site / "2026/01/13/a/index.html").read_text()


@pytest.mark.parametrize("setting", ["region", "404"])
def test_a_deleted_story_leads_to_its_region_or_nowhere(
    project: Path, write_article: WriteArticle, setting: str
) -> None:
    config = project / "digest.yaml"
    config.write_text(config.read_text() + f"deleted_stories: '{setting}'\n")
    write_article("2026/01/other.md", OTHER)
    move(project, write_article, "a", "2026-01-13")
    site = move(project, write_article, "a", "2026-01-14")
    (project / "content/articles/2026/01/a.md").unlink()
    site = build(project)
    if setting == "404":
        assert not (site / "_redirects").exists() and not (site / "2026/01/14/a").exists()
    else:
        old = {"/2026/01/13/a/": "/regions/europe/", "/2026/01/14/a/": "/regions/europe/"}
        assert rules(site) == old
        assert "Story removed" in (site / "2026/01/14/a/index.html").read_text()
    assert json.loads((project / "content/.urls.json").read_text())["stories"]["story-a"]["gone"]


def test_the_deleted_stories_setting_is_checked(project: Path) -> None:
    (project / "digest.yaml").write_text("deleted_stories: gone\n")
    with pytest.raises(DigestError, match=r"deleted_stories: expected region or 404"):
        load_config(project)


def test_redirects_work_under_a_sub_path_base_url(
    project: Path, write_article: WriteArticle
) -> None:
    (project / "digest.yaml").write_text("base_url: https://example.org/digest/\n")
    write_article("2026/01/other.md", OTHER)
    move(project, write_article, "a", "2026-01-13")
    site = move(project, write_article, "a", "2026-01-14")
    assert rules(site) == {"/digest/2026/01/13/a/": "/digest/2026/01/14/a/"}
    html = (site / "2026/01/13/a/index.html").read_text()
    assert 'href="https://example.org/digest/2026/01/14/a/"' in html
    assert "url=/digest/2026/01/14/a/" in html
    assert entries(site)["Finland Summons Envoy"][0] == "tag:example.org,2026:digest/story-a"


def test_check_renders_the_same_redirects_as_build(
    project: Path, write_article: WriteArticle
) -> None:
    write_article("2026/01/other.md", OTHER, "See [the envoy story](/2026/01/13/a/).\n")
    move(project, write_article, "a", "2026-01-13")
    site = move(project, write_article, "a", "2026-01-14")  # other links to an old URL
    articles = load_articles(project / "content" / "articles", read_history(project))
    rendered = render_project(project, load_config(project), articles)
    assert not rendered.broken
    for name in ("_redirects", "2026/01/13/a/index.html", "feed.xml"):
        assert rendered.files[name] == (site / name).read_bytes(), name


def test_the_link_check_follows_redirects_and_fails_on_a_loop_or_nothing() -> None:
    urls = UrlScheme.from_base_url("https://example.org/")
    existing = {"a/index.html", "b/index.html", "c/index.html", "live/index.html"}
    loop = {"a/index.html": "b/", "b/index.html": "a/", "c/index.html": "gone/"}
    checker = LinkChecker(urls, existing, {**loop, "d/index.html": "live/"})
    page = b'<a href="/a/">x</a><a href="/c/">y</a><a href="/live/">z</a>'
    found = {(link.link, link.reason) for link in checker.check("index.html", page)}
    assert found == {
        ("/a/", "a redirect loop"),
        ("/c/", "redirects to /gone/, which is no page of the site"),
    }


def test_a_broken_url_history_stops_the_build_naming_the_file(
    project: Path, write_article: WriteArticle
) -> None:
    write_article("2026/01/a.md", STORY.format(date="2026-01-13"))
    history = project / "content" / ".urls.json"
    for text, said in (
        ("{not json", "not a URL history"),
        (
            '{"version": 1, "stories": {"x": {"url": "../../etc/", "text": "", '
            '"updated": "2026-01-01T00:00:00Z", "since": 2026}}}',
            "stories.x.url",
        ),
        (
            '{"version": 1, "stories": {"x": {"url": "a/", "old": ["https://e.x/"], "text": "", '
            '"updated": "2026-01-01T00:00:00Z", "since": 2026}}}',
            "stories.x.old[0]",
        ),
        ('{"version": 1, "stories": {"x": {"url": "a/", "text": ""}}}', "stories.x"),
    ):
        history.write_text(text)
        with pytest.raises(HistoryError) as raised:
            build(project)
        assert str(history) in str(raised.value) and said in str(raised.value)
        assert not (project / "site").exists()
    history.unlink()
    outside = project.parent / "outside.json"
    outside.write_text('{"version": 1, "stories": {}}')
    history.symlink_to(outside)
    with pytest.raises(HistoryError, match="not a regular file inside the project"):
        read_history(project)


def test_the_url_history_is_written_atomically_and_only_when_it_changes(
    project: Path, write_article: WriteArticle
) -> None:
    write_article("2026/01/a.md", STORY.format(date="2026-01-13"))
    build(project)
    history = project / "content" / ".urls.json"
    stamp = history.stat().st_mtime_ns, history.stat().st_ino
    build_site(project, load_config(project))
    assert (history.stat().st_mtime_ns, history.stat().st_ino) == stamp
    assert [p.name for p in history.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_builds_with_a_moved_story_are_reproducible(
    project: Path, write_article: WriteArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768500000")
    write_article("2026/01/other.md", OTHER)
    move(project, write_article, "a", "2026-01-13")
    twin = project.parent / "twin"
    shutil.copytree(project, twin, ignore=shutil.ignore_patterns("site", ".digest-*"))
    sites = []
    for root in (project, twin):
        path = root / "content/articles/2026/01/a.md"
        path.write_text(
            path.read_text()
            .replace("2026-01-13", "2026-01-14")
            .replace("Finland sum", "Finland has sum")
        )
        sites.append(build(root))
    files = [
        {p.relative_to(s).as_posix(): p.read_bytes() for p in s.rglob("*") if p.is_file()}
        for s in sites
    ]
    assert files[0] == files[1]
    assert "_redirects" in files[0]


def test_digest_check_reports_a_shadowing_alias_naming_the_story(
    project: Path, write_article: WriteArticle, capsys: pytest.CaptureFixture[str]
) -> None:
    write_article("2026/01/other.md", OTHER)
    write_article(
        "2026/01/a.md", STORY.format(date="2026-01-13") + "\naliases: [/2026/01/12/other/]"
    )
    assert main(["check", "-C", str(project)]) == 1
    error = capsys.readouterr().err
    assert "a.md:7: aliases: /2026/01/12/other/ is the URL of a page" in error
    assert "Finland Summons Envoy" in error and "Traceback" not in error


@pytest.mark.parametrize(
    "old",
    ["pagefind/pagefind.js/", "pagefind/", "assets/style.css/", "_headers/", "_redirects/"],
)
def test_an_old_url_of_the_history_never_lands_on_digest_s_or_the_host_s_files(
    project: Path, write_article: WriteArticle, old: str
) -> None:
    """content/.urls.json comes with a pulled branch: an old URL at pagefind/pagefind.js/
    made Pagefind's script a folder holding a redirect page, and search was dead on the
    published site (review16 G31). Such a path is refused as an alias; in the history, it
    is no redirect."""
    write_article("2026/01/other.md", OTHER)
    write_article("2026/01/a.md", STORY.format(date="2026-01-13"))
    build(project)
    history = project / "content" / ".urls.json"
    data = json.loads(history.read_text(encoding="utf-8"))
    data["stories"]["story-a"]["old"] = [old]
    history.write_text(json.dumps(data), encoding="utf-8")
    site = build(project)
    assert not (site / old / "index.html").exists()
    assert not (site / "_redirects").exists() or f"/{old}" not in rules(site)
    assert (site / "2026/01/13/a/index.html").is_file()
