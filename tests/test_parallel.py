"""Parallel builds: worker processes write byte for byte what one process writes.

Builds are run as `digest build` processes with DIGEST_WORKERS set: 0 does everything in
one process, 2 forces two workers for every stage however small the project (forked
workers), and a build started from a thread must use spawned workers instead.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Generator, Sequence
from pathlib import Path

import pytest

from digest import parallel
from digest.config import IngestConfig, load_config
from digest.engine.build import build
from digest.ingest.classify import classify_stories
from digest.ingest.dedup import deduplicate
from digest.ingest.fingerprints import exact_key, signatures
from digest.ingest.segment import segment_dump
from digest.ingest.sorting import deduplicate_and_classify
from digest.models import Dump, RawStory
from digest.parallel import (
    WorkerError,
    chunks,
    iter_parallel,
    iter_parallel_as_done,
    run_parallel,
    worker_count,
)
from tests.conftest_project import make_project, snapshot
from tests.test_cache import write_stories


def digest_build(project: Path, workers: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DIGEST_WORKERS": str(workers)}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        [sys.executable, "-m", "digest", "build", "-q", "-C", str(project)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def dumps(count: int) -> dict[str, bytes]:
    """Return *count* small dumps of distinct stories (and one repeated story)."""
    words = ("harbour", "bridge", "council", "minister", "farmers", "river", "election", "budget")
    found = {}
    for number in range(count):
        body = " ".join(words[(number * 5 + i) % len(words)] for i in range(40))
        text = (
            f"Dump {number} Story About The Council\n\nTT\n\nDump {number} Story About The "
            f"Council\n\n{body} number {number}.\n\nMore of it on Monday in Paris.\n\n\n"
            "The Story Every Dump Carries\n\nTT\n\nThe Story Every Dump Carries\n\n"
            "Officials in Tokyo said the talks went well.\n"
        )
        found[f"{number:03d}.txt"] = text.encode()
    return found


def digest_ingest(project: Path, workers: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DIGEST_WORKERS": str(workers)}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        [sys.executable, "-m", "digest", "ingest", "-q", "-C", str(project)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_parallel_and_serial_ingests_write_the_same_articles_and_ledger(tmp_path: Path) -> None:
    found = dumps(12)
    # One more near duplicate (the dumps have some): one worker merges them while the
    # others classify every distinct text, theirs included.
    found["100.txt"] = found["003.txt"].replace(b"number 3.", b"number three.")
    serial = make_project(tmp_path / "serial", found, seeds=True)
    parallel = tmp_path / "parallel"
    shutil.copytree(serial, parallel)
    for project, workers in ((serial, 0), (parallel, 2)):
        result = digest_ingest(project, workers)
        assert result.returncode == 0, result.stderr
    assert " 0 near duplicates merged" not in digest_ingest(serial, 0).stdout
    assert snapshot(parallel / "content") == snapshot(serial / "content")


@pytest.fixture
def twins(tmp_path: Path) -> tuple[Path, Path]:
    """Return two identical projects: dumps to ingest and hand-written stories."""
    first = make_project(tmp_path / "serial", dumps(12), seeds=True)
    write_stories(first, 30)
    second = tmp_path / "parallel"
    shutil.copytree(first, second)
    return first, second


def test_parallel_and_serial_builds_write_the_same_bytes(twins: tuple[Path, Path]) -> None:
    serial, parallel = twins
    assert digest_build(serial, 0).returncode == 0
    result = digest_build(parallel, 2)
    assert result.returncode == 0, result.stderr
    assert snapshot(parallel / "content") == snapshot(serial / "content")
    assert snapshot(parallel / "site") == snapshot(serial / "site")
    # And again after an edit, from the cache, in parallel.
    for project in twins:
        path = project / "content" / "articles" / "2025/02/story-1.md"
        path.write_text(path.read_text().replace("calm", "tense"))
    assert digest_build(serial, 0).returncode == 0
    assert digest_build(parallel, 2).returncode == 0
    assert snapshot(parallel / "site") == snapshot(serial / "site")


def test_a_build_from_a_thread_uses_spawned_workers_and_writes_the_same(
    twins: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    serial, threaded = twins
    assert digest_build(serial, 0).returncode == 0
    monkeypatch.setenv("DIGEST_WORKERS", "2")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    failures: list[BaseException] = []

    def run() -> None:
        try:
            build(threaded)
        except BaseException as error:  # reported by the test below
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=300)
    assert not thread.is_alive() and not failures, failures
    assert snapshot(threaded / "site") == snapshot(serial / "site")


@pytest.mark.parametrize("workers", [0, 1, 2])
def test_deduplicating_and_classifying_in_workers_gives_what_one_call_gives(
    tmp_path: Path, workers: int
) -> None:
    project = make_project(tmp_path / "project", dumps(8), seeds=True)
    config = load_config(project)
    raw: list[RawStory] = []
    for path in sorted((project / "content" / "raw").iterdir()):
        text = path.read_text(encoding="utf-8")
        raw.extend(segment_dump(Dump(path.name, text, "utf-8"), config.ingest).stories)
    whole = deduplicate(raw, config.ingest)
    keys = [exact_key(story) for story in raw]
    signed = signatures(raw, config.ingest)
    deduplication, classifications = deduplicate_and_classify(
        raw, keys, signed, config, workers, {}
    )
    assert deduplication == whole
    assert classifications == classify_stories(whole.stories, config.classify)


def test_signatures_are_the_same_in_every_process(tmp_path: Path) -> None:
    text = dumps(1)["000.txt"].decode()
    stories = segment_dump(Dump("d.txt", text, "utf-8"), IngestConfig()).stories
    here = [signature.hex() for signature in signatures(stories, IngestConfig())]
    script = (
        "from digest.config import IngestConfig\n"
        "from digest.ingest.fingerprints import signatures\n"
        "from digest.models import Dump\n"
        "from digest.ingest.segment import segment_dump\n"
        "import sys\n"
        "stories = segment_dump(Dump('d.txt', sys.stdin.read(), 'utf-8'), IngestConfig()).stories\n"
        "print(' '.join(s.hex() for s in signatures(stories, IngestConfig())))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )
    assert result.stdout.split() == here


def _square_setup(offset: int) -> int:
    return offset


def _square(offset: int, chunk: Sequence[int]) -> list[int]:
    if -1 in chunk:
        raise ValueError("a bad item")
    return [item * item + offset for item in chunk]


@pytest.mark.parametrize("workers", [0, 1, 2, 3])
def test_run_parallel_keeps_the_order_of_the_chunks(workers: int) -> None:
    items = list(range(100))
    batches = chunks(items, 7)
    results = run_parallel(_square_setup, _square, 1, batches, workers=workers)
    assert [value for batch in results for value in batch] == [i * i + 1 for i in items]


def test_a_few_items_of_a_large_whole_are_done_in_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A deploy's ~330 files of a 243 000-file site: forking the 1.3 GiB build costs more.
    monkeypatch.delenv("DIGEST_WORKERS", raising=False)
    monkeypatch.setattr(parallel, "available_cores", lambda: 2)
    assert worker_count(330, whole=243_000) == 0
    assert worker_count(2_000, whole=243_000) == 2
    assert worker_count(330, whole=10_000) == 2  # a smaller site's pass as before
    assert worker_count(330) == 2
    assert worker_count(330, whole=243_000, requested=2) == 2
    monkeypatch.setenv("DIGEST_WORKERS", "2")  # forced, as this file's builds force it
    assert worker_count(330, whole=243_000) == 2


def test_a_failing_worker_is_reported_with_its_traceback() -> None:
    with pytest.raises(WorkerError, match="a bad item"):
        run_parallel(_square_setup, _square, 0, [[1, 2], [-1], [3]], workers=2)


def _slow_first(offset: int, chunk: Sequence[int]) -> list[int]:
    if chunk[0] == 0:
        time.sleep(0.3)  # the first chunk comes in last
    return [item + offset for item in chunk]


def test_iter_parallel_yields_in_order_as_results_come_in() -> None:
    # A caller that keeps a small part of each result never holds them all (a large site's
    # parsed stories): the first result is yielded before the last chunk is handed out.
    batches = chunks(list(range(40)), 20)
    seen: list[int] = []
    for batch in iter_parallel(_square_setup, _slow_first, 0, batches, workers=2):
        seen.extend(batch)
    assert seen == list(range(40))
    results = iter_parallel(_square_setup, _square, 1, batches, workers=2)
    assert isinstance(results, Generator)
    assert next(results) == [1, 2]  # the first chunk's result, before the others are asked for
    results.close()  # stops the workers


def _pid_of(_: None, item: int) -> tuple[int, int]:
    return os.getpid(), item * 2


def test_iter_parallel_as_done_gives_each_worker_a_run_from_its_own_end() -> None:
    """Two workers, one from the front and one from the back: each renders neighbouring
    files (what they share, such as teasers, is made once), and every item comes back once."""
    for count in (2, 3, 17):
        found = dict(iter_parallel_as_done(_none, _pid_of, None, list(range(count)), workers=2))
        assert sorted(found) == list(range(count))
        assert [result for _, result in (found[index] for index in range(count))] == [
            index * 2 for index in range(count)
        ]
        pids = [pid for pid, _ in (found[index] for index in range(count))]
        assert len(set(pids)) == 2
        changes = sum(1 for before, after in itertools.pairwise(pids) if before != after)
        assert changes == 1  # the first worker's items, then the second's
    in_process = list(iter_parallel_as_done(_none, _pid_of, None, [1, 2], workers=0))
    assert in_process == [(0, (os.getpid(), 2)), (1, (os.getpid(), 4))]


def _none(shared: None) -> None:
    return shared


def _worker_pid(_: None, item: int) -> tuple[int, int]:
    time.sleep(0.002 * (item % 3))  # uneven chunks: the workers get out of step
    return os.getpid(), item * 3


@pytest.mark.parametrize("count", [1, 2, 3, 5, 40])
def test_handing_two_items_ahead_computes_each_once_in_order(count: int) -> None:
    """With ahead=2 a forked worker holds its next item while it works (each is sent as an
    index: the worker inherited the items); every item is computed once, by one worker, and
    the results come back in order."""
    results = run_parallel(_none, _worker_pid, None, list(range(count)), workers=2, ahead=2)
    assert [value for _, value in results] == [item * 3 for item in range(count)]
    if count > 1:
        assert os.getpid() not in {pid for pid, _ in results}


def test_items_go_to_spawned_workers_whole_and_one_at_a_time() -> None:
    """A process running other threads spawns its workers, which inherit nothing: each item
    is sent to them pickled, and ahead=2 hands them one at a time."""
    found: list[list[tuple[int, int]]] = []
    thread = threading.Thread(
        target=lambda: found.append(
            run_parallel(_none, _worker_pid, None, list(range(6)), workers=2, ahead=2)
        )
    )
    thread.start()
    thread.join()
    assert [value for _, value in found[0]] == [item * 3 for item in range(6)]
    assert os.getpid() not in {pid for pid, _ in found[0]}


def test_a_finding_comes_back_from_a_worker_as_it_was_found() -> None:
    """Workers send findings back as plain tuples (`finding_row`): read back, each is the
    finding made, with its dateline, date clues and their zone."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from digest.ingest.classify import Finding
    from digest.ingest.dates import DateClues, Dateline
    from digest.ingest.workers import finding_of, finding_row

    line = Dateline("RICHMOND", "Va.", 3, 5, 2024, "Reuters")
    clues = DateClues(line, ((dt.date(2024, 3, 5), "body"),), 1, "US", ZoneInfo("Asia/Tokyo"), "JP")
    findings = [
        Finding(("Americas",), ("Americas: Richmond in dateline",), ("Virginia",), clues),
        Finding((), (), (), DateClues(None, (), None)),
    ]
    for finding in findings:
        assert finding_of(finding_row(finding)) == finding
