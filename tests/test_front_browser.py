"""The front page in headless Chromium at phone, tablet, laptop and wide-screen widths.

A digest of forty stories over four days in five regions: the lead story is there, no
grid or newspaper column is left empty, nothing scrolls sideways. Screenshots are kept in
test-artifacts/screenshots/ (or $DIGEST_SCREENSHOTS) to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, build, serve_folder

WIDTHS = (390, 768, 1280, 1920)
REGIONS = ("Europe", "Asia", "Africa", "Middle East", "Latin America")
PAGES = ("", "2026/01/13/", "regions/europe/", "tags/", "2026/01/13/story-13-0/")
LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitaensmuetzenstreitbeilegung"
LONG_URL = (
    "https://www.example.org/" + "/".join(["a-path-without-any-space"] * 6) + "?q=" + "x" * 40
)

# Every grid of the page and every multi-column box: how many columns it has, and how many
# of them hold something (an item's left edge lies in the column).
COLUMNS_JS = """
() => [...document.querySelectorAll('main *')].flatMap((box) => {
  const style = getComputedStyle(box);
  const items = [...box.children].filter((item) => item.getClientRects().length);
  if (!items.length) return [];
  const left = box.getBoundingClientRect().left + parseFloat(style.paddingLeft);
  const width = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  let count = 0, step = 0;
  if (style.display === 'grid') {
    // auto-fit collapses the tracks it has nothing for (0px): they take no room.
    const tracks = style.gridTemplateColumns.split(' ').map(parseFloat).filter((w) => w > 0);
    count = tracks.length;
    step = tracks[0] + (parseFloat(style.columnGap) || 0);
  } else if (style.columnWidth !== 'auto' || style.columnCount !== 'auto') {
    const gap = parseFloat(style.columnGap) || 0;
    const wanted = style.columnWidth === 'auto' ? 1 : parseFloat(style.columnWidth);
    count = Math.max(1, Math.floor((width + gap) / (wanted + gap)));
    if (style.columnCount !== 'auto') count = Math.min(count, parseInt(style.columnCount));
    step = (width + gap) / count;
    // Items that run on into the next column: their fragments count in each one.
  } else {
    return [];
  }
  if (count < 2) return [];
  const used = new Set();
  for (const item of box.querySelectorAll(':scope > *, :scope > * > *')) {
    for (const rect of item.getClientRects()) {
      if (rect.width > 0) used.add(Math.min(count - 1, Math.floor((rect.left - left + 2) / step)));
    }
  }
  return [{box: box.className, count, used: used.size}];
})
"""


def _write(project: Path) -> None:
    for day in (10, 11, 12, 13):
        for number in range(10):
            region = REGIONS[number % len(REGIONS)]
            extra = "\nlead: true" if (day, number) == (13, 7) else ""
            text = " ".join(["Officials said the talks would go on into the night."] * 6)
            # Words no line can break (a German compound, a pasted address) must wrap at
            # 390 px too: a grid column grew to the longest word and the page scrolled sideways.
            tags = f"Talks, {region}" + (f", {LONG_WORD}" if day == 13 else "")
            if day == 13:
                text = f"{LONG_WORD} {LONG_URL} {text}"
            path = project / "content" / "articles" / f"story-{day}-{number}.md"
            path.write_text(
                f"---\ntitle: 'Story {day}-{number}: \"talks\" go on -- a headline long enough'\n"
                f"date: 2026-01-{day}\nregions: [{region}]\ntags: [{tags}]\n"
                f"authors: [Jane Doe]\noutlet: Reuters\ndateline: GENEVA{extra}\n---\n\n"
                f"{text}\n\n{text}\n",
                encoding="utf-8",
            )


@pytest.fixture(scope="module")
def front_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Build a digest of 40 stories and serve it; return its URL."""
    project = tmp_path_factory.mktemp("front") / "project"
    (project / "content" / "articles").mkdir(parents=True)
    (project / "digest.yaml").write_text(
        "title: Front Digest\nbase_url: http://127.0.0.1/\n", encoding="utf-8"
    )
    _write(project)
    site = build(project)

    with serve_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def shots() -> Path:
    chosen = os.environ.get("DIGEST_SCREENSHOTS")
    folder = Path(chosen) if chosen else REPO / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", WIDTHS)
def test_the_front_page_is_balanced_at_every_width(
    browser: Any, front_url: str, shots: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        problems = []
        for path in PAGES:
            page.goto(front_url + path, wait_until="load")
            extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if extra > 0:
                problems.append(f"/{path}: {extra}px wider than the screen")
            for box in page.evaluate(COLUMNS_JS):
                if box["used"] < box["count"]:
                    problems.append(f"/{path}: .{box['box']} fills {box['used']} of {box['count']}")
            name = path.strip("/").replace("/", "-") or "home"
            page.screenshot(path=shots / f"front-{width}-{name}.png", full_page=True)
        page.goto(front_url)
        lead = page.locator("article.lead")
        assert lead.count() == 1
        assert lead.locator("h2").inner_text() == (
            "Story 13-7: \u201ctalks\u201d go on \u2013 a headline long enough"
        )
        assert lead.bounding_box()["y"] < 700  # above the fold, under the masthead
        assert page.locator(".sections .teaser").count() >= 8
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_the_front_page_fills_several_columns_on_a_wide_screen(
    browser: Any, front_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(front_url)
        boxes = {box["box"]: box for box in page.evaluate(COLUMNS_JS)}
        assert boxes["front-top"]["count"] == 2 and boxes["sections"]["count"] == 3
    finally:
        context.close()
