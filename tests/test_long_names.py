"""File names near the longest a file system allows (255 bytes) build like any other.

digest's own temporaries and working files beside such a file must not be longer than it:
a story file of 250 characters, a static file of 250 and a picture of 245 give a site.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from digest.engine.build import build
from digest.paths import temporary_name
from tests.conftest_project import make_project
from tests.test_cache import settled, story

__all__ = ["settled"]  # the fixture, used by name

LONGEST = 255  # bytes in a file name, on Linux's file systems and most others


@pytest.mark.parametrize("name", ["a", "b" * 200, "c" * 255, "é" * 127, "site.css"])
def test_a_temporary_name_is_never_longer_than_a_file_name_may_be(name: str) -> None:
    made = temporary_name(name)
    assert made.startswith(".") and made.endswith(".tmp")
    assert len(made.encode()) <= LONGEST
    assert made != temporary_name(name[:-1] + "x")  # names cut alike stay apart


@pytest.mark.usefixtures("settled")
def test_a_site_of_files_with_the_longest_names_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    folder = project / "content" / "articles" / "2025" / "01"
    folder.mkdir(parents=True)
    picture = "p" * 245 + ".png"
    Image.new("RGB", (1200, 800), (200, 30, 30)).save(folder / picture)
    first = story(1, 1).replace("---\ntitle:", f"---\nimage: {picture}\ntitle:", 1)
    (folder / ("s" * 247 + ".md")).write_text(first, encoding="utf-8")
    (folder / ("t" * 247 + ".md")).write_text(story(2, 1), encoding="utf-8")
    static = project / "static"
    static.mkdir()
    (static / ("u" * 250 + ".txt")).write_text("the editor's own file\n", encoding="utf-8")
    result = build(project)
    site = project / "site"
    assert (site / ("u" * 250 + ".txt")).read_text(encoding="utf-8") == "the editor's own file\n"
    pages = [path for path in site.rglob("index.html") if len(path.parent.name) > 200]
    assert len(pages) == 2, result.report
    assert any(path.name.startswith("p") for path in (site / "pictures").iterdir())


def test_a_tag_and_a_region_of_hundreds_of_characters_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    folder = project / "content" / "articles" / "2025" / "01"
    folder.mkdir(parents=True)
    tag, region = "Very long tag name " * 15, "A region named at great length " * 10
    text = story(1, 1, tags=f"[{tag!r}]").replace("[Europe]", f"[{region!r}]")
    (folder / "long.md").write_text(text, encoding="utf-8")
    result = build(project)
    site = project / "site"
    (tag_page,) = [path for path in (site / "tags").iterdir() if path.name.startswith("very")]
    (region_page,) = [p for p in (site / "regions").iterdir() if p.name.startswith("a-region")]
    for page in (tag_page, region_page):
        assert len(page.name) <= 80, result.report
        shown = (page / "index.html").read_text(encoding="utf-8")
        assert (tag if page is tag_page else region).strip() in shown  # the whole name shown
    story_page = next(site.rglob("long*/index.html")).read_text(encoding="utf-8")
    assert f'href="/tags/{tag_page.name}/"' in story_page
