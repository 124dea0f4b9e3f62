"""Measure classify on real wire copy: regions and dates of the shared corpus, through ingest.

    .venv/bin/python benchmarks/eval_classify.py [--limit N] [--per-dump N] [--collected-after D]
        [--check]

Reuters-21578 (1987 wire copy, indexers' country tags) is written as dumps in the seeds'
layout, one date per dump, into a temporary project; `run_ingest` classifies and exports it,
and the articles' front matter is compared with the corpus: region top-1 accuracy (the primary
region is one of the story's regions), region set precision and recall, dateline month/day
accuracy, and the most common tags. Wikinews 2019-2020 is measured for dates three ways: with
its date line as the first paragraph, without it in dumps named by date, and without it in
dumps whose names carry no date.

Each dump's modification time is set to its newest story's true date plus `--collected-after`
days (3), as if collected then: that is its reference time. The issue-16 figures are printed
too: the exact date of wire copy in dumps whose names carry no date, the exact date where the
copy prints a year (Wikinews with its date line), and how many stories got an inferred date
(not one the copy prints: page or dateline) after their dump's reference time.

The corpus (../shared/corpus/) is for evaluation only; it is read from there and never copied
into this repository. Without it the script says so and exits 0. `--check` exits 1 when a
target (top-1 >= 99 %, month/day >= 98 %) is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from corpus_dumps import REUTERS, WIKINEWS, read_corpus, story_text

from digest import frontmatter
from digest.ingest.pipeline import run_ingest

TOP1_TARGET = 0.99
MONTH_DAY_TARGET = 0.98
Record = dict[str, Any]


def write_project(
    root: Path,
    records: list[Record],
    dump_name: Callable[[Record], str],
    per_dump: int,
    collected_after: int,
) -> tuple[dict[tuple[str, int], Record], dict[str, dt.date]]:
    """Write *records* as dumps of at most *per_dump* stories, each timed *collected_after*
    days after its newest story; return them by (dump, index) and each dump's day."""
    raw = root / "content" / "raw"
    raw.mkdir(parents=True)
    (root / "digest.yaml").write_text("title: Evaluation\n", encoding="utf-8")
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(dump_name(record), []).append(record)
    placed: dict[tuple[str, int], Record] = {}
    collected: dict[str, dt.date] = {}
    for stem, group in sorted(groups.items()):
        for part in range(0, len(group), per_dump):
            chunk = group[part : part + per_dump]
            name = f"{stem}-{part // per_dump:02d}.txt"
            text = "\n\n\n".join(story_text(r, counter=i % 2 == 0) for i, r in enumerate(chunk))
            (raw / name).write_text(text, encoding="utf-8")
            placed.update(((name, i), r) for i, r in enumerate(chunk, start=1))
            newest = max(dt.date.fromisoformat(r["date"]) for r in chunk)
            collected[name] = newest + dt.timedelta(days=collected_after)
            moment = dt.datetime.combine(collected[name], dt.time(12), dt.UTC).timestamp()
            os.utime(raw / name, (moment, moment))
    return placed, collected


@dataclass
class Run:
    """One ingest of records: (record, front matter) pairs, each dump's day, the time taken."""

    pairs: list[tuple[Record, dict[str, Any]]]
    collected: dict[str, dt.date]
    seconds: float

    def exact(self) -> int:
        return sum(data["date"] == dt.date.fromisoformat(r["date"]) for r, data in self.pairs)

    def after_reference(self) -> int:
        """Stories whose inferred date (not one the copy prints) is after the dump's day."""
        return sum(
            str(data.get("date_source")) not in _PRINTED
            and data["date"] > self.collected[data["sources"][0]["dump"]]
            for _, data in self.pairs
        )


_PRINTED = ("page", "dateline", "manual")


