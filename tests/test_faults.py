"""Faults: `digest build` killed at random moments, two builds at once, a full or read-only disk.

Whatever happens to a build, the editor's Markdown and the last complete site/ survive it,
and the next build succeeds. Every process started here is bounded in time and stopped.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest

from digest import frontmatter
from digest.commands.cli import main
from digest.paths import LOCK_FILE
from digest.store.lock import BuildLockTimeout, build_lock
from tests.conftest_project import REPO, make_project, snapshot

TRIALS = 50  # builds killed while they run
COMPLETE_EVERY = 10  # besides, after every tenth trial a build runs to its end
VOCABULARY = [
    *("harbour", "bridge", "council", "minister", "farmers", "river", "election", "budget"),
    *("school", "hospital", "rail", "strike", "court", "museum", "drought", "storm"),
    *("vaccine", "festival", "border", "tariff", "census", "reactor", "dam", "library"),
    *("airport", "factory", "mine", "forest", "glacier", "canal", "market", "bank"),
    *("union", "police", "army", "navy", "senate", "mayor", "judge", "province"),
    *("island", "valley", "coast", "desert", "port", "tunnel", "highway", "pipeline"),
]

# Runs in its own process: imports digest once, then forks one `digest build` per request,
# as `digest build -C PROJECT` would run, so that each trial costs a build and not a start-up.
DRIVER = """
import os, sys, traceback
from pathlib import Path
from digest.commands.cli import main
from digest.config import load_config
from digest.ingest.gazetteer import load_gazetteer
# what `build` would import on its way
import digest.engine.build, digest.ingest.pipeline, digest.engine.site_build

