"""Pagefind, run by the build, writes nothing outside its own output folder.

Pagefind reads a configuration file from the folder it runs in and names its index files
after each page's <html lang>: a project's pagefind.yml or a theme's lang attribute must not
send it outside the project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.site.pagefind import shard_key
from digest.site.search import safe_language
from tests.conftest_project import REPO, make_project
from tests.test_cache import write_stories
from tests.test_cli import digest

_BASE = REPO / "digest" / "themes" / "default" / "templates" / "base.html"


def _outside(root: Path, project: Path) -> list[Path]:
    return [path for path in root.rglob("*") if not path.is_relative_to(project)]


def test_a_projects_pagefind_settings_are_not_read(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 3)
    victim = tmp_path / "victim.txt"
    victim.write_text("the editor's notes\n", encoding="utf-8")
    (project / "pagefind.yml").write_text(f"logfile: {victim}\nverbose: true\n", "utf-8")
    done = digest("build", "-q", cwd=project)
    assert done.returncode == 0, done.stderr
    # Before: Pagefind ran in the project folder, read pagefind.yml and logged into victim.txt.
    assert victim.read_text(encoding="utf-8") == "the editor's notes\n"


def test_a_themes_language_cannot_place_index_files_outside(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 3)
    (project / "templates").mkdir()
    base = _BASE.read_text(encoding="utf-8")
    hostile = base.replace('lang="{{ site.language }}"', 'lang="../../../../../../../escaped/p"')
    assert hostile != base
    (project / "templates" / "base.html").write_text(hostile, encoding="utf-8")
    done = digest("build", "-q", cwd=project)
    assert done.returncode == 0, done.stderr
    assert _outside(tmp_path, project) == []  # before: p_*.pf_fragment and more, up there
    assert list((project / "site" / "pagefind").glob("wasm.unknown.pagefind"))


@pytest.mark.parametrize(
    ("tag", "kept"),
    [
        (b"en", True),
        (b"en-GB", True),
        (b"zh-Hans-CN", True),
        (b"pt_BR", True),
        (b"../../x", False),
        (b"en/../../x", False),
        (b"a" * 40, False),
        (b"", False),
    ],
)
def test_only_a_language_tag_reaches_pagefind(tag: bytes, kept: bool) -> None:
    page = b'<!doctype html>\n<html class="x" lang="%s">\n<head></head></html>' % tag
    made = safe_language(page)
    assert (made == page) is (kept or tag == b"")
    assert b'lang=""' in made or kept


def test_a_shard_s_key_counts_pagefind_s_own_version_not_other_packages(tmp_path: Path) -> None:
    """Installing a test tool beside Pagefind must not make every shard be indexed again."""
    packages = tmp_path / "site-packages"
    binary = packages / "pagefind_bin" / "pagefind"
    binary.parent.mkdir(parents=True)
    binary.write_bytes(b"")
    for name in ("pagefind-1.4.0.dist-info", "pagefind_bin-1.4.0.dist-info", "pytest-8.dist-info"):
        (packages / name).mkdir()
    pages = {"2025/01/02/a/index.html": "d1"}
    key = shard_key([str(binary)], pages)
    (packages / "types_regex-2026.dist-info").mkdir()
    (packages / "pytest-8.dist-info").rename(packages / "pytest-9.dist-info")
    assert shard_key([str(binary)], pages) == key
    (packages / "pagefind_bin-1.4.0.dist-info").rename(packages / "pagefind_bin-1.5.0.dist-info")
    assert shard_key([str(binary)], pages) != key
    assert shard_key([str(binary)], {**pages, "2025/01/03/b/index.html": "d2"}) != key
