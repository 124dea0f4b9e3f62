"""digest serve without a browser: safe paths, HTTP details, events, debounce, the gate."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.errors import DigestError
from digest.paths import SEARCH_DIR
from digest.serve.http import (
    SCRIPT_PATH,
    Broadcaster,
    BuildGate,
    DevServer,
    Event,
    resolve,
)
from digest.serve.rebuild import describe_error
from digest.serve.redirect_rules import RedirectRules
from digest.serve.watch import ChangeBatch, Debouncer, Watcher, is_ignored

PAGE = b"<!doctype html><html><head><title>t</title></head><body><p>hello</p></body></html>"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "index.html").write_bytes(PAGE)
    (site / "sub" / "index.html").write_bytes(PAGE.replace(b"hello", b"sub"))
    (site / "404.html").write_bytes(PAGE.replace(b"hello", b"not found"))
    (site / "style.css").write_text("body{color:red}")
    (site / "feed.xml").write_text("<feed/>")
    (tmp_path / "secret.txt").write_text("secret")
    (site / "link-out").symlink_to(tmp_path / "secret.txt")
    return site


@pytest.fixture
def server(site: Path) -> Iterator[DevServer]:
    server = DevServer(("127.0.0.1", 0), site, BuildGate(), Broadcaster())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.stopping.set()
    server.broadcaster.close()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def request(server: DevServer, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=10)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    "url",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/sub/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/index.html%00.css",
        "/link-out",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
    ],
)
def test_nothing_outside_the_site_is_resolved(site: Path, url: str) -> None:
    assert resolve(site, url) is None


@pytest.mark.parametrize("link", ["outside", "project"])
def test_a_site_folder_that_is_a_link_serves_nothing(tmp_path: Path, link: str) -> None:
    """A build refuses a site/ linked out of the project; serve must not read through it."""
    outside = tmp_path / "outside"
    (outside / ".ssh").mkdir(parents=True)
    (outside / ".ssh" / "id_rsa").write_text("PRIVATE KEY")
    (outside / "404.html").write_text("outside's page")
    (outside / "_redirects").write_text("/ask /PRIVATE-LINE 301\n")
    project = outside if link == "project" else tmp_path / "project"
    project.mkdir(exist_ok=True)
    (project / "site").symlink_to(outside if link == "outside" else Path("."))
    for url in ("/.ssh/id_rsa", "/404.html", "/"):
        assert resolve(project / "site", url) is None
    assert RedirectRules(project / "site").find("/ask") is None


@pytest.mark.parametrize(
    "url",
    ["/../secret.txt", "/%2e%2e/secret.txt", "/link-out", "/%00", "/sub/%2e%2e/%2e%2e/secret.txt"],
)
def test_traversal_attempts_get_404(server: DevServer, url: str) -> None:
    status, _, body = request(server, url)
    assert status == 404
    assert b"secret" not in body


@pytest.mark.parametrize(
    ("message", "file", "line"),
    [
        ("content/.ingest.json:1:2: not an ingest ledger: ...", "content/.ingest.json", 1),
        ("/my news/templates/base.html:3: unknown tag 'x'", "/my news/templates/base.html", 3),
        (
            "/p/content/.ingest.json: not a regular file inside /p/content; refused",
            "/p/content/.ingest.json",
            None,
        ),
        ("version 1.5: not known", "", None),
    ],
)
def test_the_overlay_names_the_file_and_line_an_error_names(
    message: str, file: str, line: int | None
) -> None:
    # Serve's overlay had "file": "" for a damaged ledger's "<file>:<line>:<column>: ...".
    data = json.loads(describe_error(DigestError(message)).data)
    assert (data["file"], data["line"]) == (file, line)


@pytest.mark.parametrize("url", ["/" + "a" * 300, "/" + "a" * 300 + "/", "/sub/" + "b" * 5000])
def test_a_name_too_long_for_the_file_system_gets_404(server: DevServer, url: str) -> None:
    # The file system refuses such a name (ENAMETOOLONG): no page, not a traceback.
    assert resolve(server.site_dir, url) is None
    status, _, _ = request(server, url)
    assert status == 404


def test_html_gets_the_reload_script_but_files_on_disk_do_not(
    server: DevServer, site: Path
) -> None:
    status, headers, body = request(server, "/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert SCRIPT_PATH.encode() in body and body.index(SCRIPT_PATH.encode()) < body.index(
        b"</body>"
    )
    for path in site.rglob("*.html"):
        assert SCRIPT_PATH.encode() not in path.read_bytes()
    status, headers, script = request(server, SCRIPT_PATH)
    assert status == 200 and b"EventSource" in script


def test_content_types_head_redirect_and_404(server: DevServer) -> None:
    assert request(server, "/style.css")[1]["Content-Type"] == "text/css; charset=utf-8"
    assert request(server, "/feed.xml")[1]["Content-Type"].startswith("application/xml")
    status, headers, body = request(server, "/style.css", "HEAD")
    assert status == 200 and body == b"" and headers["Content-Length"] == "15"
    status, headers, _ = request(server, "/sub")
    assert status == 301 and headers["Location"] == "/sub/"
    status, _, body = request(server, "/no/such/page/")
    assert status == 404 and b"not found" in body


def test_events_reach_a_connected_page(server: DevServer) -> None:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=10)
    connection.request("GET", "/__digest/events")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    assert response.readline() == b"retry: 500\n"
    deadline = time.monotonic() + 5
    while server.broadcaster.connected == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    server.broadcaster.send(Event("reload"))
    lines = [response.readline() for _ in range(4)]
    assert b"event: reload\n" in lines
    connection.close()


def test_requests_wait_for_a_running_build(server: DevServer, site: Path) -> None:
    results: list[bytes] = []
    with server.gate.writing():
        thread = threading.Thread(target=lambda: results.append(request(server, "/")[2]))
        thread.start()
        time.sleep(0.3)
        assert results == []  # still waiting: the build is not complete
        (site / "index.html").write_bytes(PAGE.replace(b"hello", b"new build"))
    thread.join(timeout=10)
    assert b"new build" in results[0]


@pytest.mark.parametrize(
    ("name", "ignored"),
    [
        ("story.md", False),
        ("story.md.swp", True),
        (".story.md.swx", True),
        ("story.md~", True),
        ("story.bck", True),
        ("4913", True),
        (".#story.md", True),
        ("style.css", False),
    ],
)
def test_editor_files_are_ignored(tmp_path: Path, name: str, ignored: bool) -> None:
    assert is_ignored(tmp_path / name) is ignored


# The tests' quiet period (and settle): five times the longest pause between two writes of a
# loop seen here under I/O load (216 ms). With `digest serve`'s 0.1 s, such a pause split a
# burst in two; what these tests check (a burst is one batch, a save names its file, editor
# files are left out) does not depend on how long the quiet period is.
QUIET = 1.0


def _collect(tmp_path: Path, settle: float = QUIET) -> tuple[Watcher, list[ChangeBatch]]:
    batches: list[ChangeBatch] = []
    watcher = Watcher([tmp_path], batches.append, quiet=QUIET, settle=settle)
    watcher.start()
    time.sleep(0.2)  # let the observer settle
    return watcher, batches


def _wait_for(batches: list[ChangeBatch], count: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while len(batches) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(QUIET + 0.5)  # a second batch, if any, would arrive by now


def _reported(batches: list[ChangeBatch], path: Path, seconds: float = 30) -> bool:
    """Wait (bounded) until a batch names *path*; tell whether one did."""
    deadline = time.monotonic() + seconds
    while not any(path in batch.paths for batch in batches) and time.monotonic() < deadline:
        time.sleep(0.05)
    return any(path in batch.paths for batch in batches)


def test_a_burst_of_100_files_gives_one_batch(tmp_path: Path) -> None:
    # The quiet period alone: a first file that waits more than the short settle for the
    # next one is a batch of its own in `digest serve`, which puts it back when the rest
    # comes while it is prepared (test_serve_browser.py counts the rebuilds).
    watcher, batches = _collect(tmp_path)
    try:
        # As fast as the machine allows (well under 50 ms when it is idle); the quiet
        # period restarts on every event.
        for number in range(100):
            (tmp_path / f"story-{number}.md").write_text("x")
        _wait_for(batches, 1)
    finally:
        watcher.stop()
    assert len(batches) == 1
    assert len(batches[0].paths) == 100


def test_a_watched_folder_made_later_is_watched_whole_even_when_made_again(
    tmp_path: Path,
) -> None:
    (tmp_path / "digest.yaml").write_text("title: t\n")
    templates = tmp_path / "templates"
    batches: list[ChangeBatch] = []
    watcher = Watcher([tmp_path / "digest.yaml", templates], batches.append, quiet=0.1)
    watcher.start()
    try:
        (templates / "partials").mkdir(parents=True)
        # Reported once it is watched (the watch is set first): the next file reports itself.
        assert _reported(batches, templates), batches
        page = templates / "partials" / "base.html"
        page.write_text("one")
        assert _reported(batches, page), batches
        _wait_for(batches, 0)  # the save's last events, before the list is cleared
        batches.clear()
        page.write_text("two")
        assert _reported(batches, page), batches
        shutil.rmtree(templates)
        assert _reported(batches, templates), batches  # gone: its watch is dropped
        _wait_for(batches, 0)
        batches.clear()
        templates.mkdir()
        assert _reported(batches, templates), batches  # made again: watched anew
        batches.clear()
        again = templates / "article.html"
        again.write_text("three")
        assert _reported(batches, again), batches
    finally:
        watcher.stop()


def test_an_atomic_save_is_seen_and_swap_files_are_not(tmp_path: Path) -> None:
    target = tmp_path / "story.md"
    target.write_text("old")
    watcher, batches = _collect(tmp_path)
    try:
        (tmp_path / ".story.md.swp").write_text("swap")
        temporary = tmp_path / "story.md.tmp1234"
        temporary.write_text("new")
        os.replace(temporary, target)
        _wait_for(batches, 1)
    finally:
        watcher.stop()
    assert len(batches) == 1
    assert target in batches[0].paths
    assert all(not path.name.endswith(".swp") for path in batches[0].paths)


def test_editor_save_patterns_give_one_batch_naming_the_saved_file(tmp_path: Path) -> None:
    story = tmp_path / "story.md"
    story.write_text("v1")
    watcher, batches = _collect(tmp_path)
    try:
        # vim: probe file 4913, rename the original to a backup, write anew, drop the backup.
        (tmp_path / "4913").write_text("")
        (tmp_path / "4913").unlink()
        os.replace(story, tmp_path / "story.md~")
        story.write_text("v2")
        (tmp_path / "story.md~").unlink()
        # emacs: a lock link and an autosave file beside the story.
        (tmp_path / ".#story.md").write_text("lock")
        (tmp_path / "#story.md#").write_text("autosave")
        _wait_for(batches, 1)
    finally:
        watcher.stop()
    assert len(batches) == 1
    assert batches[0].paths == (story,)


def test_one_saved_file_goes_on_after_a_short_settle_a_burst_after_the_quiet_period(
    tmp_path: Path,
) -> None:
    batches: list[ChangeBatch] = []
    debouncer = Debouncer(batches.append, quiet=30.0, settle=0.01)
    story, other = tmp_path / "story.md", tmp_path / "other.md"
    story.write_text("x")
    other.write_text("y")
    try:
        debouncer.add(story)
        _wait_for(batches, 1, seconds=10)
        assert batches == [ChangeBatch((story,))]  # long before the 30 s quiet period
        debouncer.add(story)
        debouncer.add(other)  # a second file: now a burst, which waits for quiet
        time.sleep(0.5)
        assert len(batches) == 1 and debouncer.pending()
    finally:
        debouncer.cancel()


def test_a_batch_put_back_goes_with_the_changes_after_it(tmp_path: Path) -> None:
    batches: list[ChangeBatch] = []
    debouncer = Debouncer(batches.append, quiet=QUIET, settle=0.01)
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    try:
        debouncer.requeue([first])
        debouncer.add(second)
        _wait_for(batches, 1)
    finally:
        debouncer.cancel()
    assert batches == [ChangeBatch((first, second))]


def test_a_dropped_connection_is_no_error(
    server: DevServer, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    host, port = server.server_address[:2]
    for _ in range(5):  # ask for a page, then hang up without reading it
        with socket.create_connection((str(host), port)) as client:
            client.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(0.3)
    assert "Traceback" not in capsys.readouterr().err


def test_a_build_after_serve_trusts_what_its_live_updates_wrote(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    from tests.conftest_project import make_project, snapshot
    from tests.serve_process import start_serve, stop_serve

    project = make_project(tmp_path / "project", seeds=True)
    served = start_serve(project)
    try:
        port = int(served.url.rsplit(":", 1)[1].split("/")[0])
        stream = EventStream(port)
        search = project / "site" / SEARCH_DIR
        indexed = set(search.rglob("*"))
        story = sorted((project / "content" / "articles").rglob("*.md"))[0]
        story.write_text(story.read_text(encoding="utf-8") + "\nA line added.\n", "utf-8")
        stream.next("reload", seconds=30)
        stream.close()
        # The search index follows the reload, in a thread that Ctrl-C stops: wait until it
        # puts the edited story's new index files in place (a sleep raced it under load).
        deadline = time.monotonic() + 120
        while set(search.rglob("*")) <= indexed and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        err = stop_serve(served)
    assert "updated" in err, err  # applied in memory, not by a full build

    def digest_build(folder: Path) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "digest", "build", "-C", str(folder)],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    summary = digest_build(project)
    # What serve wrote, pages and search index, is trusted: nothing to render or write.
    assert "(0 rendered, 0 written, 0/1 search shards indexed)" in summary, summary
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".digest-*"))
    digest_build(clean)
    assert snapshot(project / "site") == snapshot(clean / "site")


def test_serve_drafts_builds_and_updates_draft_stories(tmp_path: Path) -> None:
    import shutil

    from tests.serve_process import start_serve, stop_serve

    project = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "fixtures" / "site", project)
    draft = project / "content" / "articles" / "2026" / "01" / "draft-story.md"
    served = start_serve(project, "--drafts")
    try:
        port = int(served.url.rsplit(":", 1)[1].split("/")[0])
        page = "/digest/2026/01/13/draft-story/"
        status, _, body = request_port(port, page)
        assert status == 200 and b"This story is a draft" in body
        stream = EventStream(port)
        draft.write_text(draft.read_text("utf-8").replace("is a draft", "is an edited draft"))
        stream.next("reload", seconds=30)
        stream.close()
        assert b"is an edited draft" in request_port(port, page)[2]
        # Served from a site of its own: site/, which the host publishes, holds no draft.
        assert not (project / "site").exists()
    finally:
        stop_serve(served)
    assert not (project / "site").exists()
    assert not (project / "content" / ".urls.json").exists()  # no draft URL recorded


def test_a_full_rebuild_serves_the_last_site_and_holds_requests_only_for_the_swap(
    tmp_path: Path,
) -> None:
    from digest.engine.build import build
    from digest.serve.rebuild import Rebuilder
    from tests.conftest_project import make_project

    project = make_project(tmp_path / "project", seeds=True)
    build(project)
    site = project / "site"
    gate, broadcaster = BuildGate(), Broadcaster()
    building, go_on = threading.Event(), threading.Event()
    swaps: list[tuple[int, int, bool]] = []

    def guard() -> contextlib.AbstractContextManager[None]:
        @contextlib.contextmanager
        def held() -> Iterator[None]:
            with gate.writing():
                before = site.stat().st_ino
                yield
                swaps.append((before, site.stat().st_ino, gate.wait_until_complete(0)))

        return held()

    def slow_build(folder: Path) -> object:
        building.set()
        go_on.wait(120)  # a long build (until the request is answered): made aside
        return build(folder, guard=guard)

    rebuilder = Rebuilder(project, gate, broadcaster, slow_build, live=False)  # type: ignore[arg-type]
    server = DevServer(("127.0.0.1", 0), site, gate, broadcaster)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    worker = threading.Thread(target=rebuilder.rebuild)
    try:
        story = sorted((project / "content" / "articles").rglob("*.md"))[0]
        story.write_text(story.read_text(encoding="utf-8") + "\nA line added.\n", "utf-8")
        worker.start()
        assert building.wait(60)
        status, _, body = request(server, "/")
        assert status == 200 and b"<html" in body  # the last site, not a wait for the build:
        assert worker.is_alive() and not swaps  # answered while the build is held back
    finally:
        go_on.set()
        worker.join(60)
        server.stopping.set()
        broadcaster.close()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    # The guard was held exactly around the swap: site/ changed inside it, requests waited.
    assert len(swaps) == 1
    before, after, open_meanwhile = swaps[0]
    assert before != after and not open_meanwhile


@pytest.mark.parametrize(
    ("before", "after", "path", "expected"),
    [
        ("/digest/", "/news/", "/digest/tags/", "/news/tags/"),
        ("/digest/", "/news/", "/news/tags/", None),
        ("/digest/", "/digest/v2/", "/digest/v2/tags/", None),  # inside the old one
        ("/digest/", "/digest/v2/", "/digest/tags/", "/digest/v2/tags/"),
        ("/digest/v2/", "/digest/", "/digest/v2/tags/", "/digest/tags/"),
        ("/digest/", "/", "/digest", "/"),
    ],
)
def test_a_moved_base_path_redirects_old_paths_only(
    site: Path, before: str, after: str, path: str, expected: str | None
) -> None:
    server = DevServer(("127.0.0.1", 0), site, BuildGate(), Broadcaster(), base_path=before)
    try:
        server.move_to(after)
        assert server.moved(path) == expected
    finally:
        server.server_close()


class EventStream:
    """The server-sent events of a running `digest serve`, as (kind, data) in a queue."""

    def __init__(self, port: int) -> None:
        import queue

        self.events: queue.Queue[tuple[str, str]] = queue.Queue()
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.connection.request("GET", "/__digest/events")
        self.response = self.connection.getresponse()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        kind = ""
        with contextlib.suppress(OSError, ValueError):
            for _ in range(10_000):
                line = self.response.readline().decode()
                if not line:
                    return
                if line.startswith("event: "):
                    kind = line[7:].strip()
                elif line.startswith("data: "):
                    self.events.put((kind, line[6:].strip()))

    def next(self, *kinds: str, seconds: float = 60) -> tuple[str, str]:
        """Return the next event of one of *kinds* (others are skipped)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                event = self.events.get(timeout=0.5)
                if event[0] in kinds:
                    return event
        raise AssertionError(f"no {kinds} event within {seconds} s")

    def close(self) -> None:
        self.connection.close()