project, logs = sys.argv[1], Path(sys.argv[2])
load_gazetteer(load_config(Path(project)).classify)
print("ready", flush=True)
for line in sys.stdin:
    trial = line.strip()
    pid = os.fork()
    if pid == 0:
        log = os.open(logs / (trial + ".log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        code = 70
        try:
            code = main(["build", "-q", "-C", project])
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    print(pid, flush=True)
    _, status = os.waitpid(pid, 0)
    print(os.waitstatus_to_exitcode(status), flush=True)
"""


def digest(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the `digest` command in a new process."""
    return subprocess.run(
        [sys.executable, "-m", "digest", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in this process, as the `digest` script does."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def trial_dump(number: int) -> bytes:
    """Return a dump with one new story, unlike every other trial's."""
    words = random.Random(number).choices(VOCABULARY, k=60)
    title = f"Trial {number} " + " ".join(words[:4]).title()
    body = " ".join(words[4:34]) + f", officials said on 13 January 2026 (trial {number})."
    more = " ".join(words[34:]) + "."
    text = f"{title}\n\nTT\n\n{title}\n\n{body}\n\n{more}\n"
    return text.encode("utf-8")


class Driver:
    """The forking build driver: `start()` a build, then kill it or wait for it."""

    def __init__(self, project: Path, logs: Path) -> None:
        logs.mkdir(exist_ok=True)
        self.logs = logs
        self.process = subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(project), str(logs)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        assert self._read() == "ready"

    def _read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the build driver died"
        return line.strip()

    def start(self, name: str) -> int:
        assert self.process.stdin is not None
        self.process.stdin.write(name + "\n")
        self.process.stdin.flush()
        return int(self._read())

    def result(self) -> int:
        return int(self._read())

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        if not path.exists():  # killed between fork and opening its log: it said nothing
            return ""
        return path.read_text(encoding="utf-8", errors="replace")

    def build(self, name: str) -> str:
        """Run one build to its end; return its output, failing the test if it failed."""
        self.start(name)
        code = self.result()
        assert code == 0, self.log(name)
        return self.log(name)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[tuple[Driver, Path]]:
    project = make_project(tmp_path / "project", seeds=True)
    hand = project / "content" / "articles" / "by-hand" / "editor.md"
    hand.parent.mkdir(parents=True)
    hand.write_text(
        "---\ntitle: Written By The Editor\ndate: 2026-01-13\nregions: [Europe]\n---\n\n"
        "A story nobody but the editor touches.\n",
        encoding="utf-8",
    )
    running = Driver(project, tmp_path / "logs")
    try:
        yield running, project
    finally:
        running.close()


def articles(project: Path) -> dict[str, bytes]:
    """Return every visible Markdown article (what the site is built from)."""
    folder = project / "content" / "articles"
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*.md"))
        if not any(part.startswith(".") for part in path.relative_to(folder).parts)
    }


def site_files(project: Path) -> dict[str, bytes]:
    return snapshot(project / "site")


def _written(project: Path, number: int, moment: str, site_folder: int) -> bool:
    """Tell whether the build has written the trial's article, or swapped in a new site."""
    if moment == "article":
        return any((project / "content" / "articles").glob(f"*/*/trial-{number}-*.md"))
    try:
        return os.stat(project / "site").st_ino != site_folder
    except FileNotFoundError:
        return False


def _wait_until(pid: int, done: Callable[[], bool], seconds: float = 30) -> None:
    """Poll *done* while process *pid* runs (bounded)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not done():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.0002)


def test_build_killed_at_random_moments_loses_nothing(driver: tuple[Driver, Path]) -> None:
    running, project = driver
    started = time.monotonic()
    running.build("first")
    full = time.monotonic() - started
    # The editor corrects a generated story: from now on it is the editor's.
    edited_path = next((project / "content" / "articles").rglob("*finland*.md"))
    edited_path.write_bytes(edited_path.read_bytes().replace(b"Nordic country", b"Nordic state"))
    running.build("after-edit")
    site = site_files(project)
    before = articles(project)
    rng = random.Random(20260113)
    kills = landed_after_swap = number = 0
    while kills < TRIALS:
        number += 1
        assert number <= 3 * TRIALS, f"only {kills} builds could be killed in flight"
        (project / "content" / "raw" / f"trial-{number:03d}.txt").write_bytes(trial_dump(number))
        name = f"trial-{number:03d}"
        if number % (COMPLETE_EVERY + 1) == 0:
            started = time.monotonic()
            output = running.build(name)
            full = max(full, time.monotonic() - started)  # builds grow with the archive
            # Only the editor's correction is kept as edited: files that killed builds
            # wrote whole, before they could record them, are recognised as digest's.
            assert "1 kept as edited" in output, output
            site, before = site_files(project), articles(project)
            continue
        # Most kills come at a random moment; some right after the build wrote the trial's
        # article or swapped in the new site, where a few milliseconds decide.
        moment = ("random", "random", "random", "article", "swap")[number % 5]
        site_folder = os.stat(project / "site").st_ino
        pid = running.start(name)
        if moment == "random":
            time.sleep(rng.uniform(0, full * 1.15))
        else:
            written = functools.partial(_written, project, number, moment, site_folder)
            _wait_until(pid, written)
        with contextlib.suppress(ProcessLookupError):  # it may have finished already
            os.kill(pid, signal.SIGKILL)
        code = running.result()
        assert code in (0, -signal.SIGKILL), running.log(name)
        assert "Traceback" not in running.log(name)
        killed = code == -signal.SIGKILL
        kills += killed

        now = articles(project)
        for path, data in before.items():
            assert now.get(path) == data, f"trial {number}: {path} was changed or lost"
        for path in set(now) - set(before):
            # A story of this trial's dump or of an earlier one whose build was killed.
            front, body = frontmatter.parse(now[path].decode("utf-8"))
            story = int(str(front["title"]).split()[1])
            assert 1 <= story <= number, path
            assert f"(trial {story})." in body and body.endswith(".\n"), f"{path} is cut short"
        ledger = project / "content" / ".ingest.json"
        assert json.loads(ledger.read_text(encoding="utf-8"))["version"] == 1

        current = site_files(project)
        if killed and current != site:
            # The kill came after the swap: what is there must be the whole new site,
            # exactly what a build of the same input writes.
            landed_after_swap += 1
            running.build(f"{name}-check")
            assert site_files(project) == current, f"trial {number}: site/ was half-written"
        site, before = current, articles(project)
    print(f"\n{kills} builds killed, {landed_after_swap} of them after swapping in the new site")

    output = running.build("final")
    assert "1 kept as edited" in output, output
    final = articles(project)
    titles = sorted(str(frontmatter.parse(d.decode())[0]["title"]) for d in final.values())
    trial_titles = [title for title in titles if title.startswith("Trial ")]
    assert len(trial_titles) == len(set(trial_titles)) == number
    assert final[edited_path.relative_to(project / "content/articles").as_posix()].count(
        b"Nordic state"
    )
    assert "Written By The Editor" in titles
    pages = [p for p in (project / "site").rglob("index.html") if "/trial-" in p.as_posix()]
    assert len(pages) == len(trial_titles)
    assert not (project / ".digest-build").exists()  # no half-written site, no lock left
    assert list((project / "content").rglob("*.tmp")) == []


# --- two builds at once -------------------------------------------------------------------


class Lines(threading.Thread):
    """Collect the lines a process writes to a stream, as they come."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__(daemon=True)
        self.stream = stream
        self.lines: list[str] = []

    def run(self) -> None:
        for line in self.stream:
            self.lines.append(line)

    def wait_for(self, text: str, seconds: float) -> str:
        """Return what was read once a line holds *text* (or when *seconds* are up)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not any(text in line for line in self.lines):
            time.sleep(0.05)
        return "".join(self.lines)


@contextlib.contextmanager
def held_elsewhere(project: Path) -> Iterator[None]:
    """Hold the build lock in another thread: to this thread, another build is running."""
    taken, done = threading.Event(), threading.Event()

    def hold() -> None:
        with build_lock(project):
            taken.set()
            done.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert taken.wait(30)
        yield
    finally:
        done.set()
        holder.join(60)


def test_the_build_lock_is_reentrant_in_a_thread_and_excludes_other_threads(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "project")
    with build_lock(project), build_lock(project, wait=0):  # the CLI, then build() inside
        assert (project / LOCK_FILE).exists()
    assert not (project / LOCK_FILE).exists()
    with held_elsewhere(project), pytest.raises(BuildLockTimeout), build_lock(project, wait=0):
        pass


def test_the_build_lock_waits_silently_unless_the_caller_says_how_to_tell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "project")
    told: list[str] = []
    with held_elsewhere(project):
        # The library says nothing on the terminal; a command passes what tells the user.
        with pytest.raises(BuildLockTimeout), build_lock(project, wait=0.2):
            pass
        with pytest.raises(BuildLockTimeout), build_lock(project, wait=0.2, on_wait=told.append):
            pass
    assert capsys.readouterr() == ("", "")
    assert told == [
        f"another digest build is running in {project} (pid {os.getpid()}); waiting\u2026"
    ]


def test_a_second_build_waits_for_the_lock_and_writes_nothing_meanwhile(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    with build_lock(project):  # another build, as far as anyone can tell
        process = subprocess.Popen(
            [sys.executable, "-m", "digest", "build", "-q", "-C", str(project)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stderr is not None
        stderr = Lines(process.stderr)
        stderr.start()
        try:
            seen = stderr.wait_for("waiting", 60)
            assert (
                f"another digest build is running in {project} (pid {os.getpid()}); waiting\u2026"
                in seen
            ), seen
            time.sleep(0.5)
            assert process.poll() is None
            assert not (project / "content" / "articles").exists()
            assert not (project / "site").exists()
        except BaseException:
            process.kill()
            process.wait(timeout=30)
            raise
    assert process.wait(timeout=120) == 0, "".join(stderr.lines)
    assert process.stdout is not None
    assert "5 stories (5 written" in process.stdout.read()
    process.stdout.close()
    assert (project / "site" / "index.html").is_file()
    assert not (project / LOCK_FILE).exists()


@pytest.mark.parametrize("verb", ["build", "ingest"])
def test_a_build_that_must_not_wait_refuses_clearly(tmp_path: Path, verb: str) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    with held_elsewhere(project):
        result = digest(verb, "-C", str(project), "--wait", "0")  # a real process
        waited = run_cli(verb, "-C", str(project), "--wait", "0.3")  # this one
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"digest: error: another digest build is still running in {project} (pid {os.getpid()}); "
        "nothing was written: run the command again when it is done "
        "(or give --wait SECONDS to wait for it)"
    )
    assert waited.returncode == 1 and "Traceback" not in waited.stderr
    assert "waiting\u2026" in waited.stderr and "after 0.3 s" in waited.stderr
    assert not (project / "content" / "articles").exists() and not (project / "site").exists()


def test_two_builds_started_together_run_one_after_the_other(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    command = [sys.executable, "-m", "digest", "build", "-q", "-C", str(project)]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = []
    try:
        for process in processes:
            out, err = process.communicate(timeout=120)
            results.append((process.returncode, out, err))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
    assert [code for code, _, _ in results] == [0, 0], results
    summaries = sorted(out.split(";")[0] for _, out, _ in results)
    # One ingest wrote the five stories, the other found them written: no interleaving.
    assert [s.split("(")[1].split(",")[0] for s in summaries] == ["0 written", "5 written"]
    assert sum("waiting\u2026" in err for _, _, err in results) <= 1
    assert len(articles(project)) == 5
    once = site_files(project)
    assert run_cli("build", "-q", "-C", str(project)).returncode == 0
    assert site_files(project) == once


def test_serve_rebuild_waits_for_a_running_build_then_reports_it(tmp_path: Path) -> None:
    from digest.serve.http import Broadcaster, BuildGate
    from digest.serve.rebuild import Rebuilder

    project = make_project(tmp_path / "project")
    calls: list[Path] = []
    rebuilder = Rebuilder(project, BuildGate(), Broadcaster(), run_build=calls.append)  # type: ignore[arg-type]
    rebuilder.lock_wait = 0.2
    with held_elsewhere(project):
        outcome = rebuilder.rebuild()
    assert outcome is not None and outcome.event.kind == "error"
    assert "another digest build is still running" in outcome.message
    assert calls == []


# --- a full disk, a read-only site --------------------------------------------------------


def _mount(*args: str) -> bool:
    """Run mount(8); False when this machine or user may not mount."""
    try:
        result = subprocess.run(["mount", *args], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def _read_only_mount(folder: Path) -> bool:
    """Make *folder* a read-only bind mount of itself (what root cannot write to)."""
    return _mount("--bind", str(folder), str(folder)) and _mount(
        "-o", "remount,bind,ro", str(folder)
    )


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """Return a folder on its own 8 MB file system (a tmpfs), unmounted afterwards."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=8m,mode=0755", "tmpfs", str(folder)):
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield folder
    finally:
        _umount(folder)


def _fill(disk: Path, leave: int) -> Path:
    """Fill *disk* until only about *leave* bytes are free; return the filler file."""
    filler = disk / "filler"
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    with filler.open("wb") as file:
        file.write(b"\0" * max(free - leave, 0))
    return filler


def _state(project: Path) -> tuple[dict[str, bytes], dict[str, bytes], dict[str, bytes]]:
    return site_files(project), articles(project), snapshot(project / "content" / "raw")


def _assert_clean_failure(result: subprocess.CompletedProcess[str], reason: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("digest: error: "), result.stderr
    assert reason in result.stderr, result.stderr


@pytest.mark.parametrize("workers", ["0", "2"])
def test_a_full_disk_at_any_point_stops_the_build_cleanly_and_loses_nothing(
    small_disk: Path, workers: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIGEST_WORKERS", workers)  # in this process, or in worker processes
    project = make_project(small_disk / "project", seeds=True)
    assert run_cli("build", "-q", "-C", str(project)).returncode == 0
    new_dumps = 0
    # From nothing left (no article fits) to enough for the articles but not the site;
    # with workers, where they write pages.
    levels = (0, 4_000, 16_000, 64_000, 250_000, 1_000_000) if workers == "0" else (64_000,)
    for free in levels:
        new_dumps += 1
        raw = project / "content" / "raw" / f"new-{new_dumps}.txt"
        raw.write_bytes(trial_dump(100 + new_dumps))
        site, stories = site_files(project), articles(project)
        filler = _fill(small_disk, leave=free)
        try:
            result = run_cli("build", "-q", "-C", str(project))
        finally:
            filler.unlink()
        if result.returncode == 0:
            continue  # it fitted
        _assert_clean_failure(result, ": no space left on the device (the disk is full)")
        assert f"digest: error: {project}{os.sep}" in result.stderr  # names the file
        assert "digest: site/ is still the last complete build" in result.stderr
        assert site_files(project) == site, free
        now = articles(project)
        assert all(now.get(path) == data for path, data in stories.items()), free
        assert list((project / "content").rglob("*.tmp")) == []

    result = run_cli("build", "-q", "-C", str(project))
    assert result.returncode == 0, result.stderr
    assert "0 kept as edited" in result.stdout  # what the failed builds wrote is digest's
    titles = [str(frontmatter.parse(d.decode())[0]["title"]) for d in articles(project).values()]
    assert sum(title.startswith("Trial 1") for title in titles) == new_dumps
    assert len(list((project / "site").rglob("trial-1*/index.html"))) == new_dumps


def test_a_read_only_site_gives_a_clear_error_and_stays_as_it_was(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    assert run_cli("build", "-q", "-C", str(project)).returncode == 0
    (project / "content" / "raw" / "new.txt").write_bytes(trial_dump(2))
    site = project / "site"
    before = site_files(project)
    if os.geteuid() == 0:  # root writes anywhere: make site/ a read-only mount instead
        if not _read_only_mount(site):
            _umount(site)
            pytest.skip("cannot bind-mount site/ read-only here")
        undo: Callable[[], None] = lambda: _umount(site)  # noqa: E731
    else:
        site.chmod(0o555)
        undo = lambda: site.chmod(0o755)  # noqa: E731
    try:
        result = run_cli("build", "-q", "-C", str(project))
        _assert_clean_failure(result, str(site))
        assert "digest: site/ is still the last complete build" in result.stderr
        assert site_files(project) == before
        assert not list((project / ".digest-build").glob("site-*"))
    finally:
        undo()
    assert run_cli("build", "-q", "-C", str(project)).returncode == 0
    assert site_files(project) != before


def test_an_unwritable_project_folder_gives_a_clear_error(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    if os.geteuid() == 0:
        if not _read_only_mount(project):
            _umount(project)
            pytest.skip("cannot bind-mount the project read-only here")
        undo: Callable[[], None] = lambda: _umount(project)  # noqa: E731
        reason = "read-only file system"
    else:
        project.chmod(0o555)
        undo = lambda: project.chmod(0o755)  # noqa: E731
        reason = "permission denied"
    try:
        result = run_cli("build", "-q", "-C", str(project))
        _assert_clean_failure(result, reason)
        assert str(project / ".digest-build") in result.stderr
    finally:
        undo()
    assert not (project / "site").exists() and not (project / "content" / "articles").exists()


# --- a build killed between writing articles and writing the ledger -----------------------


def _ingest(project: Path) -> str:
    from digest.ingest.pipeline import run_ingest

    return run_ingest(project).summary()


def test_files_a_killed_ingest_wrote_before_its_ledger_are_still_digests(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    _ingest(project)
    ledger = project / "content" / ".ingest.json"
    saved = ledger.read_bytes()
    # A new story, and a new copy of a seed story that adds a source to its file.
    seed = (project / "content" / "raw" / "2026-01-14_002_5f2925bc89df16b5.txt").read_bytes()
    copy = seed[seed.index(b"Finland Summons") : seed.index(b"North Korea's Kim")]
    (project / "content" / "raw" / "003_copy.txt").write_bytes(copy)
    (project / "content" / "raw" / "004_new.txt").write_bytes(trial_dump(7))
    assert "(2 written, 4 unchanged, 0 kept as edited)" in _ingest(project)
    written = articles(project)
    ledger.write_bytes(saved)  # as if killed just before the ledger was replaced

    summary = _ingest(project)
    assert "(0 written, 6 unchanged, 0 kept as edited)" in summary, summary
    assert articles(project) == written
    recorded = json.loads(ledger.read_text(encoding="utf-8"))["stories"]
    assert len(recorded) == 6
    assert any(["003_copy.txt", 1] in story["sources"] for story in recorded.values())

    # They are digest's from now on: a further copy of the story updates its file.
    (project / "content" / "raw" / "005_again.txt").write_bytes(copy)
    assert "(1 written, 5 unchanged, 0 kept as edited)" in _ingest(project)


def test_an_edit_made_while_the_ledger_was_lost_is_still_the_editors(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    _ingest(project)
    (project / "content" / ".ingest.json").unlink()
    path = next((project / "content" / "articles").rglob("*finland*.md"))
    edited = path.read_bytes().replace(b"Nordic country", b"Nordic state")
    path.write_bytes(edited)
    assert "(0 written, 4 unchanged, 1 kept as edited)" in _ingest(project)
    assert path.read_bytes() == edited


def test_temporary_files_of_killed_ingests_are_removed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=True)
    _ingest(project)
    folder = next((project / "content" / "articles").rglob("*.md")).parent
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    stale = [folder / f".story.md.{dead}.tmp", project / "content" / f"..ingest.json.{dead}.tmp"]
    alive = folder / ".other.md.1.tmp"  # pid 1 is running: someone's write in progress
    mine = folder / ".notes.tmp"  # not a name digest makes
    for path in [*stale, alive, mine]:
        path.write_text("half")
    _ingest(project)
    assert [path.exists() for path in stale] == [False, False]
    assert alive.exists() and mine.exists()
