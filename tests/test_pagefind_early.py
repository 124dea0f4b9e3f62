"""A story edit's shard is indexed by Pagefind started before the staging folder opens.

The run is started as soon as the changed files are known, the edited pages named pipes
it waits on, and given them once they are rendered in memory; the shard's other pages are
read as the last site holds them (site/pagefind_early.py, engine/edit_search.py). It is
taken over only when that is what the new site gives Pagefind, page for page; else it is
killed and the shard indexed as usual. Either way the site is byte for byte a clean
build's, and a page of the last site that is a link is never read.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from digest.engine import edit_build, trees
from digest.engine.build import build
from digest.site import pagefind, pagefind_early, shard_folders, shard_plan
from digest.site.last_site import read_page
from digest.site.pagefind import Indexing, pagefind_command
from digest.site.pagefind_early import EarlyRun, feed_later, start_early
from digest.site.search import MANIFEST, Shard, indexed_part, part_digest
from digest.store.inputs import is_racy
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


def _index(runs: dict[str, EarlyRun], shard: Shard, new: Path, cache: Path) -> dict[str, bytes]:
    """Index *shard* over the folder *new* with *runs* started early; return its files."""
    indexing = Indexing([shard], {}, new, cache, early=runs)
    try:
        digests = {page: part_digest(indexed_part((new / page).read_bytes())) for page in PAGES}
        indexing.offer(shard.name, "key-" + "-".join(sorted(digests.values()))[:60], digests)
        [index] = indexing.result()
    finally:
        indexing.close()
    return {
        path.relative_to(index.folder).as_posix(): path.read_bytes()
        for path in sorted(index.folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


@pytest.mark.parametrize("stale", [False, True])
def test_a_run_started_early_gives_the_index_of_the_new_pages(
    tmp_path: Path, stale: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = {page: _page(f"Story {n}", f"Calm word{n} and more.") for n, page in enumerate(PAGES)}
    changed = _page("Story 2", "A changed sentence, with oranges.")
    new = {**old, PAGES[2]: changed}
    _write(tmp_path / "old", old)
    _write(tmp_path / "new", new)
    shard = Shard("2025-01", tuple(PAGES))
    # A stale run was given the old page: it must not be taken over.
    given = {PAGES[2]: indexed_part(old[PAGES[2]] if stale else changed)}
    runs = start_early(pagefind_command(), [shard], tmp_path / "old", tmp_path / "c", given)
    assert list(runs) == ["2025-01"]
    started = pagefind._start
    usual: list[str] = []

    def spied(*args: Any) -> Any:
        usual.append(args[2].name)
        return started(*args)

    monkeypatch.setattr(pagefind, "_start", spied)
    early = _index(runs, shard, tmp_path / "new", tmp_path / "c")
    assert usual == (["2025-01"] if stale else [])
    assert runs == {}  # taken over or ended
    monkeypatch.setattr(pagefind, "_start", started)
    assert early == _index({}, shard, tmp_path / "new", tmp_path / "fresh")
    assert early != _index({}, shard, tmp_path / "old", tmp_path / "stale")
    assert not list((tmp_path / "c" / "search").glob("run-*"))


@pytest.mark.parametrize("given", ["new", "old", "none"])
def test_a_run_started_before_the_page_is_rendered_waits_for_it_on_a_pipe(
    tmp_path: Path, given: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = {page: _page(f"Story {n}", f"Calm word{n} and more.") for n, page in enumerate(PAGES)}
    changed = _page("Story 2", "A changed sentence, with oranges.")
    new = {**old, PAGES[2]: changed}
    _write(tmp_path / "old", old)
    _write(tmp_path / "new", new)
    shard = Shard("2025-01", tuple(PAGES))
    later = {PAGES[2]}
    runs = start_early(pagefind_command(), [shard], tmp_path / "old", tmp_path / "c", {}, later)
    [run] = runs.values()
    assert run.process.poll() is None  # Pagefind waits on the pipe
    pages = {page: part_digest(indexed_part(data)) for page, data in new.items()}
    assert not run.gave(pages)  # a run waiting on a pipe is never taken over
    if given == "none":  # the page neither rendered nor in the last site: the run is killed
        (tmp_path / "old" / PAGES[2]).unlink()
    parts = {PAGES[2]: indexed_part(changed)} if given == "new" else {}
    feed_later(runs, parts, tmp_path / "old")  # "old": the last site's page is given
    if given == "none":
        assert runs == {} and run.process.poll() is not None
        assert not list((tmp_path / "c" / "search").glob("run-*"))
        return
    assert runs[shard.name].pipes == {}
    expected = new if given == "new" else old
    assert runs[shard.name].fed == {page: indexed_part(data) for page, data in expected.items()}
    folder = "new" if given == "new" else "old"
    started = pagefind._start
    monkeypatch.setattr(pagefind, "_start", lambda *args: pytest.fail("indexed anew"))
    early = _index(runs, shard, tmp_path / folder, tmp_path / "c")  # the run taken over
    assert runs == {}
    monkeypatch.setattr(pagefind, "_start", started)
    assert early == _index({}, shard, tmp_path / folder, tmp_path / "fresh")
    assert not list((tmp_path / "c" / "search").glob("run-*"))


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
    command = pagefind_command()
    assert start_early(command, [shard], tmp_path / "site", tmp_path / "c", {}) == {}
    assert not list((tmp_path / "c" / "search").glob("run-*"))


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the runs started early, the edit's stories parsed, the staging folder opened
    and the usual runs."""
    events: list[str] = []
    start_runs, open_trees, start = (
        pagefind_early.start_early,
        trees.open_trees,
        pagefind._start,
    )
    load_stories = getattr(edit_build, "load_stories")  # noqa: B009 (not exported there)

    def spied_early(*args: Any) -> Any:
        runs = start_runs(*args)
        events.extend(f"early {name}" for name in runs)
        return runs

    def spied_open(*args: Any) -> Any:
        events.append("staging")
        return open_trees(*args)

    def spied_load(*args: Any, **kwargs: Any) -> Any:
        if "parse" not in events:  # the edited stories, then those the touched files show
            events.append("parse")
        return load_stories(*args, **kwargs)

    def spied_start(*args: Any) -> Any:
        events.append(f"usual {args[2].name}")
        return start(*args)

    monkeypatch.setattr("digest.engine.edit_ahead.start_early", spied_early)  # ahead of all
    monkeypatch.setattr("digest.engine.edit_search.start_early", spied_early)  # once rendered
    monkeypatch.setattr("digest.engine.site_build.open_trees", spied_open)
    monkeypatch.setattr("digest.engine.edit_build.load_stories", spied_load)
    monkeypatch.setattr(pagefind, "_start", spied_start)
    return events


