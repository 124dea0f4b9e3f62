"""Time `digest ingest` as a whole process on the seeds and on ~1 000 Reuters stories.

    .venv/bin/python benchmarks/time_ingest.py [--stories 1000] [--runs 3]
        [--synthetic 1000 --synthetic 10000] [--dir /dev/shm]

Prints the median wall time of each and the summary line. `--synthetic N` also times N
synthetic stories in dumps of 25, as `bench.py` makes them (issue 6: 10 000 stories in 400
dumps). Skips the corpus part when ../shared/corpus/ is absent.
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
import synthetic
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
    parser.add_argument("--synthetic", type=int, action="append", default=[])
    parser.add_argument("--dir", type=Path, default=None, help="where the projects are made")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        seeds = Path(tmp) / "seeds"
        shutil.copytree(REPO / "content" / "raw", seeds / "content" / "raw")
        shutil.copy(REPO / "digest.yaml", seeds / "digest.yaml")  # digest needs its settings
        seconds, summary = time_ingest(seeds, args.runs)
        print(f"seeds: {seconds:.2f} s (median of {args.runs}) -- {summary}")
        for size in args.synthetic:
            project = Path(tmp) / f"synthetic-{size}"
            raw = project / "content" / "raw"
            dumps = synthetic.write_dumps(synthetic.make_stories(size, 1), raw)
            (project / "digest.yaml").write_text(
                "title: Bench Digest\nbase_url: https://example.org/\n", encoding="utf-8"
            )
            seconds, summary = time_ingest(project, args.runs)
            print(
                f"synthetic, {size} stories in {dumps} dumps: {seconds:.2f} s "
                f"(median of {args.runs}) -- {summary}"
            )
        if not REUTERS.exists():
            print(f"skipped the corpus: {REUTERS} is absent")
            return
        corpus = Path(tmp) / "reuters"
        dumps = write_dumps(read_corpus(REUTERS, args.stories), corpus / "content" / "raw")
        shutil.copy(REPO / "digest.yaml", corpus / "digest.yaml")
        seconds, summary = time_ingest(corpus, args.runs)
        print(
            f"reuters, {args.stories} stories in {dumps} dumps: {seconds:.2f} s "
            f"(median of {args.runs}) -- {summary}"
        )


if __name__ == "__main__":
    main()
