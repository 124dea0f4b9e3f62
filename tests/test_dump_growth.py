"""A dump saved halfway through pasting, ingested (serve rebuilds on save), then completed.

The same place of a dump growing into a longer text is the same story: one file, one id,
one URL. A file the editor never touched is written again with the whole text; an edited
one is kept, and the editor told.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest import frontmatter
from digest.ingest.pipeline import run_ingest
from tests.conftest_project import make_project

TITLE = "Harbour Talks Resume After Strike\n\n"
FIRST = (
    "LONDON, Jan 5 (Reuters) - Dock workers said on Monday that talks with the port authority"
    " would resume after a week of strikes that halted container traffic at the busiest port.\n"
    "\nUnion leaders said they were hopeful of a deal before the end of the month, but warned"
    " that members would walk out again if pay offers did not improve.\n"
)
REST = (
    "\nThe port authority said in a statement that it had offered a 4 percent rise and was"
    " ready to discuss shift patterns.\n\nShipping companies have diverted dozens of vessels"
    " to other ports during the strike, costing the local economy millions a day.\n"
)
OTHER = (
    "Storm Closes Schools Across the North\n\nHeavy snow forced hundreds of schools to close on"
    " Monday as the storm moved south, officials said, and more is forecast for the week.\n"
)


def _stories(project: Path) -> dict[str, dict[str, object]]:
    found = {}
    for path in sorted((project / "content" / "articles").rglob("*.md")):
        data, body = frontmatter.parse(path.read_text("utf-8"))
        found[path.name] = {"id": data["id"], "body": body}
    return found


def _grow(tmp_path: Path, first: str, then: str) -> tuple[Path, dict[str, dict[str, object]]]:
    project = make_project(tmp_path / "p", {"today.txt": first.encode()})
    run_ingest(project)
    return project, _stories(project)


@pytest.mark.parametrize("cut", [len(TITLE + FIRST), len(TITLE + FIRST) - 40])
def test_a_story_pasted_further_is_written_over_its_untouched_half(
    tmp_path: Path, cut: int
) -> None:
    whole = TITLE + FIRST + REST
    project, before = _grow(tmp_path, whole[:cut], whole)
    (name,) = before
    (project / "content/raw/today.txt").write_text(whole, encoding="utf-8")
    report = run_ingest(project)
    after = _stories(project)
    assert list(after) == [name]  # no "-2" copy beside the half one
    assert after[name]["id"] == before[name]["id"]
    assert "diverted dozens of vessels" in str(after[name]["body"])
    ledger = json.loads((project / "content/.ingest.json").read_text("utf-8"))
    assert [entry["sources"] for entry in ledger["stories"].values()] == [[["today.txt", 1]]]
    assert report.warnings == ()


def test_an_edited_half_is_kept_and_the_editor_told(tmp_path: Path) -> None:
    project, before = _grow(tmp_path, TITLE + FIRST, TITLE + FIRST + REST)
    (name,) = before
    story = next((project / "content/articles").rglob(name))
    edited = story.read_text("utf-8").replace("Union leaders", "The union's leaders")
    story.write_text(edited, encoding="utf-8")
    (project / "content/raw/today.txt").write_text(TITLE + FIRST + REST, encoding="utf-8")
    report = run_ingest(project)
    assert list(_stories(project)) == [name] and story.read_text("utf-8") == edited
    (warning,) = report.warnings
    assert warning.startswith(f"{story}: its story grew in today.txt (story 1)")


def test_another_story_pasted_in_place_of_one_is_a_new_story(tmp_path: Path) -> None:
    project, before = _grow(tmp_path, TITLE + FIRST, OTHER)
    (project / "content/raw/today.txt").write_text(OTHER, encoding="utf-8")
    run_ingest(project)
    after = _stories(project)
    assert len(after) == 2 and set(before) < set(after)  # the first one is not overwritten
    (name,) = before
    assert after[name] == before[name]


RELEASE = (
    "Acme Robotics Announces Opening of New Factory in Monterrey\n\n"
    "MONTERREY, Mexico, March 3, 2025 /PRNewswire/ -- Acme Robotics Inc. (NASDAQ: ACME), a"
    " leading maker of warehouse automation systems, today announced the opening of a new"
    " manufacturing facility in Monterrey, Nuevo León.\n\n"
    "The 40,000-square-metre plant will produce autonomous mobile robots for customers across"
    " Latin America and is expected to employ 800 people by the end of 2026.\n\n"
    '"Monterrey offers us an exceptional talent pool and proximity to our customers," said'
    " Jane Smith, chief executive of Acme Robotics.\n"
)


def _correct(project: Path, old: str, new: str) -> None:
    dump = project / "content/raw/today.txt"
    dump.write_text(dump.read_text("utf-8").replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("above", ["", OTHER + "\n\n\n"])
def test_a_word_corrected_in_a_dump_rewrites_the_untouched_story(
    tmp_path: Path, above: str
) -> None:
    project, before = _grow(tmp_path, RELEASE, RELEASE)
    (name,) = before
    for number, (old, new) in enumerate(
        [("Monterrey offers", "Monterrey really offers"), ("800 people", "850 people")]
    ):
        _correct(project, old, new)
        if number == 1 and above:  # pasted again under another story: another place
            dump = project / "content/raw/today.txt"
            dump.write_text(above + dump.read_text("utf-8"), encoding="utf-8")
        report = run_ingest(project)
        assert report.warnings == ()
    after = _stories(project)
    others = ["storm-closes-schools-across-the-north.md"] if above else []
    assert sorted(after) == sorted([name, *others])  # no "-2" copy beside the old text
    assert after[name]["id"] == before[name]["id"]
    assert "really offers" in str(after[name]["body"]) and "850 people" in str(after[name]["body"])
    ledger = json.loads((project / "content/.ingest.json").read_text("utf-8"))
    assert len(ledger["stories"]) == len(after)
    (acme,) = [entry for entry in ledger["stories"].values() if entry["path"].endswith(name)]
    assert ["today.txt", 2 if above else 1] in acme["sources"]


def test_an_edited_story_corrected_in_its_dump_is_kept_and_the_editor_told(
    tmp_path: Path,
) -> None:
    project, before = _grow(tmp_path, RELEASE, RELEASE)
    (name,) = before
    story = next((project / "content/articles").rglob(name))
    edited = story.read_text("utf-8").replace("Jane Smith", "Jane A. Smith")
    story.write_text(edited, encoding="utf-8")
    _correct(project, "Monterrey offers", "Monterrey really offers")
    report = run_ingest(project)
    assert list(_stories(project)) == [name] and story.read_text("utf-8") == edited
    (warning,) = report.warnings
    assert warning.startswith(f"{story}: its story changed in today.txt (story 1)")


def test_a_story_replaced_in_its_dump_stays_published_and_the_editor_told(
    tmp_path: Path,
) -> None:
    project, before = _grow(tmp_path, TITLE + FIRST, OTHER)
    (name,) = before
    story = next((project / "content/articles").rglob(name))
    (project / "content/raw/today.txt").write_text(OTHER, encoding="utf-8")
    report = run_ingest(project)
    (warning,) = report.warnings
    assert warning.startswith(f"{story}: its text is no longer in today.txt (story 1)")
    assert story.is_file()


@pytest.mark.parametrize(
    "then",
    [
        TITLE + FIRST + REST,  # the wire's next version: paragraphs added at its place
        TITLE.replace("Strike", "Long Strike") + FIRST,  # its headline corrected
        TITLE.replace("Strike", "Long Strike") + FIRST.replace("Monday", "Tuesday"),  # and a word
    ],
)
def test_a_deleted_story_stays_deleted_when_it_grows_or_changes_in_its_dump(
    tmp_path: Path, then: str
) -> None:
    project, before = _grow(tmp_path, TITLE + FIRST, TITLE + FIRST)
    (name,) = before
    next((project / "content/articles").rglob(name)).unlink()
    run_ingest(project)  # the deletion noticed: the story is not written again
    assert _stories(project) == {}
    (project / "content/raw/today.txt").write_text(then, encoding="utf-8")
    report = run_ingest(project)
    assert _stories(project) == {}
    assert report.export.written == ()
    ledger = json.loads((project / "content/.ingest.json").read_text("utf-8"))
    assert len(ledger["stories"]) == 1


def test_another_story_at_a_deleted_story_s_place_is_written(tmp_path: Path) -> None:
    project, before = _grow(tmp_path, TITLE + FIRST, TITLE + FIRST)
    (name,) = before
    next((project / "content/articles").rglob(name)).unlink()
    run_ingest(project)
    (project / "content/raw/today.txt").write_text(OTHER, encoding="utf-8")
    run_ingest(project)
    assert [story["body"] for story in _stories(project).values()] == [OTHER.split("\n\n")[1]]


def test_an_edited_story_whose_next_version_differs_more_from_the_edit_is_still_one_story(
    tmp_path: Path,
) -> None:
    """The editor rewrote the headline and a sentence; the wire's next version corrects the
    headline and adds paragraphs: compared with the text digest wrote, not only with the
    edited file, it is the edited story's (kept, the editor told), not a second story."""
    project, before = _grow(tmp_path, TITLE + FIRST, TITLE + FIRST)
    (name,) = before
    story = next((project / "content/articles").rglob(name))
    edited = story.read_text("utf-8").replace("Harbour Talks Resume", "Port Talks Restart")
    edited = edited.replace(
        "Union leaders said they were hopeful of a deal before the end of the month",
        "The unions, for their part, expect an agreement within the next three weeks",
    )
    story.write_text(edited, encoding="utf-8")
    run_ingest(project)  # the edit noticed: kept as edited
    then = TITLE.replace("Strike", "Long Strike") + FIRST + REST.split("\n\n")[0] + "\n"
    (project / "content/raw/today.txt").write_text(then, encoding="utf-8")
    report = run_ingest(project)
    assert list(_stories(project)) == [name] and story.read_text("utf-8") == edited
    (warning,) = report.warnings
    assert warning.startswith(f"{story}: its story changed in today.txt (story 1)")
