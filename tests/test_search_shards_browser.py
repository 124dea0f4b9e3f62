"""Search over several shards in headless Chromium: a word finds the stories that hold it.

Each search shard is a Pagefind index of its own, and Pagefind answers a word an index lacks
with the pages of the longest part of that word the index holds (Pagefind issue #793): on a
site of several shards, "Antananarivo" found, besides its own stories, every story of the
shards without it that holds the word "an". The search page drops the results of a shard
that holds no word of the query (search.js, `honest`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import WAIT_MS, build, serve_folder

FILLER = (
    "The council met on a cold morning and agreed a plan for the harbour, a new school and "
    "an old bridge over the river; the mayor said a vote would follow in a month."
)
# (year, slug, title, whether the story names the lake): one decade a shard, five shards.
STORIES = (
    (1994, "lake-report", "Report from the lake", True),
    (2004, "harbour-plan", "Harbour plan agreed", False),
    (2013, "bridge-vote", "Bridge vote delayed", False),
    (2016, "school-opens", "School opens its doors", False),
    (2025, "lake-fishing", "Fishing returns to the lake", True),
    (2025, "river-flood", "River floods the valley", False),
    (2036, "mayor-speaks", "Mayor speaks on the budget", False),
)
WORD = "Antananarivo"


@pytest.fixture(scope="module")
def shards_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Build a digest whose stories lie in five decades (five shards); yield its URL."""
    project = tmp_path_factory.mktemp("search-shards") / "project"
    articles = project / "content" / "articles"
    articles.mkdir(parents=True)
    (project / "digest.yaml").write_text(
        "title: Digest\nbase_url: http://127.0.0.1/\n", encoding="utf-8"
    )
    for year, slug, title, named in STORIES:
        text = f"{FILLER}\n\nFishermen from {WORD} said the catch grew." if named else FILLER
        (articles / f"{slug}.md").write_text(
            f"---\ntitle: {title}\ndate: {year}-05-04\nregions: [Africa]\n---\n\n{text}\n",
            encoding="utf-8",
        )
    site = build(project)
    listed = (site / "pagefind" / "shards.json").read_text(encoding="utf-8")
    assert listed.count("shards/") == 4  # and the newest decade is the primary index
    with serve_folder(site) as url:
        yield url


def _titles(page: Any) -> list[str]:
    return sorted(
        " ".join(text.split()) for text in page.locator(".search-result h2 a").all_inner_texts()
    )


def test_a_word_in_two_shards_finds_only_its_stories(browser: Any, shards_site: str) -> None:
    named = sorted(title for _, _, title, has in STORIES if has)
    context = browser.new_context()
    try:
        page = context.new_page()
        for query in (WORD, WORD.lower(), WORD[:6]):  # the word, and the word being typed
            page.goto(f"{shards_site}search/?q={quote(query)}")
            page.locator(".search-result").first.wait_for(timeout=WAIT_MS)
            assert _titles(page) == named, query
            assert "2 stories match" in page.inner_text("#search-status"), query
        # Pagefind itself, on the same merged shards, answers with more: the test can fail.
        found = page.evaluate(
            """async (word) => {
                const form = document.querySelector("form[data-search]");
                const pagefind = await import(new URL(form.dataset.bundle, location.href).href);
                return (await pagefind.search(word)).results.length;
            }""",
            WORD,
        )
        assert found > len(named)
    finally:
        context.close()


def test_a_word_no_shard_holds_is_answered_by_its_longest_part(
    browser: Any, shards_site: str
) -> None:
    # "Antananarivon" is in no story: each shard answers with a part of it, "antananarivo"
    # in two, "an" in the others. One index would answer with the longest part the site
    # holds, and so does the search page: the shards that hold all but its last letter.
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{shards_site}search/?q={WORD}n")
        page.locator(".search-result").first.wait_for(timeout=WAIT_MS)
        assert _titles(page) == sorted(title for _, _, title, has in STORIES if has)
    finally:
        context.close()
