"""Search finds what a story page shows above its text, in headless Chromium (review17 H23).

The standfirst, the byline, the outlet and the photo's caption are what a reader sees first
on a story's page; only the story's text was indexed, so a search for a word of its
standfirst, a reporter's name or a word of a caption found nothing (or, by Pagefind's fallback
to a word's start, an unrelated story). The theme's labels ("Photo:", "Tags") stay out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import WAIT_MS, build, serve_folder

STORY = """---
title: Berlin votes to cap rents again
date: 2026-12-05
regions: [Europe]
tags: [Housing]
summary: Tenants hail the Nationalversammlung's quieter cousin, the city parliament.
authors: [Kate Connolly]
outlet: Guardian
captions: ["Apartment blocks in the Kreuzberg district. Picture: Hannibal Hanschke"]
---

Berlin's parliament has voted to reintroduce a cap on rents for five years.
"""
OTHER = """---
title: Paris opens a new tram line
date: 2026-12-04
regions: [Europe]
---

The line runs along the river and opens on Monday.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Build a two-story digest; yield its URL."""
    project = tmp_path_factory.mktemp("search-head") / "project"
    articles = project / "content" / "articles"
    articles.mkdir(parents=True)
    (project / "digest.yaml").write_text(
        "title: Digest\nbase_url: http://127.0.0.1/\n", encoding="utf-8"
    )
    (articles / "berlin.md").write_text(STORY, encoding="utf-8")
    (articles / "paris.md").write_text(OTHER, encoding="utf-8")
    with serve_folder(build(project)) as url:
        yield url


def _found(browser: Any, url: str, query: str) -> list[str]:
    """Return the titles the search page lists for *query* (none: an empty list)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{url}search/?q={quote(query)}")
        # "No stories match ...", "1 story matches ...": the search has answered
        page.locator("#search-status", has_text="match").wait_for(timeout=WAIT_MS)
        texts = page.locator(".search-result h2 a").all_inner_texts()
        return [" ".join(text.split()) for text in texts]
    finally:
        context.close()


@pytest.mark.parametrize("query", ["Nationalversammlung", "Connolly", "Kreuzberg", "Hanschke"])
def test_the_standfirst_byline_and_captions_are_searched(
    browser: Any, site: str, query: str
) -> None:
    assert _found(browser, site, query) == ["Berlin votes to cap rents again"]


@pytest.mark.parametrize("query", ["Photo", "Tags"])
def test_the_themes_labels_are_not(browser: Any, site: str, query: str) -> None:
    assert _found(browser, site, query) == []


def test_the_page_marks_one_element_for_search(tmp_path: Path) -> None:
    """The story's element is the one Pagefind indexes, so `search.indexed_part` still gives
    it the story alone (the masthead, footer and related stories left out)."""
    project = tmp_path / "project"
    (project / "content" / "articles").mkdir(parents=True)
    (project / "digest.yaml").write_text("title: D\nbase_url: http://127.0.0.1/\n", "utf-8")
    (project / "content" / "articles" / "berlin.md").write_text(STORY, encoding="utf-8")
    page = (build(project) / "2026/12/05/berlin/index.html").read_text("utf-8")
    assert page.count("data-pagefind-body") == 1
    assert '<article class="story" data-pagefind-body>' in page
