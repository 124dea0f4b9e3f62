"""Feeds as a feed reader sees them: every Atom feed of the fixture site parsed by feedparser."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import feedparser
import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest.commands.cli import main
from digest.site.feeds import escape, quoteattr
from tests.conftest_project import make_project

BASE_URL = "https://example.org/digest/"


def feeds(site: Path) -> list[Path]:
    return sorted(site.rglob("feed.xml"))


def test_there_is_a_feed_for_the_site_each_region_and_each_tag(fixture_site: Path) -> None:
    names = {path.relative_to(fixture_site).as_posix() for path in feeds(fixture_site)}
    assert "feed.xml" in names
    assert {"regions/europe/feed.xml", "regions/asia/feed.xml", "tags/iran/feed.xml"} <= names
    # "page" holds the index's own later pages (/tags/page/2/), not a tag.
    regions = {p.name for p in (fixture_site / "regions").iterdir() if p.is_dir()} - {"page"}
    tags = {p.name for p in (fixture_site / "tags").iterdir() if p.is_dir()} - {"page"}
    assert {f"regions/{name}/feed.xml" for name in regions} <= names
    assert {f"tags/{name}/feed.xml" for name in tags} <= names


def test_every_feed_parses_cleanly_with_full_content_and_absolute_links(
    fixture_site: Path,
) -> None:
    for path in feeds(fixture_site):
        parsed = feedparser.parse(path.read_bytes())
        where = path.relative_to(fixture_site).as_posix()
        assert not parsed.bozo, (where, parsed.get("bozo_exception"))
        assert parsed.version == "atom10", where
        assert parsed.feed.title and parsed.feed.updated_parsed, where
        self_link = [link.href for link in parsed.feed.links if link.rel == "self"]
        assert self_link == [BASE_URL + where], where
        assert parsed.entries, where
        times = [time.mktime(entry.updated_parsed) for entry in parsed.entries]
        assert times == sorted(times, reverse=True), f"{where}: entries not newest first"
        for entry in parsed.entries:
            assert entry.link.startswith(BASE_URL), (where, entry.link)
            # A tag: URI of the host and the story's id (RFC 4151), never the permalink.
            assert re.fullmatch(r"tag:example\.org,\d{4}:digest/\w+", entry.id), (where, entry.id)
            assert entry.content and entry.content[0].type == "text/html", where
            assert entry.title and entry.summary, where


def test_an_entry_carries_the_whole_story(fixture_site: Path) -> None:
    parsed = feedparser.parse((fixture_site / "tags" / "diplomacy" / "feed.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.title.startswith("Finland Summons"))
    content = entry.content[0].value
    assert "Other Nordic governments were expected to follow" in content  # the last paragraph
    assert "A Finnish flag flies over the City Hall" in content  # the caption
    assert entry.link == BASE_URL + "2026/01/13/finland-summons-iran-envoy/"
    assert {tag.term for tag in entry.tags} >= {"Europe", "Finland", "Diplomacy"}


def test_the_site_feed_is_capped_and_skips_drafts(fixture_site: Path) -> None:
    parsed = feedparser.parse((fixture_site / "feed.xml").read_bytes())
    assert len(parsed.entries) == 4  # feed_entries in the fixture's digest.yaml
    assert all("Draft" not in entry.title for entry in parsed.entries)


def test_markup_in_a_story_is_escaped_text_in_the_feed(fixture_site: Path) -> None:
    parsed = feedparser.parse((fixture_site / "tags" / "militias" / "feed.xml").read_bytes())
    content = parsed.entries[0].content[0].value
    assert "&lt;script&gt;" in content
    assert "<script" not in content


@pytest.mark.parametrize("epoch", ["0", "1767225600"])
def test_source_date_epoch_sets_the_feed_time(epoch: str) -> None:
    from digest.site.feeds import Feed, render_feed
    from digest.source_date import source_date
    from digest.urls import UrlScheme

    updated = source_date({"SOURCE_DATE_EPOCH": epoch})
    assert updated == dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    urls = UrlScheme.from_base_url(BASE_URL)
    feed = Feed("T", "S", "feed.xml", "", "en", "A")
    parsed = feedparser.parse(render_feed(feed, [], urls, updated))
    assert not parsed.bozo
    assert time.strftime("%Y-%m-%d", parsed.feed.updated_parsed) == updated.strftime("%Y-%m-%d")


@given(st.text(alphabet=st.sampled_from("ab &<>\"'\n\r\té")))
def test_feed_escaping_is_that_of_the_standard_library(text: str) -> None:
    from xml.sax import saxutils

    assert escape(text) == saxutils.escape(text)
    assert quoteattr(text) == saxutils.quoteattr(text)


def test_a_control_character_in_a_story_is_named_and_never_reaches_a_feed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path)
    story = project / "content" / "articles" / "hand" / "bell.md"
    story.parent.mkdir(parents=True)
    text = (
        '---\ntitle: "Bell\\u0007Title"\ndate: 2026-06-03\ntags: [Bells]\n---\n\nAn \x1bescape.\n'
    )
    story.write_text(text, encoding="utf-8")
    named = f"{story}:2: a control character (U+0007) that no page or feed can hold"
    assert main(["check", "-q", "-C", str(project)]) == 1
    assert named in capsys.readouterr().err
    assert main(["build", "-q", "-C", str(project)]) == 0
    assert named in capsys.readouterr().err
    assert story.read_text(encoding="utf-8") == text  # the editor's file is never rewritten
    site = project / "site"
    for path in [site / "feed.xml", site / "tags" / "bells" / "feed.xml"]:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries[0].title == "BellTitle"
    page = (site / "2026" / "06" / "03" / "bell" / "index.html").read_text(encoding="utf-8")
    assert "An escape." in page and not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", page)


def test_an_entry_is_published_at_the_time_its_page_printed(tmp_path: Path) -> None:
    """<published> is the printed instant (04:45 UTC for 23:45 EST), not the midnight of the
    story's day; a story whose date the editor moved days away is published on its day."""
    project = make_project(tmp_path)
    folder = project / "content" / "articles" / "2025" / "12"
    folder.mkdir(parents=True)
    printed = "published: 2025-12-29T23:45:00-05:00\n"
    for name, day in (("snow", "2025-12-30"), ("moved", "2025-12-20")):
        (folder / f"{name}.md").write_text(
            f"---\ntitle: {name.title()}\ndate: {day}\n{printed}---\n\nText.\n", encoding="utf-8"
        )
    assert main(["build", "-q", "-C", str(project)]) == 0
    parsed = feedparser.parse((project / "site" / "feed.xml").read_bytes())
    published = {entry.title: entry.published for entry in parsed.entries}
    assert published == {"Snow": "2025-12-30T04:45:00Z", "Moved": "2025-12-20T00:00:00Z"}
    # <updated> is never before <published> (RFC 4287): a first entry's change time is its
    # day's start, and readers sorting by <updated> showed the story at midnight.
    updated = {entry.title: entry.updated for entry in parsed.entries}
    assert updated["Snow"] == "2025-12-30T04:45:00Z"
    assert all(entry.updated_parsed >= entry.published_parsed for entry in parsed.entries)
    assert parsed.feed.updated_parsed >= max(entry.updated_parsed for entry in parsed.entries)


