"""Small rebuilds of a built project: no change, and one story's body edited (issue 20).

    python benchmarks/rebuilds.py --stories 4000 [--runs 5] [--out DIR] [--code CHECKOUT]
    python benchmarks/rebuilds.py --project DIR [--runs 5] [--code CHECKOUT] [--warm 2]

With --stories, writes that many synthetic stories (synthetic.py, seed 1) on tmpfs and builds
them once; with --project, uses that project (built, or built once here); a project built here
has the build right after its first one timed as well (nothing changed: it must do nothing).
Then, --runs times:
a sentence is appended to one story and `digest build` runs (one story edited); after the
edited file's stamp has settled (inputs.RACY_NS) one build lets it be recorded, then
`digest build` runs again with nothing changed. Each is a whole process, Python start-up and
imports included; it prints the median wall time and the median CPU time (user + system, of
the process and its workers, from wait4). `--code` runs the digest package of another
checkout (for a before/after on the same machine); each checkout needs its own project.
`--warm N` first runs N untimed builds of the project: the first build after digest's code
changed renders every page again (every key holds the code stamp), and the one after it
links the spare anew; neither is a one-story edit.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic
from bench import SETTINGS, workspace

REPO = Path(__file__).resolve().parent.parent
SETTLE_SECONDS = 2.6  # a stamp younger than inputs.RACY_NS (2.5 s) is never trusted


@dataclass(frozen=True, slots=True)
class Timed:
    wall: float
    cpu: float


def run_build(project: Path, code: Path) -> Timed:
    """Run `digest build` on *project* with the digest package of *code*; raise if it fails."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "digest", "build", "-q", "-C", str(project)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=code,  # `python -m` puts the working folder before PYTHONPATH on sys.path
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    assert process.stderr is not None
    errors = process.stderr.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"digest build failed:\n{errors}")
    return Timed(wall, usage.ru_utime + usage.ru_stime)


def edit_story(project: Path, number: int) -> None:
    """Append a sentence to one story (a different one each time)."""
    paths = sorted((project / "content" / "articles").rglob("*.md"))
    path = paths[(number * 7919 + 13) % len(paths)]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f" An editor's note, number {number}.\n", "utf-8")


def _line(name: str, runs: Sequence[Timed]) -> str:
    wall = statistics.median(run.wall for run in runs)
    cpu = statistics.median(run.cpu for run in runs)
    return f"{name:<20} wall {wall:6.3f} s   CPU {cpu:6.3f} s   (median of {len(runs)})"


def measure(project: Path, code: Path, runs: int, warm: int = 0) -> None:
    """Print the medians of *runs* one-story edits and no-change rebuilds of *project*.

    When *project* has no site yet, it is built from nothing first, and the build right
    after that one (nothing changed, the ledger just written by it) is timed too.
    """
    if not (project / "site").is_dir():
        run_build(project, code)
        print(_line("after a cold build", [run_build(project, code)]))
    for _ in range(warm):
        run_build(project, code)
    edited: list[Timed] = []
    unchanged: list[Timed] = []
    for number in range(runs):
        edit_story(project, number)
        edited.append(run_build(project, code))
        time.sleep(SETTLE_SECONDS)
        run_build(project, code)  # records the edited file's settled stamp
        unchanged.append(run_build(project, code))
    print(_line("one story edited", edited))
    print(_line("no-change rebuild", unchanged))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=4000)
    parser.add_argument("--project", type=Path, help="an existing project to rebuild")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, help="work here (default: a new folder on tmpfs)")
    parser.add_argument("--code", type=Path, default=REPO, help="the checkout whose digest runs")
    parser.add_argument("--warm", type=int, default=0, help="untimed builds before the runs")
    args = parser.parse_args(argv)
    if args.project is not None:
        measure(args.project, args.code.resolve(), args.runs, args.warm)
        return
    with workspace(args.out) as root:
        project = root / f"rebuilds{args.stories}"
        shutil.rmtree(project, ignore_errors=True)
        (project / "content").mkdir(parents=True)
        (project / "digest.yaml").write_text(SETTINGS, encoding="utf-8")
        stories = synthetic.make_stories(args.stories, 1)
        synthetic.write_articles(stories, project / "content" / "articles")
        del stories
        # Stories written just now are racy (inputs.RACY_NS): as in bench.py, where they were
        # written long before, the cold build is to find them settled.
        time.sleep(SETTLE_SECONDS)
        measure(project, args.code.resolve(), args.runs, args.warm)


if __name__ == "__main__":
    main()
