"""A story found in several dumps rests on what every copy told (review15 F22).

One copy pasted with its publication line and byline, another without: the merged story has
the printed time and the byline, whichever dump's name sorts first.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from digest import frontmatter
from digest.ingest.pipeline import run_ingest
from tests.conftest_project import make_project

TITLE = "Harbour talks resume after strike\n\n"
TOLD = "By Jane Doe, Reuters\n\nPublished 3 March 2025 08:00 GMT\n\n"
BODY = (
    "Dock workers and port operators resumed talks after a two-week strike that left dozens of"
    " ships waiting outside the harbour, union officials said on Monday.\n\n"
    "The two sides met for six hours and agreed to meet again next week, a spokesman for the"
    " port authority said, adding that progress had been made on pay and on the length of"
    " shifts.\n\nThe strike has cost the port an estimated 40 million euros in lost business,"
    " according to the chamber of commerce, which urged both sides to reach a deal quickly.\n"
)


@pytest.mark.parametrize("plain", ["2026-05-10_a.txt", "2026-05-10_c.txt"])
def test_a_merged_story_has_the_printed_time_and_byline_of_any_copy(
    tmp_path: Path, plain: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    dumps = {plain: (TITLE + BODY).encode(), "2026-05-10_b.txt": (TITLE + TOLD + BODY).encode()}
    project = make_project(tmp_path / "p", dumps)
    moment = dt.datetime(2026, 5, 10, 12, tzinfo=dt.UTC).timestamp()
    for name in dumps:
        os.utime(project / "content/raw" / name, (moment, moment))
    report = run_ingest(project)
    assert report.stories == 1
    (path,) = (project / "content/articles").rglob("*.md")
    data, _ = frontmatter.parse(path.read_text("utf-8"))
    assert str(data["date"]) == "2025-03-03"
    assert str(data["published"]).startswith("2025-03-03T08:00:00")
    assert data["authors"] == ["Jane Doe"] and data["outlet"] == "Reuters"


@pytest.mark.parametrize("plain", ["2026-05-10_a.txt", "2026-05-10_c.txt"])
def test_a_merged_story_is_placed_by_any_copy_s_dateline_and_caption(
    tmp_path: Path, plain: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One copy pasted with its photo and dateline, another with the text alone: the merged
    story keeps the caption and is placed where they say (review16 G21: it had the dateline
    in its front matter but no region)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    caption = "Ships wait outside the port of Rotterdam, Netherlands. REUTERS/Ann Lee\n\n"
    placed = TITLE + caption + "ROTTERDAM (Reuters) - " + BODY
    dumps = {plain: (TITLE + BODY).encode(), "2026-05-10_b.txt": placed.encode()}
    project = make_project(tmp_path / "p", dumps)
    moment = dt.datetime(2026, 5, 10, 12, tzinfo=dt.UTC).timestamp()
    for name in dumps:
        os.utime(project / "content/raw" / name, (moment, moment))
    assert run_ingest(project).stories == 1
    (path,) = (project / "content/articles").rglob("*.md")
    data, _ = frontmatter.parse(path.read_text("utf-8"))
    assert data["dateline"] == "ROTTERDAM"
    assert data["regions"] == ["Europe"] and "Netherlands" in data["tags"]
    assert data["captions"] == [caption.strip()]
