"""The URL history's entries are all checked, those read by the short way too.

Nearly every entry has the shape `url_history._plain_entry` reads without `_entry`'s
messages (its time and region read before, by an entry `_entry` checked): one that is not
is still refused, naming the file and the entry, as `_entry` names it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest.store.url_history import HistoryError, StoryUrls, read_history

GOOD = {
    "url": "2026/01/13/a/",
    "text": "d1",
    "updated": "2026-01-13T00:00:00Z",
    "since": 2026,
    "region": "regions/europe/",
}


def _write(project: Path, stories: dict[str, object]) -> Path:
    history = project / "content" / ".urls.json"
    history.parent.mkdir(parents=True, exist_ok=True)
    history.write_text(json.dumps({"version": 1, "stories": stories}), encoding="utf-8")
    return history


def test_entries_like_the_first_are_read_the_same(tmp_path: Path) -> None:
    second = {**GOOD, "url": "2026/01/13/b/", "text": "d2"}
    _write(tmp_path, {"a": GOOD, "b": second, "c": {**second, "region": ""}})
    stories = read_history(tmp_path).stories
    moment = stories["a"].updated
    assert stories["b"] == StoryUrls("2026/01/13/b/", (), "d2", moment, 2026, "regions/europe/")
    assert stories["c"].region == "" and stories["c"].updated is moment


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"url": "../../etc/"}, "stories.b.url"),
        ({"url": ["2026/01/13/b/"]}, "stories.b.url"),
        ({"since": True}, "stories.b: since"),
        ({"since": 0}, "stories.b: since"),
        ({"text": 3}, "stories.b: text"),
        ({"region": "../up/"}, "stories.b.region"),
        ({"updated": "yesterday"}, "stories.b: updated"),
        ({"gone": "yes"}, "stories.b: gone"),
        ({"old": "2026/01/12/b/"}, "stories.b.old"),
    ],
)
def test_a_later_entry_that_is_not_right_stops_the_build_naming_it(
    tmp_path: Path, change: dict[str, object], said: str
) -> None:
    history = _write(tmp_path, {"a": GOOD, "b": {**GOOD, **change}})
    with pytest.raises(HistoryError) as raised:
        read_history(tmp_path)
    assert str(history) in str(raised.value) and said in str(raised.value)
