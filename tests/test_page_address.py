"""A story's `url:` from its copy: the page's address printed over or under it, or a saved
page's canonical address; never only a site's home page."""

from __future__ import annotations

from pathlib import Path

from digest.ingest.page_address import page_address
from digest.ingest.pipeline import run_ingest
from digest.ingest.story_records import story_from_json, story_json
from digest.models import RawStory, Source, Told
from digest.urls import home_page
from tests.test_saved_pages import HARBOUR, TITLE, saved_project, stories

PAGE = "https://www.harbourtimes.example/news/local/article/Harbour-road-reopens-14848164.php"


def test_an_address_alone_or_labelled_is_the_story_s_a_home_page_is_none() -> None:
    assert page_address(f" {PAGE}") == PAGE
    assert page_address(f"Source: {PAGE}?utm_source=share&utm_medium=x") == PAGE
    assert page_address("https://www.example.org/?p=123") == "https://www.example.org/?p=123"
    for home in (
        "https://www.example.org/",
        "https://example.org/en/",
        "https://a.example/index.html",
    ):
        assert home_page(home) and page_address(home) is None
    assert page_address(f"Read the plan at {PAGE}") is None  # a sentence of the text's


def test_a_text_copy_s_address_becomes_its_url_and_survives_the_cache(tmp_path: Path) -> None:
    project = saved_project(tmp_path)
    dump = project / "content" / "raw" / "2026-12-05.txt"
    text = (
        f"{PAGE}\n\nHarbour road reopens after storm\n\n"
        "The harbour road reopened on Tuesday after a week of repairs to the sea wall, the "
        "council said.\n\nRepairs cost more than the council had expected.\n"
    )
    dump.write_text(text, encoding="utf-8")
    run_ingest(project)
    [(data, body, _)] = stories(project).values()
    assert data["url"] == PAGE and PAGE not in body
    story = RawStory(Source("d.txt", 1), 1, "T", (), (), Told(("Ann Lee",), version=2, url=PAGE))
    assert story_from_json(story_json(story)) == story


def test_a_saved_page_whose_canonical_address_is_the_home_page_has_no_url(
    tmp_path: Path,
) -> None:
    project = saved_project(tmp_path)
    home = HARBOUR.replace(
        b"https://news.example.org/2025/03/04/harbour-ferries", b"https://news.example.org/"
    )
    (project / "content" / "raw" / "harbour.html").write_bytes(home)
    run_ingest(project)
    data, _, _ = stories(project)[TITLE]
    assert "url" not in data
