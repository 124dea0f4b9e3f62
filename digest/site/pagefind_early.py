"""Pagefind started early: a story edit's shard indexed before the staging folder is open.

A story-edit build knows, as soon as the edit is planned, which search shard each edited
story's page lies in and what that page will be. It renders those pages in memory and
starts `pagefind --site` on the shard then, with the other pages as the last site holds them
(read without following a link), while the build opens its staging folder, renders and
checks links: the shard's run (~0.35 s of CPU for a month of 166 stories, the longest part
of such a build) no longer waits for those. The run is taken over only when what it was
given is what the build's new pages give Pagefind (each page's `search.part_digest`); any
other run is killed and the shard indexed as usual (site/pagefind.py).

A run can be started before the edited pages are rendered (`later`): each of them is a
named pipe in the run's folder, in its place in page order, and Pagefind reads and parses
the shard's other pages while the build plans and renders, then blocks on the pipes till
`feed_later` writes what it reads of the new pages. Its index is the same bytes: it lists
the folder as before and reads each file to its end, a pipe's when its writer closes. A
build killed before it wrote them leaves Pagefind waiting to open a pipe; the next build,
removing the run's folder, opens and closes each pipe first (`release_pipes`), and the run
ends. The run's output folder holds the last index's files of its shard before Pagefind
writes (`pagefind_kept`): it compresses and writes only the files the edit changed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from digest.parallel import available_cores
from digest.paths import PAGEFIND_INPUT, PAGEFIND_OUTPUT, SEARCH_CACHE
from digest.site.last_site import Folders, read_page
from digest.site.pagefind_kept import Kept, keep_last
from digest.site.search import SearchIndexError, Shard, indexed_part, part_digest
from digest.store.write import write_all

# The longest a run's pipe waits for Pagefind to open it or to read what is written: a run
# that takes longer is killed, and the shard indexed as usual.
PIPE_SECONDS = 30.0
RUN_PREFIX = "run-"  # a run's folder in the search cache, removed once it is done


def launch(command: Sequence[str], work: Path) -> subprocess.Popen[str]:
    """Start Pagefind on the folder of pages in *work*, its output beside them."""
    arguments = [
        *command,
        "--site",
        str(work / PAGEFIND_INPUT),
        "--output-path",
        str(work / PAGEFIND_OUTPUT),
        "--silent",
    ]
    try:
        # In its own folder: Pagefind reads a pagefind.yml (or .json, .toml) from where it
        # runs, and the project's could point its log file anywhere.
        return subprocess.Popen(
            arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=work
        )
    except OSError as error:
        raise SearchIndexError(f"Pagefind could not index the site: {error}") from error


@dataclass(frozen=True, slots=True)
class EarlyRun:
    """A Pagefind run started on a shard before the build's pages were all in."""

    process: subprocess.Popen[str]
    work: Path  # the run's folder, as a usual run's: its input and output live there
    fed: Mapping[str, bytes]  # page -> what Pagefind was given of it (`indexed_part`)
    # The pages not given yet: the named pipe Pagefind waits on for each (`feed_later`).
    pipes: Mapping[str, Path] = field(default_factory=dict)
    kept: Kept | None = None  # the last index's files in its output (`pagefind_kept`)

    def gave(self, pages: Mapping[str, str]) -> bool:
        """Tell whether the run read what *pages* (page -> `part_digest`) says, no more: a
        run still waiting on a pipe was given nothing yet, and would never end. Digested
        here, when the shard is offered, not before Pagefind starts or is given its pages:
        the build then waits for nothing else."""
        if self.pipes or self.fed.keys() != pages.keys():
            return False
        return all(part_digest(part) == pages[page] for page, part in self.fed.items())

    def close(self) -> None:
        """Kill the run if it still goes; remove its folder."""
        with contextlib.suppress(OSError):
            self.process.kill()
        self.process.communicate()
        shutil.rmtree(self.work, ignore_errors=True)


Runs = dict[str, EarlyRun]  # by shard name


