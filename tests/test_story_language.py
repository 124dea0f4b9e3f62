"""A story's language as ingest writes it: fixture cases of dumps -> each story's `language`."""

from __future__ import annotations

import pytest

from digest.config import IngestConfig
from digest.ingest.article_text import language_key
from digest.ingest.segment import segment_dump
from digest.models import Dump
from tests.fixture_cases import Case, read_cases

CASES = read_cases("language")


def test_fixtures_were_found() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.name}" for c in CASES])
def test_language_case(case: Case) -> None:
    config = IngestConfig()
    got = [
        language_key(story).get("language")
        for name, text in case.dumps.items()
        for story in segment_dump(Dump(name, text, "utf-8"), config).stories
    ]
    assert got == case.expected