def classified(
    records: list[Record], dump_name: Callable[[Record], str], per_dump: int, after: int
) -> Run:
    """Ingest *records* in a temporary project; return what it made of them."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        placed, collected = write_project(project, records, dump_name, per_dump, after)
        start = time.perf_counter()
        run_ingest(project)
        seconds = time.perf_counter() - start
        pairs = []
        for path in sorted((project / "content" / "articles").rglob("*.md")):
            data, _ = frontmatter.parse(path.read_text(encoding="utf-8"))
            first = data["sources"][0]
            pairs.append((placed[(first["dump"], first["index"])], data))
    return Run(pairs, collected, seconds)


def share(hits: int, total: int) -> str:
    return f"{100 * hits / total:5.1f} %" if total else "  n/a"


def evaluate_reuters(limit: int | None, per_dump: int, after: int) -> bool:
    """Print region and dateline figures on Reuters; return whether the targets are met."""
    records = read_corpus(REUTERS, limit)
    run = classified(records, lambda r: str(r["date"]), per_dump, after)
    top1 = month_day = true_positive = false_positive = false_negative = 0
    tags: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    for record, data in run.pairs:
        truth = set(record["regions_derived"])
        regions = list(data.get("regions") or [])
        top1 += bool(regions) and regions[0] in truth
        true_positive += len(truth & set(regions))
        false_positive += len(set(regions) - truth)
        false_negative += len(truth - set(regions))
        month_day += data["date"].strftime("%m-%d") == record["date"][5:]
        tags.update(data.get("tags") or [])
        sources[str(data.get("date_source"))] += 1
    count = len(run.pairs)
    print(
        f"Reuters-21578: {count} articles from {len(records)} stories, ingest {run.seconds:.1f} s"
    )
    print(f"  region top-1 accuracy   {share(top1, count)}   (target >= {TOP1_TARGET:.0%})")
    print(f"  region set precision    {share(true_positive, true_positive + false_positive)}")
    print(f"  region set recall       {share(true_positive, true_positive + false_negative)}")
    print(
        f"  dateline month/day      {share(month_day, count)}   (target >= {MONTH_DAY_TARGET:.0%})"
    )
    print(f"  date sources            {_counts(sources.most_common())}")
    print(f"  most common tags        {_counts(tags.most_common(10))}")
    weeks = {r["id"]: _week(r["date"]) for r in records}
    undated = classified(records, lambda r: f"wire-{weeks[r['id']]}", per_dump, after)
    print(
        f"  dumps without a date in their names, timed {after} days after their newest story:"
        f" exact date {share(undated.exact(), len(undated.pairs))}, inferred date after"
        f" the reference time {undated.after_reference()} of {len(undated.pairs)}"
    )
    return top1 >= TOP1_TARGET * count and month_day >= MONTH_DAY_TARGET * count


def evaluate_wikinews(limit: int | None, per_dump: int, after: int) -> None:
    """Print date figures on Wikinews, with and without its date lines."""
    records = read_corpus(WIKINEWS, limit)
    with_line = [r | {"text": f"{r['dateline']}\n\n{r['text']}"} for r in records if r["dateline"]]
    weeks = {r["id"]: _week(r["date"]) for r in records}
    runs: Iterable[tuple[str, list[Record], Callable[[Record], str]]] = (
        ("date line as first paragraph", with_line, lambda r: f"wikinews-{weeks[r['id']]}"),
        ("no date line, dumps named by date", records, lambda r: str(r["date"])),
        ("no date line, undated dump names", records, lambda r: f"wikinews-{weeks[r['id']]}"),
    )
    print(f"Wikinews 2019-2020: {len(records)} stories (truth: publication date)")
    for label, chosen, dump_name in runs:
        run = classified(chosen, dump_name, per_dump, after)
        pairs = run.pairs
        exact = near = 0
        by_source: dict[str, list[int]] = {}
        for record, data in pairs:
            days = abs((data["date"] - dt.date.fromisoformat(record["date"])).days)
            exact += days == 0
            near += days <= 3
            counts = by_source.setdefault(str(data.get("date_source")), [0, 0])
            counts[0] += 1
            counts[1] += days == 0
        detail = ", ".join(
            f"{s} {n} ({share(e, n).strip()} exact)" for s, (n, e) in by_source.items()
        )
        print(
            f"  {label:36s} exact {share(exact, len(pairs))}, within 3 days "
            f"{share(near, len(pairs))}, inferred after reference {run.after_reference()}; {detail}"
        )


def _week(date: str) -> str:
    year, week, _ = dt.date.fromisoformat(date).isocalendar()
    return f"{year}w{week:02d}"


def _counts(items: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{name} {count}" for name, count in items)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=None, help="stories to read from each file")
    parser.add_argument("--per-dump", type=int, default=25, help="stories per dump")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--collected-after",
        type=int,
        default=3,
        help="days from a dump's newest story to its file time",
    )
    args = parser.parse_args()
    if not REUTERS.exists():
        print(f"skipped: {REUTERS} is absent (the corpus is not part of this repository)")
        return 0
    met = evaluate_reuters(args.limit, args.per_dump, args.collected_after)
    if WIKINEWS.exists():
        evaluate_wikinews(args.limit, args.per_dump, args.collected_after)
    else:
        print(f"skipped Wikinews: {WIKINEWS} is absent")
    return 1 if args.check and not met else 0


if __name__ == "__main__":
    sys.exit(main())