def _fill(
    shard: Shard, work: Path, site: Folders, parts: Mapping[str, bytes], later: Collection[str]
) -> dict[str, bytes] | None:
    """Write what Pagefind reads of each page of *shard* into *work*'s input, in page order
    (the folder's order is Pagefind's); return those parts by page, or None when a page is
    not at hand. *parts*: the new pages' parts; *later*: pages given later, a named pipe each;
    the others come from the folders of *site*."""
    source = os.path.join(work, PAGEFIND_INPUT)
    os.mkdir(source)
    fed: dict[str, bytes] = {}
    made = {""}
    for page in shard.pages:
        part = parts.get(page)
        if part is None and page not in later:
            data = read_page(site.root, page, site)
            if data is None:
                return None
            part = indexed_part(data)
        _make_folder(source, page.rpartition("/")[0], made)
        if page in later:
            os.mkfifo(os.path.join(source, page), 0o600)
        elif part is not None:
            _write_new(os.path.join(source, page), part)
            fed[page] = part
    return fed


def _make_folder(source: str, folder: str, made: set[str]) -> None:
    """Make *folder* ("a/b") under *source* and the folders above it not in *made* yet: a
    run's own folder, where nothing is before (os.makedirs looked at each parent first)."""
    if folder not in made:
        _make_folder(source, folder.rpartition("/")[0], made)
        os.mkdir(os.path.join(source, folder))
        made.add(folder)


