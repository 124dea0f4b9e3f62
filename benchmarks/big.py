"""One large project measured once: cold build, no-change rebuild, deploy with 50 new stories.

    python benchmarks/big.py [--stories 100000] [--seed 1] [--out DIR] [--corpus DIR]
                             [--built [--runs N]] [--pin-code-stamp]

Writes N synthetic stories (synthetic.py) as digest articles on tmpfs (/dev/shm) when there
is one, then times as whole processes, once each (a large run is too slow to repeat):

- cold build: `digest build` with no site/ and no cache, and its peak RSS (wait4: the
  largest of the process and every child it waited for) and CPU seconds (wait4: user +
  system of the build and of its workers and Pagefind runs);
- no-change rebuild, after one build that lets the new files' stamps settle;
- deploy: the project made a fresh clone in place (content/ and .digest-cache/ copied anew,
  so every file time and inode is new, site/ gone), 50 new stories dated the next day added,
  then `digest build`; with its ratio to the cold build.

`--built` times an existing project instead (DIR/big<N> under --out, built by an earlier
run, its stamps settled): `--runs` no-change rebuilds, then a deploy on a fresh clone of it made
in its place (the cache records the project's folder), which is then put back as it was, so
the 37 minutes of a cold build at 100 000 stories are paid once for any number of trials.
The 50 new stories come from --corpus DIR/new (else they are made again).

`--corpus DIR` takes the stories from DIR/content/articles (and the 50 new ones from DIR/new
when it holds them) instead of writing them: writing 100 000 stories takes minutes. A corpus
of N stories for seed S is what `--stories N --seed S` writes.

Every build's memory is sampled (the RSS of the build's process and of its children, every
0.2 s) and printed as a profile: the largest RSS of the build's own process in each tenth of
its run, and the largest sum over its children (parse and render workers, Pagefind).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deploy
import synthetic
from bench import SETTINGS, Run, check, digest_command, workspace

SAMPLE_SECONDS = 0.2


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as found:
            return [int(child) for child in found.read().split()]
    except OSError:
        return []


def _sample(pid: int, samples: list[tuple[float, int, int]], done: threading.Event) -> None:
    """Record (seconds, RSS of *pid*, RSS of its children and theirs) until *done*."""
    started = time.perf_counter()
    while not done.wait(SAMPLE_SECONDS):
        pending, children = _children(pid), 0
        while pending:
            child = pending.pop()
            children += _rss_kib(child)
            pending.extend(_children(child))
        samples.append((time.perf_counter() - started, _rss_kib(pid), children))


def timed(
    command: Sequence[str | Path], cwd: Path | None = None
) -> tuple[Run, list[tuple[float, int, int]]]:
    """Run *command* (in *cwd*); return its wall time, its peak RSS (wait4) and its RSS
    samples. `python -c` and `python -m` put their working folder first on sys.path: run from
    a checkout, that checkout's digest is the one timed whatever PYTHONPATH names, so a
    digest command runs in its project (`_build`), where no digest package lies."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(part) for part in command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=cwd,
    )
    samples: list[tuple[float, int, int]] = []
    done = threading.Event()
    sampler = threading.Thread(target=_sample, args=(process.pid, samples, done), daemon=True)
    sampler.start()
    assert process.stdout is not None
    output = process.stdout.read()
    # wait4's ru_maxrss is the largest RSS of the process and of every child it waited for.
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    sampler.join()
    seconds = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime  # the build's and its children's (workers, Pagefind)
    code = os.waitstatus_to_exitcode(status)
    return Run(seconds, int(usage.ru_maxrss), code, output, cpu), samples


def _profile(samples: list[tuple[float, int, int]], seconds: float) -> None:
    """Print the largest RSS of the build and of its children in each tenth of the run."""
    print(f"{'':<4}{'from':>8} {'to':>8} {'build MiB':>10} {'children MiB':>13}")
    for tenth in range(10):
        low, high = seconds * tenth / 10, seconds * (tenth + 1) / 10
        inside = [(own, kids) for at, own, kids in samples if low <= at < high]
        if inside:
            own = max(own for own, _ in inside) / 1024
            kids = max(kids for _, kids in inside) / 1024
            print(f"{'':<4}{low:>7.1f}s {high:>7.1f}s {own:>10.0f} {kids:>13.0f}")


def _copy_anew(folder: Path) -> None:
    """Replace *folder* by a copy of itself: every file a new inode and time (a restore)."""
    copy = folder.with_name(folder.name + ".copy")
    shutil.copytree(folder, copy, copy_function=shutil.copyfile)
    shutil.rmtree(folder)
    copy.rename(folder)


Command = Callable[..., list[str | Path]]


