"""The plan index's references and shown stories are kept a month a record (`PLAN_PARTS`).

A deploy writes again only the months whose part changed; a part missing, damaged or
crafted leaves no index, and the build plans the whole site, byte for byte as from nothing.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from digest.engine.build import build
from digest.engine.plan_index import INDEX_KEY, PlanIndex, read_index
from digest.store import pickled
from digest.store.cache import open_cache
from digest.store.state import PLAN_INDEX, PLAN_PARTS
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, story, write_stories
from tests.test_deploy_cache import clone_with_cache

__all__ = ["settled"]  # the fixture, used by name


def _parts(project: Path) -> dict[str, str]:
    """Return the month -> record key of the index the last build left."""
    cache = open_cache(project)
    try:
        data = cache.get(PLAN_INDEX, INDEX_KEY)
        assert data is not None
        return dict(pickled.loads(data).parts)
    finally:
        cache.close()


def _read(project: Path) -> PlanIndex | None:
    cache = open_cache(project)
    try:
        data = cache.get(PLAN_INDEX, INDEX_KEY)
        assert data is not None
        return read_index(cache, pickled.loads(data).code, project)
    finally:
        cache.close()


def test_a_deploy_writes_again_only_the_months_it_changed(tmp_path: Path, settled: None) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 18)  # months 1 to 3 of 2025
    build(project)
    before = _parts(project)
    assert {"2025/01", "2025/02", "2025/03"} <= before.keys()
    index = _read(project)
    assert index is not None and len(index.refs) == 18

    clone_with_cache(project)
    new = project / "content" / "articles" / "2025/05/story-new.md"
    new.parent.mkdir(parents=True)
    new.write_text(story(99, 5), encoding="utf-8")
    result = build(project)
    assert result.site is not None and result.site.planning == "added"
    after = _parts(project)
    assert after["2025/01"] == before["2025/01"]  # before: every story's reference written
    assert after["2025/02"] == before["2025/02"]
    assert after["2025/05"] not in before.values()  # the new month's part is new
    cache = open_cache(project)
    try:
        assert set(cache.get_kind(PLAN_PARTS)) == set(after.values())  # none left over
    finally:
        cache.close()
    index = _read(project)
    assert index is not None and len(index.refs) == 19
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


class _Calls:
    """Pickles as a call of *function* with *argument* (what a crafted record would hold)."""

    def __init__(self, function: object, argument: str) -> None:
        self.function, self.argument = function, argument

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return self.function, (self.argument,)


def test_a_part_missing_damaged_or_crafted_leaves_no_index(tmp_path: Path, settled: None) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 12)
    build(project)
    key = _parts(project)["2025/02"]
    cache = open_cache(project)
    try:
        kept = cache.get(PLAN_PARTS, key)
        assert kept is not None
    finally:
        cache.close()
    outside = tmp_path / "made-by-a-record"
    crafted = [
        pickle.dumps(_Calls(os.mkdir, str(outside)), pickled.PROTOCOL),  # refused by `pickled`
        pickled.dumps(({"x": ("x", "d", "2025/02/01/x/", "t", "t")},)),  # one of two dicts
        pickled.dumps(([], {})),  # a list where the references are
        # Well formed but not what a build planned: a page's stories or a reference missing,
        # values of another shape (an edit build rendered nothing, or gave a traceback).
        pickled.dumps((pickled.loads(kept)[0], {})),
        pickled.dumps(({}, pickled.loads(kept)[1])),
        pickled.dumps((pickled.loads(kept)[0], dict.fromkeys(pickled.loads(kept)[1], 7))),
        pickled.dumps((dict.fromkeys(pickled.loads(kept)[0], (1, 2, 3, 4, 5)), {})),
        *(  # references of another shape, what each page names as planned
            pickled.dumps((dict.fromkeys(pickled.loads(kept)[0], fields), pickled.loads(kept)[1]))
            for fields in [("a", "b", "c", "d", 5), ("a", "b", "c", "d"), list("abcde")]
        ),
        b"not a pickle",
        None,  # missing
    ]
    for value in crafted:
        cache = open_cache(project)
        try:
            if value is None:
                cache.delete(PLAN_PARTS, [key])
            else:
                cache.put(PLAN_PARTS, key, value)
            cache.commit()
        finally:
            cache.close()
        assert _read(project) is None
    assert not outside.exists()
    edited = project / "content" / "articles" / "2025/01/story-0.md"
    edited.write_text(story(0, 1, body="An edit.\n"), encoding="utf-8")
    result = build(project)
    assert result.site is not None and result.site.planning == "whole"
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    assert _read(project) is not None  # written whole again
