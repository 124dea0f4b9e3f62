"""Two or more checkouts of digest, alternating: the least CPU of each build stage.

    python benchmarks/stages_ab.py --project P --runs 3 --workers 2 <checkout> <checkout> ...

Each run is a cold build of project P (its site/ and .digest-cache/ removed first, with
`search: false` unless --search) by `benchmarks/stages.py` of that checkout, with
DIGEST_WORKERS set; the checkouts take turns, run after run, so that a shared machine's load
falls on each alike. It prints, for each stage, the least CPU seconds (the build's own and
its children's) over the runs: on a busy machine the least is what moves least. The
project's own digest.yaml is put back when the runs end, however they end.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

_ROW = re.compile(r"(\S.*?)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$")
SETTINGS = "title: Bench Digest\nbase_url: https://example.org/\n"


def cold_stages(
    checkout: Path, project: Path, workers: int, search: bool, own: bool = False
) -> dict[str, float]:
    """Return the CPU seconds of each stage of one cold build of *project* by *checkout*
    (with *own*, the build's own process's alone, not its children's)."""
    for name in ("site", ".digest-cache", ".digest-build"):
        shutil.rmtree(project / name, ignore_errors=True)
    settings = SETTINGS + ("" if search else "search: false\n")
    (project / "digest.yaml").write_text(settings, encoding="utf-8")
    environment = {**os.environ, "DIGEST_WORKERS": str(workers), "PYTHONPATH": str(checkout)}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "benchmarks/stages.py", "build", "-q", "-C", str(project)]
    done = subprocess.run(command, cwd=checkout, env=environment, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: the build failed:\n{done.stderr}")
    stages = {}
    for line in done.stderr.splitlines():
        found = _ROW.match(line)
        if found:
            children = 0.0 if own else float(found.group(4))
            stages[found.group(1)] = float(found.group(3)) + children
    return stages


@contextlib.contextmanager
def settings_kept(project: Path) -> Iterator[None]:
    """Put *project*'s digest.yaml back as it was when the block ends, however it ends."""
    path = project / "digest.yaml"
    before = path.read_bytes() if path.is_file() else None
    try:
        yield
    finally:
        if before is None:
            path.unlink(missing_ok=True)
        else:
            path.write_bytes(before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("checkouts", type=Path, nargs="+")
    parser.add_argument("--project", type=Path, required=True, help="a project with stories")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--search", action="store_true", help="keep search on")
    parser.add_argument("--own", action="store_true", help="the build's own CPU, no children's")
    args = parser.parse_args()
    least: dict[Path, dict[str, float]] = {checkout: {} for checkout in args.checkouts}
    with settings_kept(args.project):  # the runs write their own settings
        for _ in range(args.runs):
            for checkout in args.checkouts:
                stages = cold_stages(checkout, args.project, args.workers, args.search, args.own)
                for stage, seconds in stages.items():
                    kept = least[checkout].get(stage, seconds)
                    least[checkout][stage] = min(kept, seconds)
    print(
        f"{'CPU seconds, least of ' + str(args.runs):36}"
        + "".join(f"{checkout.name[-12:]:>14}" for checkout in args.checkouts)
    )
    for stage in least[args.checkouts[0]]:
        row = "".join(f"{least[checkout].get(stage, 0.0):14.2f}" for checkout in args.checkouts)
        print(f"{stage:36}{row}")


if __name__ == "__main__":
    main()