@pytest.mark.parametrize("taken", [True, False])
def test_a_story_edit_is_indexed_from_before_the_staging_folder_opens(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch, taken: bool
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, shard_plan.PACK_STORIES + 3)  # too many for a quarter: a shard a month
    build(project)
    events = _spy(monkeypatch)
    if not taken:  # as if a page of the last site had changed behind digest's back
        monkeypatch.setattr(EarlyRun, "gave", lambda self, pages: False)
    edited = project / "content" / "articles" / "2025/02/story-4.md"
    edited.write_text(story(4, 2).replace("A second paragraph.", "Kumquats now."), "utf-8")
    result = build(project)
    assert result.site is not None and result.site.planning == "edited"
    usual = [] if taken else ["usual 2025-02"]
    # Started before the edited story is even parsed: Pagefind reads the shard meanwhile.
    assert events == ["early 2025-02", "parse", "staging", *usual]
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    assert not list((project / ".digest-cache" / "search").glob("run-*"))


def test_a_story_saved_just_before_the_last_build_gets_no_run_of_its_own(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last build's edit, its stamp too new to trust then, shows as changed again: only
    the new edit's shard is indexed ahead, and the site is a clean build's."""
    project = make_project(tmp_path / "project")
    write_stories(project, shard_plan.PACK_STORIES + 3)  # a shard a month: each edit's its own
    build(project)
    articles = project / "content" / "articles"
    first, second = articles / "2025/01/story-3.md", articles / "2025/02/story-4.md"
    first.write_text(story(3, 1).replace("A second paragraph.", "Plums now."), "utf-8")
    inode = os.stat(first).st_ino
    monkeypatch.setattr("digest.site.story_records.is_racy", lambda stamp, taken: stamp[3] == inode)
    assert build(project).site is not None
    monkeypatch.setattr("digest.site.story_records.is_racy", is_racy)
    events = _spy(monkeypatch)
    second.write_text(story(4, 2).replace("A second paragraph.", "Kumquats now."), "utf-8")
    result = build(project)
    assert result.site is not None and result.site.planning == "edited"
    assert events == ["early 2025-02", "parse", "staging"]
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    assert not list((project / ".digest-cache" / "search").glob("run-*"))


@pytest.mark.parametrize("wait", [True, False])
def test_a_run_a_killed_build_left_waiting_on_its_pipe_ends_with_the_next_build(
    tmp_path: Path, wait: bool
) -> None:
    pages = {page: _page(f"Story {n}", f"Calm word{n}.") for n, page in enumerate(PAGES)}
    _write(tmp_path / "site", pages)
    shard = Shard("2025-01", tuple(PAGES))
    runs = start_early(
        pagefind_command(), [shard], tmp_path / "site", tmp_path / "c", {}, {PAGES[1]}
    )
    [run] = runs.values()  # the build is killed here: nothing writes the pipe or ends the run
    assert run.process.poll() is None
    if wait:  # Pagefind waits to open the pipe already, or comes to it meanwhile
        time.sleep(1.0)
    try:
        shard_folders.forget_other_shards(tmp_path / "c", [])  # what the next build does at its end
        run.process.communicate(timeout=60)  # released: it reads the page's end, and ends
    finally:
        run.process.kill()  # still waiting: the test fails, and leaves no process
    # What it wrote as it ended, into the folder being removed, goes with a build after.
    shard_folders.forget_other_shards(tmp_path / "c", [])
    assert list((tmp_path / "c" / "search").iterdir()) == []


def test_shards_forgotten_beside_pagefind_leave_the_builds_own_runs(tmp_path: Path) -> None:
    """A build removes the shard indexes its site does not use while Pagefind indexes
    (`assembly.assemble`): its own runs, waiting on their pipes, are left alone."""
    pages = {page: _page(f"Story {n}", f"Calm word{n}.") for n, page in enumerate(PAGES)}
    _write(tmp_path / "site", pages)
    store = tmp_path / "c" / "search"
    for name in ("a" * 32, "b" * 32):
        (store / name).mkdir(parents=True)
        (store / name / "pagefind-entry.json").write_text("{}", "utf-8")
    shard = Shard("2025-01", tuple(PAGES))
    runs = start_early(
        pagefind_command(), [shard], tmp_path / "site", tmp_path / "c", {}, {PAGES[1]}
    )
    try:
        shard_folders.forget_other_shards(tmp_path / "c", ["b" * 32], runs=False)
        [run] = runs.values()
        assert run.process.poll() is None  # still waiting on its pipe: not released
        left = sorted(entry.name for entry in store.iterdir())
        assert left[0] == "b" * 32 and len(left) == 2 and left[1].startswith("run-")
        feed_later(runs, {PAGES[1]: indexed_part(pages[PAGES[1]])}, tmp_path / "site")
        assert run.process.wait(timeout=60) == 0
    finally:
        pagefind_early.close_runs(runs)


def test_a_run_that_does_not_read_its_page_to_the_end_is_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Pagefind that opened the pipe but read the page only as far as its size (0) would
    index an empty page: the bytes left unread show it, and the run is never taken over."""
    monkeypatch.setattr(pagefind_early, "PIPE_SECONDS", 0.5)
    work = tmp_path / "run"
    work.mkdir()
    pipe = work / "page.html"
    os.mkfifo(pipe)
    process = subprocess.Popen(["sleep", "60"])  # the run, alive
    runs = {"2025-01": EarlyRun(process, work, {}, {PAGES[0]: pipe})}  # type: ignore[arg-type]
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # opened as Pagefind would, never read
    try:
        feed_later(runs, {PAGES[0]: indexed_part(_page("Story", "Plums."))}, tmp_path / "site")
        assert runs == {}
        assert process.poll() is not None  # killed
    finally:
        os.close(reader)
        process.kill()
        process.wait()


def test_a_run_s_pages_are_given_in_the_order_its_reader_opens_their_pipes(
    tmp_path: Path,
) -> None:
    """A shard with two edited pages has two pipes, and Pagefind may open the second first:
    written in our order, each side waited on the other till the deadline (30 s; a packed
    shard met it in `digest serve`, test_load_serve)."""
    pipes = {name: tmp_path / f"{name}.html" for name in ("a", "b")}
    for pipe in pipes.values():
        os.mkfifo(pipe)
    reader = (
        "import sys\n"
        "for path in sys.argv[1:]:\n"
        "    with open(path, 'rb') as pipe:\n"
        "        sys.stdout.write(path[-6:] + ':' + pipe.read().decode() + '\\n')\n"
    )
    process = subprocess.Popen(
        ["python3", "-c", reader, str(pipes["b"]), str(pipes["a"])],
        stdout=subprocess.PIPE,
        text=True,
    )
    run = EarlyRun(process, tmp_path, {}, {f"{name}/": pipe for name, pipe in pipes.items()})
    runs = {"shard": run}
    started = time.monotonic()
    feed_later(runs, {"a/": b"AAA", "b/": b"BBB"}, tmp_path / "site")
    output, _ = process.communicate(timeout=20)
    assert time.monotonic() - started < 10
    assert output.split() == ["b.html:BBB", "a.html:AAA"]
    assert runs["shard"].fed == {"a/": b"AAA", "b/": b"BBB"} and not runs["shard"].pipes
