"""The HTTP side of `digest serve`: files of the last complete build, and reload events.

Standard library only. Every request is answered from the last complete build: while a
build writes, requests wait for it (bounded). The reload script is injected into HTML
responses, never into the files of site/. Paths are resolved so that nothing outside the
site folder can be read (dot segments, encoded or not, NUL bytes, symlinks pointing out).
"""

from __future__ import annotations

import json
import mimetypes
import posixpath
import queue
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from digest.paths import INDEX_FILE, NOT_FOUND_FILE, data_name
from digest.serve.redirect_rules import RedirectRules
from digest.tree import real_folder

EVENTS_PATH = "/__digest/events"
SCRIPT_PATH = "/__digest/livereload.js"
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()
BUILD_WAIT_SECONDS = 15.0
KEEPALIVE_SECONDS = 10.0

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".webmanifest": "application/manifest+json",
}


@dataclass(frozen=True, slots=True)
class Event:
    """A message to every open page: reload, swap stylesheets, show or clear an error."""

    kind: str  # reload | css | error | ok
    data: str = ""

    def encode(self) -> bytes:
        lines = self.data.split("\n") if self.data else [""]
        return (
            f"event: {self.kind}\n" + "".join(f"data: {line}\n" for line in lines) + "\n"
        ).encode()


class BuildGate:
    """Readers (requests) wait while a writer (the build's write step) holds the gate.

    Writers may nest (the first build holds it throughout, and its swap of site/ again).
    """

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._writers = 0

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._condition:
            self._writers += 1
        try:
            yield
        finally:
            with self._condition:
                self._writers -= 1
                self._condition.notify_all()

    def wait_until_complete(self, timeout: float = BUILD_WAIT_SECONDS) -> bool:
        with self._condition:
            return self._condition.wait_for(lambda: not self._writers, timeout=timeout)


class Broadcaster:
    """Fan events out to every connected page (one queue per connection)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: set[queue.Queue[Event | None]] = set()
        self.last_error: Event | None = None

    def connect(self) -> queue.Queue[Event | None]:
        client: queue.Queue[Event | None] = queue.Queue()
        with self._lock:
            self._clients.add(client)
        if self.last_error is not None:
            client.put(self.last_error)  # a page opened while the build is broken sees it
        return client

    def disconnect(self, client: queue.Queue[Event | None]) -> None:
        with self._lock:
            self._clients.discard(client)

    def send(self, event: Event) -> None:
        if event.kind == "error":
            self.last_error = event
        elif event.kind in ("ok", "reload", "css"):
            self.last_error = None
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            client.put(event)

    def close(self) -> None:
        """End every event stream (at shutdown)."""
        with self._lock:
            clients = list(self._clients)
        for client in clients:
            client.put(None)

    @property
    def connected(self) -> int:
        with self._lock:
            return len(self._clients)


def resolve(site_dir: Path, url_path: str) -> Path | None:
    """Return the file under *site_dir* that *url_path* names, or None if it may not be served."""
    path = unquote(urlsplit(url_path).path, errors="strict")
    if "\x00" in path or "\\" in path:
        return None
    parts = path.split("/")
    if any(part in ("..", ".") for part in parts):
        return None
    normalized = posixpath.normpath("/" + path).lstrip("/")
    root = real_folder(site_dir)  # on every request: a site/ that is a link is never served
    if root is None:
        return None
    try:
        return _existing(root, root / normalized, path.endswith("/"))
    except OSError:  # a name too long for the file system, a loop of links: no such page
        return None


def _existing(root: Path, named: Path, slash: bool) -> Path | None:
    """Return the file *named* (under *root*), or the folder to redirect to, if it is there."""
    candidate = named.resolve()
    if candidate != root and root not in candidate.parents:
        return None  # a symlink pointing out of the site
    if candidate.is_dir():
        if not slash:
            return candidate  # the handler redirects to the slash form
        candidate = (candidate / INDEX_FILE).resolve()
        if root not in candidate.parents:
            return None
    return candidate if candidate.is_file() else None


def inject(html: bytes) -> bytes:
    """Add the reload script before </body> (or at the end)."""
    marker = html.rfind(b"</body>")
    if marker == -1:
        return html + SCRIPT_TAG
    return html[:marker] + SCRIPT_TAG + html[marker:]


NO_SITE_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not found</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Not found</h1><p>There is no page here yet. If the build failed, its error
is shown above; this page reloads as soon as a build succeeds.</p></main></body></html>
"""


