"""The ingest cache's records are data: one that is not what ingest writes is read again.

A project may come from anyone with its `.digest-cache/`. A dump's record or a sorting record
of the wrong shape (a title that is a number, a block kind no story has, fewer signatures than
stories, a photo suffix that is a path) must not end in a traceback or reach export: the dump
is segmented again and the articles are those of a clean ingest.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from digest.ingest.pipeline import run_ingest
from digest.ingest.records import DumpResult, SortingRecord
from digest.store.cache import load_json, open_cache
from tests.conftest_project import make_project, snapshot
from tests.test_ingest_records import SORTING

WIDTH = 2  # the signature bytes of one story in GOOD


def good() -> dict[str, Any]:
    story = [
        "000_a.txt",
        1,
        3,
        "A Title",
        ["A caption"],
        [["heading", ["Sub"]], ["paragraph", ["One.", "Two."]]],
        [["Jane Doe"], "Reuters", "LONDON", None, None],
        ["https://example.com/a", None, ["000_a_files/p.jpg", None, ".jpg", "alt", None, None]],
    ]
    return {
        "warning": None,
        "skipped": False,
        "stories": [story],
        "warnings": [],
        "keys": ["k" * 24],
        "signatures": "AAE=",
        "dropped": [[2, "Share this:", "label"]],
    }


def story_field(index: int, value: object) -> Callable[[dict[str, Any]], None]:
    def change(record: dict[str, Any]) -> None:
        record["stories"][0][index] = value

    return change


def field(name: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(record: dict[str, Any]) -> None:
        record[name] = value

    return change


def photo_suffix(record: dict[str, Any]) -> None:
    record["stories"][0][7][2][2] = "/../../../outside.md"


CRAFTED = {
    "title a number": story_field(3, 5),
    "line a string": story_field(2, "3"),
    "dump a list": story_field(0, ["a"]),
    "captions of numbers": story_field(4, [1, 2]),
    "a block kind no story has": story_field(5, [["script", ["x"]]]),
    "a block's lines a string": story_field(5, [["paragraph", "One."]]),
    "told of three fields": story_field(6, [[], None, None]),
    "authors of numbers": story_field(6, [[1], None, None, None, None]),
    "page of two fields": story_field(7, [None, None]),
    "a photo suffix that is a path": photo_suffix,
    "a story of twelve fields": story_field(7, [None, None, None, 1, 2, 3]),
    "stories a mapping": field("stories", {"a": 1}),
    "keys fewer than stories": field("keys", []),
    "keys of numbers": field("keys", [7]),
    "signatures too short": field("signatures", "AA=="),
    "signatures not base64": field("signatures", "!!"),
    "signatures a number": field("signatures", 12),
    "warnings a string": field("warnings", "a note"),
    "dropped of two fields": field("dropped", [[2, "x"]]),
    "dropped line a string": field("dropped", [["2", "x", "label"]]),
    "skipped a string": field("skipped", "yes"),
}


def test_the_record_ingest_writes_reads_back() -> None:
    result = DumpResult.from_json(good(), WIDTH)
    assert result.to_json() == good()
    assert result.stories[0].page is not None and result.stories[0].page.photo is not None


@pytest.mark.parametrize("change", CRAFTED.values(), ids=CRAFTED.keys())
def test_a_dump_record_of_another_shape_does_not_read(change: Callable[[Any], None]) -> None:
    record = good()
    change(record)
    with pytest.raises(ValueError):
        DumpResult.from_json(record, WIDTH)


def test_a_dump_record_without_a_field_or_of_another_type_does_not_read() -> None:
    for name in good():
        if name != "dropped":  # older records have none
            with pytest.raises(ValueError):
                DumpResult.from_json({k: v for k, v in good().items() if k != name}, WIDTH)
    odd: tuple[object, ...] = (None, [], "x", 3)
    for value in odd:
        with pytest.raises(ValueError):
            DumpResult.from_json(value, WIDTH)
    with pytest.raises(ValueError):  # signatures of another width: other settings
        DumpResult.from_json(good(), WIDTH * 2)


@pytest.mark.parametrize(
    "change",
    [
        {"members": [["0"], [1]]},
        {"members": {"0": 1}},
        {"exact": "1"},
        {"near": None},
        {"classes": [["2025-01-02", "dump", [1], [], [], "guess", None]]},
        {"classes": [["2025-01-02", "dump", [], {"a": 1}, [], "guess", None]]},
        {"classes": [["not a date", "dump", [], [], [], "guess", None]]},
        {"classes": [["2025-01-02", "dump", [], [], [], "guess", 5]]},
        {"classes": [["2025-01-02", "dump", [], []]]},
        {"classes": "x"},
        # An update's time with no zone, or of no type ingest writes.
        {"classes": [["2025-01-02", "update", [], [], [], "guess", None, [], "2025-01-02T10:00"]]},
        {"classes": [["2025-01-02", "update", [], [], [], "guess", None, [], 5]]},
        # A refused date of a kind no warning names (a KeyError as the warning was made).
        {
            "classes": [
                [
                    "2025-01-02",
                    "dump",
                    [],
                    [],
                    [],
                    "guess",
                    None,
                    [["x", "2062-06-03", "2026-06-03"]],
                ]
            ]
        },
    ],
)
def test_a_sorting_record_of_another_shape_is_unknown(change: dict[str, object]) -> None:
    assert SortingRecord.from_json(SORTING) is not None
    assert SortingRecord.from_json({**SORTING, **change}) is None


def craft_every_record(
    project: Path, change: Callable[[dict[str, Any]], None], members: object = ((999,),)
) -> int:
    """Apply *change* to every dump record and give every sorting record *members*."""
    cache = open_cache(project)
    try:
        changed = 0
        for key, value in cache.get_kind("dump").items():
            record: dict[str, Any] = load_json(value)
            if record.get("stories"):
                change(record)
                cache.put("dump", key, json.dumps(record).encode())
                changed += 1
        for key in cache.get_kind("ingest"):
            record = {**load_json(cache.get_kind("ingest")[key]), "members": members}
            cache.put("ingest", key, json.dumps(record).encode())
        return changed
    finally:
        cache.close()


def ingested_over_crafted_records(
    root: Path, change: Callable[[dict[str, Any]], None], members: object = ((999,),)
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Return the articles of a clean ingest of the seeds, and those of an ingest that writes
    every story again over the cache records crafted by *change* and *members*."""
    project = make_project(root / "project", seeds=True)
    run_ingest(project)
    articles = project / "content" / "articles"
    clean = snapshot(articles)
    assert craft_every_record(project, change, members) > 0
    shutil.rmtree(articles)  # every story written again, from the records if they read
    (project / "content" / ".ingest.json").unlink()
    run_ingest(project)
    return clean, snapshot(articles)


@pytest.mark.parametrize(
    "name",
    ["title a number", "keys fewer than stories", "signatures too short", "told of three fields"],
)
def test_an_ingest_over_crafted_records_writes_what_a_clean_one_writes(
    tmp_path: Path, name: str
) -> None:
    clean, crafted = ingested_over_crafted_records(tmp_path, CRAFTED[name])
    assert crafted == clean


def unchanged(record: dict[str, Any]) -> None:
    """Leave a dump's record as ingest wrote it."""


@pytest.mark.parametrize("members", [[[0], [0], [1], [2], [3]], [[-1], [0, 1], [2, 3]], []])
def test_a_sorting_record_that_loses_or_repeats_a_story_is_not_used(
    tmp_path: Path, members: object
) -> None:
    clean, crafted = ingested_over_crafted_records(tmp_path, unchanged, members)
    assert crafted == clean
