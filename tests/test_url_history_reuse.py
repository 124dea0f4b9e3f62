"""The URL history read and advanced cheaply, with the same results and the same errors.

A build reads every story's entry and advances the history by every story published:
an entry whose story is published as before is kept as it is (no copy), and a region page
seen right once is not checked again; neither may change what is read, kept or refused.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.store import url_history
from digest.store.url_history import (
    HistoryError,
    Published,
    StoryUrls,
    UrlHistory,
    read_history,
)
from digest.urls import PLAIN_PAGE, page_path_problem

WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)


def _entry(url: str, old: tuple[str, ...] = (), gone: bool = False) -> StoryUrls:
    return StoryUrls(url, old, "text", WHEN, 2026, "regions/europe/", gone)


def _published(url: str, text: str = "text") -> Published:
    return Published(url, text, WHEN, "regions/europe/")


def test_an_entry_published_as_before_is_kept_and_any_other_is_advanced() -> None:
    kept = _entry("2026/01/01/a/", ("2025/12/01/a/",))
    history = UrlHistory(
        {
            "a": kept,
            "b": _entry("2026/01/02/b/"),
            "c": _entry("2026/01/03/c/", ("2025/01/03/c/", "2026/01/03/c/")),  # its own URL
            "d": _entry("2026/01/04/d/", gone=True),
        }
    )
    published = {
        "a": _published("2026/01/01/a/"),
        "b": _published("2026/01/02/b/", text="edited"),
        "c": _published("2026/01/03/c/"),
        "d": _published("2026/01/04/d/"),
    }
    after = history.advance(published, (), lambda name: LATER).stories
    assert after["a"] is kept
    assert (after["b"].text, after["b"].updated) == ("edited", LATER)
    # An entry listing its own URL among its old ones is put right, as before.
    assert after["c"].old == ("2025/01/03/c/",)
    assert after["d"] == _entry("2026/01/04/d/")  # published again: no longer gone


def _write(project: Path, stories: dict[str, object]) -> None:
    folder = project / "content"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".urls.json").write_text(json.dumps({"version": 1, "stories": stories}))


@pytest.mark.parametrize(
    ("region", "said"),
    [("../etc/", "stories.y.region: '../etc/'"), (5, "stories.y.region: 5")],
)
def test_a_bad_region_is_refused_after_good_ones(tmp_path: Path, region: object, said: str) -> None:
    good = {"url": "a/", "text": "", "updated": "2026-01-01T00:00:00Z", "since": 2026}
    _write(
        tmp_path,
        {
            "w": {**good, "region": "regions/europe/"},
            "x": {**good, "url": "b/", "region": "regions/europe/"},
            "y": {**good, "url": "c/", "region": region},
        },
    )
    with pytest.raises(HistoryError, match=said.replace(".", r"\.")):
        read_history(tmp_path)
    _write(tmp_path, {"w": {**good, "region": "regions/europe/"}})
    assert read_history(tmp_path).stories["w"].region == "regions/europe/"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ09._~!$()*+,;=:@%/-?# é\\", max_size=14) | st.from_regex(PLAIN_PAGE))
def test_a_path_taken_without_the_full_check_is_one_the_check_takes(path: str) -> None:
    if PLAIN_PAGE.match(path):
        assert page_path_problem(path) is None


def test_plain_page_paths_are_read_without_the_full_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = {"text": "", "updated": "2026-01-01T00:00:00Z", "since": 2026}
    checked: list[object] = []

    def check(path: object) -> str | None:
        checked.append(path)
        return page_path_problem(path)

    monkeypatch.setattr(url_history, "page_path_problem", check)
    _write(
        tmp_path,
        {
            "a": {**good, "url": "2026/01/13/story/", "old": ["2026/01/12/story/"]},
            "b": {**good, "url": "old/page.html"},
        },
    )
    history = read_history(tmp_path)
    assert history.stories["a"].old == ("2026/01/12/story/",)
    assert checked == ["old/page.html"]  # before: every path
    _write(tmp_path, {"c": {**good, "url": "./story/"}})
    with pytest.raises(HistoryError, match=r"stories\.c\.url: '\./story/'"):
        read_history(tmp_path)
