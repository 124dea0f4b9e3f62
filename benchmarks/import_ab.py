"""The CPU of importing modules, in checkouts taking turns: what a start-up's imports cost.

    python benchmarks/import_ab.py --runs 12 digest.ingest.pipeline <checkout> <checkout>

Each run is a new `python -c "import <modules>"` with PYTHONPATH at one checkout (bytecode
written, as a build's); the checkouts take turns, run after run, so that a shared machine's
load falls on each alike. It prints each checkout's least and median CPU (user and system,
from `wait4`): on a busy machine the least is what moves least. A checkout is a folder
holding `digest/` (`git archive <rev> | tar -x -C <folder>`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path


def import_cpu(checkout: Path, modules: str) -> float:
    """Return the CPU seconds of one process importing *modules* from *checkout*."""
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    process = subprocess.Popen([sys.executable, "-c", f"import {modules}"], env=environment)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{checkout}: importing {modules} failed")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", help="what to import, comma-separated")
    parser.add_argument("checkouts", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=12)
    args = parser.parse_args()
    for checkout in args.checkouts:
        import_cpu(checkout, args.modules)  # bytecode written before any run counts
    times: dict[Path, list[float]] = {checkout: [] for checkout in args.checkouts}
    for _ in range(args.runs):
        for checkout in args.checkouts:
            times[checkout].append(import_cpu(checkout, args.modules))
    for checkout, seconds in times.items():
        print(
            f"{checkout}: least {min(seconds) * 1000:.0f} ms,"
            f" median {statistics.median(seconds) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
