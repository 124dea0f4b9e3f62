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


def read_page(site: int, page: str) -> bytes | None:
    """Return the bytes of the regular file *page* under the folder open as *site*; None
    when it is missing or anything else. No link is followed, a folder's or the file's: a
    page of the last site may have been replaced behind digest's back by a link out."""
    *folders, name = page.split("/")
    opened: list[int] = []
    try:
        folder = site
        for part in folders:
            folder = os.open(part, _FLAGS | os.O_DIRECTORY, dir_fd=folder)
            opened.append(folder)
        with open(os.open(name, _FLAGS, dir_fd=folder), "rb") as handle:
            found = os.fstat(handle.fileno())
            if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_PAGE_BYTES:
                return None  # a page put there by hand: the build indexes the shard itself
            data = handle.read(MAX_PAGE_BYTES + 1)
            return data if len(data) <= MAX_PAGE_BYTES else None
    except OSError:
        return None
    finally:
        for descriptor in opened:
            os.close(descriptor)


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


def _fill(shard: Shard, work: Path, site: int, parts: Mapping[str, bytes]) -> dict[str, str]:
    """Write what Pagefind reads of each page of *shard* into *work*'s input, in page order
    (the folder's order is Pagefind's); return each one's digest, or {} when a page is not
    at hand. *parts*: the new pages' parts; the others come from the folder open as *site*."""
    source = work / PAGEFIND_INPUT
    fed: dict[str, str] = {}
    for page in shard.pages:
        part = parts.get(page)
        if part is None:
            data = read_page(site, page)
            if data is None:
                return {}
            part = indexed_part(data)
        target = source / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(part)
        fed[page] = part_digest(part)
    return fed


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
    try:
        for shard in shards:
            work = Path(tempfile.mkdtemp(prefix="run-", dir=store))
            try:
                fed = _fill(shard, work, folder, parts)
                process = launch(command, work) if fed else None
            except (OSError, SearchIndexError):  # a full disk, say: the usual run tells
                process = None
            if process is None:
                shutil.rmtree(work, ignore_errors=True)
                close_runs(runs)
                break
            runs[shard.name] = EarlyRun(process, work, fed)
    except BaseException:
        close_runs(runs)
        raise
    finally:
        os.close(folder)
    return runs


def close_runs(runs: Runs) -> None:
    """End every run of *runs* that the build's indexing did not take over."""
    for run in runs.values():
        run.close()
    runs.clear()
