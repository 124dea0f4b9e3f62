"""A deploy writes again only what its changes make new: what these tests pin.

A fresh clone gives every story file a new stamp. Its card record still holds the same
bytes, so the record stays as it was (100 000 records were encoded and written again per
deploy); the new stamp is kept in one record of restamps, which the next build trusts as it
trusts a record's own stamp, and never for bytes changed since. The related stories are kept
in records of runs of stories (`engine.related_record`): a deploy writes its newest run's.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

from digest.engine import related_record
from digest.engine.build import build
from digest.site import group
from digest.store.cache import open_cache
from tests.conftest_project import snapshot
from tests.test_cache import clean_build, settled, story
from tests.test_deploy_cache import clone_with_cache, cloned, files_compared_by_bytes
from tests.test_deploy_work import card_records

__all__ = ["cloned", "settled"]  # the fixtures, used by name


def _settle(project: Path) -> None:
    """Give every file of content/ a time an hour old: stamps a build may trust."""
    earlier = time.time_ns() - 10**9 * 3600
    for path in (project / "content").rglob("*"):
        os.utime(path, ns=(earlier, earlier))


def test_a_deploy_writes_no_card_record_again(
    tmp_path: Path, cloned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = cloned
    before = card_records(project)
    _settle(project)
    build(project)
    # Before: every record encoded again with its file's new stamp, and written.
    assert card_records(project) == before
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    compared = files_compared_by_bytes(monkeypatch)
    again = build(project).report.site
    assert (compared, again.parsed, again.rendered) == ([], 0, 0)  # the restamps answer


def test_a_restamped_file_edited_in_place_is_read_again(
    tmp_path: Path, cloned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = cloned
    _settle(project)
    build(project)  # every file restamped
    edited = project / "content" / "articles" / "2025/01/story-0.md"
    stat = edited.stat()
    data = edited.read_bytes()
    changed = data.replace(b"calm", b"warm")
    assert changed != data and len(changed) == len(data)
    with open(edited, "r+b") as handle:  # in place: the same inode and size
        handle.write(changed)
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same mtime
    assert edited.stat().st_size == stat.st_size
    compared = files_compared_by_bytes(monkeypatch)
    report = build(project).report.site
    assert compared == ["2025/01/story-0.md"] and report.parsed == 1
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_restamp_is_dropped_once_its_record_is_written_again(
    tmp_path: Path, cloned: Path
) -> None:
    project = cloned
    _settle(project)
    build(project)
    edited = project / "content" / "articles" / "2025/01/story-0.md"
    original = edited.read_bytes()
    edited.write_bytes(original.replace(b"calm", b"warm"))
    build(project)
    edited.write_bytes(original)  # the first bytes back, a new stamp again
    build(project)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def _related_records(project: Path) -> dict[str, bytes]:
    cache = open_cache(project)
    try:
        assert cache.connection is not None
        rows = cache.connection.execute(
            "SELECT key, value FROM entries WHERE kind = ?", (related_record.KIND,)
        ).fetchall()
    finally:
        cache.close()
    return {key: bytes(value) for key, value in rows}


def _spied_stops(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    stops: list[int | None] = []
    real = group.related_stories  # what related_record calls (patched there, by its name)

    def spy(ordered: Any, limit: int, *, stop: int | None = None) -> Any:
        stops.append(stop)
        return real(ordered, limit, stop=stop)

    monkeypatch.setattr(related_record, "related_stories", spy)
    return stops


def _in_runs_of_two(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return *project* built once more with an older story added, its related stories
    kept in runs of 2 (19 stories: 10 runs)."""
    monkeypatch.setattr(related_record, "RUN", 2)
    (project / "content" / "articles" / "2025/01/story-old.md").write_text(story(98, 1))
    build(project)
    return project


def test_a_deploy_works_out_the_related_stories_of_its_newest_run_only(
    tmp_path: Path, cloned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _in_runs_of_two(cloned, monkeypatch)
    kept = _related_records(project)
    assert len(kept) == 10
    clone_with_cache(project)
    (project / "content" / "articles" / "2025/03/story-new.md").write_text(story(99, 3))
    stops = _spied_stops(monkeypatch)
    build(project)
    # The new story, the newest, and the one it now shares a run with (before: every story).
    assert stops == [2]
    now = _related_records(project)
    assert len(now) == 10 and len(kept.items() & now.items()) == 9  # not written again
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


@pytest.mark.parametrize(
    "crafted",
    [b"[]", b'{"x": []}', b"not json", "same ids, another story named", "a list in a list"],
)
def test_a_crafted_related_record_is_worked_out_again(
    tmp_path: Path, cloned: Path, monkeypatch: pytest.MonkeyPatch, crafted: bytes | str
) -> None:
    project = _in_runs_of_two(cloned, monkeypatch)
    cache = open_cache(project)
    for key, value in _related_records(project).items():
        answers = orjson.loads(value)
        if crafted == "same ids, another story named":
            data = orjson.dumps({name: ["no-such-story"] for name in answers})
        elif crafted == "a list in a list":
            data = orjson.dumps({name: [[]] for name in answers})
        else:
            assert isinstance(crafted, bytes)
            data = crafted
        cache.put(related_record.KIND, key, data)  # a right checksum: what a clone may ship
    cache.close()
    clone_with_cache(project)
    (project / "content" / "articles" / "2025/03/story-new.md").write_text(story(99, 3))
    stops = _spied_stops(monkeypatch)
    build(project)
    assert stops == [20]  # every story's worked out again (else 2, as above)
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