def _write_new(path: str, data: bytes) -> None:
    """Write *data* to the new file *path* (a run's own folder: nothing is there before)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    try:
        write_all(descriptor, data)
    finally:
        os.close(descriptor)


def start_early(
    command: Sequence[str],
    shards: Sequence[Shard],
    site: Path,
    cache: Path,
    parts: Mapping[str, bytes],
    later: Collection[str] = (),
) -> Runs:
    """Start Pagefind on each of *shards*: *parts* (page -> indexed part) for the pages
    rendered already, a named pipe for each page of *later* (`feed_later` writes them), the
    others as *site* (the last site) holds them. None is started when there are more shards
    than cores, when a page is not at hand, or when *later* needs pipes and there are none."""
    if not shards or len(shards) > available_cores():
        return {}
    if later and not hasattr(os, "mkfifo"):
        return {}
    store = cache / SEARCH_CACHE
    runs: Runs = {}
    try:
        store.mkdir(parents=True, exist_ok=True)
        folder = os.open(site, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return runs
    folders = Folders(folder)
    try:
        for shard in shards:
            work = Path(tempfile.mkdtemp(prefix=RUN_PREFIX, dir=store))
            edited = sum(1 for page in shard.pages if page in parts or page in later)
            pipes = {page: work / PAGEFIND_INPUT / page for page in shard.pages if page in later}
            # The last index's files go into Pagefind's output before it writes, which is
            # once it has read every page: after its start when it waits on a pipe.
            keep = (site, store, shard.name, work / PAGEFIND_OUTPUT, edited)
            try:
                fed = _fill(shard, work, folders, parts, later)
                kept = keep_last(*keep) if fed is not None and not pipes else None
                process = launch(command, work) if fed is not None else None
            except (OSError, SearchIndexError):  # a full disk, say: the usual run tells
                fed, process = None, None
            if fed is None or process is None:
                shutil.rmtree(work, ignore_errors=True)
                close_runs(runs)
                break
            runs[shard.name] = EarlyRun(process, work, fed, pipes, kept)
            if pipes:  # the run is the build's to end first, should this fail
                runs[shard.name] = replace(runs[shard.name], kept=keep_last(*keep))
    except BaseException:
        close_runs(runs)
        raise
    finally:
        folders.close()
        os.close(folder)
    return runs


def feed_later(runs: Runs, parts: Mapping[str, bytes], site: Path) -> None:
    """Give each run of *runs* what Pagefind reads of its pages not given yet: *parts* (page
    -> indexed part) for the pages rendered again, the others as *site* (the last site)
    holds them (a file changed only in its stamp, whose story's page was not rendered). A
    run that cannot be given one (not at hand, Pagefind gone or stuck) is killed and
    dropped: its shard is indexed as usual."""
    missing = [page for run in runs.values() for page in run.pipes if page not in parts]
    if missing:
        parts = {**_last_parts(site, missing), **parts}
    for name, run in list(runs.items()):
        if not run.pipes:
            continue
        fed = _feed(run, parts, time.monotonic() + PIPE_SECONDS)
        if fed is None:
            close_runs({name: runs.pop(name)})
        else:
            runs[name] = replace(run, fed={**run.fed, **fed}, pipes={})


def _feed(run: EarlyRun, parts: Mapping[str, bytes], deadline: float) -> dict[str, bytes] | None:
    """Give *run* each of its pages' parts, in the order Pagefind opens their pipes (it may
    open a shard's second page first and wait on it: written in our order, each would wait
    on the other till the deadline); None when one cannot be given."""
    pending = dict(run.pipes)
    fed: dict[str, bytes] = {}
    while pending:
        opened = False
        for page, pipe in list(pending.items()):
            part = parts.get(page)
            if part is None:
                return None
            try:
                descriptor = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
            except OSError as error:
                if error.errno != errno.ENXIO:
                    return None
                continue  # Pagefind has not opened this page yet
            if not _write_pipe(run.process, descriptor, part, deadline):
                return None
            fed[page] = part
            del pending[page]
            opened = True
        if pending and not opened:
            if not _waiting(run.process, deadline):
                return None
            time.sleep(0.001)
    return fed


def _last_parts(site: Path, pages: Sequence[str]) -> dict[str, bytes]:
    """Return what Pagefind reads of each of *pages* as *site* holds it, if it is at hand."""
    found: dict[str, bytes] = {}
    try:
        folder = os.open(site, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return found
    folders = Folders(folder)
    try:
        for page in pages:
            data = read_page(folder, page, folders)
            if data is not None:
                found[page] = indexed_part(data)
    finally:
        folders.close()
        os.close(folder)
    return found


def _write_pipe(
    process: subprocess.Popen[str], descriptor: int, data: bytes, deadline: float
) -> bool:
    """Write *data* into the named pipe open as *descriptor* that *process* reads, and close
    it (Pagefind then reads the page's end); False when the process ends or *deadline*
    passes first. Nothing here blocks: a full pipe takes nothing (EAGAIN), and is looked at
    again while the process lives."""
    try:
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(descriptor, view) :]
            except BlockingIOError:
                if not _waiting(process, deadline):
                    return False
                select.select([], [descriptor], [], 0.05)
        return _drained(process, descriptor, deadline)
    except OSError:  # the reader went away (EPIPE)
        return False
    finally:
        os.close(descriptor)


def _drained(process: subprocess.Popen[str], descriptor: int, deadline: float) -> bool:
    """Tell whether *process* read every byte written into the pipe open as *descriptor*
    (looked at till it ends or *deadline* passes). A Pagefind that read a page only as far
    as its size (0 for a pipe) would leave them, and index an empty page as given."""
    import fcntl
    import termios

    unread = bytearray(4)
    while True:
        fcntl.ioctl(descriptor, termios.FIONREAD, unread)
        if int.from_bytes(unread, sys.byteorder) == 0:
            return True
        if not _waiting(process, deadline):
            return False
        time.sleep(0.0005)


def _waiting(process: subprocess.Popen[str], deadline: float) -> bool:
    """Tell whether *process* still runs and *deadline* has not passed."""
    return process.poll() is None and time.monotonic() < deadline


def release_pipes(folder: Path) -> None:
    """Open, remove and close each named pipe under *folder*, a run's that a killed build
    left: a Pagefind run waiting to open one, or opening it meanwhile, reads its end and
    ends instead of waiting for ever; one that comes to it later finds no file. No link is
    followed. (Opened for reading and writing, a pipe opens at once, reader or none.)"""
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            with contextlib.suppress(OSError):
                if stat.S_ISFIFO(os.lstat(path).st_mode):
                    flags = os.O_RDWR | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC
                    descriptor = os.open(path, flags)
                    try:
                        os.unlink(path)
                    finally:
                        os.close(descriptor)


def close_runs(runs: Runs) -> None:
    """End every run of *runs* that the build's indexing did not take over."""
    for run in runs.values():
        run.close()
    runs.clear()
