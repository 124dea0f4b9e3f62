"""What one Pagefind run costs by the number of story pages it indexes: a shard's fixed cost.

    PYTHONPATH=CHECKOUT python benchmarks/shard_cost.py SITE --sizes 1 20 40 80 160 320 --runs 3

SITE is a built site/ (e.g. bench.py's 4 000-story project). Its story pages
(YYYY/MM/DD/slug/index.html), oldest first, are cut into shards of each size in turn, as many
as fit in 640 pages (a shard of 320 twice, of 20 thirty-two times...): what Pagefind reads of
each page (`search.indexed_part`) is written to one folder a shard, in page order, as a build
does, and `pagefind --site` indexes each folder. The sizes alternate within each round; each
prints the CPU seconds (user + system of the runs, from os.times) for the 640 pages, the
CPU a run, and the CPU a page. A layout with fewer, larger shards saves what the runs cost
besides their pages; a story edit re-indexes its whole shard (a run of that size).
CPU, not wall: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from digest.site.pagefind import pagefind_command
from digest.site.search import indexed_part

PAGES = 640
_STORY = re.compile(r"\d{4}/\d\d/\d\d/[^/]+/index\.html")


def _story_pages(site: Path) -> list[str]:
    pages = (path.relative_to(site).as_posix() for path in site.glob("*/*/*/*/index.html"))
    return sorted(page for page in pages if _STORY.fullmatch(page))


def _write(site: Path, pages: Sequence[str], folder: Path) -> None:
    for page in pages:
        target = folder / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(indexed_part((site / page).read_bytes()))


def _run(command: Sequence[str], folders: Sequence[Path]) -> float:
    before = os.times()
    for folder in folders:
        subprocess.run(
            [*command, "--site", str(folder), "--output-path", str(folder / "_pf"), "--silent"],
            check=True,
        )
    after = os.times()
    return (
        after.children_user - before.children_user + after.children_system - before.children_system
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 20, 40, 80, 160, 320])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    pages = _story_pages(args.site)[:PAGES]
    if len(pages) < PAGES:
        raise SystemExit(f"{args.site} has {len(pages)} story pages, fewer than {PAGES}")
    command = pagefind_command()
    work = Path(tempfile.mkdtemp(prefix="shard-cost-", dir="/dev/shm"))
    try:
        folders: dict[int, list[Path]] = {}
        for size in args.sizes:
            count = PAGES // size
            folders[size] = [work / f"{size}-{number}" for number in range(count)]
            for number, folder in enumerate(folders[size]):
                _write(args.site, pages[number * size : (number + 1) * size], folder)
        seconds: dict[int, list[float]] = {size: [] for size in args.sizes}
        for round_number in range(args.runs):
            for size in args.sizes:
                for folder in folders[size]:
                    shutil.rmtree(folder / "_pf", ignore_errors=True)
                cpu = _run(command, folders[size])
                seconds[size].append(cpu)
                runs = len(folders[size])
                print(
                    f"round {round_number + 1}, shards of {size:4d}: {runs:4d} runs, "
                    f"{runs * size} pages: CPU {cpu:6.3f} s",
                    flush=True,
                )
        for size in args.sizes:
            runs = len(folders[size])
            least = min(seconds[size])
            middle = statistics.median(seconds[size])
            print(
                f"shards of {size:4d}: {runs * size} pages in {runs:4d} runs, CPU least "
                f"{least:6.3f} s (median {middle:6.3f}): {least / runs:6.4f} s a run, "
                f"{1000 * least / (runs * size):5.2f} ms a page"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
