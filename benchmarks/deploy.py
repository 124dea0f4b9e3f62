"""The deploy figure: a fresh clone, its `.digest-cache/` restored, 50 new stories, one build.

A deploy (Netlify, GitHub Actions) clones the repository, so every file of content/ has a
new time and inode, restores `.digest-cache/` from the last deploy by copying it (new times
and inodes again), and runs `digest build` with no site/. What the cache holds is keyed by
content, so only the new stories' pages, the pages that list them and their search shard
should be made. The 50 new stories are dated the day after the newest one, as a day's news.
content/.urls.json, the URL history, is the one the last deploy's build wrote, as an editor
who commits all of content/ has it (`--no-history`: none, as this benchmark's clones had it
till session 15: every page is then planned again).

    python benchmarks/deploy.py [--size 1000] [--runs 2] [--profile FILE] [--out DIR]
                                [--code CHECKOUT --code CHECKOUT] [--no-history]

times that deploy against cold builds of the same project, alternating (median of --runs),
and counts the files whose bytes the deploy changed, by kind; `bench.py` measures the same
deploy among its other figures. With `--code` (twice or more), only deploys are timed, of
each checkout in turn (`--runs` passes), each from a cache its own deploy left.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import synthetic

NEW_STORIES = 50
CACHE = ".digest-cache"
HISTORY = Path("content") / ".urls.json"  # the URL history a build writes, in the project
HISTORY_SUFFIX = "-urls.json"
REPO = Path(__file__).resolve().parent.parent  # the digest timed, unless PYTHONPATH says
SETTINGS = "title: Bench Digest\nbase_url: https://example.org/\n"


def new_stories(
    size: int, seed: int, made: Sequence[synthetic.Story] | None = None
) -> list[synthetic.Story]:
    """Return NEW_STORIES stories after the first *size*, all dated the next day.

    *made* is `synthetic.make_stories(size + NEW_STORIES, seed)` when the caller has it.
    """
    stories = made if made is not None else synthetic.make_stories(size + NEW_STORIES, seed)
    day = max(story.date for story in stories[:size]) + dt.timedelta(days=1)
    return [
        dataclasses.replace(story, date=day, slug=f"{story.slug}-{story.number}")
        for story in stories[size:]
    ]


def fresh_clone(articles: Path, clone: Path) -> None:
    """Copy the project's inputs as a clone would: new file times and inodes, no site/."""
    shutil.rmtree(clone, ignore_errors=True)
    clone.mkdir(parents=True)
    shutil.copyfile(articles / "digest.yaml", clone / "digest.yaml")
    shutil.copytree(articles / "content", clone / "content", copy_function=shutil.copyfile)
    (clone / "content" / ".ingest.json").unlink(missing_ok=True)


def restore_cache(saved: Path, clone: Path) -> None:
    """Put the saved cache back as a deploy's cache step does: copied, every time new."""
    shutil.rmtree(clone / CACHE, ignore_errors=True)
    shutil.copytree(saved, clone / CACHE, copy_function=shutil.copyfile)


def history_of(saved: Path) -> Path:
    """Return where the URL history that the build of *saved* left is kept beside it."""
    return saved.with_name(f"{saved.name}{HISTORY_SUFFIX}")


def prepare(articles: Path, clone: Path, saved: Path, build: Callable[[Path], object]) -> None:
    """Deploy once from nothing (the last deploy) and keep its cache as a deploy would, and
    the URL history it wrote as the repository holds it (`next_deploy`)."""
    fresh_clone(articles, clone)
    build(clone)
    shutil.rmtree(saved, ignore_errors=True)
    shutil.copytree(clone / CACHE, saved, copy_function=shutil.copyfile)
    shutil.copyfile(clone / HISTORY, history_of(saved))


