"""Search in Japanese and Chinese, in headless Chromium: a word inside a run of characters.

Japanese and Chinese write no spaces between words. Pagefind's standard binary indexes a
run of characters between punctuation marks as one word and matches its start only, so a
search for 反落 ("fell back") in 東京株、反落　利益確定売りが優勢 found nothing; its extended
binary, which the build runs, splits such runs into words (review15 F21).
"""

from __future__ import annotations

from collections.abc import Iterator
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
