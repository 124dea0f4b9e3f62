"""Collector: the cycle collector's settings while builds run in this process.

A build makes some hundreds of thousands of objects (cards, page plans, manifests), keeps most
of them till its end, and makes next to no garbage in cycles: the collector is run less
often (`fewer_collections`) and what the build keeps is set aside from it once made
(`settle`). While it makes them (its cards, its plan, what the cache knew), it makes no
garbage in cycles worth walking for: the collector is paused then (`pause`, `resume`).
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# A build makes some hundreds of thousands of objects (cards, page plans, manifests) and next
# to no reference cycles. At Python's threshold of 700 the cycle collector ran ~400 times in a
# one-story edit at 4 000 stories and walked every card three times over: 0.15-0.2 s of CPU
# (gc.callbacks, at load). After COLLECT_AFTER new container objects it runs ~20 times, 0.05 s:
# the same garbage is collected, a little later (at most that many objects wait).
COLLECT_AFTER = 10_000


class _Collections:
    """The cycle collector's threshold while builds run in this process.

    Builds may overlap in one process (a library caller's threads, two projects): only the
    first to enter raises the threshold and only the last to leave restores it, so none puts
    back another build's raised value as if it were the host's.

    What a build keeps till its end (the plan index, the cards, the plan, the manifests) is
    set aside from the collector once made (`settle`: `gc.freeze`, one list moved): a
    collection of the oldest objects walked all of them each time, 2.2 s of CPU in four
    collections of a deploy at 100 000 stories. They are still freed by their reference
    counts; only garbage in cycles among them waits for the last build to leave, which puts
    them back. Nothing is set aside when the host froze objects of its own (`gc.freeze`).
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.inside = 0
        self.host: tuple[int, ...] = gc.get_threshold()
        self.freezing = False
        self.paused = False

    def enter(self) -> None:
        with self.lock:
            if self.inside == 0:
                self.host = gc.get_threshold()
                if self.host[0] != 0:  # 0: the host turned the collector off; keep it off
                    gc.set_threshold(max(COLLECT_AFTER, self.host[0]), *self.host[1:])
                self.freezing = self.host[0] != 0 and gc.get_freeze_count() == 0
            self.inside += 1

    def settle(self) -> None:
        with self.lock:
            if self.inside and self.freezing:
                gc.freeze()

    def pause(self) -> None:
        with self.lock:
            if self.inside and self.freezing and not self.paused and gc.isenabled():
                gc.disable()
                self.paused = True

    def resume(self) -> None:
        with self.lock:
            if self.paused:
                gc.freeze()  # what was made meanwhile is kept till the end (`settle`)
                gc.enable()
                self.paused = False

    def leave(self) -> None:
        with self.lock:
            self.inside -= 1
            if self.paused and self.inside == 0:  # a build that failed before `resume`
                gc.enable()
                self.paused = False
            if self.inside == 0:
                gc.set_threshold(*self.host)
                if self.freezing:
                    gc.unfreeze()
                    self.freezing = False


_collections = _Collections()


def _in_child() -> None:
    """In a process forked while a build paused the collector (its parse workers), collect:
    a worker's garbage is its own, and it never reaches `resume`."""
    if _collections.paused:  # no lock: another thread may have held it at the fork
        _collections.paused = False
        gc.enable()


os.register_at_fork(after_in_child=_in_child)


def settle() -> None:
    """Set aside from the cycle collector every object made so far, inside a build (see
    `_Collections`): what a build keeps till its end, once it is made."""
    _collections.settle()


def pause() -> None:
    """Run no collection till `resume` (or the last build leaves), inside a build whose kept
    objects are set aside (`settle`): while a build loads its cards and plans its site.

    What it makes then is nearly all kept till its end (100 000 cards, a plan, manifests of
    243 000 files); each collection walked the young ones, and each of the middle
    generation the kept ones again: 1.4 s of CPU in 518 collections of a deploy at 100 000
    stories, for next to no garbage. Garbage in cycles made meanwhile is freed when the
    last build leaves, with what `settle` set aside.
    """
    _collections.pause()


def resume() -> None:
    """Set aside what was made since `pause` (`settle`) and let the collector run again."""
    _collections.resume()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cycle collector less often inside the block; restore its threshold after."""
    _collections.enter()
    try:
        yield
    finally:
        _collections.leave()