def next_deploy(
    articles: Path,
    clone: Path,
    saved: Path,
    stories: list[synthetic.Story],
    *,
    history: bool = True,
) -> None:
    """Set up the next deploy: a fresh clone with *stories* added, the cache restored.

    *history*: the clone holds content/.urls.json as the last deploy's build left it, as a
    repository does whose editor commits all of content/ (docs/daily-loop.md) and built
    those stories before the new ones came. Without it the clone has no URL history: a
    build then plans every page again (its history is not the plan index's).
    """
    fresh_clone(articles, clone)
    synthetic.write_articles(stories, clone / "content" / "articles")
    if history:
        shutil.copyfile(history_of(saved), clone / HISTORY)
    restore_cache(saved, clone)


# -- the deploy figure alone -----------------------------------------------------------------


def site_digests(site: Path) -> dict[str, str]:
    """Return every file of *site* with the SHA-256 of its bytes."""
    found: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[path.relative_to(site).as_posix()] = digest
    return found


def kind_of(path: str) -> str:
    """Return the kind of a site file, for the count of what a deploy changed."""
    parts = path.split("/")
    numbered = " (numbered)" if "page" in parts[:-1] else ""
    if parts[0] in ("tags", "regions"):
        if len(parts) == 2:
            return f"{parts[0]} index"
        return f"{parts[0][:-1]} {'feeds' if parts[-1].endswith('.xml') else 'pages'}{numbered}"
    if parts[0] == "pagefind":
        return "search index"
    if parts[0].isdigit() and not numbered:
        return {3: "month pages", 4: "day pages", 5: "story pages"}.get(len(parts), "other")
    return f"day and month pages{numbered}" if parts[0].isdigit() else "other"


def changes(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, int]:
    """Count the files that appeared, went or changed, by kind."""
    counts: dict[str, int] = {}
    for path in set(before) | set(after):
        if before.get(path) != after.get(path):
            counts[kind_of(path)] = counts.get(kind_of(path), 0) + 1
    return counts


@dataclass(frozen=True, slots=True)
class Timed:
    """One build: wall seconds, CPU seconds of it and its children (Pagefind, workers)."""

    wall: float
    cpu: float
    report: str


def timed_build(project: Path, profile: Path | None = None, code: Path | None = None) -> Timed:
    """Run `digest build` on *project* (with the digest in *code*, else PYTHONPATH's);
    return its times and its report line."""
    command = [sys.executable, "-m", "digest", "build", "-C", str(project)]
    if profile is not None:
        command[1:3] = ["-m", "cProfile", "-o", str(profile), "-m", "digest"]
    # Run from the project: `python -m` puts the working folder first on sys.path, which
    # would import whatever digest is there instead of the one PYTHONPATH names.
    given = str(code) if code is not None else os.environ.get("PYTHONPATH", str(REPO))
    environ = {**os.environ, "PYTHONPATH": given}
    environ.pop("PYTHONDONTWRITEBYTECODE", None)  # else every build compiles digest again
    before = os.times()
    started = time.perf_counter()
    done = subprocess.run(
        command, check=True, capture_output=True, text=True, cwd=project, env=environ
    )
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    said = [line for line in done.stdout.splitlines() if "base_url" not in line]
    report = [line.partition("site: ")[2] or line for line in said if line.strip()]
    return Timed(wall, cpu, " / ".join(report))


