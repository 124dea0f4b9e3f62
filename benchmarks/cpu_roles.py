"""Where a cold build's CPU goes, process by process: the build's own, its forked workers',
Pagefind's runs' and the small programs it starts, from the scheduler's own accounting.

    python benchmarks/cpu_roles.py --runs 3 P500 P500-search-off
    python benchmarks/cpu_roles.py --runs 3 --baseline 26afa73 P500
    python benchmarks/cpu_roles.py --hugo H500 --runs 3

Each run builds a project cold (site/, the cache, the ledger removed first, as `bench.py`
does) under `perf record -e sched:sched_stat_runtime` (needs perf, and root or
perf_event_paranoid <= 0), and adds up the CPU time the kernel charged to each process of
the build's tree. Processes are told apart by role: the build's own ("main"), the Python
processes it forked ("forked": parse and render workers, the templates' child), the programs
it started ("pagefind", "python -I": the hashing child, the spare's copy), and the count of
each. Unlike `resource.getrusage(RUSAGE_CHILDREN)` this sees every child separately, and
unlike wall seconds it holds on a loaded machine (a busy neighbour lengthens a build's wall
time, not the CPU its processes use). With --baseline REV, the same builds run with digest
at REV (`git archive`) too, alternating run by run; with --hugo, `hugo` and Pagefind on its
output are measured the same way. Prints each run, then each role's median over the runs.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import baseline_command, checkout, digest_command, hugo_binary, workspace

from digest.site.pagefind import pagefind_command

EVENTS = ("sched:sched_stat_runtime", "sched:sched_process_fork", "sched:sched_process_exec")
PERF = ["perf", "record", "-q", *[part for event in EVENTS for part in ("-e", event)]]
LINE = re.compile(r"^\s*(.+?)\s+(\d+)/(\d+)\s+[\d.]+:\s+(\S+):\s+(.*)$")


def roles_of(command: Sequence[str | Path], folder: Path) -> dict[str, float]:
    """Run *command* under perf; return the CPU seconds of each role (and `<role> #`: how
    many processes had it)."""
    data = folder / "perf.data"
    environment = {**os.environ}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    recorded = subprocess.run(
        [*PERF, "-o", str(data), "--", *map(str, command)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if recorded.returncode != 0:
        raise SystemExit(f"perf record failed: {recorded.stderr.strip()}")
    script = subprocess.run(
        ["perf", "script", "-i", str(data), "-F", "comm,pid,tid,time,event,trace"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data.unlink(missing_ok=True)
    runtime: Counter[int] = Counter()
    programs: dict[int, str] = {}
    first: int | None = None
    for line in script.splitlines():
        found = LINE.match(line)
        if found is None:
            continue
        _, pid, _, event, rest = found.groups()
        process = int(pid)
        first = process if first is None else first
        if event.endswith("sched_stat_runtime"):
            spent = re.search(r"runtime=(\d+)", rest)
            runtime[process] += int(spent.group(1)) if spent else 0
        elif event.endswith("sched_process_exec"):
            name = re.search(r"filename=(\S+)", rest)
            programs[process] = Path(name.group(1)).name if name else "?"
    roles: dict[str, float] = {}
    for process, nanoseconds in runtime.items():
        role = "main" if process == first else _role(programs.get(process))
        roles[role] = roles.get(role, 0.0) + nanoseconds / 1e9
        roles[f"{role} #"] = roles.get(f"{role} #", 0.0) + 1
    return roles


def _role(program: str | None) -> str:
    if program is None:
        return "forked"
    if "pagefind" in program:
        return "pagefind"
    if program.startswith("python"):
        return "python -I"  # the hashing child, the spare's copy: programs of their own
    return program


def clean(project: Path) -> None:
    """Remove what a build made, as `bench.py` does before a cold build."""
    for name in ("site", ".digest-cache", ".digest-build"):
        shutil.rmtree(project / name, ignore_errors=True)
    (project / "content" / ".ingest.json").unlink(missing_ok=True)


def show(name: str, roles: Mapping[str, float]) -> str:
    total = sum(value for role, value in roles.items() if not role.endswith("#"))
    parts = [
        f"{role} {value:.3f} s ({roles[role + ' #']:.0f})"
        for role, value in sorted(roles.items())
        if not role.endswith("#")
    ]
    return f"{name:34} total {total:.3f} s: " + ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("projects", nargs="*", type=Path, help="articles projects to build cold")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", help="a git revision to alternate with this checkout")
    parser.add_argument("--hugo", type=Path, action="append", default=[], help="a Hugo site")
    args = parser.parse_args()
    with workspace(None) as root:
        commands = {"": digest_command}
        if args.baseline:
            commands = {"branch ": digest_command}
            commands[f"{args.baseline} "] = baseline_command(checkout(args.baseline, root))
        figures: dict[str, list[dict[str, float]]] = {}
        for _ in range(args.runs):
            for project in args.projects:
                for label, command in commands.items():
                    clean(project)
                    roles = roles_of(command("build", "-q", "-C", project), root)
                    name = f"{label}{project.name}"
                    figures.setdefault(name, []).append(roles)
                    print(show(name, roles), flush=True)
            for site in args.hugo:
                output = Path(tempfile.mkdtemp(dir=root))
                hugo: list[str | Path] = [hugo_binary(), "--quiet", "-s", site, "-d", output]
                roles = roles_of(hugo, root)
                figures.setdefault(f"hugo {site.name}", []).append(roles)
                print(show(f"hugo {site.name}", roles), flush=True)
                index: list[str | Path] = [*pagefind_command(), "--site", output, "--silent"]
                roles = roles_of(index, root)
                figures.setdefault(f"pagefind on hugo {site.name}", []).append(roles)
                print(show(f"pagefind on hugo {site.name}", roles), flush=True)
                shutil.rmtree(output, ignore_errors=True)
        print("median of the runs:")
        for name, runs in figures.items():
            names = {role for roles in runs for role in roles}
            median = Counter(
                {role: statistics.median(roles.get(role, 0.0) for roles in runs) for role in names}
            )
            print(show(name, median))


if __name__ == "__main__":
    main()
