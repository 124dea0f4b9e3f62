"""Page bundles: which index.md owns the files below it, and Markdown files not named *.md.

A bundle is a leaf (Hugo's rule): a story's folder holding no other story. An index.md at the
top of content/articles/ or in a date folder is a story like any other, and the files of
other stories (a draft's embargoed photo) or of none (notes) are never published through it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from digest.commands.cli import main
from tests.conftest import WriteArticle, build


def _published(site: Path, name: str) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob(name))


@pytest.fixture
def embargoed(project: Path, write_article: WriteArticle) -> Path:
    """A project with a draft bundle (its embargoed photo) and the editor's notes below it."""
    write_article(
        "2026/02/embargoed/index.md",
        "title: Embargoed\ndate: 2026-02-01\ndraft: true\nimage: {file: leak.png, alt: x}",
    )
    Image.new("RGB", (40, 40), "red").save(project / "content/articles/2026/02/embargoed/leak.png")
    notes = project / "content/articles/2026/02/notes.txt"
    notes.write_text("the editor's private notes\n", encoding="utf-8")
    return project


@pytest.mark.parametrize("where", ["index.md", "2026/index.md", "2026/02/index.md"])
def test_an_index_md_above_other_stories_publishes_none_of_their_files(
    embargoed: Path, write_article: WriteArticle, where: str
) -> None:
    write_article(where, "title: About this digest\ndate: 2026-01-05")
    site = build(embargoed)
    assert _published(site, "leak.png") == []
    assert _published(site, "notes.txt") == []
    # its slug is its own name, not a date folder's or an empty one's hash
    assert (site / "2026/01/05/index/index.html").is_file()


def test_a_folder_of_stories_is_no_bundle_even_outside_the_date_folders(
    embargoed: Path, write_article: WriteArticle
) -> None:
    write_article("topics/index.md", "title: Topics\ndate: 2026-01-05")
    write_article("topics/harbour/index.md", "title: Harbour\ndate: 2026-01-06")
    (embargoed / "content/articles/topics/harbour/map.txt").write_text("map\n", encoding="utf-8")
    (embargoed / "content/articles/topics/list.txt").write_text("list\n", encoding="utf-8")
    site = build(embargoed)
    # the leaf bundle keeps its file; the folder above it publishes nothing of its own
    assert _published(site, "map.txt") == ["2026/01/06/harbour/map.txt"]
    assert _published(site, "list.txt") == []
    assert (site / "2026/01/05/topics/index.html").is_file()


def test_a_leaf_bundle_publishes_its_files_but_no_markdown_under_another_name(
    project: Path, write_article: WriteArticle
) -> None:
    write_article("2026/01/harbour/index.md", "title: Harbour\ndate: 2026-01-06")
    folder = project / "content/articles/2026/01/harbour"
    (folder / "map.txt").write_text("map\n", encoding="utf-8")
    (folder / "draft.MD").write_text("---\ntitle: x\ndate: 2026-01-06\n---\n", encoding="utf-8")
    site = build(project)
    assert sorted(path.name for path in (site / "2026/01/06/harbour").iterdir()) == [
        "index.html",
        "map.txt",
    ]


@pytest.mark.parametrize("name", ["UPPER.MD", "story.markdown", "story.Md"])
def test_a_markdown_file_not_named_md_is_warned_of_by_build_and_check(
    project: Path,
    write_article: WriteArticle,
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    write_article("2026/01/kept.md", "title: Kept\ndate: 2026-01-05")
    write_article(f"2026/01/{name}", "title: Lost\ndate: 2026-01-05")
    shown = f"content/articles/2026/01/{name}: not read as a story"
    for command in (["build"], ["build"], ["check"]):  # the second build changes nothing
        main([*command, "-C", str(project)])
        assert shown in capsys.readouterr().err, command
