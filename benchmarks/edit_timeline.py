"""A one-story edit's build step by step, and what more or less of its work costs it (issue 20).

    python benchmarks/edit_timeline.py --runs 8 [--fifo] PROJECT:CHECKOUT[:EXPERIMENT] ...

Each side is a built project and the checkout whose digest builds it, with an experiment or
none; sides are taken in turn (the same project may be named twice: two experiments on one
checkout). Each run appends a sentence to one story (as bench.py does) and runs the program
(`main()` of commands/cli, as `python -m digest build -q` does) in a new process where the
functions of the steps below are wrapped as their modules load (no module is imported
early: `edit_phases.py` imports them all first, which moves ~0.13 s of imports out of the
timeline), with each top-level import's own time. Printed for each side, medians: when each
step began (seconds since the interpreter's first line), its wall and its CPU seconds; and the
build's end and CPU, min / median.

An experiment says what the build's place on the critical path is worth:

- `busy-before=STEP=SECONDS` / `busy-after=STEP=SECONDS`: SECONDS of CPU spent just before or
  after STEP (`site_build.plan_edit`, `pagefind_early.feed_later`, ...): work added before the
  edited page is rendered, or beside Pagefind's run after it;
- `idle-after-page`: once the page is given to Pagefind, the build waits for Pagefind's run
  to end before it goes on: how long Pagefind takes after the page when the build leaves
  the machine to it (the timeline's `pagefind ended`).

With `--fifo` each build runs at SCHED_FIFO (root), as `edit_wall.py --priority fifo` does.
Each checkout needs its own project, built twice by it (the cache is keyed by digest's code).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rebuilds import edit_story

# module -> its functions to time (a dotted name for a method)
STEPS = {
    "digest.engine.build": [
        "scan_project",
        "read_state",
        "_unchanged_report",
        "open_cache",
        "_settings_and_ingest",
    ],
    "digest.engine.edit_ahead": ["read_index", "edit_ahead", "search_ahead"],
    "digest.site.pagefind_early": ["launch", "feed_later"],
    "digest.config": ["load_config"],
    "digest.engine.site_build": [
        "past_urls",
        "plan_edit",
        "early_search",
        "open_trees",
        "build_edited",
    ],
    "digest.engine.edit_build": ["replan_edited"],
    "digest.engine.edit_search": ["render_pass"],
    "digest.engine.search_feed": ["SearchFeed.result"],
    "digest.engine.assembly": [
        "Assembly.render_stories",
        "Assembly.check_links",
        "_place_search",
        "publish_site",
    ],
    "digest.store.inputs": ["ProjectInputs.record"],
    "digest.store.cache": ["Cache.close"],
}

INNER = r"""
import time
FIRST, FIRST_CPU = time.perf_counter(), time.process_time()
import atexit, importlib.util, json, os, select, sys
STEPS, EXPERIMENT, OUT = json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
events, launched, depth = [], [], [0]
kind, _, rest = EXPERIMENT.partition("=")
at, _, seconds = rest.partition("=")
def spin(seconds):
    end = time.process_time() + float(seconds)
    while time.process_time() < end:
        pass
def timed(name, function):
    def run(*args, **kwargs):
        if kind == "busy-before" and name.endswith(at):
            spin(seconds)
        wall, cpu = time.perf_counter(), time.process_time()
        depth[0] += 1
        try:
            result = function(*args, **kwargs)
        finally:
            depth[0] -= 1
            events.append((wall - FIRST, name, time.perf_counter() - wall,
                           time.process_time() - cpu, depth[0]))
        if name.endswith("pagefind_early.launch"):
            launched.append(result)
        if kind == "busy-after" and name.endswith(at):
            spin(seconds)
        if kind == "idle-after-page" and name.endswith("pagefind_early.feed_later") and launched:
            handle = os.pidfd_open(launched[-1].pid)
            poll = select.poll()
            poll.register(handle, select.POLLIN)
            poll.poll()
            events.append((time.perf_counter() - FIRST, "pagefind ended", 0.0, 0.0, 0))
        return result
    return run
