"""The 100 000-story deploy, two versions of digest in turn, from one base built once.

    python benchmarks/deploy_ab.py base --work DIR [--stories 100000] [--code CHECKOUT]
    python benchmarks/deploy_ab.py trial --work DIR --code A --code B [--rounds 2]
                                   [--time module:name ...] [--events] [--spy FILE]

`base` writes the stories (`big.py`'s `_stories`, seed 1) into DIR/base and builds them with
CHECKOUT's digest, code stamp pinned (`big.pinned_command`): a cold build (~410-450 s of CPU
at 100 000 stories), a settling build and a no-change rebuild, each printed with its CPU and
peak RSS. site/ is then removed and the cache told that its project is DIR/deploy: the
folder of every trial's clone. The base is never built or opened by digest again (a cache
opened from another folder than the one it records is set aside and replaced: read it only
from a clone, or with `sqlite3` read-only).

`trial` makes DIR/deploy from the base for each trial (`deploy_big.make_clone`: hard links,
the cache file copied, so every file's stamp is new as in a fresh clone), adds one day's 50
new stories (DIR/new, written once: dated the day after the base's newest, numbered after
its last), runs one pinned `digest build` of each CHECKOUT in turn, and prints its wall time,
its CPU with its children (wait4), the CPU of the build's own process alone and its peak
RSS, then removes the clone. `--time` runs the build under `timed_calls.py` with those
functions timed (the own process's CPU of each), with `--events` every timed call's start,
end and CPU in order (where the build waits for its children: the wall beyond its own CPU);
`--spy` under `py-spy record -f raw`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import big
import deploy_big
from bench import SETTINGS

HERE = Path(__file__).resolve().parent
PIN = (
    "import sys, atexit, resource, digest.store.code as c; real = c.code_stamp; "
    "c.code_stamp = lambda: (real(), 'pinned-code-stamp')[1]; "
    "atexit.register(lambda: print('OWN %.3f' % "
    "sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), flush=True)); "
    # The own process's user and system CPU apart, and its minor page faults: a fifth of a
    # deploy's own CPU is the kernel's (session 16), and the faults do not follow the load.
    "atexit.register(lambda: print('KERNEL user %.3f s, system %.3f s, %d page faults' % "
    "(lambda r: (r.ru_utime, r.ru_stime, r.ru_minflt))(resource.getrusage("
    "resource.RUSAGE_SELF)), flush=True)); "
)
RUN = "from digest.commands.cli import main; sys.exit(main())"
TIMED = (
    "import runpy; sys.argv = ['timed_calls.py', *sys.argv[1:]]; "
    f"runpy.run_path({str(HERE / 'timed_calls.py')!r}, run_name='__main__')"
)


def make_base(work: Path, stories: int, code: Path) -> None:
    """Write and build the base (see the module); its cache then belongs to work/deploy."""
    os.environ["PYTHONPATH"] = str(code)
    project = work / "base"
    shutil.rmtree(project, ignore_errors=True)
    (project / "content").mkdir(parents=True)
    (project / "digest.yaml").write_text(SETTINGS, encoding="utf-8")
    started = time.perf_counter()
    big._stories(project, None, stories, 1)
    print(f"{stories:,} stories written in {time.perf_counter() - started:.1f} s", flush=True)
    for what in ("cold build", "settling build", "no-change rebuild"):
        big._build(project, what, big.pinned_command)
    shutil.rmtree(project / "site")
    with sqlite3.connect(project / deploy_big.CACHE / deploy_big.DATABASE) as connection:
        connection.execute(
            "UPDATE info SET value = ? WHERE name = 'project'", (str(work / "deploy"),)
        )


def _newest(articles: Path) -> tuple[dt.date, int]:
    """Return the newest date and the count of the base's stories (numbered from 0)."""
    dates = []
    count = 0
    for path in articles.rglob("*.md"):
        count += 1
        with path.open(encoding="utf-8") as story:
            for line in story:
                if line.startswith("date:"):
                    dates.append(dt.date.fromisoformat(line.split(":", 1)[1].strip()[:10]))
                    break
    return max(dates), count


def _command(
    clone: Path, timed: Sequence[str], spy: Path | None, events: bool = False
) -> list[str]:
    build = ["build", "-q", "-C", str(clone)]
    if timed:
        wrapped = [x for name in timed for x in ("--time", name)]
        wrapped += ["--events"] if events else []
        command = [sys.executable, "-c", PIN + TIMED, *wrapped, "--", *build]
    else:
        command = [sys.executable, "-c", PIN + RUN, *build]
    if spy is not None:
        command = ["py-spy", "record", "-r", "100", "-f", "raw", "-o", str(spy), "--", *command]
    return command


def trials(
    work: Path,
    codes: Sequence[Path],
    rounds: int,
    timed: Sequence[str],
    spy: Path | None,
    events: bool = False,
) -> None:
    """Time the deploy of each checkout of *codes* in turn, *rounds* times (see the module)."""
    base, clone, new = work / "base", work / "deploy", work / "new"
    if not new.exists():
        newest, count = _newest(base / "content" / "articles")
        deploy_big.write_new(new, newest + dt.timedelta(days=1), count)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # else every build compiles digest again
    for _ in range(rounds):
        for code in codes:
            deploy_big.make_clone(base, clone, new)
            os.environ["PYTHONPATH"] = str(code)
            load = os.getloadavg()[0]
            try:
                done, _ = big.timed(_command(clone, timed, spy, events))
            finally:
                shutil.rmtree(clone, ignore_errors=True)
            lines = done.output.splitlines()
            own = next((line[4:] for line in reversed(lines) if line.startswith("OWN ")), "?")
            print(
                f"{time.strftime('%H:%M:%S')} {code}: wall {done.seconds:.2f} s, CPU"
                f" {done.cpu:.2f} s, own {own} s, peak RSS {done.peak_kib / 1024:.0f} MiB,"
                f" exit {done.code}, load {load:.1f}",
                flush=True,
            )
            for line in lines:
                if (
                    " calls " in line
                    or line.startswith("KERNEL ")
                    or (timed and line.startswith("wall "))
                    or (events and " s  CPU " in line)
                ):
                    print(f"    {line}")
            if done.code != 0:
                print(done.output[-3000:])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=("base", "trial"))
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--code", type=Path, action="append", default=[])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--time", action="append", default=[], help="module:qualified.name")
    parser.add_argument("--events", action="store_true", help="the timed calls in order")
    parser.add_argument("--spy", type=Path, help="py-spy's raw profile here")
    args = parser.parse_args(argv)
    work = args.work.resolve()
    codes = [code.resolve() for code in args.code] or [HERE.parent]
    spy = args.spy.resolve() if args.spy is not None else None
    # The builds run `python -c`, which puts the working folder first on sys.path: run from a
    # checkout, its digest was the one built whatever --code said (session 15 found its base
    # and its "before" trials made by the checkout it was started from).
    work.mkdir(parents=True, exist_ok=True)
    os.chdir(work)
    if args.what == "base":
        make_base(work, args.stories, codes[0])
    else:
        trials(work, codes, args.rounds, args.time, spy, args.events)


if __name__ == "__main__":
    main()