def test_errors_show_file_and_line_even_before_a_first_site_and_base_url_can_move(
    tmp_path: Path,
) -> None:
    import json
    import shutil as sh

    from tests.serve_process import start_serve, stop_serve

    project = tmp_path / "project"
    sh.copytree(Path(__file__).parent / "fixtures" / "site", project)
    story = next((project / "content" / "articles").rglob("*.md"))
    good = story.read_text(encoding="utf-8")
    story.write_text(good.replace("---\n", "---\ntitle: [unclosed\n", 1), "utf-8")
    served = start_serve(project)  # the first build fails: there is no site at all
    port = int(served.url.split(":")[2].split("/")[0])
    stream = EventStream(port)
    try:
        status, headers, body = request_port(port, "/digest/")
        assert status == 404 and headers["Content-Type"].startswith("text/html")
        assert SCRIPT_PATH.encode() in body  # the page shows the overlay, then reloads
        shown = json.loads(stream.next("error")[1])
        # YAML finds the unclosed list on the line after it opens.
        assert shown["file"] == str(story) and shown["line"] in (2, 3), shown
        story.write_text(good, "utf-8")
        stream.next("reload")
        assert request_port(port, "/digest/")[0] == 200

        template = project / "templates" / "article.html"
        template.parent.mkdir(exist_ok=True)
        theme = Path(__file__).parent.parent / "digest" / "themes" / "default" / "templates"
        text = (theme / "article.html").read_text(encoding="utf-8")
        template.write_text(text.replace("{{", "{{ 1 | nosuchfilter }}{{", 1), "utf-8")
        shown = json.loads(stream.next("error")[1])
        assert shown["file"] == str(template) and isinstance(shown["line"], int), shown
        assert "nosuchfilter" in shown["message"]
        template.unlink()
        stream.next("reload", "ok")

        settings = project / "digest.yaml"
        settings.write_text(
            settings.read_text(encoding="utf-8") + "paginate: nine\n", encoding="utf-8"
        )
        shown = json.loads(stream.next("error")[1])
        assert shown["file"] == str(settings) and shown["line"] > 1, shown
        settings.write_text(
            settings.read_text(encoding="utf-8")
            .replace("paginate: nine\n", "")
            .replace("https://example.org/digest/", "https://example.org/news/"),
            encoding="utf-8",
        )
        stream.next("reload")
        assert request_port(port, "/news/")[0] == 200
        status, headers, _ = request_port(port, "/digest/tags/")
        assert status == 302 and headers["Location"] == "/news/tags/"
    finally:
        stream.close()
        stop_serve(served)


