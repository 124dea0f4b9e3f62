"""digest serve in a real browser: edits show up, CSS swaps in place, errors overlay.

Each test starts `digest serve` as a process on a free loopback port in a temporary copy of
the sample project and drives the machine's Chromium against it. Every wait is bounded.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import WAIT_MS
from tests.conftest_project import REPO, make_project
from tests.serve_process import Served, start_serve, stop_serve


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    project = make_project(tmp_path / "project", seeds=True)
    # The seeds as collected, the day after their newest story: a weekday they name is then
    # in that week, not in the week the test runs.
    for name, day in (
        ("2025-04-28_000_795ca110c0324f7a.txt", dt.datetime(2025, 4, 28, 12, tzinfo=dt.UTC)),
        ("2026-01-14_002_5f2925bc89df16b5.txt", dt.datetime(2026, 1, 14, 12, tzinfo=dt.UTC)),
    ):
        os.utime(project / "content" / "raw" / name, (day.timestamp(), day.timestamp()))
    shutil.copytree(REPO / "digest" / "themes" / "default" / "templates", project / "templates")
    shutil.copytree(REPO / "digest" / "themes" / "default" / "static", project / "static")
    server = start_serve(project)
    try:
        yield server
    finally:
        stop_serve(server)


@pytest.fixture
def page(browser: Any, served: Served) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def _open(page: Any, url: str) -> None:
    """Open *url* and wait until its live reload listens (a change before would be missed)."""
    page.goto(url)
    page.wait_for_selector("html[data-digest-live]", state="attached", timeout=WAIT_MS)


def _articles(project: Path) -> dict[str, Path]:
    found = {}
    for path in (project / "content" / "articles").rglob("*.md"):
        title = re.search(r'^title: "(.*)"$', path.read_text(encoding="utf-8"), re.MULTILINE)
        assert title
        found[title.group(1)] = path
    return found


def _story_url(served: Served, title: str) -> str:
    """Return the URL of the story page built from the article titled *title*."""
    stem = _articles(served.project)[title].stem
    (page_dir,) = [path.parent for path in (served.project / "site").rglob(f"{stem}/index.html")]
    return served.url + page_dir.relative_to(served.project / "site").as_posix() + "/"


def test_template_edit_shows_in_the_open_page(served: Served, page: Any) -> None:
    _open(page, served.url)
    base = served.project / "templates" / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace("Atom feed</a>", "Atom feed</a> · Edited footer"),
        encoding="utf-8",
    )
    page.wait_for_selector("text=Edited footer", timeout=WAIT_MS)
    assert "Edited footer" not in (served.project / "templates" / "404.html").read_text()
    assert "__digest" not in next((served.project / "site").glob("index.html")).read_text()


def test_css_edit_swaps_the_stylesheet_without_a_reload(served: Served, page: Any) -> None:
    _open(page, served.url)
    page.evaluate("window.digestMarker = 42")
    css = served.project / "static" / "style.css"
    css.write_text(
        css.read_text(encoding="utf-8") + "\nbody { outline: 7px solid rgb(1, 2, 3); }\n"
    )
    page.wait_for_function(
        "getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'", timeout=WAIT_MS
    )
    assert page.evaluate("window.digestMarker") == 42


def test_atomic_save_of_a_story_updates_its_page(served: Served, page: Any) -> None:
    title = "Finland Summons Iran Envoy Over Deadly Protests"
    _open(page, _story_url(served, title))
    path = _articles(served.project)[title]
    text = path.read_text(encoding="utf-8").replace("Nordic country", "Nordic republic")
    temporary = path.with_name(path.name + ".tmp4711")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)  # how many editors save
    page.wait_for_selector("text=Nordic republic", timeout=WAIT_MS)


def test_new_dump_adds_a_story_to_its_page_and_the_home_page(served: Served, page: Any) -> None:
    _open(page, served.url)
    dump = (
        "Volcano Erupts Near Reykjavik Airport\n\nTT\n\nVolcano Erupts Near Reykjavik Airport\n\n"
        "A volcano erupted in Iceland on 14 January 2026, closing Reykjavik's airport.\n"
    )
    (served.project / "content" / "raw" / "2026-01-14-iceland.txt").write_text(dump)
    page.wait_for_selector("text=Volcano Erupts Near Reykjavik Airport", timeout=WAIT_MS)
    page.get_by_role("link", name="Volcano Erupts Near Reykjavik Airport").first.click()
    page.wait_for_selector("text=closing Reykjavik", timeout=WAIT_MS)


def test_deleted_story_leads_to_its_region_and_no_list_links_to_it(
    served: Served, page: Any
) -> None:
    title = "North Korea's Kim Revamps Private Security Detail, South Says"
    url = _story_url(served, title)
    path = _articles(served.project)[title]
    _open(page, url)
    path.unlink()
    page.wait_for_event("load", timeout=WAIT_MS)  # the server tells the page to reload
    # Its old URL answers a 301 to its region's page (deleted_stories: region, the default).
    response = page.goto(url)
    assert response.status == 200 and page.url.endswith("/regions/asia/")
    assert response.request.redirected_from.url == url
    slug = url.rstrip("/").rsplit("/", 1)[-1]
    for html in (served.project / "site").rglob("*.html"):
        assert slug not in html.read_text(encoding="utf-8"), html


def test_broken_front_matter_shows_an_overlay_until_fixed(served: Served, page: Any) -> None:
    _open(page, served.url)
    path = _articles(served.project)["Finland Summons Iran Envoy Over Deadly Protests"]
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("regions: [", "regions: [[", 1), encoding="utf-8")
    overlay = page.wait_for_selector("#digest-build-error", timeout=WAIT_MS)
    text = overlay.text_content()
    assert path.name in text and re.search(r":\d+", text)
    _open(page, served.url)  # the last good build is still served, with the error shown
    page.wait_for_selector("#digest-build-error", timeout=WAIT_MS)
    assert page.title()
    path.write_text(good, encoding="utf-8")
    page.wait_for_selector("#digest-build-error", state="detached", timeout=WAIT_MS)


def test_a_burst_of_100_files_gives_one_rebuild(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    server = start_serve(project)
    folder = project / "content" / "articles" / "burst"
    folder.mkdir()
    time.sleep(1.0)  # let the server settle after its first build
    try:
        for number in range(100):
            (folder / f"story-{number}.md").write_text(
                f"---\ntitle: Burst {number}\ndate: 2026-01-14\n---\n\nBody {number}.\n"
            )
        deadline = time.monotonic() + 120  # bounded, generously: a loaded machine is slow
        while (
            time.monotonic() < deadline and not (project / "site" / "2026" / "01" / "14").exists()
        ):
            time.sleep(0.1)
        time.sleep(1.0)  # a second rebuild, if there were one, would start by now
    finally:
        err = stop_serve(server)
    # The 100 files in one batch: one rebuild. (A batch begun on the first file alone is put
    # back, unwritten, when the others arrive while it is prepared; the last one has all.)
    assert len(re.findall(r"^(?:updated \d+ files|rebuilt)$", err, re.MULTILINE)) == 1, err
    assert re.findall(r"^rebuilding.*$", err, re.MULTILINE)[-1] == "rebuilding: 100 changed"
