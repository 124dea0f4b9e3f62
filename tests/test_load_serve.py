"""`digest serve` under load, on loopback only: 50 event streams open, 2 000 page requests from
20 concurrent clients, a rebuild every second meanwhile. No request fails, no half-built page
is served, memory stays flat, and Ctrl-C stops it cleanly.

Every loop is bounded in count and in time; the server process is stopped in all cases.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest_project import make_project

EVENT_CLIENTS = 50
PAGE_CLIENTS = 20
REQUESTS = 2_000
REBUILD_EVERY = 1.0
DEADLINE = 240.0  # seconds for the whole load; far more than it takes
RSS_GROWTH_LIMIT = 80 * 1024  # kB
SCRIPT = b'<script src="/__digest/livereload.js" defer></script>'
LINK = re.compile(rb"""(?:href|src)="(/[^"#?]*)""")


@dataclass
class Server:
    project: Path
    process: subprocess.Popen[bytes]
    host: str
    port: int
    stderr: list[bytes] = field(default_factory=list)

    def rss(self) -> int:
        """Return the server process's resident memory in kB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        assert found, status
        return int(found.group(1))

    def log(self) -> str:
        return b"".join(self.stderr).decode("utf-8", "replace")


def _drain(stream: object, into: list[bytes]) -> None:
    for line in iter(stream.readline, b""):  # type: ignore[attr-defined]
        into.append(line)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to measure memory")
    project = make_project(tmp_path / "project", seeds=True)
    counter = project / "content" / "articles" / "load" / "counter.md"
    counter.parent.mkdir(parents=True)
    counter.write_text(_counter(0), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "digest", "serve", "-q", "-C", str(project), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    running = None
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            found = re.search(rb" at http://(127\.0\.0\.1):(\d+)/", line)
            if found or not line:
                break
        assert found, process.stderr.read().decode()
        running = Server(project, process, found.group(1).decode(), int(found.group(2)))
        threading.Thread(target=_drain, args=(process.stderr, running.stderr), daemon=True).start()
        threading.Thread(target=_drain, args=(process.stdout, []), daemon=True).start()
        yield running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def _counter(version: int) -> str:
    return (
        "---\ntitle: Load Counter Story\ndate: 2026-01-13\nregions: [Europe]\n---\n\n"
        f"This story is at version {version}.\n"
    )


def _save(path: Path, text: str) -> None:
    """Save as editors do: a temporary file, then a rename."""
    temporary = path.with_name(path.name + ".tmp42")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


class EventClient(threading.Thread):
    """One open page's event stream: counts reload events until the server ends it."""

    def __init__(self, server: Server) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.reloads = 0
        self.connected = threading.Event()
        self.ended = threading.Event()
        self.error: str | None = None

    def run(self) -> None:
        connection = http.client.HTTPConnection(self.server.host, self.server.port, timeout=60)
        try:
            connection.request("GET", "/__digest/events")
            response = connection.getresponse()
            assert response.status == 200
            self.connected.set()
            while line := response.readline():
                if line == b"event: reload\n":
                    self.reloads += 1
        except Exception as error:  # reported by the test
            self.error = repr(error)
        finally:
            connection.close()
            self.ended.set()


@dataclass
class PageResults:
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)
    links: set[str] = field(default_factory=set)
    done: int = 0


def _page_client(
    server: Server, urls: list[str], count: int, results: PageResults, lock: threading.Lock
) -> None:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
    try:
        for number in range(count):
            url = urls[number % len(urls)]
            try:
                connection.request("GET", url)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
                with lock:
                    results.failures.append(f"{url}: {error!r}")
                continue
            complete = body.rstrip().endswith(b"</html>") and body.count(SCRIPT) == 1
            with lock:
                results.done += 1
                results.statuses[response.status] = results.statuses.get(response.status, 0) + 1
                if response.status != 200:
                    results.failures.append(f"{url}: HTTP {response.status}")
                if not complete:
                    results.incomplete.append(url)
                results.links.update(link.decode() for link in LINK.findall(body))
    finally:
        connection.close()


def _pages(site: Path) -> list[str]:
    pages = sorted(
        "/" + path.relative_to(site).as_posix().removesuffix("index.html")
        for path in site.rglob("*.html")
        if "pagefind" not in path.parts
    )
    return [page for page in pages if page != "/404.html"]


def _wait_for_rebuilds(server: Server, count: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while server.log().count("rebuilt") < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_serve_under_load_loses_no_request_and_stops_cleanly(server: Server) -> None:
    counter = server.project / "content" / "articles" / "load" / "counter.md"
    urls = _pages(server.project / "site")
    assert len(urls) > 40
    # Warm up: every page once, and two rebuilds, before memory is measured.
    warm = PageResults()
    _page_client(server, urls, len(urls), warm, threading.Lock())
    assert not warm.failures, warm.failures
    for version in (1, 2):
        _save(counter, _counter(version))
        _wait_for_rebuilds(server, version, 30)
    assert server.log().count("rebuilt") >= 2, server.log()
    rss_before = server.rss()

    events = [EventClient(server) for _ in range(EVENT_CLIENTS)]
    for client in events:
        client.start()
    for client in events:
        assert client.connected.wait(30), client.error

    stop = threading.Event()
    versions = [2]

    def edit_every_second() -> None:
        while not stop.wait(REBUILD_EVERY) and versions[-1] < 2 + DEADLINE:
            versions.append(versions[-1] + 1)
            _save(counter, _counter(versions[-1]))

    editor = threading.Thread(target=edit_every_second, daemon=True)
    results, lock = PageResults(), threading.Lock()
    clients = [
        threading.Thread(
            target=_page_client,
            args=(server, urls[index:] + urls[:index], REQUESTS // PAGE_CLIENTS, results, lock),
            daemon=True,
        )
        for index in range(PAGE_CLIENTS)
    ]
    started = time.monotonic()
    editor.start()
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(timeout=max(DEADLINE - (time.monotonic() - started), 1))
    stop.set()
    editor.join(timeout=10)
    seconds = time.monotonic() - started
    assert not any(client.is_alive() for client in clients), "page clients did not finish"
    rebuilds_during_load = server.log().count("rebuilt") - 2
    _wait_for_rebuilds(server, 2 + len(versions) - 1, 30)

    assert results.done == REQUESTS and results.failures == [], results.failures[:10]
    assert results.statuses == {200: REQUESTS}
    assert results.incomplete == []
    assert rebuilds_during_load >= min(3, int(seconds)), server.log()
    assert "build failed" not in server.log() and "crashed" not in server.log()

    # Every page that a served page links to is there.
    missing = []
    connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
    for link in sorted(results.links):
        connection.request("HEAD", link)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            missing.append(f"{link}: {response.status}")
    connection.close()
    assert missing == []

    # Every open page heard about the rebuilds, and is still connected.
    assert all(client.error is None for client in events), [c.error for c in events][:3]
    assert not any(client.ended.is_set() for client in events)
    assert min(client.reloads for client in events) >= 1

    rss_after = server.rss()
    assert rss_after - rss_before < RSS_GROWTH_LIMIT, (rss_before, rss_after)

    # Ctrl-C: the server ends every event stream and exits with 0, promptly.
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=20) == 0, server.log()
    for client in events:
        assert client.ended.wait(10)
    assert "Traceback" not in server.log()
    assert "stopping" in server.log()
    print(
        f"\n{REQUESTS} requests in {seconds:.1f} s with {rebuilds_during_load} rebuilds; "
        f"RSS {rss_before} kB -> {rss_after} kB"
    )
