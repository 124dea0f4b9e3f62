"""A scan's record in part: what a check compares is made, and nothing else.

A fresh clone (a deploy) has every article stamp new and racy. The checks a build makes of
its inputs (the no-op check, ingest's "nothing to do", the plan index's `base_of`) compare
records kind by kind: the article files' entries (100 000 at 100 000 stories) are not made
for a check that does not read them, nor to be found unlike a settled digest.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest.engine.build import INGEST_INPUTS
from digest.store.inputs import RACY_NS, ProjectInputs, scan_project, visible
from tests.conftest_project import make_project

STORY = "---\ntitle: A Calm Day\ndate: 2025-01-02\nregions: [Europe]\n---\n\nAll was calm.\n"


def _scanned(root: Path) -> tuple[Path, ProjectInputs]:
    """Return a project with one story written just now, and its scan (the story racy)."""
    project = make_project(root)
    folder = project / "content" / "articles" / "2025" / "01"
    folder.mkdir(parents=True)
    (folder / "a-calm-day.md").write_text(STORY, encoding="utf-8")
    return project, scan_project(project, {})


def _settled(scanned: ProjectInputs) -> ProjectInputs:
    """Return *scanned* as a scan taken once its stamps had settled."""
    return dataclasses.replace(scanned, racy={}, taken_ns=scanned.taken_ns + 2 * RACY_NS)


def test_a_part_is_the_record_s_values_of_its_kinds(tmp_path: Path) -> None:
    _, scanned = _scanned(tmp_path / "project")
    for inputs in (scanned, _settled(scanned)):
        record = inputs.record()
        for kinds in (INGEST_INPUTS, ("config", "theme", "resources", "code", "settings")):
            assert inputs.part(kinds) == {kind: record[kind] for kind in record if kind in kinds}
    assert isinstance(scanned.record()["articles"], dict)  # racy: an entry a file


def test_racy_articles_are_not_made_entries_to_be_compared_with_a_settled_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, scanned = _scanned(tmp_path / "project")
    # The last build's record: the settings as now, the stories' stamps all settled then.
    earlier = {**scanned.record(), "articles": _settled(scanned).record()["articles"]}
    assert isinstance(earlier["articles"], str)

    def entries(self: ProjectInputs, kind: str) -> dict[str, object]:
        raise AssertionError(f"the {kind} entries were made")

    monkeypatch.setattr(ProjectInputs, "_entries", entries)
    assert not scanned.matches(earlier, project)  # the stories racy now: changed since
    assert scanned.matches(earlier, project, INGEST_INPUTS)  # what ingest reads: the same


@given(st.lists(st.text(alphabet="ab./", max_size=12), max_size=20))
def test_the_files_a_site_is_built_from_leave_out_every_hidden_part(names: list[str]) -> None:
    """`visible` leaves out a path with any part starting with "." (editors' swap and lock
    files, hidden folders), found without splitting each path."""
    stamps = {name: (1, 2, 3, 4) for name in names}
    kept = {name for name in names if not any(part.startswith(".") for part in name.split("/"))}
    assert visible(stamps).keys() == kept
