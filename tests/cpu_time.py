"""CPU time, for the tests' bounds on how long a piece of work may take.

A bound meant to catch a quadratic step or a runaway parse is put on the CPU time the work
spent (this process and the child processes it waited for), not on the wall clock: on a
machine shared with other work (CI runs at a load of 10-30 on two cores) wall time stretches
with the load, and a 60 s wall-clock bound on an ingest of 10 000 stories failed at load 19
here. A hang spends no CPU time: the subprocess timeouts (watchdogs) still catch those.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Spent:
    """The CPU seconds of a block, known once it has run."""

    seconds: float = 0.0


@contextmanager
def cpu_time() -> Iterator[Spent]:
    """Measure the CPU seconds this process and its reaped children spend in the block."""
    spent = Spent()
    before = _total()
    try:
        yield spent
    finally:
        spent.seconds = _total() - before


def _total() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system
