"""A story pasted into a dump after its first ingest is dated from when it was first seen.

The daily loop pastes each new story under the previous one in one file (review15 F24): the
new story's "May 6" or "2 hours ago" is read against the time an ingest first met it, not
the day the dump was first collected; and that time is kept, so later ingests agree.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from digest import frontmatter
from digest.ingest.pipeline import run_ingest
from tests.conftest_project import make_project

HARBOUR = (
    "Harbour Talks Resume After Strike\n\nLONDON, May 4 (Reuters) - Dock workers and port"
    " operators resumed talks on Monday after a two-week strike that left dozens of ships"
    " waiting outside the harbour, union officials said.\n\nThe two sides met for six hours and"
    " agreed to meet again next week, a spokesman for the port authority said.\n"
)
BUSES = (
    "\n\n\nCouncil Approves New Bus Routes\n\nMANCHESTER, May 6 (Reuters) - The city council"
    " approved six new bus routes on Wednesday, linking the airport with three suburbs that"
    " have had no direct service for a decade.\n\nThe routes will start running in September,"
    " the council said, and will be paid for by a regional transport grant.\n"
)
FLOODS = (
    "\n\n\nFlooding Closes Airport Road\n\nUpdated 2 hours ago\n\nFlooding closed the main road"
    " to the airport on Friday morning after a night of heavy rain, and drivers were told to"
    " use the old coast road instead.\n\nEngineers said the water would take most of the day"
    " to drain and that the road might not reopen before the evening.\n"
)


def _at(path: Path, moment: str) -> None:
    stamp = dt.datetime.fromisoformat(moment).timestamp()
    os.utime(path, (stamp, stamp))


def _front(project: Path) -> dict[str, dict[str, str]]:
    found = {}
    for path in sorted((project / "content/articles").rglob("*.md")):
        data, _ = frontmatter.parse(path.read_text("utf-8"))
        found[str(data["title"])] = {key: str(value) for key, value in data.items()}
    return found


def test_a_story_pasted_later_is_dated_from_when_it_was_first_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = make_project(tmp_path / "p", {"inbox.txt": HARBOUR.encode()})
    inbox = project / "content/raw/inbox.txt"
    _at(inbox, "2026-05-04T18:00:00+00:00")
    run_ingest(project)
    later = ((BUSES, "2026-05-06T18:00:00+00:00"), (FLOODS, "2026-05-08T12:00:00+00:00"))
    for text, moment in later:
        inbox.write_text(inbox.read_text("utf-8") + text, encoding="utf-8")
        _at(inbox, moment)
        run_ingest(project)
    first = _front(project)
    assert first["Harbour Talks Resume After Strike"]["date"] == "2026-05-04"
    assert first["Council Approves New Bus Routes"]["date"] == "2026-05-06"
    floods = first["Flooding Closes Airport Road"]
    assert floods["date"] == "2026-05-08"
    assert floods.get("published", "2026-05-08").startswith("2026-05-08")
    ledger = json.loads((project / "content/.ingest.json").read_text("utf-8"))
    assert ledger["seen"] == {"inbox.txt": "2026-05-04T18:00:00+00:00"}
    # Touched and ingested again (a dump re-saved, a story appended elsewhere): the same.
    other = "Storm Closes Schools\n\nHeavy snow forced hundreds of schools to close on Monday.\n"
    (project / "content/raw/other.txt").write_text(other, "utf-8")
    _at(inbox, "2026-06-01T09:00:00+00:00")
    run_ingest(project)
    again = _front(project)
    assert {title: again[title] for title in first} == first


def test_a_story_moved_down_its_dump_moves_its_source_and_none_is_claimed_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A story pasted ABOVE an earlier one moves it to the next place of its dump: its
    source moves with it (review16 G17: the old story had claimed both places, its new
    neighbour its old one)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = make_project(tmp_path / "p", {"inbox.txt": HARBOUR.encode()})
    inbox = project / "content/raw/inbox.txt"
    _at(inbox, "2026-05-04T18:00:00+00:00")
    run_ingest(project)
    inbox.write_text(BUSES.lstrip("\n") + "\n\n\n" + HARBOUR, encoding="utf-8")
    _at(inbox, "2026-05-06T18:00:00+00:00")
    run_ingest(project)
    found = _front(project)
    assert found["Council Approves New Bus Routes"]["sources"] == str(
        [{"dump": "inbox.txt", "index": 1}]
    )
    assert found["Harbour Talks Resume After Strike"]["sources"] == str(
        [{"dump": "inbox.txt", "index": 2}]
    )
    ledger = json.loads((project / "content/.ingest.json").read_text("utf-8"))
    claimed = [tuple(source) for entry in ledger["stories"].values() for source in entry["sources"]]
    assert sorted(claimed) == [("inbox.txt", 1), ("inbox.txt", 2)]
