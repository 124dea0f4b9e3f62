"""The deploy of a large built project, timed again and again without copying it each time.

    python benchmarks/deploy_big.py BUILT --work DIR --new NEW [--code CHECKOUT ...] [--runs 1]
                                   [--stamp TEXT] [--day YYYY-MM-DD --first-number N]

BUILT is a project built by `big.py --pin-code-stamp` (or with the stamp TEXT of its own
wrapper: `--stamp big5-pinned-code-stamp` for branch big5's). Its content/ and .digest-cache/
are copied once into DIR/base (every file a new inode and time: a restore), the cache told
that its project is DIR/deploy. Each trial then makes DIR/deploy from the base with hard
links (the inodes and times are still not the recorded ones, as in a fresh clone; only
cache.sqlite, which a build edits in place, is copied), adds the stories of NEW (one day's
news, under content/articles/; written there first, dated --day and numbered from
--first-number, when NEW does not exist), runs one pinned `digest build` of each CHECKOUT in turn,
prints its wall time, CPU seconds (wait4, with its workers and Pagefind) and peak RSS, and
removes the clone. The base needs the room of content/ and the cache (6 GB at 100 000
stories); a trial, the cache file (1.5 GB) and the new site's folders.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deploy
import synthetic
from big import timed

CACHE = ".digest-cache"
DATABASE = "cache.sqlite"


def make_base(built: Path, base: Path, clone: Path) -> None:
    """Copy *built*'s inputs and cache into *base* once; its cache then belongs to *clone*."""
    if (base / CACHE / DATABASE).exists():
        return
    base.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built / "digest.yaml", base / "digest.yaml")
    for name in ("content", CACHE):
        shutil.copytree(built / name, base / name, copy_function=shutil.copyfile)
    with sqlite3.connect(base / CACHE / DATABASE) as connection:
        connection.execute("UPDATE info SET value = ? WHERE name = 'project'", (str(clone),))


def make_clone(base: Path, clone: Path, new: Path) -> None:
    """Make *clone* from *base*: hard links, the cache file copied, the new stories added."""
    shutil.rmtree(clone, ignore_errors=True)
    clone.mkdir()
    shutil.copyfile(base / "digest.yaml", clone / "digest.yaml")
    subprocess.run(["cp", "-al", str(base / "content"), str(clone / "content")], check=True)
    (clone / CACHE).mkdir()
    for entry in os.scandir(base / CACHE):
        target = clone / CACHE / entry.name
        if entry.name.startswith(DATABASE):
            shutil.copyfile(entry.path, target)
        else:
            subprocess.run(["cp", "-al", entry.path, str(target)], check=True)
    shutil.copytree(new, clone / "content" / "articles", dirs_exist_ok=True)


def write_new(new: Path, day: dt.date, first: int) -> None:
    """Write one day's NEW_STORIES stories into *new* (numbers from *first*: ids unused yet)."""
    made = synthetic.make_stories(deploy.NEW_STORIES, 7)
    stories = [
        dataclasses.replace(story, number=first + n, date=day, slug=f"{story.slug}-{first + n}")
        for n, story in enumerate(made)
    ]
    synthetic.write_articles(stories, new)


def command(stamp: str, project: Path) -> list[str | Path]:
    """Return a `digest build` whose code stamp is *stamp* (computed, then replaced)."""
    code = (
        "import sys, digest.store.code as c; real = c.code_stamp; "
        f"c.code_stamp = lambda: (real(), {stamp!r})[1]; "
        "from digest.commands.cli import main; sys.exit(main())"
    )
    return [sys.executable, "-c", code, "build", "-q", "-C", project]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("built", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--new", type=Path, required=True, help="the new stories' articles")
    parser.add_argument("--code", type=Path, action="append", help="checkouts, in turn")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--stamp", default="pinned-code-stamp")
    parser.add_argument("--day", type=dt.date.fromisoformat, help="write --new: their date")
    parser.add_argument("--first-number", type=int, help="write --new: the first story number")
    args = parser.parse_args(argv)
    if not args.new.exists():
        if args.day is None or args.first_number is None:
            parser.error("--new does not exist: give --day and --first-number to write it")
        write_new(args.new, args.day, args.first_number)
    base, clone = args.work.resolve() / "base", args.work.resolve() / "deploy"
    make_base(args.built, base, clone)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # else every build compiles digest again
    for run in range(args.runs):
        for code in args.code or [Path(__file__).resolve().parent.parent]:
            make_clone(base, clone, args.new)
            os.environ["PYTHONPATH"] = str(code)
            try:
                done, _ = timed(command(args.stamp, clone), cwd=clone)  # not the caller's
            finally:
                shutil.rmtree(clone, ignore_errors=True)
            print(
                f"pass {run + 1}, {code}: deploy {done.seconds:.2f} s, CPU {done.cpu:.2f} s,"
                f" peak RSS {done.peak_kib / 1024:.0f} MiB, exit {done.code}, load"
                f" {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            if done.code != 0:
                print(done.output[-3000:])


if __name__ == "__main__":
    main()
