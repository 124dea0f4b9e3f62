"""Time the look for a story that grew in its dump (`Ledger._grown`) against a big ledger.

    PYTHONPATH=. python benchmarks/growth_look.py [--entries 100000] [--repeat 5]

Prints the best of *repeat* runs of `Ledger.story_ids` for one new story when (a) it comes
from a new dump (the look is skipped: a deploy), (b) it comes from a dump ingested before
(every entry is tested once), (c) every story of the ledger, all known, read again (the look
for stories no dump holds any more), and the time of `prefix_keys` for a story of 200 000
characters (the most it looks at).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from digest.ingest.fingerprints import prefix_keys
from digest.ingest.ledger import Ledger, LedgerEntry
from digest.models import Block, RawStory, Source, Story


def _story(dump: str, words: int) -> Story:
    body = " ".join(f"word{number}" for number in range(words))
    raw = RawStory(Source(dump, 1), 1, "A Title", (), (Block("paragraph", (body,)),))
    return Story(raw, (Source(dump, 1),), keys=("new-key",))


def _ledger(entries: int) -> Ledger:
    stories = {
        f"{number:012x}": LedgerEntry(
            f"2026/01/s{number}.md", "0" * 64, [f"k{number}"], [(f"d{number // 20}.txt", 1)]
        )
        for number in range(entries)
    }
    seen = {f"d{number // 20}.txt": "2026-01-01T00:00:00+00:00" for number in range(entries)}
    return Ledger(stories, seen)


def _best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ledger = _ledger(args.entries)
    nowhere = Path("/nonexistent")
    new = [_story("new.txt", 50)]
    known = [_story("d0.txt", 50)]
    long_story = _story("d0.txt", 30_000)
    print(f"ledger of {args.entries} entries, best of {args.repeat}:")
    skipped = _best(lambda: ledger.story_ids(new, nowhere, {}), args.repeat)
    print(f"  a new dump's story:           {skipped * 1000:8.2f} ms")
    looked = _best(lambda: ledger.story_ids(known, nowhere, {}), args.repeat)
    print(f"  an ingested dump's new story: {looked * 1000:8.2f} ms")
    every = [
        Story(
            RawStory(Source(dump, index), 1, "T", (), ()),
            (Source(dump, index),),
            keys=tuple(entry.keys),
        )
        for entry in ledger.entries.values()
        for dump, index in entry.sources
    ]
    again = _best(lambda: ledger.story_ids(every, nowhere, {}), args.repeat)
    print(f"  every story known, read again: {again * 1000:7.2f} ms")
    cut = _best(lambda: prefix_keys(long_story.primary), args.repeat)
    print(f"  prefix_keys, 200 000 chars:   {cut * 1000:8.2f} ms")


if __name__ == "__main__":
    main()