def _build(project: Path, what: str, command: Command = digest_command) -> Run:
    project = project.resolve()
    run, samples = timed(command("build", "-q", "-C", project), cwd=project)
    check(run, what)
    print(
        f"{what:<22}{run.seconds:>9.2f} s   CPU {run.cpu:>9.2f} s   "
        f"peak RSS {run.peak_kib / 1024:>7.0f} MiB",
        flush=True,
    )
    _profile(samples, run.seconds)
    return run


def _stories(
    project: Path, corpus: Path | None, count: int, seed: int
) -> list[synthetic.Story] | None:
    """Write (or copy from *corpus*) the project's *count* stories; return the deploy's new
    ones when they were made with them (making 100 000 stories again takes minutes)."""
    articles = project / "content" / "articles"
    if corpus is not None:
        shutil.copytree(corpus / "content" / "articles", articles)
        return None
    stories = synthetic.make_stories(count + deploy.NEW_STORIES, seed)
    synthetic.write_articles(stories[:count], articles)
    return deploy.new_stories(count, seed, stories)


def _new_stories(
    project: Path, corpus: Path | None, made: list[synthetic.Story] | None, size: int, seed: int
) -> None:
    articles = project / "content" / "articles"
    if corpus is not None and (corpus / "new").is_dir():
        shutil.copytree(corpus / "new", articles, dirs_exist_ok=True)
        return
    synthetic.write_articles(made or deploy.new_stories(size, seed), articles)


def _deploy(project: Path, new_stories: Callable[[], None], command: Command) -> Run:
    """Make *project* a fresh clone in place, add the new stories, build it (see module)."""
    shutil.rmtree(project / "site")
    for name in ("content", deploy.CACHE):
        _copy_anew(project / name)
    new_stories()
    return _build(project, f"deploy, {deploy.NEW_STORIES} new", command)


def _built(project: Path, new_stories: Callable[[], None], runs: int, command: Command) -> None:
    """Time no-change rebuilds and a deploy of an already built *project*; keep it as it was."""
    for _ in range(runs):
        _build(project, "no-change rebuild", command)
    kept = project.with_name(project.name + ".built")
    project.rename(kept)
    try:  # the clone, where the project was (the cache records its folder)
        project.mkdir()
        shutil.copyfile(kept / "digest.yaml", project / "digest.yaml")
        for name in ("content", deploy.CACHE):
            shutil.copytree(kept / name, project / name, copy_function=shutil.copyfile)
        new_stories()
        _build(project, f"deploy, {deploy.NEW_STORIES} new", command)
    finally:
        shutil.rmtree(project, ignore_errors=True)
        kept.rename(project)


def pinned_command(*args: str | Path) -> list[str | Path]:
    """Return a digest command whose code stamp is a constant (computed, then replaced).

    Every cache key holds the code stamp, so a project built by one version of digest is a
    cold build to any other; pinned, a site built once (37 minutes at 100 000 stories) is
    reused by the next version's no-change and deploy trials. Only for comparing versions
    whose output is the same.
    """
    code = (
        "import sys, digest.store.code as c; real = c.code_stamp; "
        "c.code_stamp = lambda: (real(), 'pinned-code-stamp')[1]; "
        "from digest.commands.cli import main; sys.exit(main())"
    )
    return [sys.executable, "-c", code, *args]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="work here (default: a new folder on tmpfs)")
    parser.add_argument("--corpus", type=Path, help="copy the stories from here (see above)")
    parser.add_argument("--built", action="store_true", help="time a project built before")
    parser.add_argument("--runs", type=int, default=1, help="no-change rebuilds, with --built")
    parser.add_argument("--pin-code-stamp", action="store_true", help="see pinned_command")
    args = parser.parse_args(argv)
    command = pinned_command if args.pin_code_stamp else digest_command
    with workspace(args.out) as root:
        project = root / f"big{args.stories}"
        if args.built:

            def again() -> None:
                _new_stories(project, args.corpus, None, args.stories, args.seed)

            _built(project, again, args.runs, command)
            return
        shutil.rmtree(project, ignore_errors=True)
        (project / "content").mkdir(parents=True)
        (project / "digest.yaml").write_text(SETTINGS, encoding="utf-8")
        started = time.perf_counter()
        made = _stories(project, args.corpus, args.stories, args.seed)
        print(f"{args.stories:,} stories written in {time.perf_counter() - started:.1f} s")
        cold = _build(project, "cold build", command)
        _build(project, "settling build", command)
        _build(project, "no-change rebuild", command)

        def new() -> None:
            _new_stories(project, args.corpus, made, args.stories, args.seed)

        deployed = _deploy(project, new, command)
        print(f"{'deploy / cold':<22}{deployed.seconds / cold.seconds:>9.3f}")
        print(f"{'deploy / cold, CPU':<22}{deployed.cpu / cold.cpu:>9.3f}")


if __name__ == "__main__":
    main()
