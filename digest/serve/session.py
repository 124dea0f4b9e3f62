"""`digest serve`: build, serve the last complete build, watch, rebuild, tell browsers.

One session from the first build to Ctrl-C: the server, the watcher and the rebuilder
(rebuild.py) wired together, and what the terminal is told along the way.
"""

from __future__ import annotations

import contextlib
import errno
import sys
import threading
import webbrowser
from pathlib import Path

from digest.config import Config, load_config
from digest.errors import DigestError
from digest.paths import NETLIFY_FILE, Output, ProjectPaths
from digest.serve.headers import netlify_headers
from digest.serve.http import Broadcaster, BuildGate, DevServer
from digest.serve.rebuild import Rebuilder
from digest.serve.watch import ChangeBatch, Watcher
from digest.site.theme import ThemeError, resolve_theme
from digest.stopping import stoppable
from digest.urls import UrlScheme


def watched_roots(project: Path, theme_name: str) -> list[Path]:
    """Return what `digest serve` watches: content, the theme chain, overrides, settings."""
    roots = ProjectPaths(project).watched()
    # A broken theme is the build's to report; the project's own themes/ is watched for the fix.
    with contextlib.suppress(ThemeError):
        roots.extend(resolve_theme(project, theme_name).chain)
    return roots


def _bind(
    host: str,
    port: int,
    site: Path,
    gate: BuildGate,
    broadcaster: Broadcaster,
    base: str,
    headers: dict[str, dict[str, str]] | None = None,
) -> DevServer | None:
    """Bind the server, or say clearly that the port is taken."""
    try:
        return DevServer((host, port), site, gate, broadcaster, headers, base_path=base)
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

    With *drafts*, stories marked `draft: true` are built and shown too, into a site of their
    own under the build cache (`paths.Output`), never site/: the host publishes site/.
    """
    config = load_config(project)  # fail early, with the file and key, on broken settings
    with stoppable():  # SIGTERM (a CI job cancelled) stops it as Ctrl-C does, cleanly
        return _serve(project, host, port, config, open_browser, production_headers, drafts)


def _serve(
    project: Path,
    host: str,
    port: int,
    config: Config,
    open_browser: bool,
    production_headers: bool,
    drafts: bool,
) -> int:
    base_path = UrlScheme.from_base_url(config.base_url).base_path
    headers = netlify_headers(project) if production_headers else None
    gate, broadcaster = BuildGate(), Broadcaster()
    output = ProjectPaths(project).output(drafts_preview=drafts)
    server = _bind(host, port, output.site, gate, broadcaster, base_path, headers)
    if server is None:
        return 1
    watcher, rebuilder = _watch(project, config.theme, server, drafts, output)
    thread = threading.Thread(target=server.serve_forever, name="digest-http", daemon=True)
    try:
        first = rebuilder.rebuild()
        print(first.message if first else "built", file=sys.stderr, flush=True)
        thread.start()
        bound_host, bound_port = server.server_address[:2]
        url = f"http://{bound_host!s}:{bound_port}{base_path}"
        extra = f"with the headers of {NETLIFY_FILE}; " if headers else ""
        if not output.published:
            extra += "drafts shown, site/ left as it is; "
        print(f"serving {output.site} at {url} ({extra}Ctrl-C to stop)", flush=True)
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


def _watch(
    project: Path, theme: str, server: DevServer, drafts: bool, output: Output
) -> tuple[Watcher, Rebuilder]:
    """Start watching the inputs of a build; return the watcher and the rebuilder it drives.

    Watching starts before the first build, so that nothing saved meanwhile is missed.
    """
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

    watcher = Watcher(
        watched_roots(project, theme),
        on_batch,
        ignored_roots=[output.site],
        quiet=0.1,
    )
    rebuilder = Rebuilder(
        project,
        server.gate,
        server.broadcaster,
        debouncer=watcher.debouncer,
        drafts=drafts,
        on_built=on_built,
        output=output,
    )
    watcher.start()
    return watcher, rebuilder
