"""`digest serve`: build, serve the last complete build, watch, rebuild, tell browsers.

A batch of story edits is applied to the site kept in memory (live.py); any other batch
runs a full incremental build. A batch of stylesheets only swaps the stylesheet in open
pages, anything else reloads them, and only after the new files are all in place.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import re
import sys
import threading
import tomllib
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from digest.config import ConfigError, load_config
from digest.engine.build import BuildResult, build
from digest.engine.live import LiveSite
from digest.engine.live_search import open_live
from digest.errors import ArticleError, ArticleErrors, DigestError
from digest.paths import CONFIG_FILE, SITE_DIR
from digest.reports import BuildReport
from digest.serve.http import Broadcaster, BuildGate, DevServer, Event, error_event
from digest.serve.watch import ChangeBatch, Debouncer, Watcher
from digest.site.theme import ThemeError, resolve_theme
from digest.store.lock import DEFAULT_WAIT_SECONDS, BuildLockTimeout, build_lock
from digest.urls import UrlScheme

NETLIFY_FILE = "netlify.toml"


@dataclass(frozen=True, slots=True)
class BuildOutcome:
    """How one (re)build went: the event for open pages, and a line for the terminal."""

    event: Event
    message: str


def describe_error(error: Exception) -> Event:
    """Return the overlay event for a build error, with its file and line when known."""
    if isinstance(error, ArticleErrors) and error.errors:
        first = error.errors[0]
        return error_event(str(error), str(first.path), first.line)
    if isinstance(error, ArticleError):
        return error_event(error.message, str(error.path), error.line)
    if isinstance(error, ConfigError):
        return error_event(str(error), str(error.path), error.line)
    # Template errors say "<file>:<line>: <what went wrong>" (template_errors.py).
    found = _LOCATION.match(str(error))
    if found is not None:
        return error_event(str(error), found["file"], int(found["line"]))
    return error_event(str(error))


_LOCATION = re.compile(r"(?P<file>[^\s:][^:\n]*\.[A-Za-z0-9]+):(?P<line>\d+): ")


def watched_roots(project: Path, theme_name: str) -> list[Path]:
    """Return what `digest serve` watches: content, the theme chain, overrides, settings."""
    roots = [
        project / "content",
        project / "themes",
        project / "templates",
        project / "static",
        project / CONFIG_FILE,
    ]
    # A broken theme is the build's to report; the project's own themes/ is watched for the fix.
    with contextlib.suppress(ThemeError):
        roots.extend(resolve_theme(project, theme_name).chain)
    return roots


def is_stylesheet_only(batch: ChangeBatch) -> bool:
    """Tell whether every changed file is a stylesheet (the page need not reload)."""
    return bool(batch.paths) and all(path.suffix == ".css" for path in batch.paths)


class Rebuilder:
    """Run one build at a time; report each outcome to open pages.

    After the first build the site is kept in memory (live.py): a batch of story edits is
    applied there, in milliseconds, and only its writes hold requests; anything else runs a
    full build, which prepares the new site aside: requests are answered from the last one
    and wait only while the new one takes its place (or, before the first, for all of it).
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
    ) -> None:
        self.project = project
        self.gate = gate
        self.broadcaster = broadcaster
        self.run_build = run_build or functools.partial(build, drafts=drafts, guard=gate.writing)
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
        written = [*report.ingest.export.written, self.project / "content" / ".ingest.json"]
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
            outcome = self._apply_live(batch) if batch is not None else None
            if outcome is _PUT_BACK:
                return None
            if outcome is None:
                outcome = self._full(batch)
                if outcome.event.kind != "error" and self.on_built is not None:
                    self.on_built()
            self.broadcaster.send(outcome.event)
            if self.live is None and self._use_live and outcome.event.kind != "error":
                self.live = self._open_live()
        return outcome

    def _full(self, batch: ChangeBatch | None) -> BuildOutcome:
        if self.live is not None:
            # No thread may run while the build forks its workers; and the build should
            # trust what the live updates wrote into site/.
            with contextlib.suppress(DigestError, OSError):
                self.live.close(wait=self.lock_wait)  # stops its search thread first
            self.live = None
        self._failed = set()  # a full build reads every file anyway
        try:
            # A `digest build` of the same project may be running: wait for it (pages
            # keep being served meanwhile). The build holds requests while it swaps site/;
            # with no site yet, they wait for the whole first build rather than get a 404.
            first = not (self.project / SITE_DIR).is_dir()
            with (
                build_lock(self.project, wait=self.lock_wait),
                self.gate.writing() if first else contextlib.nullcontext(),
            ):
                return self._build(batch)
        except BuildLockTimeout as error:
            return BuildOutcome(describe_error(error), f"build failed: {error}")

    def _apply_live(self, batch: ChangeBatch) -> BuildOutcome | None:
        """Apply *batch* to the site in memory; None when it needs a full build."""
        live = self.live
        if live is None or not live.current:
            return None
        # Files that failed last time go again, so that an error stays shown until fixed.
        paths = sorted({*batch.paths, *self._failed})
        try:
            update = live.prepare(paths)
        except DigestError as error:
            self._failed = set(paths)
            return BuildOutcome(describe_error(error), f"build failed: {error}")
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
        try:
            with build_lock(self.project, wait=self.lock_wait), self.gate.writing():
                # A `digest build` may have replaced site/ while this waited for the lock.
                swapped = not live.current
                if not swapped:
                    live.commit(update)
        except BuildLockTimeout as error:
            live.abandon(update)
            self._failed = set(paths)
            return BuildOutcome(describe_error(error), f"build failed: {error}")
        except OSError as error:  # a full disk: site/ is part written, the cache knows it
            live.search.stop()
            self.live = None
            self._failed = set(paths)
            return BuildOutcome(describe_error(error), f"build failed: {error}")
        if swapped:
            live.abandon(update)
            return None
        self._failed = set()
        return BuildOutcome(Event("reload"), f"updated {len(update.writes)} files")

    def _open_live(self) -> LiveSite | None:
        """Load the site just built into memory (None if it cannot be: builds stay full)."""
        try:
            with build_lock(self.project, wait=self.lock_wait):
                config = load_config(self.project)
                built, self._built = self._built, None
                live = open_live(
                    self.project,
                    config,
                    drafts=self.drafts,
                    guard=self.gate.writing,
                    built=built,
                    say=lambda message: print(message, file=sys.stderr, flush=True),
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
        return BuildOutcome(Event(kind), "rebuilt" if batch else "built")


_PUT_BACK = BuildOutcome(Event("reload"), "put back")


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def netlify_headers(project: Path) -> dict[str, dict[str, str]]:
    """Return the header rules of the project's netlify.toml: {"/*": {name: value}, ...}."""
    path = project / NETLIFY_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DigestError(f"--production-headers: {path} not found") from error
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise DigestError(f"{path}: cannot be read as TOML: {error}") from error
    rules: dict[str, dict[str, str]] = {}
    headers = data.get("headers", [])
    if not isinstance(headers, list):
        raise DigestError(f"{path}: headers: expected [[headers]] tables")
    for number, rule in enumerate(headers, start=1):
        pattern = rule.get("for") if isinstance(rule, dict) else None
        values = rule.get("values", {}) if isinstance(rule, dict) else None
        if not isinstance(pattern, str) or not isinstance(values, dict):
            raise DigestError(f"{path}: [[headers]] number {number}: needs 'for' and 'values'")
        merged = rules.setdefault(pattern, {})
        merged.update({str(name): str(value) for name, value in values.items()})
    return rules


def _bind(
    host: str,
    port: int,
    project: Path,
    gate: BuildGate,
    broadcaster: Broadcaster,
    base: str,
    headers: dict[str, dict[str, str]] | None = None,
) -> DevServer | None:
    """Bind the server, or say clearly that the port is taken."""
    try:
        return DevServer(
            (host, port), project / SITE_DIR, gate, broadcaster, headers, base_path=base
        )
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
    print(
        f"digest: error: port {port} on {host} is in use; "
        "pick another with --port (or --port 0 for any free port)",
        file=sys.stderr,
    )
    return None


def serve(
    project: Path,
    host: str,
    port: int,
    *,
    open_browser: bool = False,
    production_headers: bool = False,
    drafts: bool = False,
) -> int:
    """Build, serve and rebuild on change until Ctrl-C; return the exit code.

    With *drafts*, stories marked `draft: true` are built and shown too.
    """
    config = load_config(project)  # fail early, with the file and key, on broken settings
    base_path = UrlScheme.from_base_url(config.base_url).base_path
    headers = netlify_headers(project) if production_headers else None
    gate, broadcaster = BuildGate(), Broadcaster()
    server = _bind(host, port, project, gate, broadcaster, base_path, headers)
    if server is None:
        return 1
    rebuilder: Rebuilder | None = None

    def on_batch(batch: ChangeBatch) -> None:
        assert rebuilder is not None
        outcome = rebuilder.rebuild(batch)
        if outcome is not None:
            print(outcome.message, file=sys.stderr, flush=True)

    def on_built() -> None:
        # Settings may name another theme (watch it) or base_url (serve there): read them
        # before open pages are told to reload.
        with contextlib.suppress(DigestError):
            config = load_config(project)
            watcher.watch(watched_roots(project, config.theme))
            base = UrlScheme.from_base_url(config.base_url).base_path
            if base != server.base_path:
                server.move_to(base)
                print(f"base_url changed: serving at {base}", file=sys.stderr, flush=True)

    # Watch before the first build, so that nothing saved meanwhile is missed.
    watcher = Watcher(
        watched_roots(project, config.theme),
        on_batch,
        ignored_roots=[project / SITE_DIR],
        quiet=0.1,
    )
    rebuilder = Rebuilder(
        project,
        gate,
        broadcaster,
        debouncer=watcher.debouncer,
        drafts=drafts,
        on_built=on_built,
    )
    watcher.start()
    thread = threading.Thread(target=server.serve_forever, name="digest-http", daemon=True)
    try:
        first = rebuilder.rebuild()
        print(first.message if first else "built", file=sys.stderr, flush=True)
        thread.start()
        bound_host, bound_port = server.server_address[:2]
        url = f"http://{bound_host!s}:{bound_port}{base_path}"
        extra = f"with the headers of {NETLIFY_FILE}; " if headers else ""
        print(f"serving {project / SITE_DIR} at {url} ({extra}Ctrl-C to stop)", flush=True)
        if open_browser:
            webbrowser.open(url)
        while thread.is_alive():
            thread.join(timeout=0.5)
    except KeyboardInterrupt:
        print("\nstopping", file=sys.stderr)
    finally:
        watcher.stop()
        rebuilder.close()
        server.stopping.set()
        broadcaster.close()
        if thread.is_alive():
            server.shutdown()
        server.server_close()
    return 0
