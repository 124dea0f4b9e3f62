"""One-story edits of two checkouts, alternating edit by edit (issue 20, for a before/after).

    python benchmarks/edit_ab.py --runs 10 PROJECT_A:CHECKOUT_A PROJECT_B:CHECKOUT_B

Each checkout has its own built project (the build cache is keyed by digest's code). Each
project is built once untimed (whatever changed before is recorded), then --runs times, in
turn (A B, then B A, ...), one story is edited and `digest build` runs as in rebuilds.py; it
prints the minimum and median CPU (user + system of the build and its children, from wait4)
and wall time of each. On a machine shared with other work, alternating edit by edit is
what makes the two comparable: passes run minutes apart see different loads.
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Sequence
from pathlib import Path

from rebuilds import Timed, edit_story, run_build


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sides", nargs="+", help="PROJECT:CHECKOUT, one for each checkout")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--first", type=int, default=100, help="number of the first edit")
    args = parser.parse_args(argv)
    sides = []
    for side in args.sides:
        project, _, code = side.partition(":")
        sides.append((Path(project).resolve(), Path(code).resolve()))
    for project, code in sides:
        run_build(project, code)
    timed: dict[int, list[Timed]] = {number: [] for number in range(len(sides))}
    for run in range(args.runs):
        order = list(enumerate(sides))
        for number, (project, code) in order if run % 2 == 0 else reversed(order):
            edit_story(project, args.first + run)
            timed[number].append(run_build(project, code))
    for number, (project, code) in enumerate(sides):
        cpu = [run.cpu for run in timed[number]]
        wall = [run.wall for run in timed[number]]
        print(
            f"{code.name:<12} one story edited: CPU min {min(cpu):.3f} median "
            f"{statistics.median(cpu):.3f} s   wall min {min(wall):.3f} median "
            f"{statistics.median(wall):.3f} s   ({args.runs} runs, {project.name})"
        )


if __name__ == "__main__":
    main()
