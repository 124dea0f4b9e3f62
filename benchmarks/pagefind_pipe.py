"""Pagefind's run on one month once its last page is in, in wall seconds (issue 20).

    PYTHONPATH=CHECKOUT python benchmarks/pagefind_pipe.py SITE MONTH [--runs 8] [--fifo]

A one-story edit gives Pagefind the edited page through a named pipe (`pagefind_early`); what
the edit then waits for is Pagefind's index of the month, which no build can start before
the page is there. SITE is a built site/ (e.g. rebuilds.py's project), MONTH a folder of it
such as 2024/05: what Pagefind reads of each story page of that month (`search.indexed_part`)
is written to a folder, the middle page as a named pipe; Pagefind is started on it, and the
page is written into the pipe --wait seconds later (its other pages parsed by then). Printed:
the month's pages, and the wall seconds from the page's write to Pagefind's end (min /
median), alone on the machine's cores as far as the load lets it: `--fifo` runs Pagefind at
SCHED_FIFO (root), as `edit_wall.py --priority fifo` runs a build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from digest.site.pagefind import pagefind_command
from digest.site.search import indexed_part


def _fifo() -> None:
    os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))


def index_phase(
    site: Path, month: str, runs: int, wait: float, fifo: bool
) -> tuple[int, list[float]]:
    """Return the month's story pages and the seconds of each run after its piped page."""
    pages = sorted(
        page for page in (site / month).rglob("index.html") if len(page.relative_to(site).parts) > 4
    )
    piped = pages[len(pages) // 2]
    work = Path(tempfile.mkdtemp(prefix="pagefind-pipe-", dir="/dev/shm"))
    try:
        source = work / "site"
        parts: dict[Path, bytes] = {}
        for page in pages:
            target = source / page.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            parts[target] = indexed_part(page.read_bytes())
            if page != piped:
                target.write_bytes(parts[target])
        pipe = source / piped.relative_to(site)
        command = [*pagefind_command(), "--site", str(source), "--output-path", str(work / "out")]
        spent = []
        for _ in range(runs):
            shutil.rmtree(work / "out", ignore_errors=True)
            pipe.unlink(missing_ok=True)
            os.mkfifo(pipe)
            process = subprocess.Popen(
                [*command, "--silent"], cwd=work, preexec_fn=_fifo if fifo else None
            )
            time.sleep(wait)
            begun = time.monotonic()
            descriptor = os.open(pipe, os.O_WRONLY)
            try:
                os.write(descriptor, parts[pipe])
            finally:
                os.close(descriptor)
            os.wait4(process.pid, 0)
            spent.append(time.monotonic() - begun)
        return len(pages), spent
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("month", help="a month folder of the site, e.g. 2024/05")
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--wait", type=float, default=0.4, help="seconds before the page")
    parser.add_argument("--fifo", action="store_true", help="Pagefind at SCHED_FIFO (root)")
    args = parser.parse_args(argv)
    pages, spent = index_phase(args.site, args.month, args.runs, args.wait, args.fifo)
    print(
        f"{args.month}: {pages} story pages; Pagefind's end after the piped page, wall min / "
        f"median: {min(spent):.3f} / {statistics.median(spent):.3f} s ({args.runs} runs)"
    )


if __name__ == "__main__":
    main()
