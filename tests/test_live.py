"""Live updates (digest/live.py): after every story change, site/ is what a build writes.

Each case changes story files of a built project, applies the change with LiveSite (as
`digest serve` does) and compares every file of site/ with the site rendered from nothing;
the search index is compared with a clean build's at the end.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.config import load_config
from digest.engine.build import build
from digest.engine.live import LiveSite
from digest.engine.live_search import SearchUpdater, open_live
from digest.errors import ArticleErrors, DigestError
from digest.site.feed_ids import identities
from digest.site.feeds import render_robots, render_sitemap
from digest.site.gone_terms import kept_feeds
from digest.site.group import group
from digest.site.load import load_articles
from digest.site.pages import plan_feeds, plan_pages, sitemap_pages
from digest.site.redirects import plan_redirects, redirect_files
from digest.site.renderer import (
    Renderer,
    make_story,
    render_body,
    render_setup,
    story_ref,
)
from digest.site.term_urls import feed_origins
from digest.site.theme import fingerprint, read_static, resolve_theme
from digest.site.typography import markdown
from digest.source_date import source_date
from digest.store import inputs
from digest.store.url_history import read_history
from digest.urls import UrlScheme, output_file
from tests.conftest_project import snapshot

FIXTURE = Path(__file__).parent / "fixtures" / "site"
SEARCH = "pagefind/"


def story(title: str, date: str, tags: str, body: str, regions: str = "[Europe]") -> str:
    return f'---\ntitle: "{title}"\ndate: {date}\nregions: {regions}\ntags: {tags}\n---\n\n{body}\n'


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveSite]:
    site = make_live(tmp_path)
    yield site
    site.search.stop()


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stamps written just now count as proof (they are racy only to the second)."""
    monkeypatch.setattr(inputs, "RACY_NS", 0)


