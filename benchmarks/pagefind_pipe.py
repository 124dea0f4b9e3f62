"""Pagefind's run on one month once its last page is in, in wall seconds (issue 20).

    PYTHONPATH=CHECKOUT python benchmarks/pagefind_pipe.py SITE MONTH [--runs 8] [--fifo]
        [--edit append|replace|insert]

A one-story edit gives Pagefind the edited page through a named pipe (`pagefind_early`); what
the edit then waits for is Pagefind's index of the month, which no build can start before
the page is there. SITE is a built site/ (e.g. rebuilds.py's project), MONTH a folder of it
such as 2024/05: what Pagefind reads of each story page of that month (`search.indexed_part`)
is written to a folder, the middle page as a named pipe; Pagefind is started on it, and the
page is written into the pipe --wait seconds later (its other pages parsed by then). Printed:
the month's pages, and the wall seconds from the page's write to Pagefind's end (min /
median), alone on the machine's cores as far as the load lets it: `--fifo` runs Pagefind at
SCHED_FIFO (root), as `edit_wall.py --priority fifo` runs a build.

`--edit append|replace|insert` changes the piped page as an edit would (a sentence appended to
its last paragraph; one word replaced by another; a word put before a paragraph in its middle,
every later word moved) and `--kept` gives each run the output folder a story-edit build gives
it (`pagefind_kept`): the hashed files of a run on the month before the edit, hard-linked;
the runs alternate with an empty output folder, and both are printed.
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


EDITS = {
    "append": lambda part: _at(part, part.rfind(b"</p>"), b" An editor's note, number 7."),
    "replace": lambda part: _at(part, part.find(b" the ", len(part) // 3), b" our", 4),
    "insert": lambda part: _at(part, part.find(b"<p>", len(part) // 3) + 3, b"Meanwhile, "),
}


def _at(part: bytes, where: int, text: bytes, cut: int = 0) -> bytes:
    """Return *part* with *text* put at *where* in place of *cut* bytes."""
    if where < 0:
        raise SystemExit("the piped page has no place for this edit")
    return part[:where] + text + part[where + cut :]


def index_phase(
    site: Path, month: str, runs: int, wait: float, fifo: bool, edit: str | None = None
) -> tuple[int, dict[bool, list[float]]]:
    """Return the month's story pages and the seconds of each run after its piped page, by
    whether its output held the last index's files (only with an *edit*: `EDITS`)."""
    pages = sorted(
        page for page in (site / month).rglob("index.html") if len(page.relative_to(site).parts) > 4
    )
    piped = pages[len(pages) // 2]
    work = Path(tempfile.mkdtemp(prefix="pagefind-pipe-", dir="/dev/shm"))
    try:
        source = work / "site"
        parts = {source / page.relative_to(site): indexed_part(page.read_bytes()) for page in pages}
        pipe = source / piped.relative_to(site)
        _fill(parts, None)
        command = [*pagefind_command(), "--site", str(source), "--output-path", str(work / "out")]
        if edit is not None:  # the index before the edit, as the last build left it
            last = [*pagefind_command(), "--site", str(source), "--output-path", str(work / "last")]
            subprocess.run([*last, "--silent"], cwd=work, check=True)
            parts[pipe] = EDITS[edit](parts[pipe])
        spent: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(runs):
            for kept in (False, True) if edit is not None else (False,):
                shutil.rmtree(work / "out", ignore_errors=True)
                if kept:
                    _link_last(work / "last", work / "out")
                shutil.rmtree(source)
                _fill(parts, pipe)  # in page order, as the build makes them: Pagefind's order
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
                spent[kept].append(time.monotonic() - begun)
        return len(pages), spent
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _fill(parts: dict[Path, bytes], pipe: Path | None) -> None:
    """Write each page's part in page order, *pipe* a named pipe instead."""
    for target, part in parts.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if target == pipe:
            os.mkfifo(target)
        else:
            target.write_bytes(part)


def _link_last(last: Path, out: Path) -> None:
    """Hard-link the hashed files of the index in *last* into *out* (`pagefind_kept`)."""
    for part in ("fragment", "index", "filter"):
        if (last / part).is_dir():
            (out / part).mkdir(parents=True)
            for file in (last / part).iterdir():
                os.link(file, out / part / file.name)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("month", help="a month folder of the site, e.g. 2024/05")
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--wait", type=float, default=0.4, help="seconds before the page")
    parser.add_argument("--fifo", action="store_true", help="Pagefind at SCHED_FIFO (root)")
    parser.add_argument("--edit", choices=sorted(EDITS), help="the piped page edited so")
    args = parser.parse_args(argv)
    pages, spent = index_phase(args.site, args.month, args.runs, args.wait, args.fifo, args.edit)
    for kept, seconds in spent.items():
        if seconds:
            output = "the last index kept" if kept else "an empty output"
            print(
                f"{args.month}: {pages} story pages, {output}; Pagefind's end after the piped "
                f"page, wall min / median: {min(seconds):.3f} / {statistics.median(seconds):.3f}"
                f" s ({args.runs} runs)"
            )


if __name__ == "__main__":
    main()
