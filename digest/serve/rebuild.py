"""Rebuild for `digest serve`: one build at a time, each outcome told to open pages.

A batch of story edits is applied to the site kept in memory (live.py); any other batch
runs a full incremental build. A batch of stylesheets only swaps the stylesheet in open
pages, anything else reloads them, and only after the new files are all in place.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from digest.config import ConfigError, load_config
from digest.engine.build import BuildResult, build
from digest.engine.live import LiveSite
from digest.engine.live_model import Update
from digest.engine.live_search import open_live
from digest.errors import ArticleError, ArticleErrors, DigestError
from digest.paths import Output, ProjectPaths
from digest.reports import BuildReport, counted
from digest.serve.http import Broadcaster, BuildGate, Event, error_event
from digest.serve.watch import ChangeBatch, Debouncer
from digest.store.lock import DEFAULT_WAIT_SECONDS, BuildLockTimeout, build_lock


@dataclass(frozen=True, slots=True)
class BuildOutcome:
    """How one (re)build went: the event for open pages, and a line for the terminal."""

    event: Event
    message: str


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A live update made in memory, and the story files it was made from."""

    update: Update
    paths: list[Path]


def describe_error(error: Exception) -> Event:
    """Return the overlay event for a build error, with its file and line when known."""
    if isinstance(error, ArticleErrors) and error.errors:
        first = error.errors[0]
        return error_event(str(error), str(first.path), first.line)
    if isinstance(error, ArticleError):
        return error_event(error.message, str(error.path), error.line)
    if isinstance(error, ConfigError):
        return error_event(str(error), str(error.path), error.line)
    # Other errors say "<file>:<line>: <what went wrong>" (template_errors.py), with a column
    # after the line when the file is JSON or YAML (the ingest ledger), or "<file>: ...".
    found = _LOCATION.match(str(error))
    if found is not None:
        line = found["line"]
        return error_event(str(error), found["file"] or found["bare"], int(line) if line else None)
    return error_event(str(error))


_LOCATION = re.compile(
    r"(?P<file>[^\s:][^:\n]*\.[A-Za-z0-9]+):(?P<line>\d+)(?::\d+)?: "
    r"|(?P<bare>[^\s:]+\.[A-Za-z0-9]+): "  # no line: a path without a space, to be sure
)


def is_stylesheet_only(batch: ChangeBatch) -> bool:
    """Tell whether every changed file is a stylesheet (the page need not reload)."""
    return bool(batch.paths) and all(path.suffix == ".css" for path in batch.paths)


def _failed(error: Exception) -> BuildOutcome:
    return BuildOutcome(describe_error(error), f"build failed: {error}")


