"""A link put into the spare or into site/ never leads a build's writes, or what it publishes,
outside the project (review19 S19).

The next build stages into the spare (the site before last) and site/ becomes the spare after
it. A link among their folders would make a write follow it: the page written, and a file
digest took for unchanged published, out there. Whatever digest finds in the folder it
stages into that is no plain file or folder makes it stage from nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.engine.build import build
from digest.paths import CACHE_DIR
from digest.store import staging
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, story, write_stories

__all__ = ["settled"]  # the fixture, used by name


def _outside(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """Return a folder outside the project with files where digest writes pages, and them."""
    outside = tmp_path / "outside"
    files = {"01/index.html": b"precious\n", "index.html": b"precious too\n"}
    for name, data in files.items():
        (outside / name).parent.mkdir(parents=True, exist_ok=True)
        (outside / name).write_bytes(data)
    return outside, files


def _untouched(outside: Path, files: dict[str, bytes]) -> None:
    found = {str(p.relative_to(outside)): p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    assert found == files


def _edit(project: Path, number: int, month: int, text: str) -> None:
    path = project / "content" / "articles" / f"2025/{month:02d}/story-{number}.md"
    path.write_text(story(number, month, body=f"{text}\n"), encoding="utf-8")


def _no_link_in(site: Path) -> None:
    assert not [path for path in site.rglob("*") if path.is_symlink()]


@pytest.mark.parametrize("where", ["spare", "site"])
def test_a_link_in_the_spare_or_site_leads_no_write_outside(
    tmp_path: Path, settled: None, where: str
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project)
    build(project)
    _edit(project, 0, 1, "Changed.")
    build(project)  # the spare now holds the site before last
    outside, files = _outside(tmp_path)
    folder = project / (CACHE_DIR + "/" + staging.SPARE if where == "spare" else "site")
    year = next(path for path in sorted(folder.iterdir()) if path.name.isdigit())
    for path in sorted(year.rglob("*"), reverse=True):
        path.unlink() if not path.is_dir() else path.rmdir()
    year.rmdir()
    year.symlink_to(outside, target_is_directory=True)
    for number, month, text in ((1, 2, "Changed too."), (2, 3, "Changed again.")):
        _edit(project, number, month, text)
        build(project)
        _untouched(outside, files)
        _no_link_in(project / "site")
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_stray_link_in_the_spare_is_not_published(tmp_path: Path, settled: None) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project)
    build(project)
    _edit(project, 0, 1, "Changed.")
    build(project)
    outside, files = _outside(tmp_path)
    (project / CACHE_DIR / staging.SPARE / "elsewhere").symlink_to(outside)
    _edit(project, 1, 2, "Changed too.")
    build(project)
    _untouched(outside, files)
    _no_link_in(project / "site")
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
