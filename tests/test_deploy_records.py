"""A deploy writes again only what its changes make new: what these tests pin.

A fresh clone gives every story file a new stamp. Its card record still holds the same
bytes, so the record stays as it was (100 000 records were encoded and written again per
deploy); the new stamp is kept in one record of restamps, which the next build trusts as it
trusts a record's own stamp, and never for bytes changed since. The related stories' record
is read back as one JSON text a story.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

from digest.engine import site_plan
from digest.engine.build import build
from digest.engine.site_plan import RELATED_RECORD
from digest.site import group
from digest.store.cache import open_cache
from tests.conftest_project import snapshot
from tests.test_cache import clean_build, settled, story
from tests.test_deploy_cache import cloned, files_compared_by_bytes
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


def _related_record(project: Path) -> dict[str, Any]:
    cache = open_cache(project)
    try:
        record = cache.get_json("related", RELATED_RECORD)
    finally:
        cache.close()
    assert isinstance(record, dict)
    return record


def test_the_related_record_of_older_builds_is_still_kept_by_a_deploy(
    tmp_path: Path, cloned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = cloned
    record = _related_record(project)
    # One JSON text a story (before: a list of lists, 13 MB read back at 100 000 stories).
    assert all(isinstance(item, str) for item in record["inputs"])
    older = {**record, "inputs": [orjson.loads(item) for item in record["inputs"]]}
    cache = open_cache(project)
    cache.put_json("related", RELATED_RECORD, older)
    cache.close()
    (project / "content" / "articles" / "2025/03/story-new.md").write_text(story(99, 3))
    stops: list[int | None] = []
    real = group.related_stories  # what site_plan calls (patched there, by its name)

    def spy(ordered: Any, limit: int, *, stop: int | None = None) -> Any:
        stops.append(stop)
        return real(ordered, limit, stop=stop)

    monkeypatch.setattr(site_plan, "related_stories", spy)
    build(project)
    assert stops == [1]  # the older record's lists still answer every other story
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    assert all(isinstance(item, str) for item in _related_record(project)["inputs"])
