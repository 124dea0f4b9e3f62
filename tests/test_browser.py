"""The fixture site in headless Chromium: layout at phone and desktop widths, dark mode, search.

Served over HTTP with the security headers of netlify.toml, so a page that breaks
the Content Security Policy shows up as a console error here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, WAIT_MS, html_pages, page_url

# One page per template: these are also saved as screenshots.
SHOWN = (
    "index.html",
    "2026/01/13/finland-summons-iran-envoy/index.html",
    "2026/01/12/kursk-region/index.html",
    "2026/01/13/index.html",
    "2026/01/index.html",
    "archive/index.html",
    "regions/index.html",
    "regions/europe/index.html",
    "tags/index.html",
    "tags/iran/index.html",
    "search/index.html",
    "404.html",
)


@pytest.fixture(scope="module")
def screenshots() -> Path:
    """Return where screenshots go: $DIGEST_SCREENSHOTS, or test-artifacts/screenshots/."""
    chosen = os.environ.get("DIGEST_SCREENSHOTS")
    folder = Path(chosen) if chosen else REPO / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Watch:
    """Collect console errors, uncaught exceptions and failed requests of a page."""

    def __init__(self, page: Any) -> None:
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _failed(self, request: Any) -> None:
        # Going to the next page cancels what the last one still loads (the favicon).
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed: {request.url} ({request.failure})")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def context(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    options = getattr(request, "param", {})
    opened = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    try:
        yield opened
    finally:
        opened.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_every_page_fits_the_screen_without_errors(
    browser: Any, site_url: str, fixture_site: Path, screenshots: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        watch = Watch(page)
        overflowing = []
        for name in html_pages(fixture_site):
            page.goto(page_url(site_url, name), wait_until="load")
            extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if extra > 0:
                overflowing.append(f"{name}: {extra}px wider than the screen")
            if name in SHOWN:
                shot = re.sub(r"[^a-z0-9]+", "-", name.removesuffix("index.html")).strip("-")
                page.screenshot(
                    path=screenshots / f"{width}-light-{shot or 'home'}.png", full_page=True
                )
        assert not overflowing
        assert not watch.problems
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_dark_mode_follows_the_system(
    browser: Any, site_url: str, screenshots: Path, width: int
) -> None:
    for scheme, dark in (("dark", True), ("light", False)):
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
        try:
            page = context.new_page()
            watch = Watch(page)
            for name in ("index.html", "2026/01/13/finland-summons-iran-envoy/index.html"):
                page.goto(page_url(site_url, name))
                red, green, blue = (
                    int(part)
                    for part in re.findall(
                        r"\d+", page.evaluate("getComputedStyle(document.body).backgroundColor")
                    )[:3]
                )
                luminance = (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255
                assert (luminance < 0.2) if dark else (luminance > 0.8), (scheme, name, luminance)
                if dark:
                    shot = "home" if name == "index.html" else "story"
                    page.screenshot(path=screenshots / f"{width}-dark-{shot}.png", full_page=True)
            assert not watch.problems
        finally:
            context.close()


def test_search_finds_a_story_and_shows_title_date_and_region(
    context: Any, site_url: str, screenshots: Path
) -> None:
    page = context.new_page()
    watch = Watch(page)
    page.goto(site_url + "search/")
    page.fill("#search-input", "Kursk")
    result = page.locator(".search-result").first
    result.wait_for(timeout=WAIT_MS)
    link = result.locator("h2 a")
    assert link.inner_text() == (
        "Russia Says Last Ukrainian Troops Expelled from Kursk Region, Kyiv Denies Assertion"
    )
    assert link.get_attribute("href") == "/digest/2026/01/12/kursk-region/"
    assert result.locator(".teaser-meta").inner_text() == "12 Jan 2026 · Europe"
    assert "1 story matches" in page.inner_text("#search-status")
    page.screenshot(path=screenshots / "1280-light-search-results.png", full_page=True)
    link.click()
    page.wait_for_url("**/2026/01/12/kursk-region/")
    assert not watch.problems


def test_a_search_link_with_a_query_runs_it(context: Any, site_url: str) -> None:
    page = context.new_page()
    watch = Watch(page)
    page.goto(site_url + "search/?q=nordic")
    page.locator(".search-result").first.wait_for(timeout=WAIT_MS)
    titles = page.locator(".search-result h2 a").all_inner_texts()
    assert "Sweden Joins Nordic Call for Restraint in Iran" in titles
    page.fill("#search-input", "zzzyzzy")
    page.get_by_text("No stories match").wait_for(timeout=WAIT_MS)
    assert page.locator(".search-result").count() == 0
    assert not watch.problems


@pytest.mark.parametrize("context", [{"java_script_enabled": False}], indirect=True)
def test_the_site_works_without_javascript(context: Any, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url)
    assert page.locator(".teaser").count() >= 1
    page.click("text=Sweden Joins Nordic Call for Restraint in Iran")
    page.wait_for_url("**/2026/01/13/sweden-joins-call/")
    page.goto(site_url + "search/")
    assert "Search needs JavaScript" in page.inner_text("main")


def test_skip_link_and_print_styles(context: Any, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url + "2026/01/13/finland-summons-iran-envoy/")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.hash]")
    assert focused == ["skip-link", "#main"]
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # visible when focused
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "['.site-nav', '.related', '.site-footer']"
        ".map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none", "none", "none"]
