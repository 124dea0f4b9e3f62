"""A URL history edited since the last build (a merge's conflict markers) is read by the next
build, which stops naming it, instead of saying "nothing to do" until a host's fresh clone
fails the deploy (review 14, item 19)."""

from __future__ import annotations

from pathlib import Path

from digest.engine.build import build
from digest.paths import URL_HISTORY
from tests.test_bad_input import run
from tests.test_racy_inputs import _project


def test_conflict_markers_in_the_url_history_stop_the_next_build(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    build(project)
    assert build(project).site is None  # nothing changed: the fast path
    history = project / URL_HISTORY
    text = history.read_text(encoding="utf-8")
    history.write_text(f"<<<<<<< HEAD\n{text}=======\n{text}>>>>>>> theirs\n", "utf-8")
    result = run("build", "-q", "-C", str(project))
    assert result.code == 1
    assert "content/.urls.json" in result.err, result.err
    history.write_text(text, encoding="utf-8")  # the merge resolved
    assert run("build", "-q", "-C", str(project)).code == 0
    assert build(project).site is None


def test_a_url_history_deleted_since_is_written_again(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    build(project)
    history = project / URL_HISTORY
    kept = history.read_bytes()
    history.unlink()
    assert build(project).site is not None  # not the fast path: the history is rebuilt
    assert history.read_bytes() == kept
