"""Where a build's seconds go: `digest <argv>` with each stage of `engine/site_build` timed.

    python benchmarks/stages.py build -q -C <project>

Prints, for each stage of the site build, its wall seconds, the CPU seconds of the build's
own process, and those of the children reaped during it (parse and render workers, and
Pagefind's runs, which are reaped where the build waits for them: some of a run's CPU
shows in a later stage than the one it ran in). "start-up" is everything before the site
build (the input scan, ingest; its CPU also counts importing digest, its wall does not);
"other" is what no stage below names.
"""

from __future__ import annotations

import functools
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

from digest.commands.cli import main as digest_main
from digest.engine import assembly, search_feed, site_build

_rows: list[tuple[str, float, float, float]] = []


def _clock() -> tuple[float, float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (
        time.perf_counter(),
        own.ru_utime + own.ru_stime,
        children.ru_utime + children.ru_stime,
    )


def _timed(name: str | Callable[..., str], function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        before = _clock()
        try:
            return function(*args, **kwargs)
        finally:
            after = _clock()
            label = name if isinstance(name, str) else name(*args)
            wall, own, children = (b - a for a, b in zip(before, after, strict=True))
            _rows.append((label, wall, own, children))

    return wrapper


def _render_label(assembly: Any, paths: Any) -> str:
    stories = set(assembly.plan.story_pages())
    return "story pages" if paths and paths[0] in stories else "other pages and feeds"


def _patch() -> None:
    build = site_build
    build.load_cards = _timed("parse (load_cards)", build.load_cards)  # type: ignore[attr-defined]
    build.plan_build = _timed("arrange + plan", build.plan_build)  # type: ignore[attr-defined]
    build.open_trees = _timed("open staging", build.open_trees)  # type: ignore[attr-defined]
    parts = assembly.Assembly
    parts.render = _timed(_render_label, parts.render)  # type: ignore[method-assign]
    parts.check_links = _timed("links to gone", parts.check_links)  # type: ignore[method-assign]
    build._remember_cards = _timed("cards into the cache", build._remember_cards)
    search_feed.SearchFeed.result = _timed(  # type: ignore[method-assign]
        "waiting for Pagefind", search_feed.SearchFeed.result
    )
    assembly._place_search = _timed("search files placed", assembly._place_search)
    assembly.publish_site = _timed("publish", assembly.publish_site)  # type: ignore[attr-defined]
    build._build_site = _timed("site build (all)", build._build_site)


def _report(total: tuple[float, float, float]) -> str:
    merged: dict[str, list[float]] = {}
    for label, *figures in _rows:
        sums = merged.setdefault(label, [0.0, 0.0, 0.0])
        for index, value in enumerate(figures):
            sums[index] += value
    whole = merged.pop("site build (all)", [0.0, 0.0, 0.0])
    named = [sum(values[i] for values in merged.values()) for i in range(3)]
    merged["other (in the site build)"] = [w - n for w, n in zip(whole, named, strict=True)]
    merged = {"start-up, scan, ingest": [t - w for t, w in zip(total, whole, strict=True)]} | merged
    merged["whole process"] = list(total)
    lines = [f"{'stage':32} {'wall':>8} {'main CPU':>9} {'children':>9}"]
    for label, (wall, own, children) in merged.items():
        lines.append(f"{label:32} {wall:8.2f} {own:9.2f} {children:9.2f}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    _patch()
    code = digest_main(argv)
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = (
        time.perf_counter() - started,
        own.ru_utime + own.ru_stime,
        children.ru_utime + children.ru_stime,
    )
    print(_report(total), file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
