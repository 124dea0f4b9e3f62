"""The URL history's term pages on a big site: how long writing and reading them takes.

    PYTHONPATH=. python benchmarks/term_history.py --terms 20000 --runs 5

Makes *terms* tag pages that never moved (what nearly every entry is), then prints the least
of *runs* times to make the file's JSON of them (`terms_record`, what every build compares
with the file) and to read it back (`read_terms`, what every build that plans does).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import orjson

from digest.store.term_history import TermUrls, read_terms, terms_record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--terms", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    terms = {f"tags/tag-number-{n}/": TermUrls(f"Tag Number {n}") for n in range(args.terms)}
    made, read = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        data = orjson.dumps(terms_record(terms))
        made.append(time.perf_counter() - started)
        started = time.perf_counter()
        read_terms(Path("content/.urls.json"), orjson.loads(data))
        read.append(time.perf_counter() - started)
    print(
        f"{args.terms} term pages, {len(data) / 1e6:.2f} MB: made {min(made) * 1000:.1f} ms,"
        f" read {min(read) * 1000:.1f} ms (least of {args.runs})"
    )


if __name__ == "__main__":
    main()
