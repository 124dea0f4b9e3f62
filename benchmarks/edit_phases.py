"""Where a one-story edit's `digest build` spends its time, step by step (issue 20).

    PYTHONPATH=CHECKOUT python benchmarks/edit_phases.py PROJECT [--story N] [--no-edit]

Appends a sentence to one story of PROJECT (a built project, e.g. one of rebuilds.py), then
runs `digest build -q` in this process with each step's function wrapped: it prints when each
step started (wall seconds since this script started, and this process's CPU seconds by then:
on a loaded machine the CPU column says how much of the build's own work lies before a step,
which the wall column cannot), its wall and CPU seconds, the cycle
collector's CPU (gc.callbacks), the imports' CPU, and the CPU of the children (Pagefind, render
workers). Run it with the digest package of the checkout to measure on PYTHONPATH; a checkout
needs its own project (the cache is keyed by digest's code), and the first build after a code
change renders every page again: build the project twice before timing.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import resource
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()
STARTED_CPU = time.process_time()

STEPS = (
    ("digest.engine.build", "scan_project"),
    ("digest.engine.build", "_unchanged_report"),
    ("digest.ingest.pipeline", "run_ingest"),
    ("digest.engine.build", "rescan_content"),
    ("digest.engine.site_build", "past_urls"),
    ("digest.engine.site_build", "read_index"),
    ("digest.engine.build", "read_ahead"),
    ("digest.engine.edit_ahead", "read_index"),
    ("digest.engine.site_build", "edit_ahead"),
    ("digest.engine.site_build", "plan_edit"),
    ("digest.engine.edit_build", "_load"),
    ("digest.engine.edit_build", "read_plans"),
    ("digest.engine.edit_build", "replan_edited"),
    ("digest.engine.site_build", "load_cards"),
    ("digest.engine.site_plan", "load_stories"),
    ("digest.engine.site_plan", "arrange"),
    ("digest.engine.site_build", "plan_build"),
    ("digest.engine.site_build", "early_search"),
    ("digest.engine.edit_ahead", "search_ahead"),
    ("digest.engine.edit_build", "_plan_edit"),
    ("digest.engine.edit_search", "render_pass"),
    ("digest.engine.edit_search", "feed_later"),
    ("digest.engine.edit_search", "start_early"),
    ("digest.engine.site_build", "open_trees"),
    ("digest.engine.edit_build", "EditPlan.at_hand"),
    ("digest.engine.site_build", "build_edited"),
    ("digest.engine.search_feed", "SearchFeed.start"),
    ("digest.engine.assembly", "Assembly.render_stories"),
    ("digest.site.pagefind", "_start"),
    ("digest.engine.assembly", "Assembly.check_links"),
    ("digest.engine.search_feed", "SearchFeed.result"),
    ("digest.engine.assembly", "_place_search"),
    ("digest.engine.assembly", "publish_site"),
    ("digest.engine.assembly", "_after_publish"),
    ("digest.engine.edit_build", "put_index"),
    ("digest.engine.site_build", "put_index"),
)


class Collector:
    """The cycle collector's runs and CPU seconds, by generation."""

    def __init__(self) -> None:
        self.runs: dict[int, list[float]] = {}
        self._began = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.process_time()
            return
        self.runs.setdefault(info["generation"], []).append(time.process_time() - self._began)

    def summary(self) -> str:
        parts = [f"gen {gen}: {len(t)} runs {sum(t):.3f} s" for gen, t in sorted(self.runs.items())]
        total = sum(sum(t) for t in self.runs.values())
        return f"cycle collector CPU {total:.3f} s ({', '.join(parts)})"


Log = list[tuple[float, str, float, float, float]]


def timed(log: Log, name: str, function: Callable[..., Any]):  # type: ignore[no-untyped-def]
    def run(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent = (time.perf_counter() - wall, time.process_time() - cpu)
            log.append((wall - STARTED, name, *spent, cpu - STARTED_CPU))

    return run


def wrap(log: Log, steps: Sequence[tuple[str, str]]) -> None:
    for module_name, name in steps:
        # A step the code measured does not have (an older checkout's) is left out.
        try:
            owner: Any = importlib.import_module(module_name)
            *path, last = name.split(".")
            for part in path:
                owner = getattr(owner, part)
            function = getattr(owner, last)
        except (ImportError, AttributeError):
            continue
        setattr(owner, last, timed(log, name, function))


def edit(project: Path, number: int) -> Path:
    paths = sorted((project / "content" / "articles").rglob("*.md"))
    path = paths[(number * 7919 + 13) % len(paths)]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f" An editor's note, phase {number}.\n", "utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--story", type=int, default=0, help="which story to edit (a number)")
    parser.add_argument("--no-edit", action="store_true", help="build without editing")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    if not args.no_edit:
        edit(project, args.story)
    collector = Collector()
    gc.callbacks.append(collector)
    from digest.commands.cli import main as digest

    for module_name in {module for module, _ in STEPS}:
        with contextlib.suppress(ImportError):  # a module an older checkout does not have
            importlib.import_module(module_name)
    imported = (time.perf_counter() - STARTED, time.process_time() - STARTED_CPU)
    log: Log = []
    wrap(log, STEPS)
    os.chdir(project)
    digest(["build", "-q"])
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"{imported[0]:7.3f}  (CPU {imported[1]:5.3f})  imports done")
    for start, name, wall, cpu, cpu_start in sorted(log):
        print(f"{start:7.3f}  (CPU {cpu_start:5.3f})  {name:30} wall {wall:6.3f}   CPU {cpu:6.3f}")
    wall, cpu = time.perf_counter() - STARTED, time.process_time() - STARTED_CPU
    print(collector.summary())
    print(
        f"total wall {wall:.3f} s   CPU {cpu:.3f} s   children CPU "
        f"{children.ru_utime + children.ru_stime:.3f} s"
    )


if __name__ == "__main__":
    main()
