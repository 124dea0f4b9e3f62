"""`digest <argv>` with chosen functions timed in the build's own process (CPU and wall).

    python benchmarks/timed_calls.py --time digest.engine.plan_records:put_plans \\
        --time digest.engine.search_feed:SearchFeed.result -- build -q -C <project>

Each `module:qualified.name` is wrapped before the build runs (a name another module
imported is wrapped there too); its calls in the build's process (not in workers) are
counted, with the thread's CPU seconds and the wall seconds they took (a call inside a
call of the same function counts once). With --events, every call's start and end since
the start, in order: the build's serial parts and what overlaps what.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

from digest.commands.cli import main as digest_main

STARTED = time.perf_counter()
PID = os.getpid()
totals: dict[str, list[float]] = {}  # name -> [calls, CPU, wall]
events: list[tuple[float, float, float, str]] = []
inside: set[str] = set()


def _wrap(name: str) -> None:
    module_name, _, qualified = name.partition(":")
    owner: Any = importlib.import_module(module_name)
    *path, attribute = qualified.split(".")
    for part in path:
        owner = getattr(owner, part)
    function: Callable[..., Any] = getattr(owner, attribute)

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != PID or name in inside:
            return function(*args, **kwargs)
        inside.add(name)
        cpu, wall = time.thread_time(), time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            inside.discard(name)
            spent, took = time.thread_time() - cpu, time.perf_counter() - wall
            total = totals.setdefault(name, [0, 0.0, 0.0])
            total[0], total[1], total[2] = total[0] + 1, total[1] + spent, total[2] + took
            events.append((wall - STARTED, wall + took - STARTED, spent, name))

    setattr(owner, attribute, timed)
    if not path:  # `from module import name` elsewhere: wrap it there too
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("digest") and (
                getattr(module, attribute, None) is function
            ):
                setattr(module, attribute, timed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--time", action="append", default=[], help="module:qualified.name")
    parser.add_argument("--events", action="store_true", help="print every call in order")
    parser.add_argument("argv", nargs="+", help="digest's arguments")
    args = parser.parse_args()
    for name in args.time:
        _wrap(name)
    code = digest_main(args.argv)
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"wall {time.perf_counter() - STARTED:.2f} s, the build's CPU "
        f"{own.ru_utime + own.ru_stime:.2f} s, its children's "
        f"{children.ru_utime + children.ru_stime:.2f} s",
        file=sys.stderr,
    )
    for name, (calls, cpu, wall) in totals.items():
        print(
            f"{name:64} {int(calls):6d} calls  CPU {cpu:7.3f} s  wall {wall:7.3f} s",
            file=sys.stderr,
        )
    if args.events:
        for start, end, cpu, name in sorted(events):
            print(f"{start:8.3f} -> {end:8.3f} s  CPU {cpu:6.3f} s  {name}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
