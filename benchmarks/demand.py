"""How busy a build keeps the two cores: its runnable threads, sampled every 10 ms.

    python benchmarks/demand.py [--every 0.5] -- python -m digest build -q -C <project>

Runs the command and, every 10 ms, counts the threads of its process tree in state R
(running or waiting for a core), digest's and Pagefind's apart. Prints, for each slice of
--every seconds, the mean of each, and at the end the share of samples with fewer than two
runnable threads: moments when one core of an idle 2-core machine would have nothing to do
(the build's serial parts). On a loaded machine the slices stretch, but the count of
runnable threads is the build's own demand, not what it was given.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from collections import Counter, defaultdict


def tree(root: int) -> list[int]:
    """Return *root* and every process below it (/proc/<pid>/task/<tid>/children)."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as file:
                    todo.extend(int(child) for child in file.read().split())
        except OSError:
            continue
    return found


def runnable(root: int) -> Counter[str]:
    """Count the runnable threads of *root*'s tree: Pagefind's, and the others (digest's)."""
    counts: Counter[str] = Counter()
    for pid in tree(root):
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{pid}/task/{task}/stat", encoding="utf-8") as file:
                    stat = file.read()
            except OSError:
                continue
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            if stat[stat.rindex(")") + 2] == "R":
                counts["pagefind" if "pagefind" in name else "digest"] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--every", type=float, default=0.5, help="seconds a printed slice")
    parser.add_argument("command", nargs="+")
    args = parser.parse_args()
    process = subprocess.Popen(args.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.perf_counter()
    samples: list[tuple[float, int, int]] = []
    while process.poll() is None:
        counts = runnable(process.pid)
        samples.append((time.perf_counter() - started, counts["digest"], counts["pagefind"]))
        time.sleep(0.01)
    wall = time.perf_counter() - started
    slices: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for moment, digest, pagefind in samples:
        slices[int(moment / args.every)].append((digest, pagefind))
    for number in sorted(slices):
        values = slices[number]
        ours = sum(value[0] for value in values) / len(values)
        theirs = sum(value[1] for value in values) / len(values)
        bar = "#" * round(4 * min(ours, 2)) + "+" * round(4 * min(theirs, 4))
        moment = number * args.every
        print(f"{moment:7.1f} s  digest {ours:4.2f}  Pagefind {theirs:4.2f}  {bar}")
    fewer = sum(1 for _, digest, pagefind in samples if digest + pagefind < 2)
    print(
        f"wall {wall:.2f} s, {len(samples)} samples; fewer than 2 runnable threads in "
        f"{100 * fewer / max(1, len(samples)):.1f} % of them (exit {process.returncode})"
    )


if __name__ == "__main__":
    main()
