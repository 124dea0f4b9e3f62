"""Dedup stage: fixture cases of dumps -> merged stories and their sources."""

from __future__ import annotations

import pytest

from digest.config import IngestConfig
from digest.ingest.dedup import deduplicate
from digest.ingest.segment import segment_dump
from digest.models import Dump, RawStory
from tests.fixture_cases import Case, read_cases

CASES = read_cases("dedup")


def _raw(case: Case, config: IngestConfig) -> list[RawStory]:
    stories: list[RawStory] = []
    for name, text in case.dumps.items():
        stories.extend(segment_dump(Dump(name, text, "utf-8"), config).stories)
    return stories


def test_fixtures_were_found() -> None:
    assert len(CASES) >= 8


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.name}" for c in CASES])
def test_dedup_case(case: Case) -> None:
    config = IngestConfig()
    result = deduplicate(_raw(case, config), config)
    got = [
        {"title": s.title, "sources": [[src.dump, src.index] for src in s.sources]}
        for s in result.stories
    ]
    assert got == case.expected["stories"]
    assert (result.exact_merged, result.near_merged) == (
        case.expected["exact"],
        case.expected["near"],
    )


def test_threshold_is_a_setting() -> None:
    case = next(c for c in CASES if c.name == "near duplicate: a paragraph dropped")
    strict = IngestConfig(near_duplicate_threshold=0.95)
    assert len(deduplicate(_raw(case, strict), strict).stories) == 2


def test_many_stories_are_not_compared_pairwise() -> None:
    # 300 distinct stories: LSH must keep them apart (and finish quickly).
    stories: list[RawStory] = []
    for i in range(300):
        words = " ".join(f"w{i}x{j}" for j in range(60))
        text = f"Story {i}\n\nTT\n\nStory {i}\n\n{words}.\n"
        stories.extend(segment_dump(Dump(f"d{i}.txt", text, "utf-8"), IngestConfig()).stories)
    assert len(deduplicate(stories, IngestConfig()).stories) == 300