def make_live(tmp_path: Path) -> LiveSite:
    """Build a project of the fixture site and 12 more stories; keep it in memory."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    extra = project / "content" / "articles" / "2026" / "01"
    for number in range(12):
        day = 10 + number % 4
        (extra / f"extra-{number:02d}.md").write_text(
            story(
                f"Extra story {number}",
                f"2026-01-{day}",
                f"[Trade, Tag {number % 3}]",
                f"Body of extra story {number} about trade talks.\n\nSecond paragraph.",
                "[Europe]" if number % 2 else "[Asia, Europe]",
            ),
            encoding="utf-8",
        )
    build(project)
    return open_live(project, load_config(project))


def expected(project: Path) -> dict[str, bytes]:
    """Render the site from nothing, by its pages and feeds alone (none of the shared plan or
    render pass that build and serve run), as an independent oracle."""
    config = load_config(project)
    urls = UrlScheme.from_base_url(config.base_url)
    articles = [
        a
        for a in load_articles(project / "content" / "articles", read_history(project))
        if not a.draft
    ]
    groups = group(articles, related=config.related)
    theme = resolve_theme(project, config.theme)
    assets = fingerprint(read_static(theme))
    md = markdown()
    stories, refs = {}, {}
    for article in articles:
        body, teaser = render_body(article, md)
        stories[article.id] = make_story(article, body, teaser, urls)
        refs[article.id] = story_ref(article, article.id, teaser, urls)
    renderer = Renderer(render_setup(config, theme, assets.paths, source_date(os.environ)))
    pages = list(plan_pages(groups, refs, config, urls))
    files = {output_file(page.meta.path): renderer.page(page, stories) for page in pages}
    files.update(assets.files)
    # Feed identities and redirects as the URL history that build and serve wrote says.
    history = read_history(project)
    entry_ids = identities(history, articles, urls)
    for feed in plan_feeds(groups, refs, config, urls, entry_ids, None, feed_origins(history)):
        files[feed.path] = renderer.feed(feed, stories)
    files[urls.sitemap()] = render_sitemap(sitemap_pages(pages), urls)
    files[urls.robots()] = render_robots(urls)
    live = set(files)
    redirects = plan_redirects(history, articles, refs, live, config.deleted_stories, urls)
    files.update(redirect_files(redirects, urls, config.language))
    files.update(kept_feeds(history, live, config, urls))  # of tags no story has now
    return dict(sorted(files.items()))


def on_disk(project: Path) -> dict[str, bytes]:
    return {
        path: data
        for path, data in snapshot(project / "site").items()
        if not path.startswith(SEARCH)
    }


def apply(live: LiveSite, *paths: Path) -> int:
    update = live.prepare(paths)
    assert update is not None
    live.commit(update)
    assert on_disk(live.project) == expected(live.project)
    return len(update.writes)


def assert_as_a_clean_build(project: Path, clean: Path) -> None:
    """Check that site/ (search index included) is what a build of a fresh copy writes."""
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".digest-*"))
    build(clean)
    assert snapshot(project / "site") == snapshot(clean / "site")


def articles(live: LiveSite) -> Path:
    return live.project / "content" / "articles" / "2026" / "01"


def test_an_edited_body_rewrites_only_what_shows_it(live: LiveSite) -> None:
    path = articles(live) / "extra-05.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
    update = live.prepare([path])
    assert update is not None
    live.commit(update)
    assert on_disk(live.project) == expected(live.project)
    # Its page and the feeds that carry its body; the lists show only its teaser, unchanged.
    assert all(name.endswith(".xml") or "extra-05" in name for name in update.writes), sorted(
        update.writes
    )
    assert any("extra-05" in name for name in update.writes)


def test_the_first_paragraph_changes_every_list_showing_the_story(live: LiveSite) -> None:
    path = articles(live) / "extra-03.md"
    text = path.read_text(encoding="utf-8").replace("Body of extra", "Rewritten opening of extra")
    path.write_text(text, encoding="utf-8")
    apply(live, path)


@pytest.mark.parametrize(
    "change",
    [
        ("Extra story 2", "A new title for story 2"),
        ("date: 2026-01-12", "date: 2025-12-30"),
        ("[Trade, Tag 2]", "[Brand New Tag]"),
        ("regions: [Asia, Europe]", "regions: [Africa]"),
        ("regions: [Asia, Europe]", "draft: true\nregions: [Asia, Europe]"),
        ("regions: [Asia, Europe]", "lead: true\nregions: [Asia, Europe]"),
        ("regions: [Asia, Europe]", "weight: 9\nregions: [Asia, Europe]"),
    ],
    ids=["title", "date", "tags", "regions", "draft", "lead", "weight"],
)
def test_a_story_that_moves_changes_the_lists_it_left_and_joined(
    live: LiveSite, change: tuple[str, str]
) -> None:
    path = articles(live) / "extra-02.md"
    text = path.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1]), encoding="utf-8")
    apply(live, path)
    path.write_text(text, encoding="utf-8")  # and back
    apply(live, path)


def test_stories_added_deleted_and_renamed(live: LiveSite) -> None:
    folder = articles(live)
    new = folder / "brand-new.md"
    new.write_text(story("A brand new story", "2026-01-14", "[Trade]", "Fresh news."), "utf-8")
    apply(live, new)
    same_slug = folder / "same-slug.md"
    same_slug.write_text(story("A brand new story", "2026-01-14", "[Tag 1]", "Other."), "utf-8")
    apply(live, same_slug)
    gone = folder / "extra-07.md"
    gone.unlink()
    apply(live, gone)
    # What is left of the deleted story is a redirect to its region's page (deleted_stories).
    left = {name: data for name, data in on_disk(live.project).items() if "extra-07" in name}
    assert len(left) == 1
    assert all(b'http-equiv="refresh"' in data for data in left.values())
    moved = live.project / "content" / "articles" / "elsewhere" / "renamed.md"
    moved.parent.mkdir()
    new.rename(moved)
    apply(live, new, moved)


def test_a_broken_story_changes_nothing_until_it_is_fixed(live: LiveSite) -> None:
    path = articles(live) / "extra-01.md"
    text = path.read_text(encoding="utf-8")
    before = on_disk(live.project)
    path.write_text(text.replace("date: 2026-01-11", "date: 2026-13-45"), encoding="utf-8")
    with pytest.raises(ArticleErrors) as raised:
        live.prepare([path])
    assert raised.value.errors[0].path == path
    assert on_disk(live.project) == before
    path.write_text(text.replace("Body", "Fixed body"), encoding="utf-8")
    apply(live, path)


def test_other_changes_are_left_to_a_full_build(live: LiveSite) -> None:
    project = live.project
    assert live.prepare([project / "templates" / "base.html"]) is None
    assert live.prepare([project / "digest.yaml"]) is None
    assert live.prepare([project / "content" / "raw" / "dump.txt"]) is None
    unchanged = live.prepare([articles(live) / "extra-00.md"])
    assert unchanged is not None and unchanged.empty


def test_the_search_index_ends_as_a_clean_build_writes_it(live: LiveSite, tmp_path: Path) -> None:
    folder = articles(live)
    edited = folder / "extra-04.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nZanzibar quokka.\n", "utf-8")
    apply(live, edited)
    added = folder / "searchable.md"
    added.write_text(story("Searchable", "2025-12-02", "[Trade]", "Xylophone news."), "utf-8")
    apply(live, added)
    assert search_settled(live)
    assert_as_a_clean_build(live.project, tmp_path / "clean")


def test_a_damaged_cached_search_index_is_indexed_again(live: LiveSite, tmp_path: Path) -> None:
    # The shards the first build indexed lose their files but keep their manifests (as a
    # killed run could leave them); going back to that content must not trust them.
    for path in (live.cache_folder / "search").rglob("*.pf_*"):
        path.unlink()
    edited = articles(live) / "extra-04.md"
    before = edited.read_text(encoding="utf-8")
    edited.write_text(before + "\nZanzibar quokka.\n", "utf-8")
    apply(live, edited)
    assert search_settled(live)
    edited.write_text(before, "utf-8")
    apply(live, edited)
    assert search_settled(live)
    assert_as_a_clean_build(live.project, tmp_path / "clean")


def test_a_later_build_trusts_and_keeps_exactly_what_live_updates_wrote(
    live: LiveSite, tmp_path: Path
) -> None:
    added = articles(live) / "brand-new.md"
    added.write_text(story("Brand new", "2026-01-14", "[Trade]", "News."), "utf-8")
    apply(live, added)
    live.close()  # as serve does before a full build, and at exit
    build(live.project)  # site/ becomes the spare: what live wrote must be known to it
    added.unlink()
    build(live.project)
    assert_as_a_clean_build(live.project, tmp_path / "clean")


def test_a_build_after_live_updates_undone_is_right(tmp_path: Path, settled: None) -> None:
    # The inputs go back to those of the last build, but site/ is no longer what it wrote.
    live = make_live(tmp_path)
    try:
        added = articles(live) / "brand-new.md"
        added.write_text(story("Brand new", "2026-01-14", "[Trade]", "News."), "utf-8")
        apply(live, added)
        assert search_settled(live)
    finally:
        live.search.stop()
    added.unlink()
    build(live.project)
    assert_as_a_clean_build(live.project, tmp_path / "clean")


def test_a_build_after_live_updates_that_were_never_recorded_is_right(
    live: LiveSite, tmp_path: Path
) -> None:
    added = articles(live) / "brand-new.md"
    added.write_text(story("Brand new", "2026-01-14", "[Trade]", "News."), "utf-8")
    apply(live, added)
    live.search.stop()  # as if serve were killed: the manifest of site/ is not stored
    build(live.project)
    added.unlink()
    build(live.project)
    assert_as_a_clean_build(live.project, tmp_path / "clean")


def test_a_new_story_of_a_published_slug_and_day_is_numbered(
    live: LiveSite, tmp_path: Path
) -> None:
    edited = articles(live) / "extra-06.md"  # dated 2026-01-12, slug extra-06
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMore.\n", "utf-8")
    apply(live, edited)
    # Sorted before it by path, a story of the same day and slug: the published story keeps
    # its URL (the URL history has it there), the new one is -2, as a build does it.
    earlier = live.project / "content" / "articles" / "2026" / "00" / "extra-06.md"
    earlier.parent.mkdir()
    earlier.write_text(story("Taker", "2026-01-12", "[Trade]", "Takes no slug."), "utf-8")
    apply(live, earlier)
    day = live.project / "site" / "2026" / "01" / "12"
    assert b"Body of extra story 6" in (day / "extra-06" / "index.html").read_bytes()
    assert b"Takes no slug." in (day / "extra-06-2" / "index.html").read_bytes()
    assert_as_a_clean_build(live.project, tmp_path / "clean")


def test_a_failed_update_leaves_nothing_behind(live: LiveSite) -> None:
    path = articles(live) / "extra-09.md"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("Body of", "A new teaser [broken](/nowhere/) of")
    path.write_text(broken.replace("date:", 'summary: "A leaked teaser"\ndate:'), "utf-8")
    with pytest.raises(DigestError):
        live.prepare([path])
    path.write_text(text, "utf-8")
    update = live.prepare([path])
    assert update is not None and update.empty
    other = articles(live) / "extra-08.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nMore.\n", "utf-8")
    apply(live, other)
    assert not any(b"leaked" in data for data in on_disk(live.project).values())


def test_a_new_utc_offset_reorders_the_day(live: LiveSite) -> None:
    folder = articles(live)
    for number, moment in enumerate(("10:00:00+02:00", "10:30:00+00:00")):
        path = folder / f"timed-{number}.md"
        path.write_text(story(f"Timed {number}", f"2026-01-13T{moment}", "[Trade]", "x"), "utf-8")
        apply(live, path)
    path = folder / "timed-0.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("10:00:00+02:00", "11:00:00+03:00"), "utf-8")
    apply(live, path)


def search_settled(live: LiveSite, seconds: float = 120) -> bool:
    """Wait (bounded) until the live site's search index updates are done."""
    search = live.search
    assert isinstance(search, SearchUpdater)
    return search.wait(timeout=seconds)
