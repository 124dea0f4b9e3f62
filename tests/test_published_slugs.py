"""Stories of one day with one slug: a published story keeps its URL, a new one is numbered.

The reviewer's case: a second "Weather" story of 2026-01-14, filed in a folder sorted before
the first one's, took /2026/01/14/weather/ and moved the published story to weather-2 with no
redirect. The URL history (content/.urls.json) now decides who keeps a slug.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from digest.config import load_config
from digest.engine.site_check import render_project
from digest.models import Article
from digest.site.load import load_articles, read_article
from digest.site.slugs import unique_slugs
from digest.store.url_history import EMPTY_HISTORY, StoryUrls, UrlHistory, read_history
from tests.conftest import WriteArticle, build
from tests.conftest_project import snapshot

WHEN = dt.datetime(2026, 1, 14, tzinfo=dt.UTC)


def article(path: str, body: str, date: str = "2026-01-14", title: str = "Weather") -> Article:
    data = f"---\ntitle: {title}\ndate: {date}\n---\n{body}\n".encode()
    return read_article(data, Path(path), Path(path))


def history(*placed: tuple[Article, str], gone: bool = False) -> UrlHistory:
    """Return a history that has each article at its URL (a site path)."""
    return UrlHistory(
        {
            story.id: StoryUrls(url, (), story.text_digest, WHEN, 2026, "", gone)
            for story, url in placed
        }
    )


def slugs(articles: list[Article], known: UrlHistory) -> list[str]:
    ordered = sorted(articles, key=lambda story: story.path.as_posix())
    return [story.slug for story in unique_slugs(ordered, known)]


STORM = article("2026/02/weather.md", "Storm warning.")  # published first
CALM = article("2026/01/weather.md", "Calm seas.")  # added later, sorted before it


def test_without_a_history_slugs_are_numbered_by_path() -> None:
    assert slugs([STORM, CALM], EMPTY_HISTORY) == ["weather", "weather-2"]


def test_the_published_story_keeps_its_slug_and_the_new_one_is_numbered() -> None:
    known = history((STORM, "2026/01/14/weather/"))
    assert slugs([STORM, CALM], known) == ["weather-2", "weather"]  # CALM first by path


def test_a_numbered_slug_is_kept_and_never_taken_by_a_file_of_that_name() -> None:
    known = history((STORM, "2026/01/14/weather/"), (CALM, "2026/01/14/weather-2/"))
    named = article("2026/01/weather-2.md", "A file named weather-2.")
    # path order: 2026/01/weather-2.md, 2026/01/weather.md, 2026/02/weather.md
    assert slugs([STORM, CALM, named], known) == ["weather-2-2", "weather-2", "weather"]
    # Its twin deleted, the numbered story stays where readers found it.
    assert slugs([CALM], known) == ["weather-2"]


def test_a_story_that_moved_day_or_went_holds_nothing() -> None:
    moved = article("2026/02/weather.md", "Storm warning.", date="2026-01-15")
    known = history((STORM, "2026/01/14/weather/"))
    assert slugs([moved, CALM], known) == ["weather", "weather"]  # other days
    gone = history((STORM, "2026/01/14/weather/"), gone=True)
    assert slugs([STORM, CALM], gone) == ["weather", "weather-2"]  # by path: CALM first
    renamed = article("2026/02/storm.md", "Storm warning.")  # its entry found by its text
    assert slugs([CALM, renamed], known) == ["weather", "storm"]


def test_a_file_moved_to_another_folder_keeps_its_url_by_its_text() -> None:
    """With no `id:`, a moved file has a new id: its text finds the entry that went."""
    moved = article("2026/03/weather.md", "Storm warning.")
    assert moved.id != STORM.id
    known = history((STORM, "2026/01/14/weather/"))
    assert slugs([CALM, moved], known) == ["weather-2", "weather"]


def test_two_entries_at_one_url_or_a_crafted_number_are_no_trouble() -> None:
    known = history((STORM, "2026/01/14/weather/"), (CALM, "2026/01/14/weather/"))
    assert slugs([STORM, CALM], known) == ["weather", "weather-2"]  # the first by path
    for url in ("2026/01/14/weather-1/", "2026/01/14/weather-02/", "2026/01/14/weather-x/"):
        assert slugs([STORM, CALM], history((STORM, url))) == ["weather", "weather-2"]
    huge = "2026/01/14/weather-" + "9" * 5000 + "/"
    assert slugs([STORM, CALM], history((STORM, huge)))[1] == "weather-" + "9" * 5000


def _two_weathers(project: Path, write_article: WriteArticle) -> Path:
    write_article("2026/02/weather.md", "title: Weather\ndate: 2026-01-14", "Storm warning.\n")
    build(project)
    write_article("2026/01/weather.md", "title: Weather\ndate: 2026-01-14", "Calm seas.\n")
    return build(project)


def test_a_build_keeps_the_published_story_at_its_url(
    project: Path, write_article: WriteArticle
) -> None:
    site = _two_weathers(project, write_article)
    day = site / "2026" / "01" / "14"
    assert "Storm warning." in (day / "weather" / "index.html").read_text(encoding="utf-8")
    assert "Calm seas." in (day / "weather-2" / "index.html").read_text(encoding="utf-8")
    urls = {entry.url for entry in read_history(project).stories.values()}
    assert urls == {"2026/01/14/weather/", "2026/01/14/weather-2/"}
    build(project)  # and again: nothing moves
    assert "Storm warning." in (day / "weather" / "index.html").read_text(encoding="utf-8")


def test_a_clean_build_and_check_of_the_same_history_agree(
    project: Path, write_article: WriteArticle, tmp_path: Path
) -> None:
    site = _two_weathers(project, write_article)
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".digest-*"))
    build(clean)
    assert snapshot(clean / "site") == snapshot(site)
    folder = project / "content" / "articles"
    checked = render_project(
        project, load_config(project), load_articles(folder, read_history(project))
    )
    for name in ("2026/01/14/weather/index.html", "2026/01/14/weather-2/index.html", "feed.xml"):
        assert checked.files[name] == (site / name).read_bytes(), name
