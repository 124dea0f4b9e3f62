"""Dedup stage: fixture cases of dumps -> merged stories and their sources."""

from __future__ import annotations

import pytest

from digest.config import IngestConfig
from digest.ingest.dedup import deduplicate
from digest.ingest.dedup_lsh import signature
from digest.ingest.fingerprints import exact_key, fingerprints, shingle_values
from digest.ingest.segment import segment_dump
from digest.models import Block, Dump, RawStory, Source
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
    # (the text of the copy that represents a story: a wire's later version, say)
    for at, text in (case.expected.get("contains") or {}).items():
        assert text in "\n".join(result.stories[at].primary.body_lines)
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


def test_a_dump_s_fingerprints_are_each_story_s_own() -> None:
    # The shingles of a dump's stories are hashed in one pass (the windows across two stories
    # left out): each story keeps the key and signature it has alone, short ones included.
    words = [f"word{i}" for i in range(900)]
    bodies = [words[:2], words[:300], words[5:6], words[:900], words[100:104], words[:5]]
    stories = [
        RawStory(Source("d.txt", i), 1, f"Title {i}", (), (Block("paragraph", (" ".join(b),)),))
        for i, b in enumerate(bodies)
    ]
    config = IngestConfig()
    found = fingerprints(stories, config)
    alone = [
        (exact_key(s), signature(shingle_values(s, config.shingle_words), config.num_perm))
        for s in stories
    ]
    assert [key for key, _ in found] == [key for key, _ in alone]
    assert [signed for _, signed in found] == [values.tobytes() for _, values in alone]
