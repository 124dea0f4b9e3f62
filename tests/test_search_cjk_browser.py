"""Search in Japanese and Chinese, in headless Chromium: a word inside a run of characters.

Japanese and Chinese write no spaces between words. Pagefind's standard binary indexes a
run of characters between punctuation marks as one word and matches its start only, so a
search for 反落 ("fell back") in 東京株、反落　利益確定売りが優勢 found nothing; its extended
binary, which the build runs, splits such runs into words (review15 F21).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import WAIT_MS, build, serve_folder

STORIES = {
    "ja": (
        "東京株、反落　利益確定売りが優勢",
        "4日の東京株式市場で日経平均株価は反落し、終値は前日比412円安の3万7352円だった。"
        "前日に大きく上昇した反動で、利益確定売りが優勢となった。\n\n"
        "外国為替市場で円高ドル安が進んだことも、輸出関連株の重荷となった。",
        ("反落", "日経平均", "株式市場", "為替"),
    ),
    "zh": (
        "北京推出新的公共交通计划",
        "北京市政府周一宣布了一项新的公共交通计划，将在明年增加二十条公交线路。"  # noqa: RUF001
        "市民可以通过手机应用查询实时到站信息。",
        ("交通", "公交线路", "手机"),
    ),
}


@pytest.fixture(scope="module", params=sorted(STORIES))
def cjk_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """Build a one-story digest in the language; yield (language, its URL)."""
    language: str = request.param
    title, body, _ = STORIES[language]
    project = tmp_path_factory.mktemp(f"search-{language}") / "project"
    (project / "content" / "articles").mkdir(parents=True)
    (project / "digest.yaml").write_text(
        f"title: Digest\nbase_url: http://127.0.0.1/\nlanguage: {language}\n", encoding="utf-8"
    )
    (project / "content" / "articles" / "story.md").write_text(
        f"---\ntitle: {title}\ndate: 2025-03-04\nregions: [Asia]\n---\n\n{body}\n",
        encoding="utf-8",
    )
    with serve_folder(build(project)) as url:
        yield language, url


def test_a_word_inside_a_run_of_characters_is_found(
    browser: Any, cjk_site: tuple[str, str]
) -> None:
    language, url = cjk_site
    title, _, words = STORIES[language]
    context = browser.new_context()
    try:
        page = context.new_page()
        for word in words:
            page.goto(f"{url}search/?q={quote(word)}")
            page.locator(".search-result").first.wait_for(timeout=WAIT_MS)
            found = page.locator(".search-result h2 a").all_inner_texts()
            assert [" ".join(text.split()) for text in found] == [" ".join(title.split())], word
    finally:
        context.close()


# An English digest holding stories in Japanese and Chinese (review17 H10): each story page
# says its language (the Japanese one in front matter, the Chinese one by its script alone),
# Pagefind indexes each language apart, and the one search box finds every story. The
# stories lie in three decades (three shards), the newest holding Japanese only.
MIXED = (
    (
        "shinkansen",
        "2036-12-06",
        "language: ja\n",
        "大雪で新幹線に遅れ　北陸で最大50センチの積雪",
        "5日、北陸地方を中心に大雪となり、新潟県では最大50センチの積雪を観測しました。"
        "上越新幹線は一部の列車に遅れが出ています。",
    ),
    ("kabu", "2024-03-04", "", STORIES["ja"][0], STORIES["ja"][1]),
    ("beijing", "2015-03-04", "", STORIES["zh"][0], STORIES["zh"][1]),
    (
        "rents",
        "2015-03-05",
        "",
        "Berlin votes to freeze rents",
        "Berlin's parliament voted to reintroduce a cap on rents in Kreuzberg.",
    ),
    ("harbour", "2024-03-05", "", "Harbour plan agreed", "The council agreed a plan."),
)
# A query -> the stories it finds (their slugs).
MIXED_QUERIES = {
    "新幹線": ["shinkansen"],  # Pagefind indexes it as 新 + 幹線; 新 alone is in 新的 too
    "積雪": ["shinkansen"],
    "北陸": ["shinkansen"],
    "反落": ["kabu"],
    "公交线路": ["beijing"],
    "Kreuzberg": ["rents"],
    "harbour": ["harbour"],
}


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """Build the English digest of MIXED; yield its site folder and URL."""
    project = tmp_path_factory.mktemp("search-mixed") / "project"
    articles = project / "content" / "articles"
    articles.mkdir(parents=True)
    (project / "digest.yaml").write_text(
        "title: Digest\nbase_url: http://127.0.0.1/\nlanguage: en\n", encoding="utf-8"
    )
    for slug, day, front, title, body in MIXED:
        (articles / f"{slug}.md").write_text(
            f"---\ntitle: {title}\ndate: {day}\n{front}regions: [Asia]\n---\n\n{body}\n",
            encoding="utf-8",
        )
    site = build(project)
    with serve_folder(site) as url:
        yield site, url


def test_each_story_page_says_its_language(mixed_site: tuple[Path, str]) -> None:
    site, _ = mixed_site
    found = {}
    for slug, day, *_ in MIXED:
        page = (site / day.replace("-", "/") / slug / "index.html").read_text(encoding="utf-8")
        article = re.search(r"<article class=\"story\"[^>]*>", page)
        assert article is not None and page.startswith('<!doctype html>\n<html lang="en">')
        told = re.search(r'\slang="([^"]+)"', article.group(0))
        found[slug] = told.group(1) if told else None
    assert found == {
        "shinkansen": "ja",
        "kabu": "ja",
        "beijing": "zh",
        "rents": None,
        "harbour": None,
    }
    listing = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert listing["languages"] == {
        "shards/2010s/": ["en", "zh"],
        "shards/2020s/": ["en", "ja"],
        "": ["ja"],
    }


def test_one_search_box_finds_every_language(browser: Any, mixed_site: tuple[Path, str]) -> None:
    _, url = mixed_site
    titles = {slug: title for slug, _, _, title, _ in MIXED}
    context = browser.new_context()
    try:
        page = context.new_page()
        for query, slugs in MIXED_QUERIES.items():
            page.goto(f"{url}search/?q={quote(query)}")
            page.locator(".search-result").first.wait_for(timeout=WAIT_MS)
            found = page.locator(".search-result h2 a").all_inner_texts()
            want = [" ".join(titles[slug].split()) for slug in slugs]
            assert [" ".join(text.split()) for text in found] == want, query
    finally:
        context.close()


def test_the_index_loads_when_the_search_box_is_focused(
    browser: Any, mixed_site: tuple[Path, str]
) -> None:
    """Focusing the box loads every (bundle, language) index before a word is typed, all at
    once (one after the other, each was two requests' round trips: an English site's search
    with a Japanese shard waited for ten); a search then finds what it found before."""
    _, url = mixed_site
    context = browser.new_context()
    try:
        page = context.new_page()
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto(f"{url}search/")
        page.wait_for_load_state("networkidle")
        assert not [address for address in asked if address.endswith(".pf_meta")]
        page.focus("input[name=q]")
        # the primary's Japanese, the 2010s' English and Chinese, the 2020s' English and Japanese
        deadline = time.monotonic() + WAIT_MS / 1000
        while len([a for a in asked if a.endswith(".pf_meta")]) < 5:
            assert time.monotonic() < deadline, asked
            page.wait_for_timeout(50)
        assert page.locator(".search-result").count() == 0
        page.fill("input[name=q]", "積雪")
        page.locator(".search-result").first.wait_for(timeout=WAIT_MS)
        found = page.locator(".search-result h2 a").all_inner_texts()
        assert [" ".join(text.split()) for text in found] == [" ".join(MIXED[0][3].split())]
    finally:
        context.close()
