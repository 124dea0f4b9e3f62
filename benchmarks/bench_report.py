"""The tables that bench.py prints: every figure at every size, ratios, growth, baseline."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench import Bench, Run

ORDER = (
    "ingest",
    "cold build",
    "cold, search off",
    "hugo cold build",
    "pagefind on hugo",
    "deploy, 50 new",
    "no-change rebuild",
    "one story edited",
    "template edited",
    "CSS edited",
)


def report(benches: Sequence[Bench]) -> str:
    """Return the table of every figure at every size, ratios and growth."""
    lines = []
    sizes = "".join(f"{bench.size:>16,}" for bench in benches)
    lines.append(f"{'stories':<22}{sizes}")
    for name in ORDER:
        cells = []
        for bench in benches:
            figure = bench.figures.get(name)
            if figure is None or not figure.runs:
                cells.append(f"{'-':>16}")
                continue
            written = f" w{max(figure.written)}" if figure.written else ""
            cells.append(f"{figure.median:>9.2f} s{written:>5}")
        lines.append(f"{name:<22}{''.join(cells)}")
    peaks = "".join(f"{bench.figures['cold build'].peak_mib:>12.0f} MiB" for bench in benches)
    lines.append(f"{'peak RSS, cold build':<22}{peaks}")
    if all(
        bench.figures.get("hugo cold build") and bench.figures["hugo cold build"].runs
        for bench in benches
    ):
        hugo_peaks = "".join(
            f"{bench.figures['hugo cold build'].peak_mib:>12.0f} MiB" for bench in benches
        )
        lines.append(f"{'peak RSS, hugo':<22}{hugo_peaks}")
        ratios = "".join(
            f"{bench.figures['cold build'].median / bench.figures['hugo cold build'].median:>16.2f}"
            for bench in benches
        )
        lines.append(f"{'digest/Hugo, cold':<22}{ratios}")
        both = "".join(_over_hugo_and_pagefind(bench) for bench in benches)
        lines.append(f"{'digest/(Hugo+Pagefind)':<22}{both}")
        paired = "".join(_paired(bench, lambda run: run.seconds) for bench in benches)
        lines.append(f"{'  same pass, median':<22}{paired}")
        cpu = "".join(_paired(bench, lambda run: run.cpu) for bench in benches)
        lines.append(f"{'  CPU s, same pass':<22}{cpu}")
        off = "".join(_search_off(bench, lambda run: run.seconds) for bench in benches)
        lines.append(f"{'search off / Hugo':<22}{off}")
        off_cpu = "".join(_search_off(bench, lambda run: run.cpu) for bench in benches)
        lines.append(f"{'  in CPU s':<22}{off_cpu}")
    shares = (("deploy / cold", "deploy, 50 new"), ("base.html / cold", "template edited"))
    for label, name in shares:
        lines.append(f"{label:<22}{''.join(_ratio(bench, name) for bench in benches)}")
    lines.append(f"{'dumps (ingest)':<22}{''.join(f'{b.dump_count:>16,}' for b in benches)}")
    if len(benches) > 1:
        small, large = benches[0], benches[-1]
        lines.append("")
        lines.append(f"growth {large.size:,} / {small.size:,} stories:")
        for name in ORDER:
            if name in small.figures and name in large.figures and small.figures[name].runs:
                ratio = large.figures[name].median / small.figures[name].median
                lines.append(f"  {name:<20}{ratio:>8.2f}")
        lines.extend(_cpu_growth(small, large))
    lines.append("")
    lines.append("w<n>: most files written to site/ by one run of that rebuild")
    return "\n".join(lines)


def _cpu_growth(small: Bench, large: Bench) -> list[str]:
    """Return the growth of the cold builds' CPU seconds (process and children, wait4): on a
    shared machine whose load changes between sizes, it moves much less than wall seconds."""
    lines = []
    for name in ("cold build", "cold, search off"):
        if name in small.figures and name in large.figures and small.figures[name].runs:
            before = statistics.median(run.cpu for run in small.figures[name].runs)
            after = statistics.median(run.cpu for run in large.figures[name].runs)
            label = f"{name}, CPU"
            lines.append(f"  {label:<22}{after / before:>6.2f}   ({before:.1f} s -> {after:.1f} s)")
    return lines


def _over_hugo_and_pagefind(bench: Bench) -> str:
    """Return the cold build over Hugo's plus Pagefind's on Hugo's site (medians)."""
    pagefind = bench.figures.get("pagefind on hugo")
    if not pagefind or not pagefind.runs:
        return f"{'-':>16}"
    hugo = bench.figures["hugo cold build"].median + pagefind.median
    return f"{bench.figures['cold build'].median / hugo:>16.2f}"


def _paired(bench: Bench, measure: Callable[[Run], float]) -> str:
    """Return the median over passes of each cold build over the Hugo and Pagefind runs of
    the same pass: the ratio least moved by a shared machine's load changing between passes."""
    pagefind = bench.figures.get("pagefind on hugo")
    if not pagefind or not pagefind.runs:
        return f"{'-':>16}"
    runs = zip(
        bench.figures["cold build"].runs,
        bench.figures["hugo cold build"].runs,
        pagefind.runs,
        strict=True,
    )
    ratios = [measure(cold) / (measure(hugo) + measure(index)) for cold, hugo, index in runs]
    return f"{statistics.median(ratios):>16.2f}"


def _search_off(bench: Bench, measure: Callable[[Run], float]) -> str:
    """Return the cold build with `search: false` over Hugo's, median of same-pass ratios."""
    off = bench.figures.get("cold, search off")
    if not off or not off.runs:
        return f"{'-':>16}"
    runs = zip(off.runs, bench.figures["hugo cold build"].runs, strict=True)
    return f"{statistics.median(measure(mine) / measure(hugo) for mine, hugo in runs):>16.2f}"


def _ratio(bench: Bench, name: str) -> str:
    """Return a figure's median over the cold build's, as a cell of the table."""
    figure, cold = bench.figures.get(name), bench.figures.get("cold build")
    if not figure or not figure.runs or not cold or not cold.runs:
        return f"{'-':>16}"
    return f"{figure.median / cold.median:>16.3f}"


def compare(benches: Sequence[Bench], before: Sequence[Bench]) -> str:
    """Return this checkout's medians over the baseline's, figure by figure."""
    lines = ["", "this checkout / baseline (median of alternating passes; wall, then CPU):"]
    for bench, old in zip(benches, before, strict=True):
        for name in ORDER:
            new_figure, old_figure = bench.figures.get(name), old.figures.get(name)
            if new_figure and old_figure and new_figure.runs and old_figure.runs:
                ratio = new_figure.median / old_figure.median
                new_cpu = statistics.median(run.cpu for run in new_figure.runs)
                old_cpu = statistics.median(run.cpu for run in old_figure.runs)
                lines.append(
                    f"  {bench.size:>7,} {name:<20}{new_figure.median:>8.2f} s"
                    f"{old_figure.median:>8.2f} s{ratio:>8.2f}"
                    f"  CPU{new_cpu:>8.2f} s{old_cpu:>8.2f} s{new_cpu / max(old_cpu, 1e-9):>8.2f}"
                )
    return "\n".join(lines)
