"""Pagefind started early: a story edit's shard indexed before the staging folder is open.

A story-edit build knows, as soon as the edit is planned, which search shard each edited
story's page lies in and what that page will be. It renders those pages in memory and
starts `pagefind --site` on the shard then, with the other pages as the last site holds them
(read without following a link), while the build opens its staging folder, renders and
checks links: the shard's run (~0.35 s of CPU for a month of 166 stories, the longest part
of such a build) no longer waits for those. The run is taken over only when what it was
given is what the build's new pages give Pagefind (each page's `search.part_digest`); any
other run is killed and the shard indexed as usual (site/pagefind.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.parallel import available_cores
from digest.paths import PAGEFIND_INPUT, PAGEFIND_OUTPUT, SEARCH_CACHE
from digest.site.search import SearchIndexError, Shard, indexed_part, part_digest

_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
# No page digest renders is near this; a larger file in site/ was put there by hand.
MAX_PAGE_BYTES = 50_000_000


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


def read_page(site: int, page: str, folders: Folders | None = None) -> bytes | None:
    """Return the bytes of the regular file *page* under the folder open as *site*; None
    when it is missing or anything else. No link is followed, a folder's or the file's: a
    page of the last site may have been replaced behind digest's back by a link out.
    *folders*: the folders of *site* opened so far, kept open for the next page."""
    *parts, name = page.split("/")
    own = folders is None
    folders = Folders(site) if folders is None else folders
    try:
        descriptor = os.open(name, _FLAGS, dir_fd=folders.open("/".join(parts)))
        try:
            found = os.fstat(descriptor)
            if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_PAGE_BYTES:
                return None  # a page put there by hand: the build indexes the shard itself
            return _read_all(descriptor, found.st_size)
        finally:
            os.close(descriptor)
    except OSError:
        return None
    finally:
        if own:
            folders.close()


def _read_all(descriptor: int, size: int) -> bytes | None:
    """Return the bytes of the file open as *descriptor* (*size* by its stat); None past
    MAX_PAGE_BYTES. Read with os.read: a buffered read of up to MAX_PAGE_BYTES made a
    buffer that size for every page, half the time of reading a month's pages."""
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(descriptor, max(size - total, 65_536) + 1):
        chunks.append(chunk)
        total += len(chunk)
        if total > MAX_PAGE_BYTES:
            return None  # it grew meanwhile
    return b"".join(chunks)


class Folders:
    """The folders under the folder open as *root*, each opened once (never through a
    link) and kept open till `close`: a month's pages share their year, month and day
    folders, which were opened again for every page (a third of reading them)."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.opened: dict[str, int] = {}

    def open(self, folder: str) -> int:
        """Return the descriptor of *folder* ("a/b", "" for the root); OSError when it is
        missing, a link or no folder."""
        if not folder:
            return self.root
        found = self.opened.get(folder)
        if found is None:
            parent, _, name = folder.rpartition("/")
            found = os.open(name, _FLAGS | os.O_DIRECTORY, dir_fd=self.open(parent))
            self.opened[folder] = found
        return found

    def close(self) -> None:
        for descriptor in self.opened.values():
            os.close(descriptor)
        self.opened.clear()


@dataclass(frozen=True, slots=True)
class EarlyRun:
    """A Pagefind run started on a shard before the build's pages were all in."""

    process: subprocess.Popen[str]
    work: Path  # the run's folder, as a usual run's: its input and output live there
    fed: Mapping[str, str]  # page -> the `part_digest` of what Pagefind was given of it

    def gave(self, pages: Mapping[str, str]) -> bool:
        """Tell whether the run read what *pages* (page -> `part_digest`) says, no more."""
        return self.fed == pages

    def close(self) -> None:
        """Kill the run if it still goes; remove its folder."""
        with contextlib.suppress(OSError):
            self.process.kill()
        self.process.communicate()
        shutil.rmtree(self.work, ignore_errors=True)


Runs = dict[str, EarlyRun]  # by shard name


def _fill(shard: Shard, work: Path, site: Folders, parts: Mapping[str, bytes]) -> dict[str, bytes]:
    """Write what Pagefind reads of each page of *shard* into *work*'s input, in page order
    (the folder's order is Pagefind's); return those parts by page, or {} when a page is not
    at hand. *parts*: the new pages' parts; the others come from the folders of *site*."""
    source = work / PAGEFIND_INPUT
    fed: dict[str, bytes] = {}
    made: set[str] = set()
    for page in shard.pages:
        part = parts.get(page)
        if part is None:
            data = read_page(site.root, page, site)
            if data is None:
                return {}
            part = indexed_part(data)
        folder = page.rpartition("/")[0]
        if folder not in made:
            os.makedirs(source / folder, exist_ok=True)
            made.add(folder)
        _write_new(source / page, part)
        fed[page] = part
    return fed


def _write_new(path: Path, data: bytes) -> None:
    """Write *data* to the new file *path* (a run's own folder: nothing is there before)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def start_early(
    command: Sequence[str],
    shards: Sequence[Shard],
    site: Path,
    cache: Path,
    parts: Mapping[str, bytes],
) -> Runs:
    """Start Pagefind on each of *shards*: *parts* (page -> indexed part) for the pages
    rendered already, the others as *site* (the last site) holds them. None is started when
    there are more shards than cores or when a page is not at hand."""
    if not shards or len(shards) > available_cores():
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
            work = Path(tempfile.mkdtemp(prefix="run-", dir=store))
            try:
                fed = _fill(shard, work, folders, parts)
                process = launch(command, work) if fed else None
            except (OSError, SearchIndexError):  # a full disk, say: the usual run tells
                process = None
            if process is None:
                shutil.rmtree(work, ignore_errors=True)
                close_runs(runs)
                break
            # Digested once Pagefind runs: they are compared only when the shard is offered.
            digests = {page: part_digest(part) for page, part in fed.items()}
            runs[shard.name] = EarlyRun(process, work, digests)
    except BaseException:
        close_runs(runs)
        raise
    finally:
        folders.close()
        os.close(folder)
    return runs


def close_runs(runs: Runs) -> None:
    """End every run of *runs* that the build's indexing did not take over."""
    for run in runs.values():
        run.close()
    runs.clear()
