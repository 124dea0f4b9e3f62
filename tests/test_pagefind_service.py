"""A story edit's shard is indexed by a Pagefind service fed ahead (site/pagefind_service.py).

The service is given the shard's pages as the last site holds them, then the changed pages
(each takes its old one's place); its index files must be byte for byte those of
`pagefind --site` on the new pages, and a service that fails, or a page of the last site
that is not a plain file, leaves the shard to `pagefind --site` as before.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from digest.engine.build import build
from digest.site import pagefind, pagefind_service
from digest.site.pagefind import Indexing, pagefind_command
from digest.site.pagefind_service import ServiceFailed, ServiceRun, read_page, start_services
from digest.site.search import MANIFEST, Shard, indexed_part, part_digest
from tests.conftest_project import make_project, snapshot
from tests.test_cache import clean_build, settled, story, write_stories

__all__ = ["settled"]  # the fixture, used by name

PAGES = [f"2025/01/{day:02d}/story-{day}/index.html" for day in (3, 1, 2, 9, 4)]


def _page(title: str, text: str) -> bytes:
    return (
        f'<!doctype html><html lang="en"><head><title>{title}</title></head><body>'
        f"<nav>Menu</nav><main data-pagefind-body><h1>{title}</h1><p>{text}</p></main>"
        "</body></html>\n"
    ).encode()


def _write(folder: Path, pages: dict[str, bytes]) -> None:
    for page, data in pages.items():
        (folder / page).parent.mkdir(parents=True, exist_ok=True)
        (folder / page).write_bytes(data)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def _index(run: ServiceRun | None, shard: Shard, new: Path, cache: Path) -> dict[str, bytes]:
    """Hand *run* to an indexing of *shard* over the folder *new*; return its index files."""
    early = {} if run is None else {shard.name: run}
    indexing = Indexing([shard], {}, new, cache, early=early)
    try:
        digests = {page: part_digest(indexed_part((new / page).read_bytes())) for page in PAGES}
        indexing.offer(shard.name, "key-" + "".join(sorted(digests.values()))[:40], digests)
        [index] = indexing.result()
    finally:
        indexing.close()
    return _files(index.folder)


def test_a_service_fed_the_old_pages_writes_what_pagefind_site_writes_of_the_new(
    tmp_path: Path,
) -> None:
    old = {page: _page(f"Story {n}", f"Calm word{n} and more.") for n, page in enumerate(PAGES)}
    new = {**old, PAGES[2]: _page("Story 2", "A changed sentence, with oranges.")}
    _write(tmp_path / "old", old)
    _write(tmp_path / "new", new)
    shard = Shard("2025-01", tuple(PAGES))
    command = pagefind_command()
    runs = start_services(command, [shard], tmp_path / "old", tmp_path / "cache")
    assert list(runs) == ["2025-01"]
    assert runs["2025-01"].fed[PAGES[2]] != part_digest(indexed_part(new[PAGES[2]]))
    served = _index(runs["2025-01"], shard, tmp_path / "new", tmp_path / "cache")
    fresh = _index(None, shard, tmp_path / "new", tmp_path / "fresh-cache")
    assert served == fresh
    assert served != _index(None, shard, tmp_path / "old", tmp_path / "old-cache")
    assert not list((tmp_path / "cache" / "search").glob("run-*"))  # the service's folder


def test_a_page_of_the_last_site_that_is_a_link_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_bytes(_page("Secret", "Not the project's."))
    _write(tmp_path / "site", {PAGES[0]: _page("Story", "Text.")})
    (tmp_path / "site" / PAGES[1]).parent.mkdir(parents=True)
    (tmp_path / "site" / PAGES[1]).symlink_to(secret)
    folder = os.open(tmp_path / "site", os.O_RDONLY | os.O_DIRECTORY)
    try:
        assert read_page(folder, PAGES[0]) == _page("Story", "Text.")
        assert read_page(folder, PAGES[1]) is None
    finally:
        os.close(folder)
    shard = Shard("2025-01", tuple(PAGES[:2]))
    assert start_services(pagefind_command(), [shard], tmp_path / "site", tmp_path / "c") == {}
    assert not list((tmp_path / "c" / "search").glob("run-*"))


def _spy_runs(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """Count the shards indexed by `pagefind --site` and by a service fed ahead."""
    site_runs: list[str] = []
    served: list[str] = []
    start, output = pagefind._start, ServiceRun.output

    def spied_start(*args: Any, **kwargs: Any) -> Any:
        site_runs.append(args[2].name)
        return start(*args, **kwargs)

    def spied_output(self: ServiceRun) -> Path | None:
        found = output(self)
        if found is not None:
            served.append(self.shard.name)
        return found

    monkeypatch.setattr(pagefind, "_start", spied_start)
    monkeypatch.setattr(ServiceRun, "output", spied_output)
    return site_runs, served


def test_a_story_edit_is_indexed_by_the_service_as_a_clean_build_indexes_it(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 12)
    build(project)
    site_runs, served = _spy_runs(monkeypatch)
    edited = project / "content" / "articles" / "2025/02/story-4.md"
    edited.write_text(story(4, 2).replace("A second paragraph.", "Kumquats now."), "utf-8")
    result = build(project)
    assert result.site is not None and result.site.planning == "edited"
    assert (site_runs, served) == ([], ["2025-02"])
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_failing_service_leaves_the_shard_to_pagefind_site(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 12)
    build(project)
    site_runs, served = _spy_runs(monkeypatch)

    def failing(self: ServiceRun) -> dict[str, bytes]:
        raise ServiceFailed("as a service that died would")

    monkeypatch.setattr(pagefind_service.ServiceRun, "files", failing)
    edited = project / "content" / "articles" / "2025/03/story-5.md"
    edited.write_text(story(5, 3).replace("A second paragraph.", "Quinces now."), "utf-8")
    result = build(project)
    assert result.site is not None and result.site.planning == "edited"
    assert (site_runs, served) == (["2025-03"], [])
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    assert not list((project / ".digest-cache" / "search").glob("run-*"))
