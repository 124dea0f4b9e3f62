"""The code stamp from a record of digest's files: a build reads and hashes only the files
whose stamps changed since the last build (`code.code_key`), with the same key."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from digest.engine.build import build
from digest.store import code
from digest.store.code import code_key, code_stamp
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, write_stories

__all__ = ["settled"]  # the fixture, used by name

NOW = time.time_ns() + 10**12  # every file of the package settled long before "now"


def counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the files `code` hashes."""
    hashed: list[int] = []

    def sha256(data: bytes) -> Any:
        hashed.append(len(data))
        return hashlib.sha256(data)

    monkeypatch.setattr(code, "hashlib", SimpleNamespace(sha256=sha256))
    return hashed


def test_files_recorded_unchanged_are_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    key, files = code_key(None, NOW)
    assert key == code_stamp() and files
    hashed = counting_reads(monkeypatch)
    assert code_key(files, NOW) == (key, files)
    assert hashed == []


def test_a_file_whose_stamp_changed_is_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    key, files = code_key(None, NOW)
    name = sorted(files)[0]
    size, mtime, ctime, inode, _ = files[name]
    assert isinstance(mtime, int)
    # A record saying other bytes under another stamp: the file is read, the key is its own.
    changed = {**files, name: [size, mtime - 1, ctime, inode, "0" * 64]}
    hashed = counting_reads(monkeypatch)
    assert code_key(changed, NOW)[0] == key
    assert len(hashed) == 1
    # Under the file's own stamp the record is taken for its bytes (the stamp is the proof).
    trusted = {**files, name: [size, mtime, ctime, inode, "0" * 64]}
    assert code_key(trusted, NOW)[0] != key


@pytest.mark.parametrize(
    "entry", [None, "x", [1, 2, 3], [1, 2, 3, 4, 5], ["a", 2, 3, 4, "0" * 64], {"size": 1}]
)
def test_a_damaged_record_is_read_as_none(entry: object, monkeypatch: pytest.MonkeyPatch) -> None:
    key, files = code_key(None, NOW)
    damaged = dict.fromkeys(files, entry)
    hashed = counting_reads(monkeypatch)
    assert code_key(damaged, NOW)[0] == key
    assert len(hashed) == len(files)


def test_files_changed_within_their_stamps_grain_are_not_recorded() -> None:
    """A file changed less than RACY_NS before the scan may change again under the same
    stamp: it is hashed by every build till it settles."""
    key, files = code_key(None, 0)
    assert files == {} and key == code_stamp()


def test_a_build_keeps_the_record_and_the_next_reads_no_code(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project)
    build(project)
    story = sorted((project / "content" / "articles").rglob("*.md"))[0]
    story.write_text(story.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    hashed = counting_reads(monkeypatch)
    assert build(project).report.site.parsed == 1
    assert hashed == []
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
