"""Pagefind: shards of story pages -> their search indexes, each built once per content.

Pagefind runs for the shards the build cache lacks, several at a time, each on a folder
holding only the shard's pages; its output is kept in the cache under the shard's key
(Pagefind itself and the pages it reads), and laid out in site/ by search.py.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from digest.parallel import available_cores
from digest.paths import (
    PAGEFIND,
    PAGEFIND_BINARIES,
    PAGEFIND_INPUT,
    PAGEFIND_OUTPUT,
    PAGEFIND_PACKAGES,
    SEARCH_CACHE,
    site_paths,
)
from digest.site.pagefind_early import RUN_PREFIX, Runs, close_runs, launch
from digest.site.pagefind_entry import steady_entry
from digest.site.pagefind_kept import Kept, settle, vouch
from digest.site.search import (
    MANIFEST,
    SearchIndexError,
    SearchInput,
    Shard,
    ShardIndex,
    indexed_part,
)
from digest.store.cache import key_of
from digest.store.code import installed_versions
from digest.store.write import digest_of

TIMEOUT_SECONDS = 600
POLL_SECONDS = 0.002  # between looks at the runs, where a run's end cannot be waited for
WAIT_SECONDS = 0.5  # the longest a wait for a run's end blocks before looking again


def pagefind_command() -> list[str]:
    """Return the command that runs Pagefind (its binary itself when it can be found).

    The extended binary first: it alone splits Chinese and Japanese text into words (the
    other indexes a run of characters between punctuation as one word, so a search for a
    word inside it finds nothing), and on pages in other languages it writes the same index
    bytes in the same time (a 4 000-story site, 1.5.2: identical, 9.4-10.0 s of CPU each)."""
    for package in PAGEFIND_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            continue
        folder = Path(spec.origin).parent
        for name in PAGEFIND_BINARIES:
            binary = folder / name
            if binary.is_file() and os.access(binary, os.X_OK):
                return [str(binary)]
    if importlib.util.find_spec(PAGEFIND) is None:
        raise SearchIndexError(
            "the search index needs Pagefind: pip install 'pagefind[extended]' (see pyproject.toml)"
        )
    return [sys.executable, "-m", PAGEFIND]


def shard_key(command: Sequence[str], pages: Mapping[str, str]) -> str:
    """Return the key of a shard's index: Pagefind's version and the pages (path, digest).

    Pagefind counts by the name of its binary and the versions of its own distributions
    installed beside it (pagefind, pagefind_bin), never by file times or paths: a deploy that
    installs the same Pagefind anew reuses every shard, and so does a build after another
    package was installed in the same environment (a test tool: every shard was indexed
    again, 15 minutes at 100 000 stories).
    """
    binary = Path(command[0])
    spec = importlib.util.find_spec(PAGEFIND) if len(command) > 1 else None
    package = Path(spec.origin).parent if spec is not None and spec.origin else binary.parent
    own = [name for name in installed_versions(package.parent) if name.startswith(PAGEFIND)]
    version = [binary.name, *command[1:], own]
    return key_of(PAGEFIND, version, sorted(pages.items()))


def _read_index(folder: Path, shard: Shard) -> ShardIndex | None:
    try:
        files = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    # The names are placed under the site's search folder: one that would lie outside it
    # (a crafted cache) makes the shard unknown, and Pagefind runs again.
    if not isinstance(files, dict) or not site_paths([str(name) for name in files]):
        return None
    return ShardIndex(shard, folder, {str(name): str(digest) for name, digest in files.items()})


def _start(
    command: Sequence[str],
    site: Path,
    shard: Shard,
    work: Path,
    given: SearchInput | None = None,
) -> subprocess.Popen[str]:
    """Start Pagefind on a folder holding only what it reads of the shard's pages.

    The render workers wrote that part of the pages they rendered in *given*: those are
    moved in; the others are read from *site*. Either way the files are made in page order.
    """
    source = os.path.join(work, PAGEFIND_INPUT)
    made: set[str] = set()  # folders made: a shard's 170 pages lie in some 30
    for page in shard.pages:
        target = os.path.join(source, page)
        if (folder := os.path.dirname(target)) not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        if given is not None and given.move(page, target):
            continue
        try:
            with open(target, "wb") as handle:
                handle.write(indexed_part((site / page).read_bytes()))
        except OSError as error:  # a full disk names no file by itself: name it
            raise OSError(error.errno, error.strerror, target) from error
    return launch(command, work)


def _finish(
    process: subprocess.Popen[str],
    work: Path,
    target: Path,
    shard: Shard,
    known: Mapping[str, str] | None = None,
) -> tuple[ShardIndex, bool]:
    """Wait for Pagefind, then store its output in the cache under the shard's key; say
    whether that output is the index (else another process stored the same shard first).
    *known*: files of the output digested already (`pagefind_kept.settle`)."""
    try:
        out, err = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as error:
        process.kill()
        raise SearchIndexError(f"Pagefind could not index the site: {error}") from error
    if process.returncode != 0:
        said = (err or out).strip()
        raise SearchIndexError(f"Pagefind failed (exit {process.returncode}): {said}")
    output = work / PAGEFIND_OUTPUT
    steady_entry(output)  # its languages in one order: the same pages, the same bytes
    files = {}  # found without a Path made of each: a tenth of the CPU these runs took here
    known = known or {}
    for name in _files_under(str(output)):
        if name in known:
            files[name] = known[name]
            continue
        with open(os.path.join(output, name), "rb") as handle:
            files[name] = digest_of(handle.read())
    manifest = output / MANIFEST
    try:
        manifest.write_text(json.dumps(files, sort_keys=True), encoding="utf-8")
    except OSError as error:  # a full disk shows only when the file is closed: name it
        raise OSError(error.errno, error.strerror, str(manifest)) from error
    shutil.rmtree(target, ignore_errors=True)
    try:
        output.rename(target)  # complete, or not there at all
    except OSError:
        # Another process (a build beside `digest serve`) stored the same shard meanwhile:
        # same key, same pages, so its index is as good as this one.
        found = _read_index(target, shard)
        if found is None:
            raise
        return found, False
    return ShardIndex(shard, target, files), True


def _files_under(root: str) -> list[str]:
    """Return the files under *root*, relative, in `sorted(Path(root).rglob("*"))`'s order."""
    names, folders = [], [""]
    while folders:
        folder = folders.pop()
        for entry in os.scandir(os.path.join(root, folder)):  # read to its end: closed
            name = f"{folder}/{entry.name}" if folder else entry.name
            if entry.is_dir(follow_symlinks=False):
                folders.append(name)
            elif entry.is_file():
                names.append(name)
    return sorted(names, key=lambda name: name.split("/"))