def _tell(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Rebuilder:
    """Run one build at a time; report each outcome to open pages.

    After the first build the site is kept in memory (live.py): a batch of story edits is
    applied there, in milliseconds, and only its writes hold requests; anything else runs a
    full build, which prepares the new site aside: requests are answered from the last one
    and wait only while the new one takes its place (or, before the first, for all of it).
    Each run takes the project's build lock once, after the live update is prepared.
    """

    def __init__(
        self,
        project: Path,
        gate: BuildGate,
        broadcaster: Broadcaster,
        run_build: Callable[[Path], BuildResult] | None = None,
        *,
        debouncer: Debouncer | None = None,
        live: bool = True,
        drafts: bool = False,
        on_built: Callable[[], None] | None = None,
        output: Output | None = None,
    ) -> None:
        self.project = project
        self.gate = gate
        self.broadcaster = broadcaster
        # Where the builds write: site/, or with drafts a site of their own (`paths.Output`).
        self.output = output or ProjectPaths(project).output()
        self.run_build = run_build or functools.partial(
            build, drafts=drafts, guard=gate.writing, settings_required=True, output=self.output
        )
        self.debouncer = debouncer
        self.lock_wait = DEFAULT_WAIT_SECONDS
        self.live: LiveSite | None = None
        self._built: BuildResult | None = None  # the last full build, whose plan live reuses
        self._use_live = live
        self.drafts = drafts
        self.on_built = on_built  # after a full build that succeeded, before the reload
        self._failed: set[Path] = set()  # story files whose live update failed
        self._lock = threading.Lock()
        # Files the last build wrote itself (ingest's articles and ledger), with their
        # signature, so that the watcher's report of those writes starts no rebuild.
        self._own_writes: dict[Path, tuple[int, int]] = {}

    def is_own_write(self, path: Path) -> bool:
        """Tell whether *path* is as the last build left it after writing it."""
        expected = self._own_writes.get(path.resolve())
        return expected is not None and _signature(path) == expected

    def changes_from_outside(self, batch: ChangeBatch) -> tuple[Path, ...]:
        """Return the paths that someone else changed: not the last build's own writes.

        A folder that still exists is left out too: the files in it report themselves
        (and the watcher looks into new folders); a folder that is gone was deleted.
        """
        return tuple(path for path in batch.paths if not (path.is_dir() or self.is_own_write(path)))

    def _remember_writes(self, report: BuildReport) -> None:
        written = [*report.ingest.export.written, ProjectPaths(self.project).ledger]
        self._own_writes = {
            path.resolve(): signature
            for path in written
            if (signature := _signature(path)) is not None
        }

    def rebuild(self, batch: ChangeBatch | None = None) -> BuildOutcome | None:
        """Build now (None when *batch* holds only the last build's own writes, or when it
        was put back because more changes came while it was prepared).

        Then pages reload, or swap stylesheets.
        """
        with self._lock:
            if batch is not None:
                # Decided under the lock: a batch that arrives during a build is judged
                # against what that build wrote.
                batch = ChangeBatch(self.changes_from_outside(batch))
                if not batch.paths:
                    return None
                print(f"rebuilding: {len(batch.paths)} changed", file=sys.stderr, flush=True)
            prepared = self._prepare(batch) if batch is not None else None
            if prepared is _PUT_BACK:
                return None
            if isinstance(prepared, BuildOutcome):  # the edit is broken: nothing to write
                self.broadcaster.send(prepared.event)
                return prepared
            if prepared is None and self.live is not None:
                # No thread may run while the build forks its workers; and the search
                # thread may be waiting for the lock: stopped before the lock is taken.
                self.live.search.stop()
            return self._locked(batch, prepared)

    def _locked(self, batch: ChangeBatch | None, prepared: _Prepared | None) -> BuildOutcome:
        """Write the live update, or build in full, holding the project's build lock once.

        A `digest build` of the same project may be running: this waits for it (pages keep
        being served meanwhile).
        """
        retired: list[LiveSite] = []
        try:
            with build_lock(self.project, wait=self.lock_wait, on_wait=_tell):
                outcome = self._commit(prepared, retired) if prepared is not None else None
                if outcome is None:
                    outcome = self._full(batch)
                    if outcome.event.kind != "error" and self.on_built is not None:
                        self.on_built()
                self.broadcaster.send(outcome.event)
                if self.live is None and self._use_live and outcome.event.kind != "error":
                    self.live = self._open_live()
        except BuildLockTimeout as error:
            if prepared is not None and self.live is not None:
                self.live.abandon(prepared.update)
                self._failed = set(prepared.paths)
            else:
                self.live = None  # its search index updates were stopped for the build
            outcome = _failed(error)
            self.broadcaster.send(outcome.event)
        finally:
            for live in retired:  # after the lock: their threads may be waiting for it
                live.search.stop()
        return outcome

    def _prepare(self, batch: ChangeBatch) -> _Prepared | BuildOutcome | None:
        """Apply *batch* to the site in memory; None when it needs a full build."""
        live = self.live
        gone = self.output.site.resolve() in batch.paths
        if live is None or not live.current or gone:
            return None  # nothing in memory to update, or site/ itself gone: a full build
        # Files that failed last time go again, so that an error stays shown until fixed.
        paths = sorted({*batch.paths, *self._failed})
        try:
            update = live.prepare(paths)
        except DigestError as error:
            self._failed = set(paths)
            return _failed(error)
        except Exception as error:  # a bug must not kill the server: a full build decides
            print(f"live update failed ({error!r}); building in full", file=sys.stderr)
            return None
        if update is None:
            return None
        if update.empty:  # the same bytes again: the site is right; clear a shown error
            self._failed = set()
            return BuildOutcome(Event("ok"), "nothing changed")
        if self.debouncer is not None and self.debouncer.pending():
            # More changes came meanwhile: this batch goes with them, in one update.
            live.abandon(update)
            self.debouncer.requeue(paths)
            print("more changes came: waiting for them", file=sys.stderr, flush=True)
            return _PUT_BACK
        return _Prepared(update, paths)

    def _commit(self, prepared: _Prepared, retired: list[LiveSite]) -> BuildOutcome | None:
        """Write a prepared update into site/; None when a full build must run instead."""
        live = self.live
        assert live is not None
        if not live.current:  # a `digest build` replaced site/ while this waited for the lock
            live.abandon(prepared.update)
            self.live = None
            retired.append(live)
            return None
        try:
            with self.gate.writing():
                live.commit(prepared.update)
        except OSError as error:  # a full disk: site/ is part written, the cache knows it
            self.live = None
            retired.append(live)
            self._failed = set(prepared.paths)
            return _failed(error)
        self._failed = set()
        return BuildOutcome(Event("reload"), f"updated {len(prepared.update.writes)} files")

    def _full(self, batch: ChangeBatch | None) -> BuildOutcome:
        if self.live is not None:
            # The build should trust what the live updates wrote into site/.
            with contextlib.suppress(DigestError, OSError):
                self.live.close(wait=self.lock_wait)
            self.live = None
        self._failed = set()  # a full build reads every file anyway
        # The build holds requests while it swaps site/; with no site yet, they wait for
        # the whole first build rather than get a 404.
        first = not self.output.site.is_dir()
        with self.gate.writing() if first else contextlib.nullcontext():
            return self._build(batch)

    def _open_live(self) -> LiveSite | None:
        """Load the site just built into memory (None if it cannot be: builds stay full)."""
        try:
            # rebuild() holds the build lock already.
            config = load_config(self.project, required=True)
            built, self._built = self._built, None
            live = open_live(
                self.project,
                config,
                drafts=self.drafts,
                guard=self.gate.writing,
                built=built,
                say=lambda message: print(message, file=sys.stderr, flush=True),
                output=self.output,
            )
        except Exception as error:  # the next change then runs a full build
            print(f"serving without live updates: {error}", file=sys.stderr)
            return None
        return live

    def close(self) -> None:
        """Stop the search index updates and record site/ (at shutdown), without hanging."""
        locked = self._lock.acquire(timeout=5)
        try:
            live = self.live
            if live is None:
                return
            if locked:
                with contextlib.suppress(DigestError, OSError):
                    live.close(wait=5)
            live.search.stop()
        finally:
            if locked:
                self._lock.release()

    def _build(self, batch: ChangeBatch | None) -> BuildOutcome:
        try:
            built = self.run_build(self.project)
        except DigestError as error:
            return BuildOutcome(describe_error(error), f"build failed: {error}")
        except Exception as error:  # a bug must not kill the server
            event = error_event(f"{type(error).__name__}: {error}")
            return BuildOutcome(event, f"build crashed: {error!r}")
        for warning in built.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        self._built = built if self._use_live else None
        self._remember_writes(built.report)
        kind = "css" if batch is not None and is_stylesheet_only(batch) else "reload"
        # The count sits beside the warnings printed above, as `digest build`'s summary gives it.
        said = f" ({counted(len(built.warnings), 'warning')})" if built.warnings else ""
        return BuildOutcome(Event(kind), ("rebuilt" if batch else "built") + said)


_PUT_BACK = BuildOutcome(Event("reload"), "put back")


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
