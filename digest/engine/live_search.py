"""Live search: `digest serve` re-indexes the search shards of edited stories, in a thread.

After a live update (live.py) has written its pages and the browser was told to reload,
the shards are planned and keyed exactly as a build does; Pagefind runs for the shards the
cache lacks, outside the gate; putting the new index files in place holds it. A shard built
from pages written again meanwhile is dropped and indexed again. Last, the manifest of
site/ is stored in the build cache for the next build.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from digest.config import Config
from digest.engine.build import BuildResult
from digest.engine.live import LiveSite
from digest.engine.search_feed import search_shards
from digest.paths import SEARCH_CACHE, SEARCH_DIR, Output
from digest.site.pagefind import Indexing
from digest.site.search import (
    ShardIndex,
    folder_holding,
    search_digest,
)
from digest.site.search_files import search_files
from digest.store.lock import build_lock
from digest.store.staging import Guard
from digest.store.write import Entry, digest_of, digest_or_none, put_file, remove_file

Say = Callable[[str], None]


class SearchUpdater:
    """Re-indexes the search shards of changed story pages in a thread, then records site/."""

    def __init__(
        self, live: LiveSite, guard: Guard | None = None, say: Say = lambda _: None
    ) -> None:
        self.live = live
        self.guard = guard
        self.say = say  # tells the terminal that a run failed (the library prints nothing)
        self.lock = threading.Lock()  # guards the live model and manifest
        self._wanted = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None
        self._indexing: Indexing | None = None
        self._damaged = False  # the last run found a damaged cached index

    def wanted(self) -> None:
        """Ask for a run (after a commit)."""
        if self._stop.is_set():
            return
        with self.lock:
            self._idle.clear()
            self._wanted.set()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="digest-search", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until no run is pending or running; return False on timeout."""
        return self._idle.wait(timeout)

    def stop(self) -> None:
        """Stop the thread (killing a Pagefind run) and wait for it."""
        self._stop.set()
        self._wanted.set()
        indexing = self._indexing
        if indexing is not None:
            indexing.kill()
        if self._thread is not None:
            self._thread.join(timeout=60)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wanted.wait()
            if self._stop.is_set():
                break
            self._wanted.clear()
            try:
                again = self.index_once()
            except Exception as error:  # the next commit tries again; serving goes on
                if not self._stop.is_set():  # a run killed by stop() is no news
                    self.say(f"search index not updated: {error}")
                again = False
            if again:
                self._wanted.set()
            with self.lock:
                if not self._wanted.is_set():
                    self._idle.set()
        self._idle.set()

    def index_once(self) -> bool:
        """Index what changed and put it in place; return True when it must run again."""
        live = self.live
        if not live.config.search:  # no index to keep in step: only record site/
            with build_lock(live.project, on_wait=lambda _: None), self.lock:
                if not self._stop.is_set() and live.current:
                    live.record()
            return False
        with self.lock:
            model, manifest, written = live.model, dict(live.manifest), dict(live.written)
        shards, keys = search_shards(
            model.groups.articles,
            model.pages,
            live.urls,
            functools.partial(self._read_by_search, manifest),
        )
        store = live.cache_folder / SEARCH_CACHE
        built = {shard.name for shard in shards if not (store / keys[shard.name]).is_dir()}
        self._indexing = indexing = Indexing(shards, keys, live.site, live.cache_folder)
        try:
            indexes = indexing.result()
        finally:
            indexing.close()
            self._indexing = None
        with build_lock(live.project, on_wait=lambda _: None), self.lock:
            # Taken as the rebuilder takes them: the build lock, then this one.
            if self._stop.is_set() or not live.current:
                return False
            # Pagefind may have read a page written after the keys were taken: such a shard
            # must never be kept, under a key that does not describe it.
            stale = [
                index
                for index in indexes
                if index.shard.name in built
                and any(live.written.get(page) != written.get(page) for page in index.shard.pages)
            ]
            for index in stale:
                shutil.rmtree(index.folder, ignore_errors=True)
            if stale or live.model is not model:
                return True
            damaged = self._place(indexes)
            if damaged is not None:  # not trusted, as a build does not: indexed again, once
                folder = folder_holding(indexes, damaged)
                shutil.rmtree(folder, ignore_errors=True)
                if self._damaged:
                    self._damaged = False
                    raise OSError(f"{folder}: the search index is damaged again")
                self._damaged = True
                return True
            self._damaged = False
            live.record()
        return False

    def _read_by_search(self, manifest: Mapping[str, Entry], page: str) -> str:
        """Return the digest of what Pagefind reads of *page*, as a build keys it."""
        entry = manifest.get(page)
        if entry is not None:
            return entry.search or entry.digest
        try:  # not recorded: what Pagefind will read is what is on disk
            return search_digest((self.live.site / page).read_bytes())
        except OSError:
            return ""

    def _place(self, indexes: Sequence[ShardIndex]) -> Path | None:
        """Write the search files that changed; return a damaged cached file instead."""
        live = self.live
        files = search_files(indexes)
        wanted = files.digests
        manifest = live.manifest
        prefix = SEARCH_DIR + "/"
        gone = [path for path in manifest if path.startswith(prefix) and path not in wanted]
        changes = [
            path for path, digest in wanted.items() if digest_or_none(manifest.get(path)) != digest
        ]
        if not changes and not gone:
            return None
        contents = files.read(changes)
        if isinstance(contents, Path):
            return contents
        live.untrust()
        with self.guard() if self.guard is not None else contextlib.nullcontext():
            for path, data in contents.items():
                digest = digest_of(data)
                manifest[path] = Entry(digest, digest, put_file(live.site, path, data))
            for path in gone:
                remove_file(live.site, path)
                manifest.pop(path, None)
        return None


def open_live(
    project: Path,
    config: Config,
    *,
    drafts: bool = False,
    guard: Guard | None = None,
    built: BuildResult | None = None,
    say: Say = lambda _: None,
    output: Output | None = None,
) -> LiveSite:
    """Return the live model of the last build, with its search index kept up to date.

    With *built*, the result of that build, what it planned is taken as it is. *say* is
    told when re-indexing fails.
    """

    def search(live: LiveSite) -> SearchUpdater:
        return SearchUpdater(live, guard, say)

    if built is not None:
        return LiveSite.from_build(built, search=search)
    return LiveSite(project, config, drafts=drafts, search=search, output=output)
