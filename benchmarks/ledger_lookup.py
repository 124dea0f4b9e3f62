"""What the site pays to know the date ingest guessed for a story (site/date_guesses).

    PYTHONPATH=<checkout> python benchmarks/ledger_lookup.py [--stories 4000 100000] [--runs 5]

Writes a ledger of N synthetic entries (as ingest writes it: json_text.indented; a third of
the dates guesses) on tmpfs, then prints the least CPU seconds over --runs of one story's entry
looked up alone in the ledger's bytes (what a story edit pays) and of the whole ledger read
(what a build parsing more than `_LOOKUPS` unsure stories pays, once a process).
"""

from __future__ import annotations

import argparse
import functools
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from digest.json_text import indented
from digest.paths import LEDGER_NAME
from digest.site.date_guesses import _look_up, _read


def ledger_of(count: int) -> dict[str, object]:
    """Return a ledger of *count* stories shaped as ingest writes them."""
    stories = {
        f"{number:012x}": {
            "path": f"2026/01/story-{number}.md",
            "sha256": "a" * 64,
            "keys": ["b" * 16],
            "sources": [[f"dump-{number}.txt", 1]],
            "dated": ["2026-01-13", "weekday", "guess" if number % 3 == 0 else "day"],
        }
        for number in range(count)
    }
    return {"version": 1, "stories": stories, "seen": {}}


def least(runs: int, work: Callable[[], object]) -> float:
    """Return the least CPU seconds of *runs* calls of *work*."""
    spent = []
    for _ in range(runs):
        began = time.process_time()
        work()
        spent.append(time.process_time() - began)
    return min(spent)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, nargs="+", default=[4000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    shm = Path("/dev/shm")
    content = Path(tempfile.mkdtemp(prefix="ledger-", dir=shm if shm.is_dir() else None))
    try:
        ledger = content / LEDGER_NAME
        for count in args.stories:
            ledger.write_text(indented(ledger_of(count)), encoding="utf-8")
            one = least(
                args.runs, functools.partial(_look_up, ledger, content, f"{count - 3:012x}")
            )
            whole = least(args.runs, lambda: _read(ledger, content))
            size = ledger.stat().st_size / 1e6
            print(
                f"{count:>7} stories, ledger {size:5.1f} MB: one entry looked up "
                f"{one * 1000:7.2f} ms CPU, the ledger read whole {whole * 1000:7.1f} ms CPU"
            )
    finally:
        shutil.rmtree(content, ignore_errors=True)


if __name__ == "__main__":
    main()
