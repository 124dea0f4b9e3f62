"""A build with no dump to ingest, whose settings, ledger and code are as the last build's,
takes the last ingest's report instead of running ingest (engine/build.py, `_last_ingest`).

Ingest then has nothing to do that it did not do then; the site and the report are what a
build that runs it gives. Anything ingest reads that changed runs it again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.engine.build import build
from digest.ingest import pipeline
from digest.reports import IngestReport
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, story, write_stories

__all__ = ["settled"]  # the fixture, used by name


@pytest.fixture
def ingests(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Return the list of projects ingest ran on, from here on."""
    ran: list[Path] = []
    real = pipeline.run_ingest

    def counted(project: Path, *args: object, **kwargs: object) -> IngestReport:
        ran.append(project)
        return real(project, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "run_ingest", counted)
    return ran


def _edit(project: Path, number: int) -> None:
    path = project / "content" / "articles" / f"2025/01/story-{number}.md"
    path.write_text(story(number, 1, body=f"An edited body, {number}.\n"), encoding="utf-8")


def test_a_story_edit_with_no_dump_takes_the_last_ingests_report(
    tmp_path: Path, settled: None, ingests: list[Path]
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project)
    first = build(project).report
    assert ingests == [project]
    _edit(project, 0)
    again = build(project).report
    assert ingests == [project]  # not run again
    assert again.ingest == first.ingest
    assert again.site.rendered > 0
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


@pytest.mark.parametrize("change", ["settings", "ledger", "dump", "leftover", "drafts"])
def test_ingest_runs_when_what_it_reads_changed(
    tmp_path: Path, settled: None, ingests: list[Path], change: str
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project)
    build(project)
    _edit(project, 3)
    if change == "settings":
        config = project / "digest.yaml"
        config.write_text(config.read_text(encoding="utf-8") + "\n# a comment\n", "utf-8")
    elif change == "ledger":
        ledger = project / "content" / ".ingest.json"
        ledger.write_text(ledger.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "dump":
        (project / "content" / "raw" / "new.txt").write_text("A dump.\n", encoding="utf-8")
    elif change == "leftover":  # a temporary file a killed write left: ingest removes it
        (project / "content" / "articles" / "2025" / ".story-3.md.99999.tmp").write_text("x")
    report = build(project, drafts=change == "drafts").report
    assert ingests == [project, project]
    assert report.site.rendered > 0
    # No story is a draft: the site is a clean build's, with drafts or not.
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
