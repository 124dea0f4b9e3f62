"""How many of a build's threads want a core, moment by moment, from the scheduler's events.

    python benchmarks/runnable.py [--step 0.25] [--least 0.04] -- \\
        python -m digest build -q -C <project>

Runs the command under `perf record` (scheduler trace points, every CPU; needs perf and
root or perf_event_paranoid <= 0), then counts the command's runnable threads (running or
waiting for a core) from its wakeups and switches: the build's own process ("main"), its
worker processes ("wk") and Pagefind's threads ("pf"). Prints the core-seconds where fewer
than two were runnable (one core of an idle 2-core machine had nothing of the build's to
do), each such stretch of at least --least seconds with who was runnable then, and the mean
of each role per --step slice. Unlike `demand.py`, which samples /proc every 10 ms (~7 ms of
a core per sample while Pagefind's ~50 threads run), it costs the build next to nothing,
and the counts are the build's demand whatever else runs (only the stretches lengthen).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

EVENTS: tuple[str, ...] = ("sched_switch", "sched_wakeup", "sched_wakeup_new", "sched_process_fork")
EVENTS += ("sched_process_exit",)
HEAD = re.compile(r"^\s*(.+?)\s+(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+(\S+):\s+(.*)$")


@dataclass
class Trace:
    """The command's threads, and when each became runnable (+1) or stopped being (-1)."""

    root: int
    tree: set[int] = field(default_factory=set)
    names: dict[int, str] = field(default_factory=dict)
    changes: list[tuple[float, int, int]] = field(default_factory=list)  # time, thread, +-1
    start: float | None = None

    def role(self, thread: int) -> str:
        if thread == self.root:
            return "main"
        name = self.names.get(thread, "")
        return "pf" if "pagefind" in name or "tokio" in name else "wk"

    def read(self, line: str) -> None:
        found = HEAD.match(line)
        if found is None:
            return
        _, tid, _, moment, event, rest = found.groups()
        when, thread = float(moment), int(tid)
        if self.start is None and thread == self.root:
            self.start = when
        if event.endswith("sched_process_fork"):
            parent = int(re.search(r" pid=(\d+)", rest).group(1))  # type: ignore[union-attr]
            child = int(re.search(r"child_pid=(\d+)", rest).group(1))  # type: ignore[union-attr]
            if parent in self.tree:
                self.tree.add(child)
                self.names[child] = re.search(r"child_comm=(.*) child_pid", rest).group(1)  # type: ignore[union-attr]
        elif event.endswith("sched_switch"):
            before, after = rest.split("==>")
            out = int(re.search(r"prev_pid=(\d+)", before).group(1))  # type: ignore[union-attr]
            state = re.search(r"prev_state=(\S+)", before).group(1)  # type: ignore[union-attr]
            into = int(re.search(r"next_pid=(\d+)", after).group(1))  # type: ignore[union-attr]
            self.names[into] = re.search(r"next_comm=(.*) next_pid", after).group(1)  # type: ignore[union-attr]
            if out in self.tree and not state.startswith("R"):
                self.changes.append((when, out, -1))
            if into in self.tree:
                self.changes.append((when, into, +1))
        elif event.endswith("sched_process_exit"):
            thread = int(re.search(r" pid=(\d+)", rest).group(1))  # type: ignore[union-attr]
            if thread in self.tree:
                self.changes.append((when, thread, -2))
        elif "sched_wakeup" in event:
            thread = int(re.search(r" pid=(\d+)", rest).group(1))  # type: ignore[union-attr]
            if thread in self.tree:
                self.changes.append((when, thread, +1))


def report(trace: Trace, step: float, least: float) -> None:
    start = trace.start if trace.start is not None else 0.0
    runnable: set[int] = set()
    gone: set[int] = set()
    slices: dict[int, defaultdict[str, float]] = defaultdict(lambda: defaultdict(float))
    one = none = 0.0
    stretches: list[tuple[float, float, defaultdict[str, float]]] = []
    last = start
    for when, thread, change in sorted(trace.changes):
        if when > last:
            span = when - last
            roles = Counter(trace.role(each) for each in runnable)
            for role, count in roles.items():
                slices[int((last - start) / step)][role] += count * span
            if len(runnable) < 2:
                one, none = (one + span, none) if runnable else (one, none + span)
                if stretches and last - stretches[-1][1] <= 0.003:
                    began, _, seen = stretches[-1]
                    stretches[-1] = (began, when, seen)
                else:
                    stretches.append((last, when, defaultdict(float)))
                for role, count in roles.items():
                    stretches[-1][2][role] += count * span
            last = when
        if change == -2:
            gone.add(thread)
        if change > 0 and thread not in gone:
            runnable.add(thread)
        else:
            runnable.discard(thread)
    print(
        f"window {last - start:.3f} s; fewer than 2 runnable: one {one:.3f} s, none "
        f"{none:.3f} s: a core idle {one + 2 * none:.3f} s"
    )
    print(f"stretches of >= {least} s with fewer than 2 runnable (mean runnable of each):")
    for began, ended, seen in stretches:
        if ended - began >= least:
            mean = ", ".join(
                f"{r} {v / (ended - began):.2f}"
                for r, v in sorted(seen.items(), key=lambda item: -item[1])
            )
            print(f"  {began - start:7.3f}-{ended - start:7.3f} s ({ended - began:.3f} s): {mean}")
    print(f"mean runnable per {step} s:")
    for number in sorted(slices):
        seen = slices[number]
        total = sum(seen.values()) / step
        means = " ".join(f"{role} {seen[role] / step:5.2f}" for role in ("main", "wk", "pf"))
        print(f"  {number * step:7.2f} s  {means}  all {total:5.2f}{'  <2' if total < 1.9 else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--step", type=float, default=0.25, help="seconds a printed slice")
    parser.add_argument("--least", type=float, default=0.04, help="shortest stretch printed")
    parser.add_argument("command", nargs="+")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="runnable-") as folder:
        data, pid = Path(folder) / "perf.data", Path(folder) / "pid"
        events = [part for name in EVENTS for part in ("-e", f"sched:{name}")]
        # The command's pid, written by the shell that becomes it: the root of its tree.
        shell = 'echo $$ > "$0"; exec "$@"'
        record = ["perf", "record", *events, "-a", "-o", str(data), "--"]
        record += ["sh", "-c", shell, str(pid), *args.command]
        subprocess.run(record, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        root = int(pid.read_text(encoding="ascii"))
        trace = Trace(root, {root})
        script = ["perf", "script", "-i", str(data)]
        with subprocess.Popen(
            script, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        ) as process:
            assert process.stdout is not None
            for line in process.stdout:
                trace.read(line)
    if trace.start is None:
        sys.exit("no scheduler event of the command: is perf allowed to trace (root)?")
    report(trace, args.step, args.least)


if __name__ == "__main__":
    main()
