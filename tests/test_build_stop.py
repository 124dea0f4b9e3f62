"""`digest build` stopped by SIGTERM (a CI job cancelled) cleans up as on Ctrl-C.

An edit build starts Pagefind on the edited story's shard before it plans the edit, the
edited page a named pipe the run waits on (engine/edit_search.py). Ended by SIGTERM with no
handler, the build left that run waiting on its pipe till the next build (for ever with
.digest-cache/ deleted); stopped as on Ctrl-C, the run is ended, nothing is half-published
and the exit code is 143.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from digest.engine.build import build
from digest.stopping import stoppable
from tests.conftest_project import REPO, make_project, snapshot
from tests.test_cache import settled, story, write_stories

__all__ = ["settled"]  # the fixture, used by name

# `digest build` in a process of its own, paused where an edit build has started Pagefind
# on the edited story's shard and plans the edit: where a SIGTERM is sent.
DRIVER = """
import sys, time
from pathlib import Path
import digest.engine.edit_build as edit_build
import digest.store.inputs as inputs
from digest.commands.cli import main

inputs.RACY_NS = 0  # the test wrote the files milliseconds ago: their stamps are settled
project, ready = sys.argv[1], Path(sys.argv[2])
plan_edit = edit_build._plan_edit

def paused(*args):
    ready.write_text("planning")
    time.sleep(120)
    return plan_edit(*args)

edit_build._plan_edit = paused
sys.exit(main(["build", "-q", "-C", project]))
"""


def descendants(pid: int) -> set[int]:
    """Return every process below *pid* (read from /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found |= {child, *descendants(child)}
    return found


def running(pid: int) -> bool:
    """Tell whether *pid* is a process that has not ended (a zombie has)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def test_a_build_stopped_by_sigterm_ends_its_pagefind_runs_and_publishes_nothing(
    tmp_path: Path, settled: None
) -> None:
    project = make_project(tmp_path / "project")
    write_stories(project, 12)
    build(project)
    before = snapshot(project / "site")
    edited = project / "content" / "articles" / "2025/02/story-4.md"
    edited.write_text(story(4, 2).replace("A second paragraph.", "Kumquats now."), "utf-8")
    ready = tmp_path / "ready"
    process = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(project), str(ready)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    runs: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while not ready.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), process.communicate(timeout=60)
        runs = descendants(process.pid)
        assert runs, "no Pagefind run was started ahead of the edit"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 143, err
        assert "stopped (SIGTERM)" in err and "Traceback" not in err
        deadline = time.monotonic() + 10
        while any(map(running, runs)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(running, runs)), "a Pagefind run outlived the build"
    finally:
        for pid in (*runs, process.pid):
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait(timeout=60)
    assert snapshot(project / "site") == before
    assert not list((project / ".digest-cache" / "search").glob("run-*"))
    result = build(project)  # the lock was let go: the next build goes on
    assert result.site is not None
    assert b"Kumquats now." in (project / "site" / "2025/02/05/story-4/index.html").read_bytes()


def test_stoppable_raises_on_sigterm_and_puts_the_handlers_back() -> None:
    handlers = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt) as stopped, stoppable():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises at once; this is never slept to its end
    assert type(stopped.value).__name__ == "Terminated"
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == handlers


# A forked child of a stoppable run (a worker, the templates' child) given SIGTERM: each task
# sends it to itself, so the signal lands in the child's own code, a `finally` standing for
# the clean-up on the stack the child inherited. With the parent's handler that `finally` ran
# (the worker then reported a failure and served on); with the defaults the child just ends.
WORKER_DRIVER = """
import os, signal, sys, time
from pathlib import Path
from digest.parallel import WorkerError, forks_workers, run_parallel
from digest.stopping import stoppable

cleaned = Path(sys.argv[1])

def task(state, item):
    try:
        if item == 0:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(30)
        return item
    finally:
        if item == 0:
            cleaned.write_text("the parent's clean-up ran in a worker")

assert forks_workers(), "one thread: the workers are forked"
with stoppable():
    try:
        run_parallel(lambda shared: None, task, None, [0, 1], workers=2)
    except WorkerError as error:
        print(error)
"""

ASIDE_DRIVER = """
import os, signal, sys, time
from pathlib import Path
from digest.engine import template_aside
from digest.stopping import stoppable

cleaned = Path(sys.argv[1])

def child(theme, code_folder, told):
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(30)
    finally:
        cleaned.write_text("the parent's clean-up ran in the templates' child")
        os._exit(3)

template_aside._child = child
with stoppable():
    aside = template_aside.start_templates(None, Path(sys.argv[1]).parent)
    assert aside is not None, "one thread: the child is forked"
    print(aside.wait())
"""


@pytest.mark.parametrize("driver", [WORKER_DRIVER, ASIDE_DRIVER], ids=["worker", "templates"])
def test_sigterm_ends_a_forked_child_at_once_without_the_parents_handler(
    tmp_path: Path, driver: str
) -> None:
    cleaned = tmp_path / "cleaned"
    result = subprocess.run(
        [sys.executable, "-c", driver, str(cleaned)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr
    assert not cleaned.exists(), cleaned.read_text()
    assert "Terminated" not in result.stdout + result.stderr
    told = "a worker process died" if driver == WORKER_DRIVER else str(-signal.SIGTERM)
    assert result.stdout.strip() == told
