"""The time a page printed as its update (front matter's `updated`) is shown on the story
page beside the story's date, and as the JSON-LD's dateModified, when it tells more than the
publication's time (`site/story_facts.updated_note`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import WriteArticle, build


def _page(site: Path, slug: str) -> str:
    (page,) = site.glob(f"*/*/*/{slug}/index.html")
    return page.read_text("utf-8")


def _modified(html: str) -> str:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    return str(json.loads(found[1])["dateModified"])


def test_an_update_later_than_the_publication_is_shown_beside_the_date(
    project: Path, write_article: WriteArticle
) -> None:
    write_article(
        "2025/12/later.md",
        'title: Later\ndate: 2025-12-05\npublished: "2025-12-05T09:00:00+01:00"\n'
        'updated: "2025-12-06T14:30:00+01:00"\n',
    )
    write_article(
        "2025/12/alone.md",
        "title: Alone\ndate: 2025-12-04\ndate_source: update\ndate_precision: guess\n"
        'updated: "2025-12-04T10:00:00Z"\n',
    )
    site = build(project)
    html = _page(site, "later")
    assert (
        '<span class="updated">Updated <time datetime="2025-12-06T14:30:00+01:00">'
        "Saturday 6 December 2025, 14:30 UTC+01:00</time></span>"
    ) in html
    assert _modified(html) == "2025-12-06T14:30:00+01:00"
    # The date shown is a guess made from the update: its time is still news.
    assert "Updated <time" in _page(site, "alone")
    assert "Thursday 4 December 2025, 10:00 UTC<" in _page(site, "alone")


def test_no_update_or_the_same_moment_shows_nothing_more(
    project: Path, write_article: WriteArticle
) -> None:
    write_article(
        "2025/12/same.md",
        'title: Same\ndate: 2025-12-05\npublished: "2025-12-05T09:00:00+01:00"\n'
        'updated: "2025-12-05T08:00:00Z"\n',
    )
    write_article("2025/12/none.md", "title: None\ndate: 2025-12-05\n")
    write_article("2025/12/day.md", "title: Day\ndate: 2025-12-05\nupdated: 2025-12-05\n")
    site = build(project)
    for slug in ("same", "none", "day"):
        html = _page(site, slug)
        assert 'class="updated"' not in html, slug
    assert _modified(_page(site, "same")) == "2025-12-05T09:00:00+01:00"
