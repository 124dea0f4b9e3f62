"""A tag whose last story is deleted: its page leads to the tags index and its feed stays,
valid and empty, with its <id> (site/gone_terms.py); readers and feed readers get no 404."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser

from digest.engine.build import build as engine_build
from tests.conftest import WriteArticle, build
from tests.test_cache import settled
from tests.test_redirects import page_target, rules

__all__ = ["settled"]  # the fixture, used by name

HISTORY = Path("content") / ".urls.json"
STORY = "id: {id}\ntitle: {title}\ndate: 2026-01-{day}\nregions: [Europe]\ntags: [{tags}]"


def write(write_article: WriteArticle, name: str, day: int, tags: str) -> Path:
    meta = STORY.format(id=f"story-{name}", title=f"Story {name}", day=f"{day:02d}", tags=tags)
    return write_article(f"2026/01/{name}.md", meta, f"The {name} story.\n")


def parsed(site: Path, feed: str) -> feedparser.FeedParserDict:
    result = feedparser.parse((site / feed).read_bytes())
    assert not result.bozo, result.get("bozo_exception")
    return result


def test_a_tag_whose_last_story_is_deleted_redirects_to_the_index_and_keeps_its_feed(
    project: Path, write_article: WriteArticle, settled: None
) -> None:
    write(write_article, "kept", 12, "Weather")
    retired = write(write_article, "retired", 13, "Weather, Retired Topic")
    site = build(project)
    first_id = parsed(site, "tags/retired-topic/feed.xml").feed.id
    assert first_id == "https://example.org/tags/retired-topic/feed.xml"

    retired.unlink()
    site = build(project)
    assert rules(site)["/tags/retired-topic/"] == "/tags/"
    assert page_target(site, "/tags/retired-topic/") == "/tags/"
    page = (site / "tags" / "retired-topic" / "index.html").read_text(encoding="utf-8")
    assert "No story is filed under Retired Topic now" in page
    feed = parsed(site, "tags/retired-topic/feed.xml")
    assert feed.feed.id == first_id and feed.entries == []
    assert "/tags/retired-topic/feed.xml" not in rules(site)  # the feed itself, no redirect
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "retired-topic" not in sitemap
    assert "Retired Topic" not in (site / "tags" / "index.html").read_text(encoding="utf-8")
    terms = json.loads((project / HISTORY).read_text(encoding="utf-8"))["terms"]
    assert terms["tags/retired-topic/"] == {"name": "Retired Topic", "gone": True}

    # Stories only added (a deploy's plan): the page and the feed stay as they were.
    before = {
        path: (site / path).read_bytes()
        for path in ("tags/retired-topic/index.html", "tags/retired-topic/feed.xml")
    }
    write(write_article, "later", 14, "Weather")
    result = engine_build(project)
    assert result.site is not None and result.site.planning == "added"
    assert {path: (site / path).read_bytes() for path in before} == before

    # The tag comes back: its page and feed again, at the same URLs, with the same <id>.
    write(write_article, "back", 15, "Retired Topic")
    site = build(project)
    assert "/tags/retired-topic/" not in rules(site)
    feed = parsed(site, "tags/retired-topic/feed.xml")
    assert feed.feed.id == first_id and [e.title for e in feed.entries] == ["Story back"]


def test_with_deleted_stories_404_a_gone_tag_has_neither_page_nor_feed(
    project: Path, write_article: WriteArticle
) -> None:
    config = project / "digest.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "deleted_stories: '404'\n", "utf-8")
    write(write_article, "kept", 12, "Weather")
    retired = write(write_article, "retired", 13, "Retired Topic")
    build(project)
    retired.unlink()
    site = build(project)
    assert not (site / "tags" / "retired-topic").exists()