def request_port(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_each_rebuild_takes_the_build_lock_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from digest.serve.rebuild import Rebuilder
    from digest.store import lock
    from tests.conftest_project import make_project

    project = make_project(tmp_path / "project", seeds=True)
    real = lock._locked
    taken: list[str] = []  # the threads that took the lock (not again, re-entrantly)

    @contextlib.contextmanager
    def counted(*args: object, **kwargs: object) -> Iterator[None]:
        taken.append(threading.current_thread().name)
        with real(*args, **kwargs):  # type: ignore[arg-type]
            yield

    monkeypatch.setattr(lock, "_locked", counted)
    me = threading.current_thread().name
    rebuilder = Rebuilder(project, BuildGate(), Broadcaster())
    try:
        first = rebuilder.rebuild()  # the first build, then the site loaded into memory
        assert first is not None and first.message == "built"
        assert rebuilder.live is not None and taken.count(me) == 1
        story = sorted((project / "content" / "articles").rglob("*.md"))[0]
        story.write_text(story.read_text(encoding="utf-8") + "\nA line added.\n", "utf-8")
        edited = rebuilder.rebuild(ChangeBatch((story,)))  # applied in memory
        assert edited is not None and edited.message.startswith("updated")
        assert taken.count(me) == 2
        config = project / "digest.yaml"
        config.write_text(config.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
        rebuilt = rebuilder.rebuild(ChangeBatch((config,)))  # a full build, live again after
        assert rebuilt is not None and rebuilt.message == "rebuilt"
        assert rebuilder.live is not None and taken.count(me) == 3
    finally:
        rebuilder.close()


def test_a_build_with_warnings_says_how_many_beside_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from digest.serve.rebuild import Rebuilder
    from tests.conftest_project import make_project

    project = make_project(tmp_path / "project", seeds=True)
    (project / "content" / "raw" / "empty.txt").write_bytes(b"")
    rebuilder = Rebuilder(project, BuildGate(), Broadcaster())
    try:
        first = rebuilder.rebuild()
        assert first is not None and first.message == "built (1 warning)"
        assert "empty.txt: empty dump" in capsys.readouterr().err
    finally:
        rebuilder.close()


def test_a_deleted_site_folder_is_built_again(tmp_path: Path) -> None:
    """Review 14 item 24: after `rm -rf site`, every URL answered 404 until some input
    changed."""
    import shutil

    from tests.serve_process import start_serve, stop_serve

    project = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "fixtures" / "site", project)
    served = start_serve(project)
    try:
        port = int(served.url.rsplit(":", 1)[1].split("/")[0])
        assert request_port(port, "/digest/")[0] == 200
        stream = EventStream(port)
        shutil.rmtree(project / "site")
        stream.next("reload", seconds=60)
        stream.close()
        assert request_port(port, "/digest/")[0] == 200
        assert (project / "site" / "index.html").is_file()
    finally:
        err = stop_serve(served)
    assert "rebuilding" in err, err


def test_serve_stops_on_ctrl_c_and_sigterm_whatever_it_inherited(tmp_path: Path) -> None:
    """Started with SIGINT ignored and blocked (a shell's background job, a parent's mask),
    `digest serve` never stopped on Ctrl-C; SIGTERM ended it without its cleanup."""
    import re
    import shutil
    import signal
    import subprocess
    import sys

    def ignoring() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})

    for stop in (signal.SIGINT, signal.SIGTERM):
        project = tmp_path / f"project-{stop.name}"
        shutil.copytree(Path(__file__).parent / "fixtures" / "site", project)
        command = [sys.executable, "-m", "digest", "serve", "-q", "-C", str(project), "--port", "0"]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=ignoring
        )
        try:
            assert process.stdout is not None
            line = process.stdout.readline()  # the address, once the first build is done
            assert re.search(r" at http://127\.0\.0\.1:\d+/", line), line
            process.send_signal(stop)
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
            process.communicate(timeout=30)
