"""The trees record as a build opens its staging folder (`engine/trees.open_trees`).

From the moment the spare is staged into, an interrupted build must not trust it: a record
that named a site or a spare is replaced, and committed, before anything is staged. With no
record at all (a first build) there is nothing to stop trusting: the new record, which says
the same as none, is written with the build's next commit, not in the serial stretch before
the first pages are rendered.
"""

from __future__ import annotations

from pathlib import Path

from digest.engine.build import build
from digest.engine.trees import open_trees, trees_record
from digest.paths import SITE_DIR
from digest.store.cache import open_cache
from tests.conftest_project import make_project
from tests.test_cache import settled, write_stories

__all__ = ["settled"]  # the fixture, used by name


def _opened_record(project: Path) -> dict[str, object]:
    """Open the trees of *project* as a build does; return the record another reader sees."""
    cache = open_cache(project)
    try:
        trees = open_trees(cache, project / SITE_DIR)
        if trees.early is not None:
            trees.early.abandon()
        reader = open_cache(project)
        try:
            return trees_record(reader)
        finally:
            reader.close()
    finally:
        cache.close()


def test_a_record_naming_the_site_is_replaced_before_anything_is_staged(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 3)
    build(project)
    cache = open_cache(project)
    try:
        assert trees_record(cache).get("site")
    finally:
        cache.close()
    record = _opened_record(project)
    assert record.get("spare") is None and record.get("whole") is False


def test_a_first_build_commits_no_record_before_it_renders(tmp_path: Path, settled: None) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 3)
    assert _opened_record(project) == {}  # nothing committed: the same as the record says
    build(project)  # and the build that follows is whole
    cache = open_cache(project)
    try:
        assert trees_record(cache).get("site")
    finally:
        cache.close()