outer = [0]
class Timed:
    def find_spec(self, name, path=None, target=None):
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or not hasattr(spec.loader, "exec_module"):
            return spec
        load = spec.loader.exec_module
        def exec_module(module):
            wall, cpu = time.perf_counter(), time.process_time()
            outer[0] += 1
            try:
                load(module)
            finally:
                outer[0] -= 1
                if outer[0] == 0:
                    events.append((wall - FIRST, "import " + name, time.perf_counter() - wall,
                                   time.process_time() - cpu, 0))
            for dotted in STEPS.get(name, ()):
                owner, (*path, last) = module, dotted.split(".")
                for part in path:
                    owner = getattr(owner, part)
                if hasattr(owner, last):
                    short = name.rpartition(".")[2] + "." + dotted
                    setattr(owner, last, timed(short, getattr(owner, last)))
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, Timed())
def report():
    end, cpu = time.perf_counter() - FIRST, time.process_time() - FIRST_CPU
    with open(OUT, "a", encoding="utf-8") as out:
        out.write(json.dumps({"events": events, "end": end, "cpu": cpu}) + "\n")
atexit.register(report)
from digest.commands.cli import main
sys.argv = ["digest", "build", "-q", "-C", sys.argv[1]]
sys.exit(main())
"""


def one_edit(project: Path, code: Path, experiment: str, out: Path, fifo: bool) -> None:
    """Build *project* with the digest of *code* once, its timeline appended to *out*."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-c", INNER, str(project), json.dumps(STEPS), experiment, str(out)]
    if fifo:
        command = ["chrt", "-f", "10", *command]
    done = subprocess.run(command, capture_output=True, env=env, cwd="/", check=False)
    if done.returncode != 0:
        raise SystemExit(f"digest build failed:\n{done.stderr.decode('utf-8', 'replace')}")


def summary(name: str, runs: list[dict[str, object]]) -> None:
    """Print each step's median start, wall and CPU seconds, then the build's end and CPU."""
    rows: dict[str, list[tuple[float, float, float]]] = {}
    for run in runs:
        events = run["events"]
        assert isinstance(events, list)
        seen: set[str] = set()
        for start, step, wall, cpu, depth in events:
            if depth <= 1 and step not in seen:  # a step's first call, and its callees' once
                seen.add(step)
                rows.setdefault(step, []).append((start, wall, cpu))
    print(f"{name} ({len(runs)} one-story edits), medians: start, wall, CPU seconds")
    ordered = sorted(rows.items(), key=lambda item: statistics.median([r[0] for r in item[1]]))
    for step, values in ordered:
        if len(values) * 2 < len(runs):
            continue  # a step not every build takes
        start, wall, cpu = (statistics.median([value[n] for value in values]) for n in range(3))
        print(f"  {step[:44]:<44} {start:7.4f} {wall:7.4f} {cpu:7.4f}")
    for key in ("end", "cpu"):
        figures = [float(str(run[key])) for run in runs]
        low, middle = min(figures), statistics.median(figures)
        print(f"  {'the build: ' + key:<44} min {low:.4f} / median {middle:.4f}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sides", nargs="+", help="PROJECT:CHECKOUT[:EXPERIMENT], in turn")
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--first", type=int, default=9000, help="number of the first edit")
    parser.add_argument("--fifo", action="store_true", help="build at SCHED_FIFO (root)")
    args = parser.parse_args(argv)
    sides = []
    for side in args.sides:
        project, _, rest = side.partition(":")
        code, _, experiment = rest.partition(":")
        sides.append((Path(project).resolve(), Path(code).resolve(), experiment or "none"))
    with tempfile.TemporaryDirectory() as folder:
        outs = [Path(folder) / f"{number}.jsonl" for number in range(len(sides))]
        number = args.first
        for _ in range(args.runs):
            for (project, code, experiment), out in zip(sides, outs, strict=True):
                edit_story(project, number)
                number += 1
                one_edit(project, code, experiment, out, args.fifo)
        for (project, code, experiment), out in zip(sides, outs, strict=True):
            runs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
            summary(f"{code.name} on {project.name}, {experiment}", runs)


if __name__ == "__main__":
    main()
