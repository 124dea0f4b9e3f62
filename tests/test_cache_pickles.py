"""Cache records kept as pickles are read as data: a crafted project cannot run code.

The build cache is the project's (`.digest-cache/`), and a project may come from anyone.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from pathlib import Path

import pytest

from digest.engine.build import build
from digest.engine.plan_index import INDEX_KEY
from digest.paths import CACHE_DIR
from digest.store import pickled
from digest.store.cache import DATABASE, open_cache
from digest.store.state import PLAN, PLAN_INDEX
from digest.story_files import write_new_story
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, story, write_stories

__all__ = ["settled"]  # the fixture, used by name


class _Calls:
    """Pickles as a call of *function* with *argument* (what a crafted record would hold)."""

    def __init__(self, function: object, argument: str) -> None:
        self.function, self.argument = function, argument

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return self.function, (self.argument,)


def test_a_crafted_record_runs_nothing_and_the_build_plans_without_it(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 30)
    build(project)
    outside = tmp_path / "made-by-a-record"
    crafted = pickle.dumps(("digest", _Calls(os.mkdir, str(outside))), pickled.PROTOCOL)
    cache = open_cache(project)  # as a crafted project would ship it: checksums right
    try:
        for key in cache.get_kind(PLAN):
            cache.put(PLAN, key, crafted)
        cache.put(PLAN_INDEX, INDEX_KEY, crafted)
        cache.commit()
    finally:
        cache.close()
    edited = project / "content" / "articles" / "2025/01/story-0.md"
    edited.write_text(story(0, 1, body="An edit.\n"), encoding="utf-8")
    result = build(project)
    assert not outside.exists()  # before: made by pickle.loads, while the build read the index
    assert result.site is not None and result.site.planned is not None  # planned whole
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


@pytest.mark.parametrize(
    "value",
    [
        _Calls(os.system, "true"),
        _Calls(eval, "1"),
        _Calls(write_new_story, "x"),
        _Calls(getattr, "x"),
    ],
    ids=["os.system", "eval", "a function of digest", "getattr"],
)
def test_only_plain_values_and_digest_data_classes_are_read(value: object) -> None:
    with pytest.raises(pickle.UnpicklingError):
        pickled.loads(pickle.dumps(value, pickled.PROTOCOL))


def test_a_plan_index_reads_back_as_it_was_written(tmp_path: Path, settled: None) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 5)
    build(project)
    database = sqlite3.connect(project / CACHE_DIR / DATABASE)
    [(data,)] = database.execute(
        "SELECT value FROM entries WHERE kind = ? AND key = ?", (PLAN_INDEX, INDEX_KEY)
    )
    database.close()
    assert pickled.loads(data) == pickle.loads(data)
