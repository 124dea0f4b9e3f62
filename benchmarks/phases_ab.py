"""edit_phases.py on two checkouts in turn: the median CPU of each step (issue 20).

    python benchmarks/phases_ab.py --runs 8 PROJECT_A:CHECKOUT_A PROJECT_B:CHECKOUT_B

Each run edits one story of each project (a different one each run) and builds it with
`edit_phases.py`, the checkouts alternating (A B, then B A, ...); it prints, for every step
either checkout has, the median of its CPU seconds (a step timed twice in a build is added
up), and the medians of the totals. Build each project once before (the cache is keyed by
digest's code).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

PHASES = Path(__file__).resolve().parent / "edit_phases.py"
STEP = re.compile(r"\s*[\d.]+\s+(\S+(?: done)?)\s+(?:wall\s+[\d.]+\s+)?CPU\s+([\d.]+)")
TOTAL = re.compile(r"total wall ([\d.]+) s\s+CPU ([\d.]+) s\s+children CPU ([\d.]+) s")
COLLECTOR = re.compile(r"cycle collector CPU ([\d.]+)")


def steps(output: str) -> dict[str, float]:
    """Return the CPU seconds of each step printed by edit_phases.py."""
    found: dict[str, float] = defaultdict(float)
    for line in output.splitlines():
        if step := STEP.match(line):
            found[step.group(1)] += float(step.group(2))
        elif total := TOTAL.match(line):
            found["total wall"], found["total CPU"] = float(total[1]), float(total[2])
            found["children CPU"] = float(total[3])
        elif collector := COLLECTOR.match(line):
            found["cycle collector"] = float(collector[1])
    return found


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sides", nargs="+", help="PROJECT:CHECKOUT, one for each checkout")
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--first", type=int, default=300, help="number of the first edit")
    args = parser.parse_args(argv)
    sides = [tuple(side.split(":", 1)) for side in args.sides]
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    found: list[dict[str, list[float]]] = [defaultdict(list) for _ in sides]
    for run in range(args.runs):
        order = list(enumerate(sides))
        for number, (project, code) in order if run % 2 == 0 else reversed(order):
            command = [sys.executable, str(PHASES), project, "--story", str(args.first + run)]
            output = subprocess.run(
                command, env={**env, "PYTHONPATH": code}, cwd=code, capture_output=True, text=True
            ).stdout
            for name, seconds in steps(output).items():
                found[number][name].append(seconds)
    names = list(dict.fromkeys(name for side in found for name in side))
    print(f"{'step':30}" + "".join(f"{Path(code).name:>14}" for _, code in sides))
    for name in names:
        cells = (
            f"{statistics.median(side[name]):14.3f}" if side[name] else f"{'-':>14}"
            for side in found
        )
        print(f"{name:30}" + "".join(cells))


if __name__ == "__main__":
    main()