def compare(
    root: Path,
    articles: Path,
    codes: Sequence[Path],
    runs: int,
    size: int,
    seed: int,
    history: bool = True,
) -> None:
    """Time deploys alone of each digest in *codes*, alternating; each has its own cache.

    Every cache key holds the code stamp, so each version deploys from a cache its own
    earlier deploy left (`prepare`); the cold build is not timed.
    """
    timed: dict[Path, list[Timed]] = {code: [] for code in codes}
    new = new_stories(size, seed)
    for number, code in enumerate(codes):
        clone, saved = root / f"deploy-{number}", root / f"deploy-cache-{number}"
        prepare(articles, clone, saved, functools.partial(timed_build, code=code))
    for run in range(runs):
        for number, code in enumerate(codes):
            clone, saved = root / f"deploy-{number}", root / f"deploy-cache-{number}"
            next_deploy(articles, clone, saved, new, history=history)
            timed[code].append(timed_build(clone, code=code))
            done = timed[code][-1]
            print(f"pass {run + 1}, {code}: deploy {done.wall:.2f} s ({done.cpu:.2f} s CPU)")
    for code, runs_of in timed.items():
        wall = statistics.median(run.wall for run in runs_of)
        cpu = statistics.median(run.cpu for run in runs_of)
        print(
            f"{code}: deploy of {size} + {NEW_STORIES}, median wall {wall:.2f} s, CPU {cpu:.2f} s"
        )


def main(argv: Sequence[str] | None = None) -> None:
    """Time cold builds and deploys of one project, alternating; say what a deploy changes."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--size", type=int, default=1000, help="stories before the deploy")
    parser.add_argument("--runs", type=int, default=2, help="cold builds and deploys (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", type=Path, help="cProfile the last deploy into this file")
    parser.add_argument("--out", type=Path, help="work and keep the projects here")
    parser.add_argument(
        "--code",
        type=Path,
        action="append",
        help="time deploys alone of this checkout (repeat: alternating); no cold builds",
    )
    parser.add_argument(
        "--no-history",
        action="store_true",
        help="the clone without content/.urls.json (every page planned again; `next_deploy`)",
    )
    args = parser.parse_args(argv)
    history = not args.no_history
    shm = Path("/dev/shm")
    tmpfs = shm if shm.is_dir() else None
    root = args.out or Path(tempfile.mkdtemp(prefix="digest-deploy-", dir=tmpfs))
    articles, clone, saved = root / "articles", root / "deploy", root / "deploy-cache"
    shutil.rmtree(articles, ignore_errors=True)
    (articles / "content").mkdir(parents=True)
    (articles / "digest.yaml").write_text(SETTINGS, encoding="utf-8")
    stories = synthetic.make_stories(args.size, args.seed)
    synthetic.write_articles(stories, articles / "content" / "articles")
    if args.code:
        compare(root, articles, args.code, args.runs, args.size, args.seed, history)
        if args.out is None:
            shutil.rmtree(root, ignore_errors=True)
        return
    prepare(articles, clone, saved, timed_build)
    last = site_digests(clone / "site")
    cold: list[Timed] = []
    deploys: list[Timed] = []
    for run in range(args.runs):
        for name in ("site", CACHE):
            shutil.rmtree(articles / name, ignore_errors=True)
        cold.append(timed_build(articles))
        next_deploy(articles, clone, saved, new_stories(args.size, args.seed), history=history)
        deploys.append(timed_build(clone, args.profile if run == args.runs - 1 else None))
        print(
            f"pass {run + 1}: cold {cold[-1].wall:.2f} s ({cold[-1].cpu:.2f} s CPU),"
            f" deploy {deploys[-1].wall:.2f} s ({deploys[-1].cpu:.2f} s CPU): {deploys[-1].report}",
            flush=True,
        )
    wall = [statistics.median(run.wall for run in runs) for runs in (cold, deploys)]
    cpu = [statistics.median(run.cpu for run in runs) for runs in (cold, deploys)]
    print(
        f"{args.size} stories (load {os.getloadavg()[0]:.1f}): cold {wall[0]:.2f} s, deploy"
        f" {wall[1]:.2f} s, deploy / cold {wall[1] / wall[0]:.3f}; CPU (user + system, with"
        f" children) cold {cpu[0]:.2f} s, deploy {cpu[1]:.2f} s, ratio {cpu[1] / cpu[0]:.3f}"
    )
    counts = changes(last, site_digests(clone / "site"))
    print(f"files whose bytes the deploy changed: {sum(counts.values())}")
    for kind, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        print(f"{count:8d}  {kind}")
    if args.out is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
