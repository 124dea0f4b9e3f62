"""What a `digest build` process spends after its command is done: the interpreter's end.

    PYTHONPATH=CHECKOUT python benchmarks/exit_cost.py PROJECT [--runs 5]

Edits one story of PROJECT (a built project, e.g. one of rebuilds.py) and builds it in a new
process, alternately as the program runs (`main()`, reading sys.argv: the objects are frozen
at the end and the process ended without the interpreter's teardown, `commands/cli.main`)
and as a library caller does (`main([...])`: neither). It prints the CPU seconds (user +
system, from wait4) the process spent after `main` was done (as the exit handlers begin):
the whole process's, less its own and its children's by then.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rebuilds import edit_story

INNER = """import os, sys, time
from digest.commands.cli import main
project, how = sys.argv[1], sys.argv[2]
sys.argv = ["digest", "build", "-q", "-C", project]
import atexit
def report():  # as the program ends: `main` ends the process itself (commands/cli `_end`)
    ended, own = os.times(), time.process_time()
    sys.stderr.write("END %.4f %.4f\\n" % (own, ended.children_user + ended.children_system))
    sys.stderr.flush()
atexit.register(report)
sys.exit(main() if how == "program" else main(sys.argv[1:]))
"""


def after_main(project: Path, how: str) -> float:
    process = subprocess.Popen(
        [sys.executable, "-c", INNER, str(project), how],
        cwd=project,  # `python -c` puts its working folder first on sys.path: not a checkout's
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    assert process.stderr is not None
    said = process.stderr.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"digest build failed:\n{said}")
    own, children = map(float, said.split("END ", 1)[1].split())
    return usage.ru_utime + usage.ru_stime - own - children


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--first", type=int, default=2000, help="number of the first edit")
    args = parser.parse_args(argv)
    spent: dict[str, list[float]] = {"program": [], "library": []}
    for run in range(args.runs):
        order = list(spent) if run % 2 == 0 else list(reversed(spent))
        for number, how in enumerate(order):
            edit_story(args.project, args.first + 2 * run + number)
            spent[how].append(after_main(args.project.resolve(), how))
    for how, values in spent.items():
        shown = " ".join(f"{value:.3f}" for value in values)
        print(
            f"main() as the {how:<8} CPU after it returned: median "
            f"{statistics.median(values):.3f} s ({shown})"
        )


if __name__ == "__main__":
    main()
