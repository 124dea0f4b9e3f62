"""Watch stage of `digest serve`: file events -> debounced, filtered batches of changed paths.

Editors save in many ways (write in place, write a temp file and rename it over the old one,
keep swap and backup files), and people copy hundreds of files at once. A batch is handed
on only after a quiet period, so a burst gives one rebuild; a rename counts by its target.
"""

from __future__ import annotations

import contextlib
import fnmatch
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from digest.paths import CACHE_DIR, EDITOR_LEFTOVERS, LEDGER_NAME, LOCK_DIR

# Editor temp, swap and backup files (the names the build never publishes), and Python's.
IGNORED_NAMES = (*EDITOR_LEFTOVERS, "*.pyc")
IGNORED_DIRS = {".git", "__pycache__", CACHE_DIR, LOCK_DIR, "node_modules", ".venv"}


@dataclass(frozen=True, slots=True)
class ChangeBatch:
    """Paths that changed during one burst, sorted."""

    paths: tuple[Path, ...]


def is_ignored(path: Path, ignored_roots: Iterable[Path] = ()) -> bool:
    """Tell whether a changed path is never a reason to rebuild."""
    if any(fnmatch.fnmatch(path.name, pattern) for pattern in IGNORED_NAMES):
        return True
    if any(part in IGNORED_DIRS for part in path.parts):
        return True
    # Hidden files (our own atomic writes use ".name.pid.tmp") except the ingest ledger.
    if path.name.startswith(".") and path.name != LEDGER_NAME:
        return True
    return any(path == root or root in path.parents for root in ignored_roots)


class Debouncer:
    """Collect paths and call *on_batch* once no new path came for a quiet period.

    One saved file is handed on after *settle* seconds of quiet (enough to take in the
    several events of one save), so that the page shows an edit at once; as soon as a second
    path joins the batch, or a path is gone (an editor may delete a file just before writing
    it anew), the batch waits for *quiet* seconds, so that a burst gives one rebuild.
    """

    def __init__(
        self, on_batch: Callable[[ChangeBatch], None], quiet: float = 0.1, settle: float = 0.015
    ) -> None:
        self._on_batch = on_batch
        self._quiet = quiet
        self._settle = min(settle, quiet)
        self._pending: set[Path] = set()
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        # Each timer carries the number of the change that started it: a timer that fires
        # just as a newer change cancels it finds its number old and leaves the batch alone.
        self._changes = 0

    def add(self, path: Path, *, again: bool = False) -> None:
        """Note a changed path and restart the quiet period (the long one when *again*)."""
        with self._lock:
            self._pending.add(path)
            single = len(self._pending) == 1 and not again and path.is_file()
            if self._timer is not None:
                self._timer.cancel()
            self._changes += 1
            delay = self._settle if single else self._quiet
            self._timer = threading.Timer(delay, self._fire, args=(self._changes,))
            self._timer.daemon = True
            self._timer.start()

    def requeue(self, paths: Iterable[Path]) -> None:
        """Put back a batch that was not used, to go with the changes that came after it."""
        for path in paths:
            self.add(path, again=True)

    def pending(self) -> bool:
        """Tell whether changes are waiting for their quiet period to end."""
        with self._lock:
            return bool(self._pending)

    def _fire(self, change: int) -> None:
        with self._lock:
            if change != self._changes:
                return
            paths, self._pending = self._pending, set()
            self._timer = None
        if paths:
            self._on_batch(ChangeBatch(tuple(sorted(paths))))

    def cancel(self) -> None:
        """Drop what is pending and stop the timer."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = None
            self._pending.clear()


class _Handler(FileSystemEventHandler):
    def __init__(
        self,
        debouncer: Debouncer,
        ignored_roots: tuple[Path, ...],
        on_folder: Callable[[Path, bool], None],
    ) -> None:
        self._debouncer = debouncer
        self._ignored_roots = ignored_roots
        self._on_folder = on_folder  # (folder, True when it came, False when it went)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's listing changed: its files report themselves
        paths = [event.src_path]
        dest = getattr(event, "dest_path", "")
        if dest:
            paths.append(dest)  # an atomic save: the rename's target is the saved file
        for number, raw in enumerate(paths):
            path = Path(raw if isinstance(raw, str) else raw.decode())
            if event.is_directory:
                came = event.event_type == "created" or (event.event_type == "moved" and number)
                self._on_folder(path, bool(came))
            if is_ignored(path, self._ignored_roots):
                if event.is_directory and path in self._ignored_roots and not path.exists():
                    self._debouncer.add(path)  # site/ itself deleted: it is built again
                continue
            self._debouncer.add(path)
            if event.is_directory and event.event_type in ("created", "moved"):
                # Files written into a new folder before its watch was set up send no
                # event of their own: look inside.
                for child in sorted(path.rglob("*")):
                    if child.is_file() and not is_ignored(child, self._ignored_roots):
                        self._debouncer.add(child)


class Watcher:
    """Watch folders and files; hand debounced batches of changes to *on_batch*.

    A root that does not exist yet (a project's templates/ or static/) is watched from its
    parent folder: once it is made, or moved in, it is watched itself, whole.
    """

    def __init__(
        self,
        roots: Iterable[Path],
        on_batch: Callable[[ChangeBatch], None],
        *,
        ignored_roots: Iterable[Path] = (),
        quiet: float = 0.1,
        settle: float = 0.015,
    ) -> None:
        self.debouncer = Debouncer(on_batch, quiet, settle)
        self._observer = Observer()
        self._handler = _Handler(
            self.debouncer, tuple(p.resolve() for p in ignored_roots), self._folder_changed
        )
        self._lock = threading.Lock()
        self._roots: set[Path] = set()
        self._watches: dict[Path, ObservedWatch | None] = {}  # folder -> its watch
        self.watch(roots)

    def watch(self, roots: Iterable[Path]) -> None:
        """Watch *roots* as well (a theme chosen anew); roots watched already stay as they are."""
        targets = [root.resolve() for root in roots]
        with self._lock:
            self._roots.update(targets)
        for target in targets:
            self._schedule(target)

    # The observer's own lock is held while it hands an event to the handler: so this lock
    # is never held while calling the observer, or a watch() from another thread deadlocks.
    def _schedule(self, target: Path) -> None:
        whole = target.is_dir()
        folder = target if whole else target.parent
        with self._lock:
            if folder in self._watches or not folder.is_dir():
                return
            self._watches[folder] = None  # taken: another caller leaves it to this one
        try:
            watch = self._observer.schedule(self._handler, str(folder), recursive=whole)
        except OSError:  # gone again, or out of watches: its parent still reports it
            with self._lock:
                self._watches.pop(folder, None)
            return
        with self._lock:
            self._watches[folder] = watch

    def _folder_changed(self, folder: Path, came: bool) -> None:
        with self._lock:
            if folder not in self._roots:
                return
            watch = self._watches.pop(folder, None)
        if watch is not None:  # a folder that went (or came anew) has a dead watch
            with contextlib.suppress(KeyError, OSError):
                self._observer.unschedule(watch)
        if came:
            self._schedule(folder)

    def start(self) -> None:
        self._observer.start()

    def stop(self) -> None:
        """Stop watching and wait for the observer thread to end."""
        self.debouncer.cancel()
        self._observer.stop()
        self._observer.join(timeout=5)
