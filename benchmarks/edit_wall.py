"""A one-story edit's timeline in wall seconds, from the build's spawn to its exit, by checkout.

    python benchmarks/edit_wall.py --runs 10 [--priority fifo] [--plain] PROJECT:CHECKOUT ...

`edit_start.py` prints CPU seconds: what the build's process and Pagefind did. What an editor
waits for is wall time, and it holds what CPU seconds do not: Python's start before any code
runs, Pagefind's exec and the threads it starts and joins, a process waiting on the other while
both cores are busy, the processes' ends. Each run edits one story (as rebuilds.py and bench.py
do) and builds in a new process (`main()` of commands/cli, as `python -m digest build -q` runs
it, `edit_driver.py`), with `pagefind_early.launch`, `feed_later` and `SearchFeed.result`
wrapped and a thread waiting on Pagefind's pidfd; every moment is CLOCK_MONOTONIC, shared by
every process, taken from the parent's spawn. Printed, min / median for each checkout: when the
interpreter ran its first line, when Pagefind was started, when the edited page was rendered
(`feed_later` called: it waits for Pagefind to open the page's pipe), when Pagefind had every
page, when its run ended, when `SearchFeed.result` returned, when `main` was done (its exit
handlers begin: `main` ends the process itself) and when the parent's wait4 returned (the
process's end); with `--plain` also the wall of `python -m digest build -q` alone, as bench.py
times it (alternating with the timed runs).

`--priority group` runs each build in a session of its own whose autogroup is at nice -20,
`--priority fifo` with SCHED_FIFO (root only, both inherited by Pagefind's threads): on a
machine shared with other work the build then takes the cores whenever it is runnable, so
the wall figures approach an idle machine's. SCHED_FIFO shares no core between the build's
process and Pagefind's threads (each runs till it blocks); the autogroup, like an idle
machine, does.
Each checkout needs its own built project (the cache is keyed by digest's code): build it
twice before timing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from edit_driver import timed_build
from rebuilds import edit_story

INNER = timed_build("""import time
first = time.monotonic()
import os, sys, threading, select
from digest.site import pagefind_early
marks = {"first": first}
launch = pagefind_early.launch
def _ended(process):
    try:
        handle = os.pidfd_open(process.pid)
    except OSError:
        return
    poll = select.poll()
    poll.register(handle, select.POLLIN)
    poll.poll()
    marks.setdefault("pagefind ended", time.monotonic())
def timed(*args, **kwargs):
    marks.setdefault("pagefind started", time.monotonic())
    process = launch(*args, **kwargs)
    threading.Thread(target=_ended, args=(process,), daemon=True).start()
    return process
pagefind_early.launch = timed
feed = getattr(pagefind_early, "feed_later", None)
def fed(*args, **kwargs):
    marks["page rendered"] = time.monotonic()
    try:
        return feed(*args, **kwargs)
    finally:
        marks["pagefind given all"] = time.monotonic()
if feed is not None:
    pagefind_early.feed_later = fed
def result_returned():
    marks["result returned"] = time.monotonic()
import json
def report():
    marks["main returned"] = time.monotonic()
    sys.stderr.write("END " + json.dumps(marks) + "\\n")
    sys.stderr.flush()
""")

MARKS = (
    "first",
    "pagefind started",
    "page rendered",
    "pagefind given all",
    "pagefind ended",
    "result returned",
    "main returned",
    "exit",
)


def _priority(how: str) -> None:
    """Raise the build's priority (root only): "group", a session of its own whose autogroup
    runs at nice -20 (with autogroups, the kernel shares the cores between sessions first:
    a process's own nice weighs only within its session), or "fifo" (SCHED_FIFO, 10)."""
    if how == "group":
        os.setsid()
        with open("/proc/self/autogroup", "w", encoding="ascii") as group:
            group.write("-20")
        os.nice(-20)
    elif how == "fifo":
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))


def one_edit(project: Path, code: Path, how: str) -> dict[str, float]:
    """Build *project* with the digest of *code* once; return each mark's wall seconds."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-c", INNER, str(project)]
    begun = time.monotonic()
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=code,
        preexec_fn=(lambda: _priority(how)) if how else None,
    )
    assert process.stderr is not None
    said = process.stderr.read().decode("utf-8", "replace")
    _, status, _ = os.wait4(process.pid, 0)
    ended = time.monotonic()
    if os.waitstatus_to_exitcode(status) != 0 or "END " not in said:
        raise SystemExit(f"digest build failed:\n{said}")
    marks: dict[str, float] = json.loads(said.split("END ", 1)[1])
    if "pagefind started" not in marks:
        raise SystemExit("no Pagefind run was started: not a one-story edit build")
    found = {name: when - begun for name, when in marks.items()}
    found["exit"] = ended - begun
    return found


def plain_edit(project: Path, code: Path, how: str) -> float:
    """Build *project* as bench.py does (`python -m digest build -q`); return its wall."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    begun = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "digest", "build", "-q", "-C", str(project)],
        capture_output=True,
        env=env,
        preexec_fn=(lambda: _priority(how)) if how else None,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"digest build failed:\n{done.stdout!r} {done.stderr!r}")
    return time.monotonic() - begun


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sides", nargs="+", help="PROJECT:CHECKOUT, one for each checkout")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--first", type=int, default=5000, help="number of the first edit")
    parser.add_argument(
        "--priority",
        choices=("group", "fifo"),
        help="build in an autogroup at nice -20, or SCHED_FIFO (root): a busy machine then"
        " less in the way",
    )
    parser.add_argument("--plain", action="store_true", help="also time `python -m digest`")
    args = parser.parse_args(argv)
    sides = []
    for side in args.sides:
        project, _, code = side.partition(":")
        sides.append((Path(project).resolve(), Path(code).resolve()))
    timed: dict[int, list[dict[str, float]]] = {number: [] for number in range(len(sides))}
    plain: dict[int, list[float]] = {number: [] for number in range(len(sides))}
    number = args.first
    for run in range(args.runs):
        order = list(enumerate(sides))
        for side, (project, code) in order if run % 2 == 0 else reversed(order):
            edit_story(project, number)
            number += 1
            timed[side].append(one_edit(project, code, args.priority))
            if args.plain:
                edit_story(project, number)
                number += 1
                plain[side].append(plain_edit(project, code, args.priority))
    for side, (project, code) in enumerate(sides):
        print(f"{code.name} ({project.name}, {args.runs} one-story edits), wall, min / median:")
        for name in MARKS:
            values = [marks[name] for marks in timed[side] if name in marks]
            if values:
                low, middle = min(values), statistics.median(values)
                print(f"  {name:<19} {low:.3f} / {middle:.3f} s")
        if plain[side]:
            low, middle = min(plain[side]), statistics.median(plain[side])
            print(f"  {'python -m digest':<19} {low:.3f} / {middle:.3f} s")


if __name__ == "__main__":
    main()
