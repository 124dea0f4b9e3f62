"""When a one-story edit's `digest build` starts Pagefind, in CPU seconds, for checkouts in turn.

    python benchmarks/edit_start.py --runs 10 PROJECT_A:CHECKOUT_A PROJECT_B:CHECKOUT_B

On a machine shared with other work, wall seconds say more of the load than of the build; the
process's own CPU seconds do not. A one-story edit's longest part is Pagefind's run on the
edited story's month (`site/pagefind_early`): what the build does before starting it lies on
the critical path, what it does after runs beside it. Each run edits one story (as rebuilds.py
does) and runs the program (`main()` of commands/cli, Python's start and every import included,
as `python -m digest build -q` does) in a new process with only `pagefind_early.launch`,
`pagefind_early.feed_later` and `SearchFeed.result` wrapped (`edit_driver.py`, shared with
edit_wall.py): it prints, for each checkout, the minimum and median of the process's CPU when
Pagefind was started, its CPU when Pagefind had been given every page (a run started before the
edited page was rendered waits on a named pipe for it: `feed_later`; else the start), its CPU
when `main` returned, the CPU of its children (Pagefind), the part of it spent after Pagefind
had every page (from /proc as `feed_later` returns: what is left on the critical path), the CPU
of the whole process from wait4 (the interpreter's end included), the part of it after
Pagefind's last run had ended (`SearchFeed.result` returned: placing the index, publishing, the
process's end, all on the critical path), and the wall seconds. Each checkout needs its own
built project (the cache is keyed by digest's code): build it twice before timing.
"""

from __future__ import annotations

import argparse
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

INNER = timed_build("""import os, sys, time
from digest.site import pagefind_early
started, given = [], []
launch = pagefind_early.launch
def timed(*args, **kwargs):
    started.append(time.process_time())
    return launch(*args, **kwargs)
pagefind_early.launch = timed
feed = getattr(pagefind_early, "feed_later", None)
ahead = []  # Pagefind's CPU by the time it had every page
def cpu(pid):
    try:
        with open("/proc/%d/stat" % pid) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
def fed(runs, *args, **kwargs):
    try:
        return feed(runs, *args, **kwargs)
    finally:
        given.append(time.process_time())
        ahead.append(sum(cpu(run.process.pid) for run in runs.values()))
if feed is not None:
    pagefind_early.feed_later = fed
indexed = []  # the process's CPU when Pagefind's last run had ended (SearchFeed.result)
def result_returned():
    indexed.append(time.process_time())
def report():
    own, ended = time.process_time(), os.times()
    children = ended.children_user + ended.children_system
    start = started[0] if started else -1
    left = children - sum(ahead)
    figures = (start, max([start, *given]), own, children, left, indexed[-1] if indexed else -1)
    sys.stderr.write("END %.4f %.4f %.4f %.4f %.4f %.4f\\n" % figures)
    sys.stderr.flush()
""")

FIGURES = (
    "Pagefind started",
    "Pagefind given all",
    "main returned",
    "children",
    "children after",
    "process",
    "after the index",
    "wall",
)


def one_edit(project: Path, code: Path) -> tuple[float, ...]:
    """Build *project* with the digest of *code* once; return the figures of FIGURES."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    begun = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", INNER, str(project)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=code,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - begun
    assert process.stderr is not None
    said = process.stderr.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0 or "END " not in said:
        raise SystemExit(f"digest build failed:\n{said}")
    start, given, own, children, left, indexed = map(float, said.split("END ", 1)[1].split())
    if start < 0:
        raise SystemExit("no Pagefind run was started early: not a one-story edit build")
    process_cpu = usage.ru_utime + usage.ru_stime - children
    return start, given, own, children, left, process_cpu, process_cpu - indexed, wall


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sides", nargs="+", help="PROJECT:CHECKOUT, one for each checkout")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--first", type=int, default=3000, help="number of the first edit")
    args = parser.parse_args(argv)
    sides = []
    for side in args.sides:
        project, _, code = side.partition(":")
        sides.append((Path(project).resolve(), Path(code).resolve()))
    measured: dict[int, list[tuple[float, ...]]] = {number: [] for number in range(len(sides))}
    for run in range(args.runs):
        order = list(enumerate(sides))
        for number, (project, code) in order if run % 2 == 0 else reversed(order):
            edit_story(project, args.first + run)
            measured[number].append(one_edit(project, code))
    for number, (project, code) in enumerate(sides):
        print(f"{code.name} ({project.name}, {args.runs} one-story edits), min / median:")
        for column, name in enumerate(FIGURES):
            values = [figures[column] for figures in measured[number]]
            kind = "wall" if name == "wall" else "CPU"
            print(f"  {name:<17} {kind} {min(values):.3f} / {statistics.median(values):.3f} s")


if __name__ == "__main__":
    main()
