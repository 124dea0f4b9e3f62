"""One large project measured once: cold build, no-change rebuild, deploy with 50 new stories.

    python benchmarks/big.py [--stories 100000] [--seed 1] [--out DIR]

Writes N synthetic stories (synthetic.py) as digest articles on tmpfs (/dev/shm) when there
is one, then times as whole processes, once each (a large run is too slow to repeat):

- cold build: `digest build` with no site/ and no cache, and its peak RSS (wait4: the
  largest of the process and every child it waited for);
- no-change rebuild, after one build that lets the new files' stamps settle;
- deploy: the project made a fresh clone in place (content/ and .digest-cache/ copied anew,
  so every file time and inode is new, site/ gone), 50 new stories dated the next day added,
  then `digest build`; with its ratio to the cold build.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deploy
import synthetic
from bench import SETTINGS, Run, check, digest_command, timed, workspace


def _copy_anew(folder: Path) -> None:
    """Replace *folder* by a copy of itself: every file a new inode and time (a restore)."""
    copy = folder.with_name(folder.name + ".copy")
    shutil.copytree(folder, copy, copy_function=shutil.copyfile)
    shutil.rmtree(folder)
    copy.rename(folder)


def _build(project: Path, what: str) -> Run:
    run = check(timed(digest_command("build", "-q", "-C", project)), what)
    print(f"{what:<22}{run.seconds:>9.2f} s   peak RSS {run.peak_kib / 1024:>7.0f} MiB", flush=True)
    return run


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="work here (default: a new folder on tmpfs)")
    args = parser.parse_args(argv)
    with workspace(args.out) as root:
        project = root / f"big{args.stories}"
        shutil.rmtree(project, ignore_errors=True)
        (project / "content").mkdir(parents=True)
        (project / "digest.yaml").write_text(SETTINGS, encoding="utf-8")
        started = time.perf_counter()
        stories = synthetic.make_stories(args.stories, args.seed)
        synthetic.write_articles(stories, project / "content" / "articles")
        del stories
        print(f"{args.stories:,} stories written in {time.perf_counter() - started:.1f} s")
        cold = _build(project, "cold build")
        _build(project, "settling build")
        _build(project, "no-change rebuild")
        shutil.rmtree(project / "site")
        for name in ("content", deploy.CACHE):
            _copy_anew(project / name)
        new = deploy.new_stories(args.stories, args.seed)
        synthetic.write_articles(new, project / "content" / "articles")
        deployed = _build(project, f"deploy, {deploy.NEW_STORIES} new")
        print(f"{'deploy / cold':<22}{deployed.seconds / cold.seconds:>9.3f}")


if __name__ == "__main__":
    main()
