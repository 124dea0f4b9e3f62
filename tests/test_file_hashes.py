"""store/file_hashes: the child's hashes, and that one is used only under the stamp scanned."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from digest.store.cache import Stamp, stamp_of
from digest.store.file_hashes import HashError, sha_of_each, start_hashing


def _files(folder: Path) -> dict[str, bytes]:
    written = {"a.md": b"first\n", "2025/01/b.md": b"second\n", "2025/01/\u00e9t\u00e9.md": b""}
    for name, data in written.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return written


def _stamp(path: Path) -> Stamp:
    return stamp_of(os.stat(path))


def test_the_child_answers_each_file_with_its_sha256_and_stamp(tmp_path: Path) -> None:
    written = _files(tmp_path)
    hashing = start_hashing(tmp_path, [*written, "gone.md"])
    assert hashing is not None
    found = hashing.result()
    assert found == {
        name: (hashlib.sha256(data).hexdigest(), _stamp(tmp_path / name))
        for name, data in written.items()
    }  # no answer for a file it could not read


def test_an_answer_is_taken_only_under_the_stamp_scanned(tmp_path: Path) -> None:
    _files(tmp_path)
    stamp = _stamp(tmp_path / "a.md")
    told = {"a.md": ("0" * 64, stamp)}  # not the file's sha256: proves which one is used
    assert list(sha_of_each(tmp_path, [("a.md", stamp)], told)) == ["0" * 64]
    # The file changed since the child read it (its stamp is not the one scanned): read here.
    (tmp_path / "a.md").write_bytes(b"changed\n")
    now = _stamp(tmp_path / "a.md")
    assert now != stamp
    assert list(sha_of_each(tmp_path, [("a.md", now)], told)) == [
        hashlib.sha256(b"changed\n").hexdigest()
    ]


def test_a_file_changed_after_the_child_read_it_is_hashed_again(tmp_path: Path) -> None:
    _files(tmp_path)
    hashing = start_hashing(tmp_path, ["a.md"])
    assert hashing is not None
    answers = hashing.result()
    (tmp_path / "a.md").write_bytes(b"later\n")
    scanned = _stamp(tmp_path / "a.md")
    assert list(sha_of_each(tmp_path, [("a.md", scanned)], answers)) == [
        hashlib.sha256(b"later\n").hexdigest()
    ]


def test_a_file_that_cannot_be_read_names_itself(tmp_path: Path) -> None:
    stamp = (1, 2, 3, 4)
    with pytest.raises(HashError) as raised:
        list(sha_of_each(tmp_path, [("missing.md", stamp)], {}))
    assert raised.value.path == "missing.md"


def test_a_child_stopped_early_gives_no_answer(tmp_path: Path) -> None:
    written = _files(tmp_path)
    hashing = start_hashing(tmp_path, list(written))
    assert hashing is not None
    hashing.stop()
    assert hashing.result() == {}
    assert start_hashing(tmp_path, []) is None


def test_a_first_build_hashes_its_articles_from_before_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no site/ and no dump, `digest build` starts the hashing child before ingest and
    the site builder's imports, once, and builds the site it built when the site build
    started the child; a build with site/ starts none."""
    from digest.engine import build as engine_build
    from digest.engine import site_plan
    from digest.ingest import pipeline
    from digest.store import file_hashes
    from tests.conftest_project import make_project

    project = make_project(tmp_path / "project")
    for number in range(3):
        story = project / "content" / "articles" / "2025" / "01" / f"story-{number}.md"
        story.parent.mkdir(parents=True, exist_ok=True)
        story.write_text(f"---\ntitle: Story {number}\ndate: 2025-01-1{number}\n---\nText.\n")
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    events: list[str] = []
    started, ingest = file_hashes.start_hashing, pipeline.run_ingest

    def hashing(*args: object) -> object:
        events.append("hashing")
        return started(*args)  # type: ignore[arg-type]

    def ingesting(*args: object, **kwargs: object) -> object:
        events.append("ingest")
        return ingest(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(file_hashes, "start_hashing", hashing)
    monkeypatch.setattr(site_plan, "start_hashing", hashing)  # the site build's own
    monkeypatch.setattr(pipeline, "run_ingest", ingesting)
    engine_build.build(project)
    assert events == ["hashing", "ingest"]
    events.clear()
    (project / "content" / "articles" / "2025" / "01" / "story-0.md").write_text(
        "---\ntitle: Story zero\ndate: 2025-01-10\n---\nText.\n"
    )
    engine_build.build(project)  # site/ is there: no child hashes the files
    assert "hashing" not in events
    monkeypatch.setattr(engine_build, "_hash_early", lambda *_: None)
    events.clear()
    engine_build.build(twin)  # the site build starts the child, as before
    assert events == ["ingest", "hashing"]
    (twin / "content" / "articles" / "2025" / "01" / "story-0.md").write_text(
        "---\ntitle: Story zero\ndate: 2025-01-10\n---\nText.\n"
    )
    engine_build.build(twin)
    assert _site(twin / "site") == _site(project / "site")


def _site(site: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(site)): path.read_bytes() for path in site.rglob("*") if path.is_file()
    }
