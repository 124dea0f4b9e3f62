"""Cold builds with different search shard limits, alternating: the build's CPU and Pagefind's.

    python benchmarks/shard_sizes.py --stories 4000 --runs 5 150 300 month 300/0 300/160

Writes N synthetic stories (synthetic.py, seed 1) on tmpfs, then, --runs times, a cold build
(no site/, no cache) for each limit in turn: `site/shard_plan.plan_shards` is given the limit
and, after a "/", the packing bound (0: no sparse period packed, every month its own shard
at least; without it, `shard_plan.PACK_STORIES`) ("month": no limit and no packing, every month
whole) and Pagefind runs through /usr/bin/time, which adds
each run's user + system CPU to a log. It prints, for each build, the wall seconds, the CPU of
the whole build (its process and every child, from wait4) and of Pagefind's runs, and for each
limit the least of those over the runs (on a shared machine the least is what moves least).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic
from bench import SETTINGS, workspace

from digest.site.pagefind import pagefind_command

REPO = Path(__file__).resolve().parent.parent
# Run in the build's own process: the limit and the wrapped Pagefind are set before building.
RUNNER = """
import sys
import digest.site.pagefind as pagefind
import digest.site.shard_plan as shard_plan
limit, _, pack = sys.argv[1].partition("/")
shard_plan.plan_shards.__defaults__ = (int(limit), int(pack) if pack else None)
pagefind.pagefind_command = lambda: [sys.argv[2]]
from digest.commands.cli import main
sys.exit(main(["build", "-q", "-C", sys.argv[3]]))
"""


def cold_build(project: Path, limit: str, work: Path) -> tuple[float, float, list[float]]:
    """Return the wall and CPU seconds of one cold build, and the CPU of each Pagefind run."""
    for name in ("site", ".digest-cache", ".digest-build"):
        shutil.rmtree(project / name, ignore_errors=True)
    log = work / "pagefind-cpu.log"
    log.unlink(missing_ok=True)
    wrapper = work / "pagefind"
    binary = pagefind_command()
    wrapper.write_text(
        f'#!/bin/sh\nexec /usr/bin/time -a -o {log} -f "%U %S" {" ".join(binary)} "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-c", RUNNER, str(limit), str(wrapper), str(project)]
    started = time.perf_counter()
    # From the project: `python -c` puts its working folder first on sys.path, before REPO.
    process = subprocess.Popen(command, env=environment, cwd=project, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"the build with a shard limit of {limit} failed")
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    runs = [sum(map(float, line.split())) for line in lines if line[:1].isdigit()]
    return wall, usage.ru_utime + usage.ru_stime, runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "limits", nargs="+", help='stories a month shard may hold [/ a packed one], or "month"'
    )
    parser.add_argument("--stories", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="work here (default: a new folder on tmpfs)")
    args = parser.parse_args()
    with workspace(args.out.resolve() if args.out else None) as root:
        project = root / "project"
        (project / "content").mkdir(parents=True, exist_ok=True)
        (project / "digest.yaml").write_text(SETTINGS, encoding="utf-8")
        stories = synthetic.make_stories(args.stories, 1)
        synthetic.write_articles(stories, project / "content" / "articles")
        least: dict[str, tuple[float, float, float, int]] = {}
        for _ in range(args.runs):
            for name in args.limits:
                limit = f"{10**9}/0" if name == "month" else name
                wall, cpu, runs = cold_build(project, limit, root)
                print(
                    f"limit {name:>6}: wall {wall:6.2f} s  CPU {cpu:6.2f} s  "
                    f"Pagefind CPU {sum(runs):6.2f} s in {len(runs)} runs",
                    flush=True,
                )
                kept = least.get(name, (wall, cpu, sum(runs), len(runs)))
                least[name] = (
                    min(kept[0], wall),
                    min(kept[1], cpu),
                    min(kept[2], sum(runs)),
                    len(runs),
                )
        for name, (wall, cpu, pagefind, shards) in least.items():
            print(
                f"least, limit {name:>6}: wall {wall:6.2f} s  CPU {cpu:6.2f} s  "
                f"Pagefind CPU {pagefind:6.2f} s  ({shards} shards)"
            )


if __name__ == "__main__":
    main()
