"""Pictures in a real browser: the box keeps its shape before the picture loads, the browser
picks a file of the srcset for its width, and nothing scrolls sideways."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import build, netlify_headers, serve_folder
from tests.test_pictures import HARBOUR, jpeg

WIDTHS = (390, 1280)


@pytest.fixture
def served(project: Path, write_article: Any) -> Iterator[str]:
    """Build a project whose story has a picture; serve its site with Netlify's headers."""
    write_article("2026/01/harbour/index.md", HARBOUR, "First paragraph.\n\n" * 40)
    jpeg(project / "content/articles/2026/01/harbour/photo.jpg", (2400, 1600))
    site = build(project)
    with serve_folder(site, netlify_headers()) as url:
        yield url


@pytest.mark.parametrize("width", WIDTHS)
def test_the_story_picture_keeps_its_shape_and_loads_a_fitting_file(
    browser: Any, served: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        # Pictures held back: the box must already have the picture's shape (no shift).
        page.route("**/pictures/**", lambda route: route.abort())
        page.goto(served + "2026/01/13/harbour/")
        empty = page.eval_on_selector(".picture img", "img => img.getBoundingClientRect().height")
        box = page.eval_on_selector(".picture img", "img => img.getBoundingClientRect().width")
        assert box > 0 and abs(empty - box * 1600 / 2400) < 2
        page.unroute("**/pictures/**")
        page.goto(served + "2026/01/13/harbour/")
        page.wait_for_function("document.querySelector('.picture img').complete")
        current, loading = page.eval_on_selector(
            ".picture img", "img => [img.currentSrc, img.loading]"
        )
        chosen = re.search(r"/pictures/photo-(\d+)\.", current)
        assert chosen is not None, current
        assert int(chosen.group(1)) >= box  # sharp at this width (device pixel ratio 1)
        assert loading == "auto"  # the lead picture is not lazy
        scroll = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert scroll <= 0
    finally:
        page.close()
