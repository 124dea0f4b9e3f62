"""Segment stage: fixture cases of small dumps -> expected stories."""

from __future__ import annotations

from typing import Any

import pytest

from digest.config import IngestConfig
from digest.ingest.article_text import markdown_body
from digest.ingest.segment import segment_dump
from digest.models import Dump
from tests.fixture_cases import Case, read_cases

CASES = read_cases("segment")


def test_fixtures_were_found() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.name}" for c in CASES])
def test_segment_case(case: Case) -> None:
    options: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in case.config.items()
    }
    config = IngestConfig(**options)
    ((name, text),) = case.dumps.items()
    result = segment_dump(Dump(name, text, "utf-8"), config)
    got = [
        {"title": s.title, "captions": list(s.captions), "body": markdown_body(s)}
        for s in result.stories
    ]
    assert got == case.expected


def test_story_without_body_is_warned_about_with_file_and_line() -> None:
    result = segment_dump(Dump("d.txt", "\n\nJust a Headline\n", "utf-8"), IngestConfig())
    assert result.warnings == (
        "d.txt:3: story 'Just a Headline' has no body: written as a draft, not published",
    )


def test_sources_number_stories_in_dump_order() -> None:
    text = "A Title\n\nTT\n\nA Title\n\nBody a.\n\n\nB Title\n\nTT\n\nB Title\n\nBody b.\n"
    stories = segment_dump(Dump("d.txt", text, "utf-8"), IngestConfig()).stories
    assert [(s.source.dump, s.source.index, s.line) for s in stories] == [
        ("d.txt", 1, 1),
        ("d.txt", 2, 10),
    ]


def test_a_header_block_s_marker_counter_and_repeats_are_dropped_on_record() -> None:
    """Review16 G32: the seeds' header block (captions twice, "TT", "20", the title and
    captions again) keeps one copy of each line; every other is recorded with why."""
    text = (
        "A Title\n\nA caption\nA caption\nTT\n20\n\nA Title\n\n"
        "A caption\nA  caption\n\nBody of the story.\n"
    )
    result = segment_dump(Dump("d.txt", text, "utf-8"), IngestConfig())
    assert [(s.title, s.captions) for s in result.stories] == [("A Title", ("A caption",))]
    assert sorted((drop.line, drop.text, drop.reason) for drop in result.dropped) == [
        (4, "A caption", "repeated header"),
        (5, "TT", "marker"),
        (6, "20", "counter"),
        (8, "A Title", "repeated header"),
        (10, "A caption", "repeated header"),
        (11, "A  caption", "repeated header"),
    ]