class DevServer(ThreadingHTTPServer):
    """A threading HTTP server that knows the site folder, the gate and the broadcaster."""

    daemon_threads = True
    allow_reuse_address = True
    # Browsers open several connections at once, and every open page holds one for events.
    request_queue_size = 128

    def __init__(
        self,
        address: tuple[str, int],
        site_dir: Path,
        gate: BuildGate,
        broadcaster: Broadcaster,
        extra_headers: dict[str, dict[str, str]] | None = None,
        base_path: str = "/",
    ) -> None:
        self.site_dir = site_dir
        self.redirects = RedirectRules(site_dir)  # old URLs answer as the host would
        # The site links to base_url's path ("/digest/..."): serve it there, as a host would.
        self.base_path = "/"
        self._old_bases: list[str] = []
        self.move_to(base_path)
        self.gate = gate
        self.broadcaster = broadcaster
        self.stopping = threading.Event()
        # Header rules by path pattern (for --production-headers), e.g. {"/*": {...}}.
        self.extra_headers = extra_headers or {}
        super().__init__(address, _Handler)

    def move_to(self, base_path: str) -> None:
        """Serve the site under *base_path* now (base_url changed); the old paths redirect."""
        base = base_path if base_path.endswith("/") else base_path + "/"
        if base != self.base_path and self.base_path != "/":
            self._old_bases.append(self.base_path)
        self._old_bases = [old for old in self._old_bases if old != base]
        self.base_path = base

    def site_path(self, url_path: str) -> str | None:
        """Return the path of *url_path* from the site's root, None when outside base_path."""
        base = self.base_path
        return "/" + url_path[len(base) :] if url_path.startswith(base) else None

    def moved(self, url_path: str) -> str | None:
        """Return where a path under an earlier base path is now, if it is under one.

        The longest base path that holds *url_path* wins: after /digest/ -> /digest/v2/,
        /digest/v2/x is today's page; after /digest/v2/ -> /digest/, it moved to /digest/x.
        """
        holding = [
            base
            for base in [self.base_path, *self._old_bases]
            if url_path.startswith(base) or url_path == base.rstrip("/")
        ]
        if not holding:
            return None
        old = max(holding, key=len)
        if old == self.base_path:
            return None
        return self.base_path + url_path[len(old) :]

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Say nothing when a browser drops a connection (it navigated away, or reloaded)."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: DevServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Keep the terminal quiet: builds report themselves."""

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        if urlsplit(self.path).path == EVENTS_PATH:
            self._events()
        else:
            self._serve(head=False)

    def _serve(self, *, head: bool) -> None:
        url_path = urlsplit(self.path).path
        if url_path == SCRIPT_PATH:
            script = resources.files("digest").joinpath(data_name("livereload.js")).read_bytes()
            self._send(HTTPStatus.OK, TYPES[".js"], script, head)
            return
        base = self.server.base_path
        if base != "/" and url_path in ("/", base.rstrip("/")):
            self._redirect(base)
            return
        moved = self.server.moved(url_path)
        if moved is not None:  # an open page of before base_url changed reloads here
            self._redirect(moved, permanent=False)
            return
        self.server.gate.wait_until_complete()
        rule = self.server.redirects.find(url_path)
        if rule is not None:  # a story's old URL: the 301 of site/_redirects
            self._redirect(rule[0], permanent=rule[1] == HTTPStatus.MOVED_PERMANENTLY)
            return
        site_path = self.server.site_path(url_path)
        try:
            target = resolve(self.server.site_dir, site_path) if site_path is not None else None
        except UnicodeDecodeError:
            target = None
        if target is not None and target.is_dir():
            self._redirect(url_path + "/")
            return
        status = HTTPStatus.OK
        if target is None:
            status = HTTPStatus.NOT_FOUND
            target = resolve(self.server.site_dir, "/" + NOT_FOUND_FILE)
            if target is None:
                # No site yet (the first build failed): a page that shows the build error
                # and reloads once a build succeeds.
                self._send(status, TYPES[".html"], inject(NO_SITE_PAGE), head)
                return
        try:
            body = target.read_bytes()
        except OSError:
            self._send(HTTPStatus.NOT_FOUND, TYPES[".txt"], b"404 Not Found\n", head)
            return
        content_type = TYPES.get(target.suffix) or (
            mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        )
        if target.suffix == ".html":
            body = inject(body)
        self._send(status, content_type, body, head, url_path)

    def _redirect(self, location: str, *, permanent: bool = True) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY if permanent else HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(
        self, status: HTTPStatus, content_type: str, body: bytes, head: bool, url_path: str = ""
    ) -> None:
        headers = {
            "Content-Type": content_type,
            "Content-Length": str(len(body)),
            "Cache-Control": "no-store",
        }
        # Header rules name paths from the site's root, as on the host; here the site may
        # be served under base_url's path.
        site_path = self.server.site_path(url_path)
        for pattern, values in self.server.extra_headers.items():
            if site_path is not None and _matches(pattern, site_path):
                for name, value in values.items():
                    if name.lower() not in ("content-type", "content-length"):
                        headers[name] = value
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        client = self.server.broadcaster.connect()
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not self.server.stopping.is_set():
                try:
                    event = client.get(timeout=KEEPALIVE_SECONDS)
                except queue.Empty:
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                    continue
                if event is None:
                    break
                self.wfile.write(event.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self.server.broadcaster.disconnect(client)


def _matches(pattern: str, url_path: str) -> bool:
    if pattern.endswith("*"):
        return url_path.startswith(pattern[:-1])
    return url_path == pattern


def error_event(message: str, file: str = "", line: int | None = None) -> Event:
    """Return the event that shows a build error in every open page."""
    return Event("error", json.dumps({"message": message, "file": file, "line": line}))
