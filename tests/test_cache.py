"""The build cache: cached, incremental builds write exactly what a clean build writes.

Each test drives real builds of a small project through edits, then compares site/ byte for
byte (search index included) with a build of the same content from nothing, with no cache
and no worker processes. The cache must never be trusted when it is damaged or foreign.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from digest.engine.build import build
from digest.paths import CACHE_DIR
from digest.site.stories import load_stories
from digest.store import inputs
from digest.store.cache import DATABASE, open_cache
from digest.store.inputs import is_racy, scan_project
from tests.conftest_project import REPO, make_project, snapshot

TEMPLATE = REPO / "digest" / "themes" / "default" / "templates"
STATIC = REPO / "digest" / "themes" / "default" / "static"


def story(number: int, month: int, tags: str = "[Iran, Economy]", body: str = "") -> str:
    text = body or f"Story {number} happened in month {month}. It was calm and orderly.\n"
    return (
        f"---\ntitle: Story Number {number}\ndate: 2025-{month:02d}-{(number % 27) + 1:02d}\n"
        f"regions: [Europe]\ntags: {tags}\n---\n\n{text}\n\n## More\n\nA second paragraph.\n"
    )


def write_stories(project: Path, count: int = 18) -> None:
    folder = project / "content" / "articles"
    for number in range(count):
        month = 1 + number % 3
        path = folder / f"2025/{month:02d}/story-{number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(story(number, month), encoding="utf-8")


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat every stamp as settled: tests write files milliseconds before building."""
    monkeypatch.setattr(inputs, "RACY_NS", 0)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def clean_build(project: Path, into: Path) -> dict[str, bytes]:
    """Build a copy of *project*'s inputs from nothing (no cache, no workers); return site/."""
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    for name in ("content", "templates", "static", "themes", "digest.yaml"):
        source = project / name
        if source.is_dir():
            shutil.copytree(source, into / name)
        elif source.exists():
            shutil.copy(source, into / name)
    (into / "content" / ".ingest.json").unlink(missing_ok=True)
    env = {**os.environ, "DIGEST_WORKERS": "0"}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run(
        [sys.executable, "-m", "digest", "build", "-q", "-C", str(into)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return snapshot(into / "site")


def site_state(site: Path) -> dict[str, tuple[int, int]]:
    return {
        path.relative_to(site).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in site.rglob("*")
        if path.is_file()
    }


def test_incremental_builds_write_what_a_clean_build_writes(tmp_path: Path, settled: None) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    write_stories(project)
    build(project)
    articles = project / "content" / "articles"
    # A body edit, a tag edit, a new story, a deleted story, a date that moves a story.
    (articles / "2025/01/story-0.md").write_text(story(0, 1, body="An edited body.\n"))
    build(project)
    (articles / "2025/02/story-1.md").write_text(story(1, 2, tags="[Iran, Energy]"))
    (articles / "2025/03/story-new.md").write_text(story(99, 3))
    build(project)
    (articles / "2025/03/story-2.md").unlink()
    (articles / "2025/01/story-3.md").write_text(story(3, 2))
    report = build(project).report
    assert report.site.rendered < report.site.files
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_build_with_nothing_changed_writes_nothing_and_says_so(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    write_stories(project)
    first = build(project).report
    before = site_state(project / "site")
    again = build(project).report
    assert site_state(project / "site") == before
    assert again.ingest.export.written == ()
    assert again.ingest.export.unchanged == len(first.ingest.export.written) == 5
    assert (again.site.rendered, again.site.written, again.site.indexed) == (0, 0, 0)
    assert (again.site.pages, again.site.files) == (first.site.pages, first.site.files)


def test_a_build_with_nothing_changed_loads_neither_the_pipeline_nor_its_libraries(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 4)
    script = (
        "import sys, pathlib\n"
        "import digest.store.inputs\n"
        "digest.store.inputs.RACY_NS = 0\n"
        "from digest.engine.build import build\n"
        "build(pathlib.Path(sys.argv[1]))\n"
        "heavy = ('jinja2', 'markdown_it', 'numpy', 'yaml', 'datasketch')\n"
        "pipeline = ('digest.ingest', 'digest.site', 'digest.engine.site_build',\n"
        "            'digest.engine.site_plan')\n"
        "def loaded():\n"
        "    return sorted(n for n in sys.modules if n.split('.')[0] in heavy\n"
        "                  or n.startswith(pipeline))\n"
        "assert 'digest.site.renderer' in loaded(), loaded()  # the first build used them\n"
        "for name in loaded():\n"
        "    del sys.modules[name]\n"
        "report = build(pathlib.Path(sys.argv[1])).report\n"
        "print(loaded())\n"
        "print(report.site.rendered, report.site.written)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(project)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DIGEST_WORKERS": "0"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["[]", "0 0"]


def test_a_template_edit_rerenders_pages_and_a_css_edit_reindexes_no_search_shard(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project)
    build(project)
    (project / "templates").mkdir()
    base = (TEMPLATE / "base.html").read_text(encoding="utf-8")
    edited_base = base.replace("</footer>", "</footer>\n<!-- x -->")
    (project / "templates" / "base.html").write_text(edited_base)
    edited = build(project).report
    assert edited.site.rendered >= edited.site.pages  # every page shows the footer
    (project / "static").mkdir()
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    (project / "static" / "style.css").write_text(css + "\n/* a new rule */\n")
    styled = build(project).report
    assert styled.site.indexed == 0 and styled.site.shards == 1  # 18 stories: one shard
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_template_edit_rerenders_only_the_pages_that_use_it(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project)
    first = build(project).report
    (project / "templates").mkdir()
    for name, mark in (("article.html", "story"), ("_teaser.html", "teaser")):
        text = (TEMPLATE / name).read_text(encoding="utf-8")
        (project / "templates" / name).write_text(text + f"<!-- {mark} -->\n")
        edited = build(project).report
        if name == "article.html":  # story pages only (search.html, 404.html do not use it)
            assert edited.site.rendered == first.site.articles
        else:  # lists and story pages (related stories) show teasers; indexes, 404 do not
            assert first.site.articles < edited.site.rendered < first.site.pages
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_changed_site_file_is_put_right_by_the_next_build(tmp_path: Path, settled: None) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project)
    build(project)
    (project / "content" / "articles" / "2025/01/story-0.md").write_text(story(0, 1, body="B.\n"))
    build(project)  # now there is a spare: the build before, sharing unchanged files
    expected = snapshot(project / "site")
    page = project / "site" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"Story", b"Tampered", 1))
    (project / "site" / "tags" / "iran" / "index.html").unlink()
    spare = next((project / CACHE_DIR / "spare").rglob("index.html"))
    spare.write_bytes(b"tampered")  # the spare is never trusted blindly either
    build(project)
    assert snapshot(project / "site") == expected


@pytest.mark.parametrize("damage", ["garbage", "foreign", "checksum", "missing table"])
def test_a_damaged_or_foreign_cache_is_ignored_with_a_warning(
    tmp_path: Path, settled: None, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project)
    build(project)
    expected = snapshot(project / "site")
    database = project / CACHE_DIR / DATABASE
    if damage == "garbage":
        database.write_bytes(b"this is not a database" * 100)
    elif damage == "foreign":
        other = make_project(tmp_path / "other")
        write_stories(other)
        build(other)
        shutil.copy(other / CACHE_DIR / DATABASE, database)
    else:
        with sqlite3.connect(database) as connection:
            if damage == "checksum":
                connection.execute("UPDATE entries SET value = CAST('[]' AS BLOB)")
            else:
                connection.execute("DROP TABLE entries")
    (project / "content" / "articles" / "2025/01/story-0.md").write_text(story(0, 1, body="New.\n"))
    result = build(project)
    assert capsys.readouterr().err == ""  # the library returns its warnings; it prints nothing
    report = result.report
    assert any("build cache" in warning for warning in report.warnings)
    assert result.warnings == report.warnings
    assert b"New." in (project / "site/2025/01/01/story-0/index.html").read_bytes()
    assert snapshot(project / "site") != expected
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    quiet = build(project).report  # the next build trusts the new cache again
    assert not quiet.warnings


def test_a_racy_stamp_is_never_taken_as_proof(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 2)
    folder = project / "content" / "articles"
    scanned = scan_project(project, {})
    cache = open_cache(project)
    first = load_stories(
        folder, scanned.articles, scanned.taken_ns, {}, cache, scanned.code, language="en"
    )
    record = {file.path: file.record(scanned.code) for file in first.files}
    path = "2025/01/story-0.md"
    # The file changes within the same clock tick: same size, and (here, by hand) the stamp
    # the last build recorded. A racy stamp makes the loader read the bytes anyway.
    (folder / path).write_text(story(0, 1).replace("calm", "warm"))
    stamps = {**scanned.articles}
    assert is_racy(stamps[path], scanned.taken_ns)
    again = load_stories(
        folder, stamps, scanned.taken_ns, record, cache, scanned.code, language="en"
    )
    card = next(file for file in again.files if file.path == path)
    assert card.sha != next(file for file in first.files if file.path == path).sha
    cache.close()


def test_ingest_skips_unchanged_dumps_and_keeps_the_editors_edits(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    first = build(project).report
    assert len(first.ingest.export.written) == 5
    path = next((project / "content" / "articles").rglob("*finland*.md"))
    edited = path.read_bytes().replace(b"Nordic country", b"Nordic state")
    path.write_bytes(edited)
    again = build(project).report
    assert path.read_bytes() == edited
    assert again.ingest.export.kept_edited == (path,)
    assert (again.ingest.export.unchanged, again.ingest.export.written) == (4, ())
    third = build(project).report  # nothing changed: the same report, from the fast path
    assert third.ingest.export.kept_edited == (path,)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


@pytest.mark.parametrize("damage", ["changed", "missing"])
def test_a_damaged_cached_search_index_is_indexed_again(
    tmp_path: Path, settled: None, damage: str
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project)
    build(project)
    # Every cached index loses (or garbles) its files but keeps its manifest, as when a
    # process killed mid-way left it; with site/ and the spare gone the build must read them.
    for folder in (project / CACHE_DIR / "search").iterdir():
        for path in folder.rglob("*.pf_*"):
            if damage == "missing":
                path.unlink()
            else:
                path.write_bytes(b"garbled")
    shutil.rmtree(project / "site")
    shutil.rmtree(project / CACHE_DIR / "spare", ignore_errors=True)
    report = build(project).report
    assert any("cached search index damaged" in warning for warning in report.warnings)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_the_build_command_prints_the_warnings_the_build_returns(
    tmp_path: Path, settled: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from digest.commands.cli import main

    project = make_project(tmp_path / "project")
    write_stories(project)
    build(project)
    (project / CACHE_DIR / DATABASE).write_bytes(b"this is not a database" * 100)
    (project / "content" / "articles" / "2025/01/story-0.md").write_text(story(0, 1, body="New.\n"))
    capsys.readouterr()
    assert main(["build", "-q", "-C", str(project)]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "build cache" in line]
    assert warnings and all(line.startswith("warning: ") for line in warnings), warnings
