"""Racy stamps: a file written just before a build is compared by its bytes the next time.

A stamp taken less than RACY_NS after its file changed proves nothing (the file could change
again within the clock's grain keeping it), so the build records the checksum of such a
file's bytes with its stamp. The build after it, with nothing changed, is then a no-op even
though the last build wrote the ledger (or an editor had just saved a story or a template),
and a file whose bytes changed under the same stamp is still seen as changed.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from digest.engine.build import build
from digest.store.inputs import RACY_NS, scan_project
from tests.conftest_project import make_project, snapshot

STORY = "---\ntitle: A Calm Day\ndate: 2025-01-02\nregions: [Europe]\n---\n\nAll was calm.\n"


def _project(root: Path) -> Path:
    project = make_project(root)
    folder = project / "content" / "articles" / "2025" / "01"
    folder.mkdir(parents=True)
    (folder / "a-calm-day.md").write_text(STORY, encoding="utf-8")
    return project


def test_the_build_after_a_cold_build_has_nothing_to_do(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    first = build(project)  # ingest writes stories and the ledger: all racy now
    assert first.site is not None
    site = snapshot(project / "site")
    again = build(project)
    assert again.site is None  # the fast path: nothing loaded, nothing planned
    assert again.report.site.pages == first.report.site.pages
    assert snapshot(project / "site") == site


def test_a_story_saved_just_before_a_build_is_trusted_by_the_next(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    build(project)
    story = project / "content" / "articles" / "2025" / "01" / "a-calm-day.md"
    story.write_text(STORY.replace("All was calm.", "All was quiet."), encoding="utf-8")
    edited = build(project)
    assert (
        edited.site is not None
        and b"All was quiet." in snapshot(project / "site")["2025/01/02/a-calm-day/index.html"]
    )
    assert build(project).site is None


def test_bytes_changed_under_a_racy_stamp_are_seen(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    scanned = scan_project(project, {})
    record = scanned.record()
    entry = _articles(record)["2025/01/a-calm-day.md"]
    assert isinstance(entry, dict) and entry["sha"]  # racy: recorded with its checksum
    # Later, the stamps settled: the same stamps prove nothing about the racy file's bytes.
    later = dataclasses.replace(scanned, racy={}, taken_ns=scanned.taken_ns + 2 * RACY_NS)
    assert later.matches(record, project)
    story = project / "content" / "articles" / "2025" / "01" / "a-calm-day.md"
    story.write_text(STORY.replace("calm.", "quiet"), encoding="utf-8")  # same size
    assert not later.matches(record, project)
    assert scanned.matches(record, project)  # its own checksum, taken before the change
    rescanned = scan_project(project, {})
    assert not rescanned.matches(record, project)


def test_only_regular_files_inside_the_project_are_read_for_their_bytes(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    outside = tmp_path / "outside.yaml"
    outside.write_text("title: Elsewhere\n", encoding="utf-8")
    (project / "digest.yaml").unlink()
    (project / "digest.yaml").symlink_to(outside)
    os.mkfifo(project / "content" / ".ingest.json")  # no writer: opening it must not wait
    record = scan_project(project, {}).record()
    assert record["config"] == "racy" and record["ledger"] == "racy"  # never read
    entry = _articles(record)["2025/01/a-calm-day.md"]
    assert isinstance(entry, dict) and entry["sha"]


def _articles(record: dict[str, object]) -> dict[str, object]:
    """Return the stamps of the story files in a scan's *record*."""
    articles = record["articles"]
    assert isinstance(articles, dict)
    return articles
