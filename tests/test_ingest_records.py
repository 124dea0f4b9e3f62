"""Ingest's records read the JSON that earlier versions kept, and write it back the same."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from digest.ingest.records import (
    MISSING,
    RACY,
    DumpResult,
    ExportMemory,
    FileMark,
    IngestMemory,
    SortingRecord,
    Stamped,
)
from digest.ingest.trim import Dropped
from digest.models import Block, Classification, RawStory, Source, Told

STAMP_TUPLE = (1234, 1_700_000_000_000_000_000, 1_700_000_000_100_000_000, 987654)
STAMP = list(STAMP_TUPLE)
SHA = "ab" * 32

# The ingest state as digest has kept it in the build cache: [stamp, value] pairs, a mark
# that is "missing", "racy", a stamp or {"sha": ...}, and [id, path, outcome, mark] records.
STATE: dict[str, Any] = {
    "dumps": {"000_a.txt": [STAMP, SHA], "sub/001_b.txt": [STAMP, "cd" * 32]},
    "ids": {"2025/01/first.md": [STAMP, "0123456789ab"], "2025/01/no-id.md": [STAMP, None]},
    "export": {
        "key": "f" * 64,
        "ledger": {"sha": SHA},
        "stories": [
            ["0123456789ab", "2025/01/first.md", "written", STAMP],
            ["ba9876543210", "2025/01/second.md", "unchanged", {"sha": SHA}],
            ["aaaaaaaaaaaa", "2025/01/third.md", "edited", "racy"],
            ["bbbbbbbbbbbb", "", "deleted", "missing"],
        ],
    },
}


SORTING = {  # a sorting record as ingest writes it
    "members": [[0, 2], [1]],
    "exact": 1,
    "near": 0,
    "classes": [
        [
            "2025-01-02",
            "update",
            ["Europe"],
            ["Finland"],
            ["Finland: title"],
            "guess",
            None,
            [],
            "2025-01-02T10:00:00+00:00",  # the update's time a page printed alone
        ],
        [
            "2020-03-03",
            "page",
            [],
            [],
            [],
            "time",
            "2020-03-03T15:14:00-05:00",
            [["dateline", "2062-03-03", "2020-03-03"]],  # a printed date refused
            None,
        ],
    ],
}


def test_the_ingest_state_reads_as_typed_records_and_writes_the_same_json() -> None:
    memory = IngestMemory.from_json(json.loads(json.dumps(STATE)))
    stamp = STAMP_TUPLE
    assert memory.dumps["000_a.txt"] == Stamped(stamp, SHA)
    assert memory.ids["2025/01/no-id.md"].value is None
    assert memory.export is not None
    first, second, third, fourth = memory.export.stories
    assert (first.article, first.relative, first.outcome) == (
        "0123456789ab",
        "2025/01/first.md",
        "written",
    )
    assert first.mark == FileMark(True, stamp)
    assert second.mark == FileMark(True, sha=SHA)
    assert third.mark == RACY and third.outcome == "edited"
    assert fourth.mark == MISSING and fourth.relative == ""
    assert memory.export.ledger.sha == SHA
    assert json.dumps(memory.to_json()) == json.dumps(STATE)


def test_records_that_do_not_read_are_unknown_never_a_match() -> None:
    assert Stamped.from_json([STAMP]) is None
    assert Stamped.from_json([[1, 2, 3], SHA]) is None
    assert Stamped.from_json([STAMP, 5]) is None
    assert FileMark.from_json(None) == RACY
    assert FileMark.from_json({"sha": ""}) == RACY
    assert FileMark.from_json([1, "2", 3, 4]) == RACY
    damaged = {**STATE["export"], "stories": [*STATE["export"]["stories"], ["x", "y", "lost", 1]]}
    export = ExportMemory.from_json(damaged)
    assert export is not None and export.stories == ()  # nothing is taken as unchanged
    assert ExportMemory.from_json(None) is None  # no export ran: the next one must
    assert IngestMemory.from_json([]) == IngestMemory({}, {}, None)
    state = {**STATE, "dumps": {"a.txt": ["racy", SHA], "b.txt": [STAMP, SHA]}}
    assert list(IngestMemory.from_json(state).dumps) == ["b.txt"]


def test_cached_dump_results_and_sorting_keep_their_json() -> None:
    story = RawStory(
        Source("000_a.txt", 1),
        3,
        "A Title",
        ("A caption",),
        (Block("heading", ("Sub",)), Block("paragraph", ("One.", "Two."))),
        Told(("Jane Doe",), "Reuters", "LONDON", "Updated 3:14 PM EST, March 3, 2020", "In short."),
    )
    dropped = (Dropped(2, "Share this:", "label"),)
    result = DumpResult(None, False, (story,), ("a note",), ("k" * 24,), b"\x00\x01", dropped)
    encoded: dict[str, Any] = {
        "warning": None,
        "skipped": False,
        "stories": [
            [
                "000_a.txt",
                1,
                3,
                "A Title",
                ["A caption"],
                [["heading", ["Sub"]], ["paragraph", ["One.", "Two."]]],
                [
                    ["Jane Doe"],
                    "Reuters",
                    "LONDON",
                    "Updated 3:14 PM EST, March 3, 2020",
                    "In short.",
                ],
            ]
        ],
        "warnings": ["a note"],
        "keys": ["k" * 24],
        "signatures": "AAE=",
        "dropped": [[2, "Share this:", "label"]],
    }
    assert result.to_json() == encoded
    assert DumpResult.from_json(encoded, 2) == result
    untold = {**encoded, "stories": [encoded["stories"][0][:6]]}  # before Told was kept
    assert DumpResult.from_json(untold, 2).stories[0].told == Told()
    story_json = encoded["stories"][0]
    unsummed = {**encoded, "stories": [[*story_json[:6], story_json[6][:4]]]}  # no summary yet
    assert DumpResult.from_json(unsummed, 2).stories[0].told.summary is None
    sorting = SORTING
    record = SortingRecord.from_json(sorting)
    assert record is not None
    assert record.classifications[0] == Classification(
        dt.date(2025, 1, 2),
        "update",
        ("Europe",),
        ("Finland",),
        ("Finland: title",),
        updated=dt.datetime(2025, 1, 2, 10, tzinfo=dt.UTC),
    )
    published = record.classifications[1].published
    assert published is not None and published.utcoffset() == dt.timedelta(hours=-5)
    refused = ("dateline", dt.date(2062, 3, 3), dt.date(2020, 3, 3))
    assert record.classifications[1].refused == (refused,)
    assert record.to_json() == sorting
    assert SortingRecord.from_json({**sorting, "classes": [["2025-01-02"]]}) is None
