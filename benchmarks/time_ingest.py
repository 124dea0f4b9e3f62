"""Time `digest ingest` as a whole process on the seeds and on ~1 000 Reuters stories.

    .venv/bin/python benchmarks/time_ingest.py [--stories 1000] [--wikinews 294] [--runs 3]
        [--synthetic 1000 --synthetic 10000] [--dir /dev/shm] [--code DIR --code DIR]

Prints the median wall time of each and the summary line. `--synthetic N` also times N
synthetic stories in dumps of 25, as `bench.py` makes them (issue 6: 10 000 stories in 400
dumps). `--stories N` times N Reuters stories, `--wikinews N` N Wikinews records (a held-out
shape: a dump a day, about one story each). Skips a corpus when ../shared/corpus/ lacks it.

`--code DIR` (twice or more: checkouts of digest, e.g. a `git worktree add --detach` of the
commit before a change) times each project with each checkout's code in turn, alternating
run by run, so that a busy machine slows them alike; it prints each one's median wall time
and CPU time (the process and its workers, user + system) and their ratio to the first.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic
from corpus_dumps import REUTERS, WIKINEWS, read_corpus, write_dumps

REPO = Path(__file__).resolve().parent.parent


def _cold(project: Path) -> None:
    """Remove what an ingest made (articles, ledger, its account, the build cache)."""
    shutil.rmtree(project / ".digest-cache", ignore_errors=True)
    shutil.rmtree(project / "content" / "articles", ignore_errors=True)
    (project / "content" / ".ingest.json").unlink(missing_ok=True)
    (project / "content" / ".ingest-report.json").unlink(missing_ok=True)


def _ingest_once(project: Path, code: Path | None) -> tuple[float, float, str]:
    """Run one cold ingest; return its wall time, CPU time (with its workers) and summary."""
    _cold(project)
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "digest", "ingest", "-q", "-C", str(project)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        # `python -m` puts the working folder first on sys.path, before PYTHONPATH: run in
        # the checkout, or a run started inside another checkout times that one's digest.
        cwd=code,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stdout.strip()


def time_ingest(project: Path, runs: int) -> tuple[float, str]:
    """Return the median time of a cold ingest (articles and build cache removed each run)."""
    times = []
    summary = ""
    for _ in range(runs):
        seconds, _, summary = _ingest_once(project, None)
        times.append(seconds)
    return statistics.median(times), summary


def compare(label: str, project: Path, runs: int, codes: list[Path]) -> None:
    """Time *project* with each checkout in *codes*, alternating; print medians and ratios."""
    walls: dict[Path, list[float]] = {code: [] for code in codes}
    cpus: dict[Path, list[float]] = {code: [] for code in codes}
    summaries: dict[Path, str] = {}
    for _ in range(runs):
        for code in codes:
            wall, cpu, summaries[code] = _ingest_once(project, code)
            walls[code].append(wall)
            cpus[code].append(cpu)
    first = codes[0]
    for code in codes:
        wall, cpu = statistics.median(walls[code]), statistics.median(cpus[code])
        ratio = wall / statistics.median(walls[first])
        cpu_ratio = cpu / statistics.median(cpus[first])
        print(
            f"{label} with {code}: {wall:.2f} s wall, {cpu:.2f} s CPU (medians of {runs}; "
            f"{ratio:.2f} x the first, CPU {cpu_ratio:.2f} x) -- {summaries[code]}",
            flush=True,
        )


def _measure(label: str, project: Path, args: argparse.Namespace) -> None:
    if args.code:
        compare(label, project, args.runs, args.code)
        return
    seconds, summary = time_ingest(project, args.runs)
    print(f"{label}: {seconds:.2f} s (median of {args.runs}) -- {summary}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--stories", type=int, default=1000, help="Reuters stories to time (0: none)"
    )
    parser.add_argument(
        "--wikinews", type=int, default=0, help="Wikinews records to time (0: none)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--synthetic", type=int, action="append", default=[])
    parser.add_argument("--dir", type=Path, default=None, help="where the projects are made")
    parser.add_argument(
        "--code", type=Path, action="append", default=[], help="a checkout of digest to time"
    )
    args = parser.parse_args()
    args.code = [code.resolve() for code in args.code]
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        seeds = Path(tmp) / "seeds"
        shutil.copytree(REPO / "content" / "raw", seeds / "content" / "raw")
        _settings(seeds)
        _measure("seeds", seeds, args)
        for size in args.synthetic:
            project = Path(tmp) / f"synthetic-{size}"
            raw = project / "content" / "raw"
            dumps = synthetic.write_dumps(synthetic.make_stories(size, 1), raw)
            _settings(project)
            _measure(f"synthetic, {size} stories in {dumps} dumps", project, args)
        for name, path, count in (
            ("reuters", REUTERS, args.stories),
            ("wikinews", WIKINEWS, args.wikinews),
        ):
            if count == 0:
                continue  # (0: that corpus is not timed)
            if not path.exists():
                print(f"skipped {name}: {path} is absent")
                continue
            corpus = Path(tmp) / name
            records = read_corpus(path, count)
            dumps = write_dumps(records, corpus / "content" / "raw")
            _settings(corpus)
            _measure(f"{name}, {len(records)} records in {dumps} dumps", corpus, args)


def _settings(project: Path) -> None:
    """Give *project* the least settings digest needs: ones every checkout compared reads
    (the sample's digest.yaml has keys an older digest refuses)."""
    (project / "digest.yaml").write_text(
        "title: Bench Digest\nbase_url: https://example.org/\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