def test_a_story_in_another_language_says_so_on_its_cards_and_feed_entries(
    tmp_path: Path,
) -> None:
    """A story whose `language` is not the site's carries `lang` on its teaser's title and
    text (and the front page's lead) and `xml:lang` on its feed entry; a story in the site's
    language (its tag written in other letter case too) carries neither."""
    project = make_project(tmp_path)
    folder = project / "content" / "articles" / "2026" / "03"
    folder.mkdir(parents=True)
    stories = (
        ("safari", "2026-03-03", "language: sw\ntags: [Kenya]\n", "Shirika la ndege la Kenya."),
        ("rail", "2026-03-02", "language: EN\ntags: [Kenya]\n", "The line reopened."),
        ("port", "2026-03-01", "tags: [Kenya]\n", "The port reopened."),
    )
    for name, day, keys, text in stories:
        (folder / f"{name}.md").write_text(
            f"---\ntitle: {name.title()}\ndate: {day}\n{keys}---\n\n{text}\n", encoding="utf-8"
        )
    assert main(["build", "-q", "-C", str(project)]) == 0
    site = project / "site"
    for path in (site / "feed.xml", site / "tags" / "kenya" / "feed.xml"):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        languages = {entry.title: entry.title_detail.language for entry in parsed.entries}
        assert languages == {"Safari": "sw", "Rail": "en", "Port": "en"}, path
        assert parsed.entries[0].content[0].language == "sw"
    front = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 class="lead-title" lang="sw"[^>]*><a [^>]*>Safari</a>', front)
    tag = (site / "tags" / "kenya" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="teaser-title" lang="sw" dir="auto"><a [^>]*>Safari</a>', tag)
    assert re.search(r'class="teaser-text" lang="sw" dir="auto">Shirika la ndege', tag)
    assert len(re.findall(r"\blang=", tag)) == 2 + tag.count("<html lang=")