class Indexing:
    """Pagefind runs for the shards that the cache lacks, a few at a time, in the background.

    `advance` starts and reaps runs without waiting, so the build goes on with other work
    while Pagefind indexes; `result` waits for the last one. Not thread-based: the build
    forks worker processes, which a running thread would make unsafe.

    A shard whose key is not in *keys* yet (its pages are still being rendered) waits for
    `offer`; with *inputs*, the render workers wrote what Pagefind reads of the pages they
    rendered to *inputs* (`search.SearchInput`), so those are not read again.
    """

    def __init__(
        self,
        shards: Sequence[Shard],
        keys: Mapping[str, str],
        site: Path,
        cache_dir: Path,
        inputs: SearchInput | None = None,
        early: Runs | None = None,
    ) -> None:
        self.shards = list(shards)
        self.keys = dict(keys)
        self.site = site
        self.inputs = inputs
        # Runs started on shards before their pages were rendered (`pagefind_early`): taken
        # over as each shard is offered if they read its pages, else killed.
        self.early: Runs = early if early is not None else {}
        self.store = cache_dir / SEARCH_CACHE
        self.store.mkdir(parents=True, exist_ok=True)
        self.found: dict[str, ShardIndex] = {}
        self.fresh: list[ShardIndex] = []  # found since `taken` was last asked
        self.made: set[str] = set()  # shards whose output a run of this build made
        self.kept: dict[str, Kept] = {}  # the last index's files in an early run's output
        self.vouched: dict[str, tuple[str, ...] | None] = {}  # `pagefind_kept.vouch`'s
        self.waiting: list[Shard] = []
        self.running: list[tuple[subprocess.Popen[str], Path, Shard]] = []
        self.limit = max(1, available_cores())
        self.indexed = 0
        self.command: list[str] = []
        for shard in self.shards:
            if shard.name in self.keys:
                self._take(shard)
        self.advance()

    def _take(self, shard: Shard, pages: Mapping[str, str] | None = None) -> None:
        early = self.early.pop(shard.name, None)
        index = _read_index(self.store / self.keys[shard.name], shard)
        if index is not None:
            self.found[shard.name] = index
            self.fresh.append(index)
        elif early is not None and pages is not None and early.gave(pages):
            self.running.append((early.process, early.work, shard))  # it read these pages
            self.indexed += 1
            if early.kept is not None:
                self.kept[shard.name] = early.kept
            return
        if early is not None:
            close_runs({shard.name: early})
        if index is None:
            self._queue(shard)

    def _queue(self, shard: Shard) -> None:
        self.waiting.append(shard)
        self.indexed += 1
        if not self.command:
            self.command = pagefind_command()

    def offer(self, name: str, key: str, pages: Mapping[str, str] | None = None) -> None:
        """Take the key of shard *name*, whose pages are all rendered now; index it if new.

        *pages*: the digest of what Pagefind reads of each of its pages, for a run started
        early (`pagefind_early`)."""
        if name in self.keys:
            return
        self.keys[name] = key
        self._take(next(shard for shard in self.shards if shard.name == name), pages)
        self.advance()

    def advance(self) -> bool:
        """Start what may start and take in what finished; return True when all is done."""
        try:
            for run in [run for run in self.running if run[0].poll() is not None]:
                process, work, shard = run
                self.running.remove(run)
                known = self._settle(shard.name) if process.returncode == 0 else {}
                if known is None:  # kept files it cannot vouch for: indexed as usual
                    shutil.rmtree(work, ignore_errors=True)
                    self.indexed -= 1
                    self._queue(shard)
                    continue
                target = self.store / self.keys[shard.name]
                self.found[shard.name], made = _finish(process, work, target, shard, known)
                if made:
                    self.made.add(shard.name)
                self.fresh.append(self.found[shard.name])
                shutil.rmtree(work, ignore_errors=True)
            while self.waiting and len(self.running) < self.limit:
                shard = self.waiting.pop(0)
                work = Path(tempfile.mkdtemp(prefix=RUN_PREFIX, dir=self.store))
                process = _start(self.command, self.site, shard, work, self.inputs)
                self.running.append((process, work, shard))
        except BaseException:
            self.close()
            raise
        return not self.waiting and not self.running and len(self.found) == len(self.shards)

    def _settle(self, name: str) -> Mapping[str, str] | None:
        """Settle the kept files of shard *name*'s finished run (`pagefind_kept.settle`);
        {} when it kept none."""
        kept = self.kept.pop(name, None)
        if kept is None:
            return {}
        return settle(kept, self.vouched.pop(name) if name in self.vouched else vouch(kept))

    def wait(self) -> None:
        """Block until a run ends (or WAIT_SECONDS pass), for `advance` to take it in.

        Each run's end is waited for on a pidfd (Linux), so the build's process sleeps while
        Pagefind works instead of waking every 2 ms to poll (a tenth of a second of its CPU
        at 4 000 stories); elsewhere, or when a pidfd cannot be had, it sleeps POLL_SECONDS.
        The runs are reaped by `advance` alone: a pidfd of a run that ended is readable.
        """
        if not self.running:
            return
        for name, kept in self.kept.items():  # while the run goes, not once it ended
            if name not in self.vouched:
                self.vouched[name] = vouch(kept)
        handles: list[int] = []
        try:
            ends = select.poll()
            for process, _, _ in self.running:
                try:
                    handles.append(os.pidfd_open(process.pid))
                except ProcessLookupError:  # ended and reaped already: nothing to wait for
                    return
                ends.register(handles[-1], select.POLLIN)
            ends.poll(WAIT_SECONDS * 1000)
        except (AttributeError, OSError):  # no pidfd_open (not Linux, an old kernel)
            time.sleep(POLL_SECONDS)
        finally:
            for handle in handles:
                os.close(handle)

    def taken(self) -> list[ShardIndex]:
        """Return the shards' indexes found (cached or made) since this was last asked."""
        fresh, self.fresh = self.fresh, []
        return fresh

    def result(self) -> list[ShardIndex]:
        """Wait for every run; return each shard's index, in shard order."""
        if missing := [shard.name for shard in self.shards if shard.name not in self.keys]:
            raise ValueError(f"search shards never offered: {', '.join(missing)}")
        while not self.advance():
            self.wait()
        return [self.found[shard.name] for shard in self.shards]

    def kill(self) -> None:
        """Kill every Pagefind run still going; safe from another thread.

        Only the processes are touched: the thread that owns this indexing sees them fail
        and cleans up. Removing their folders from here could race with `_finish` moving
        one into the cache, and empty a shard's index there after its manifest was written.
        """
        for process, _, _ in list(self.running):
            with contextlib.suppress(OSError):
                process.kill()

    def close(self) -> None:
        """Stop every run still going (after an error elsewhere in the build)."""
        for process, work, _ in self.running:
            with contextlib.suppress(OSError):
                process.kill()
            process.wait()
            shutil.rmtree(work, ignore_errors=True)
        self.running = []
        self.waiting = []
        close_runs(self.early)
        if self.inputs is not None:
            shutil.rmtree(self.inputs.root, ignore_errors=True)


def index_shards(
    shards: Sequence[Shard], keys: Mapping[str, str], site: Path, cache_dir: Path
) -> list[ShardIndex]:
    """Return the index of every shard, running Pagefind (in parallel) for those not cached.

    *site* is the folder holding the pages (the staging folder of the new site).
    """
    return Indexing(shards, keys, site, cache_dir).result()
