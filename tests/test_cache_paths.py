"""Records of the build cache never take a build outside the project, whatever they say.

The cache (`.digest-cache/`) is the project's, and a project may come from anyone, its cache
well formed: a manifest, a plan or a cached search shard naming "../../somewhere" must not
make a build write, link, read or remove a file there.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest.engine.build import build
from digest.engine.plan_index import INDEX_KEY, read_index
from digest.paths import site_path, site_path_lines, site_paths
from digest.site.pagefind import _read_index
from digest.site.picture_cache import FileJob
from digest.site.search import MANIFEST, Shard
from digest.store import pickled
from digest.store.cache import open_cache
from digest.store.state import MANIFEST as MANIFEST_KIND
from digest.store.state import PLAN_INDEX, STATE, STATE_TREES
from digest.store.write import (
    Entry,
    OutsideSite,
    link_file,
    manifest_bytes,
    manifest_from_bytes,
    put_file,
    remove_file,
)
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, story, write_stories
from tests.test_deploy_cache import clone_with_cache

__all__ = ["settled"]  # the fixture, used by name

PRECIOUS = "the editor's own file\n"


@pytest.mark.parametrize(
    ("path", "inside"),
    [
        ("index.html", True),
        ("2025/01/02/story/index.html", True),
        (".well-known/security.txt", True),
        ("a/...", True),
        ("../victim", False),
        ("a/../../victim", False),
        ("a/..", False),
        ("..", False),
        (".", False),
        ("./a", False),
        ("a/./b", False),
        ("/etc/passwd", False),
        ("", False),
        ("a//b", False),
        ("a/", False),
        ("a\x00b", False),
    ],
)
def test_the_site_path_rule(path: str, inside: bool) -> None:
    assert site_path(path) is inside
    assert site_paths(["index.html", path, "feed.xml"]) is inside
    assert site_paths([path]) is inside


def test_no_path_at_all_is_inside() -> None:
    assert site_paths([])


@given(st.lists(st.text(alphabet="a./\x00", max_size=8), min_size=1, max_size=4))
def test_the_lines_rule_is_each_path_s(paths: list[str]) -> None:
    """`site_path_lines` looks for fewer pieces when no part starts with a dot: the same
    answer as `site_path` asked of each path."""
    assert site_path_lines("\n".join(paths)) is all(site_path(path) for path in paths)


def test_a_restored_manifest_naming_files_outside_removes_none_of_them(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 12)
    build(project)
    clone_with_cache(project)  # a deploy: the spare restored, no site/
    victim = tmp_path / "victim.txt"
    victim.write_text(PRECIOUS, encoding="utf-8")
    size = victim.stat().st_size
    cache = open_cache(project)
    try:
        trees = cache.get_json(STATE, STATE_TREES)
        assert isinstance(trees, dict)
        token = trees["spare"]
        crafted = dict(manifest_from_bytes(cache.get(MANIFEST_KIND, token)))
        for depth in range(1, 7):  # wherever the staging folder lies in the cache
            crafted["../" * depth + "victim.txt"] = Entry("k", "0" * 32, (size, 1, 1))
        cache.put(MANIFEST_KIND, token, manifest_bytes(crafted))
        cache.commit()
    finally:
        cache.close()
    edited = project / "content" / "articles" / "2025/01/story-0.md"
    edited.write_text(story(0, 1, body="An edit.\n"), encoding="utf-8")
    build(project)
    # Before: the build removed the files of its last manifest it no longer made, these too.
    assert victim.read_text(encoding="utf-8") == PRECIOUS
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_plan_index_naming_files_outside_is_not_used(tmp_path: Path, settled: None) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 6)
    build(project)
    cache = open_cache(project)
    try:
        data = cache.get(PLAN_INDEX, INDEX_KEY)
        assert data is not None
        index = pickled.loads(data)
        assert read_index(cache, index.code, project) is not None
        outside = FileJob(str(tmp_path / "secret.jpg"), "/", "0" * 64)
        crafted = [
            dataclasses.replace(index, made={**index.made, "secret.jpg": outside}),
            dataclasses.replace(index, keys={**index.keys, "../../victim.txt": "k"}),
            dataclasses.replace(index, files={**index.files, "x": "../../../secret.md"}),
            dataclasses.replace(index, story_pages=(*index.story_pages, "../../victim.html")),
            dataclasses.replace(index, dated_pages=((1, "../../victim.html"),)),
        ]
        for each in crafted:
            cache.put(PLAN_INDEX, INDEX_KEY, pickled.dumps(each))
            assert read_index(cache, index.code, project) is None
    finally:
        cache.close()


def test_a_cached_search_shard_naming_files_outside_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "shard"
    folder.mkdir()
    shard = Shard("2025-01", ("2025/01/01/a/index.html",))
    names = {"pagefind-entry.json": "0" * 32}
    (folder / MANIFEST).write_text(json.dumps(names), encoding="utf-8")
    assert _read_index(folder, shard) is not None
    names["../../../../victim.txt"] = "1" * 32
    (folder / MANIFEST).write_text(json.dumps(names), encoding="utf-8")
    assert _read_index(folder, shard) is None


def test_no_write_link_or_removal_leaves_the_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text(PRECIOUS, encoding="utf-8")
    with pytest.raises(OutsideSite, match=r"victim\.txt"):
        put_file(site, "../victim.txt", b"overwritten")
    with pytest.raises(OutsideSite):
        put_file(site, str(victim), b"overwritten")
    with pytest.raises(OutsideSite):
        remove_file(site, "../victim.txt")
    with pytest.raises(OutsideSite):
        link_file(tmp_path, site, "../victim.txt")
    assert victim.read_text(encoding="utf-8") == PRECIOUS
    assert sorted(tmp_path.iterdir()) == [site, victim]
    assert put_file(site, "a/b.html", b"ok")[0] == 2


def test_a_manifest_naming_a_file_outside_reads_as_none_in_either_form() -> None:
    entry = Entry("k", "0" * 32, (1, 2, 3))
    good = {"index.html": entry, "2025/01/index.html": entry}
    assert manifest_from_bytes(manifest_bytes(good)) == good
    assert manifest_from_bytes(manifest_bytes({**good, "../victim": entry})) == {}
    lines = "index.html\tk\t" + "0" * 32 + "\t1\t2\t3\t"
    assert manifest_from_bytes(lines.encode()) == {"index.html": entry}
    assert manifest_from_bytes(lines.replace("index.html", "../victim").encode()) == {}
