"""Time `digest ingest` as a whole process on the seeds and on ~1 000 Reuters stories.

    .venv/bin/python benchmarks/time_ingest.py [--stories 1000] [--runs 3]

Prints the median wall time of each and the summary line. Skips the corpus part when
../shared/corpus/ is absent.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_dumps import REUTERS, read_corpus, write_dumps

REPO = Path(__file__).resolve().parent.parent


def time_ingest(project: Path, runs: int) -> tuple[float, str]:
    """Return the median time of a cold ingest (articles and build cache removed each run)."""
    times = []
    summary = ""
    for _ in range(runs):
        shutil.rmtree(project / ".digest-cache", ignore_errors=True)
        shutil.rmtree(project / "content" / "articles", ignore_errors=True)
        (project / "content" / ".ingest.json").unlink(missing_ok=True)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "digest", "ingest", "-q", "-C", str(project)],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(time.perf_counter() - start)
        summary = result.stdout.strip()
    return statistics.median(times), summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        shutil.copytree(REPO / "content" / "raw", seeds / "content" / "raw")
        seconds, summary = time_ingest(seeds, args.runs)
        print(f"seeds: {seconds:.2f} s (median of {args.runs}) -- {summary}")
        if not REUTERS.exists():
            print(f"skipped the corpus: {REUTERS} is absent")
            return
        corpus = Path(tmp) / "reuters"
        dumps = write_dumps(read_corpus(REUTERS, args.stories), corpus / "content" / "raw")
        seconds, summary = time_ingest(corpus, args.runs)
        print(f"reuters, {args.stories} stories in {dumps} dumps: {seconds:.2f} s "
              f"(median of {args.runs}) -- {summary}")


if __name__ == "__main__":
    main()
