"""Where a multi-process `digest ingest` spends its time, step by step, in one process.

    PYTHONPATH=CHECKOUT python benchmarks/ingest_phases.py -C PROJECT

Runs `digest ingest -q -C PROJECT` in this process (the workers as by default) with each step
of `ingest.pipeline` (and the dump phase's hashing and reading) wrapped, and prints for each
step its wall time, the main process's CPU time (every thread of it) and its workers' CPU time
(counted where they are reaped: at the end of `_segment`, the dump phase; of `run_parallel`,
or `_in_workers` since ingest11, dedup and classify; of `export_changed`, the files written).
Outside those three phases the main process works alone, on one core: on an idle 2-core
machine the ingest takes about that CPU plus half the CPU of the three phases (their workers'
and the main process's). CPU times
are what the steps cost whatever else runs; under load the wall times only stretch. Make the
project cold first (no .digest-cache/, content/articles/, content/.ingest*.json).
"""

from __future__ import annotations

import itertools
import resource
import sys
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

START = time.perf_counter()
MARKS: list[tuple[str, float, float, float]] = []

# The steps of ingest.pipeline, then those of the dump phase and of sorting, timed in turn.
PIPELINE_STEPS = (
    "read_ledger",
    "dump_results",
    "with_shared_lines",
    "reference_times",
    "_gather",
    "sort_stories",
    "as_first_dated",
    "export_changed",
    "date_warnings",
    "as_written",
    "account_json",
    "write_account",
)


def mark(label: str) -> None:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = children.ru_utime + children.ru_stime
    MARKS.append((label, time.perf_counter() - START, time.process_time(), cpu))


def wrap(module: ModuleType, name: str) -> None:
    """Mark the start and end of each call of *module*.*name*."""
    function: Callable[..., Any] = getattr(module, name)

    def marked(*args: Any, **kwargs: Any) -> Any:
        mark(f"<{name}")
        try:
            return function(*args, **kwargs)
        finally:
            mark(f">{name}")

    setattr(module, name, marked)


def main() -> None:
    mark("start")
    import digest.ingest.dump_results as dump_results
    import digest.ingest.pipeline as pipeline
    import digest.ingest.sorting as sorting
    from digest.commands.cli import main as digest_main

    mark("imports")
    for name in PIPELINE_STEPS:
        if hasattr(pipeline, name):  # (a step that a checkout lacks is not timed)
            wrap(pipeline, name)
    wrap(dump_results, "_hash_dumps")
    wrap(dump_results, "_segment")
    # the sorting phase: its workers (and, since ingest11, the merge and dates beside them)
    wrap(sorting, "_in_workers" if hasattr(sorting, "_in_workers") else "run_parallel")
    digest_main(["ingest", "-q", *sys.argv[1:]])
    mark("end")
    print(f"{'step':28s} {'wall':>8s} {'+wall':>8s} {'main CPU':>9s} {'workers':>8s}")
    beside = 0.0  # the main process's CPU while the dump and sorting workers run
    for before, after in itertools.pairwise(MARKS):
        label, wall, cpu, children = after
        if label in (">_segment", ">run_parallel", ">_in_workers"):
            beside += cpu - before[2]
        print(
            f"{label:28s} {wall:8.3f} {wall - before[1]:8.3f} "
            f"{cpu - before[2]:9.3f} {children - before[3]:8.3f}"
        )
    total_cpu, total_children = MARKS[-1][2] - MARKS[0][2], MARKS[-1][3] - MARKS[0][3]
    print(
        f"main process {total_cpu:.3f} s CPU ({beside:.3f} s of it beside the dump and sorting"
        f" workers), its workers {total_children:.3f} s CPU"
    )


if __name__ == "__main__":
    main()
