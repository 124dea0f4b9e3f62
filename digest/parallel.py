"""Parallel: run a task over chunks of work in worker processes, results in input order
(or as they are done).

Markdown and Jinja2 are pure Python, so only processes use more than one core. Each worker
is set up once (a Markdown parser, a Jinja2 environment) and then takes chunk after chunk,
so start-up and pickling costs are paid per worker and per chunk, not per story.

Where the process has a single thread (the `digest` command), workers are forked: they
inherit the shared input and the chunks without them being pickled, and are sent each
chunk's index alone (with `ahead=2`, the next one while they work on one, so that none waits
for this process between chunks). Where other threads run (`digest serve`), forking could
copy a lock held by one of them, so workers are spawned instead, the shared input is pickled
once per worker and each chunk is sent whole, one at a time.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from digest.stopping import default_stop_signals

if TYPE_CHECKING:  # multiprocessing itself is imported only when workers are started
    from multiprocessing.connection import Connection

S = TypeVar("S")  # what every worker shares (read-only)
W = TypeVar("W")  # a worker's own set-up, made once from S
T = TypeVar("T")  # one chunk of work
R = TypeVar("R")  # its result

# Below this many items, starting processes costs more than it saves.
MIN_PARALLEL_ITEMS = 200
# Nor below one item in this many of the whole they are part of (`worker_count`'s *whole*):
# a fork costs with the forking process's size. A deploy at 100 000 stories renders ~330 of
# its 243 000 files from a 1.3 GiB build: its two render workers cost ~1 s of CPU more than
# the ~0.35 s of rendering they took (their set-up and copied pages, and ~280 000 of the
# build's own page faults after the fork, ~0.45 s of its system CPU); two workers pay on the
# wall from some 1 100 files to render at that size, one in ~220.
WHOLE_PER_ITEM = 200
_PR_SET_PDEATHSIG = 1


class WorkerError(RuntimeError):
    """A worker failed with an unexpected exception (a bug, not bad input)."""


def available_cores() -> int:
    """Return how many cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def worker_count(items: int, *, requested: int | None = None, whole: int = 0) -> int:
    """Return how many workers to use for *items* units of work (0: do it in-process).

    *whole*: how many this process holds of what the items are part of (a site's files,
    when a pass renders some of them); a few items of a large whole are done in-process.
    """
    if requested is not None:
        return max(0, requested)
    override = os.environ.get("DIGEST_WORKERS", "").strip()
    if override.isdigit():
        return int(override)
    cores = available_cores()
    if cores < 2 or items < max(MIN_PARALLEL_ITEMS, whole // WHOLE_PER_ITEM):
        return 0
    return cores


def chunks(items: Sequence[T], count: int) -> list[Sequence[T]]:
    """Split *items* into about *count* contiguous chunks of similar size."""
    if not items:
        return []
    size = max(1, -(-len(items) // max(1, count)))
    return [items[start : start + size] for start in range(0, len(items), size)]


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when its parent dies (Linux), as when a build is killed.

    Otherwise a killed build's workers would finish their chunk and write into its staging
    folder while the next build runs.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _serve(
    connection: Connection,
    setup: Callable[[Any], Any],
    task: Callable[[Any, Any], Any],
    shared: Any,
    parent: int,
    inherited: Sequence[Any] | None = None,
) -> None:
    """Worker loop: set up once, then answer each (index, chunk) with (index, ok, result).

    A forked worker holds every chunk already (*inherited*): it is sent their indices alone.
    """
    default_stop_signals()  # not the build's handlers: a SIGTERM ends the worker, not its chunk
    _die_with(parent)
    try:
        state = setup(shared)
    except BaseException:
        connection.send((-1, False, traceback.format_exc()))
        connection.close()
        return
    while True:
        try:
            message = connection.recv()
        except EOFError:
            break
        if message is None:
            break
        index, item = (message, inherited[message]) if inherited is not None else message
        try:
            result = task(state, item)
        except OSError as error:  # a full disk, say: the user's to fix, so no traceback
            connection.send((index, False, OSError(error.errno, error.strerror, error.filename)))
            continue
        except BaseException:
            connection.send((index, False, traceback.format_exc()))
            continue
        connection.send((index, True, result))
    connection.close()


def forks_workers() -> bool:
    """Tell whether workers started now are forked, inheriting what this process holds
    (else they are spawned, and what they share is pickled to them)."""
    return _start_method() == "fork"


def _start_method() -> str:
    if hasattr(os, "fork") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def run_parallel(
    setup: Callable[[S], W],
    task: Callable[[W, T], R],
    shared: S,
    items: Sequence[T],
    *,
    workers: int,
    ahead: int = 1,
) -> list[R]:
    """Return [task(setup(shared), item) for item in items], computed by *workers* processes.

    With *workers* 0 (or one item), everything runs in this process. A worker that fails
    raises WorkerError here with its traceback; the other workers are stopped. *ahead*: as
    `iter_parallel`'s.
    """
    return list(iter_parallel(setup, task, shared, items, workers=workers, ahead=ahead))


def iter_parallel(
    setup: Callable[[S], W],
    task: Callable[[W, T], R],
    shared: S,
    items: Sequence[T],
    *,
    workers: int,
    ahead: int = 1,
) -> Generator[R, None, None]:
    """Yield task(setup(shared), item) for each item in order, as `run_parallel` computes it.

    Each result is yielded as soon as those before it are in, so a caller that keeps only a
    small part of each never holds every result at once (a large site's parsed stories).
    With *ahead* 2, a forked worker is handed its next item while it works on one (while
    more items are left than workers), so that it never waits for this process to read its
    result first: a caller that works on each result (ingest reads each dump's back) would
    otherwise leave a core idle that long, chunk after chunk.
    """
    if workers <= 0 or len(items) <= 1:
        state = setup(shared)
        for item in items:
            yield task(state, item)
        return
    early: dict[int, R] = {}  # results that came in before one of an earlier item
    due = 0  # the next index to yield
    for index, result in _run(setup, task, shared, items, workers, (False, ahead)):
        early[index] = result
        while due in early:
            yield early.pop(due)
            due += 1


def iter_parallel_as_done(
    setup: Callable[[S], W],
    task: Callable[[W, T], R],
    shared: S,
    items: Sequence[T],
    *,
    workers: int,
) -> Iterator[tuple[int, R]]:
    """Yield (index, task(setup(shared), item)) for each item as soon as it is done.

    The first worker takes the items from the front and the second from the back (any other
    from the front), so each works through a run of neighbouring items and what neighbours
    share is made by one of them: a list page's teasers, which the pages beside it show too,
    were rendered by both workers for a fifth of all teasers when the items were handed out
    in turn. With *workers* 0 (or one item), everything runs in this process, in order.
    """
    if workers <= 0 or len(items) <= 1:
        state = setup(shared)
        for index, item in enumerate(items):
            yield index, task(state, item)
        return
    yield from _run(setup, task, shared, items, workers, (True, 1))


def _run(
    setup: Callable[[S], W],
    task: Callable[[W, T], R],
    shared: S,
    items: Sequence[T],
    workers: int,
    how: tuple[bool, int],  # both ends; how many items a worker may hold at once
) -> Iterator[tuple[int, R]]:
    """Start the workers, yield (index, result) as each comes in, and stop them.

    Forked workers inherit *items* as they inherit *shared*: each is sent an index alone,
    never its item pickled (a dump phase's chunks are its dumps' bytes). Spawned workers
    are sent each item, one at a time: a worker busy with one could not read a second, and
    a large one would block this process until it does.
    """
    import multiprocessing

    method = _start_method()
    context = multiprocessing.get_context(method)
    inherited = items if method == "fork" else None
    connections: list[Connection] = []
    processes: list[Any] = []
    try:
        for _ in range(min(workers, len(items))):
            parent, child = context.Pipe()
            process = context.Process(  # type: ignore[attr-defined]
                target=_serve,
                args=(child, setup, task, shared, os.getpid(), inherited),
                daemon=True,
            )
            process.start()
            child.close()
            connections.append(parent)
            processes.append(process)
        both_ends, ahead = how
        indexed = inherited is not None
        yield from _dispatch(connections, items, (both_ends, ahead if indexed else 1), indexed)
    finally:
        _stop(connections, processes)


def _dispatch(
    connections: list[Connection],
    items: Sequence[T],
    how: tuple[bool, int],  # both ends; how many items a worker may hold at once
    indexed: bool,  # the workers hold the items: each is sent its index alone
) -> Iterator[tuple[int, R]]:
    """Hand out the items a chunk at a time (up to *ahead* to each worker) to whichever
    worker is free; yield each (index, result) as it comes in. With *both_ends*, the second
    worker takes from the back."""
    from multiprocessing.connection import Connection, wait

    both_ends, ahead = how
    pending = deque(range(len(items)))
    back = connections[1] if both_ends and len(connections) > 1 else None
    busy: dict[Connection, int] = {}  # how many items each worker holds

    def hand(connection: Connection) -> None:
        held = busy.get(connection, 0)
        # A second item only while many are left: at the end, one worker holding two
        # while another has none would leave a core idle.
        if pending and (held == 0 or (held < ahead and len(pending) > len(connections))):
            index = pending.pop() if connection is back else pending.popleft()
            connection.send(index if indexed else (index, items[index]))
            busy[connection] = held + 1

    for _ in range(ahead):
        for connection in connections:
            hand(connection)
    while busy:
        for ready in wait(list(busy)):
            assert isinstance(ready, Connection)
            try:
                index, ok, result = ready.recv()
            except EOFError as error:
                raise WorkerError("a worker process died") from error
            if not ok:
                if isinstance(result, OSError):
                    raise result
                raise WorkerError(f"a worker failed:\n{result}")
            busy[ready] -= 1
            if not busy[ready]:
                del busy[ready]
            hand(ready)
            yield index, result


def _stop(connections: list[Connection], processes: list[Any]) -> None:
    """Tell every worker to stop, and make sure it has."""
    for connection in connections:
        try:
            connection.send(None)
            connection.close()
        except (OSError, ValueError):
            pass
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():  # pragma: no cover - only after an error
            process.terminate()
            process.join()
