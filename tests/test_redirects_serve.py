"""Old URLs as readers meet them: serve's 301, its live updates, Chromium, the Nu checker."""

from __future__ import annotations

import functools
import http.client
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import feedparser
import pytest

from digest.config import load_config
from digest.engine.live import LiveSite
from digest.serve.http import Broadcaster, BuildGate, DevServer
from digest.serve.redirect_rules import parse_rules
from tests.conftest import VNU_JAR, WAIT_MS, WriteArticle, build, require_tool

STORY = "id: story-a\ntitle: Finland Summons Envoy\ndate: {date}\nregions: [Europe]\ntags: [Iran]"
OTHER = "id: story-b\ntitle: Sweden Joins Call\ndate: 2026-01-12\nregions: [Europe]\ntags: [Iran]"


def moved_site(project: Path, write_article: WriteArticle) -> Path:
    """Build a story at 2026/01/13/a/, then again with its date fixed to the 14th."""
    write_article("2026/01/other.md", OTHER, "Sweden joined.\n")
    path = write_article("2026/01/a.md", STORY.format(date="2026-01-13"), "Finland acted.\n")
    build(project)
    path.write_text(path.read_text().replace("2026-01-13", "2026-01-14"))
    return build(project)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[list[DevServer]]:
    servers: list[DevServer] = []
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


def start(servers: list[DevServer], site: Path, base_path: str = "/") -> DevServer:
    server = DevServer(("127.0.0.1", 0), site, BuildGate(), Broadcaster(), base_path=base_path)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    servers.append(server)
    return server


def ask(server: DevServer, path: str) -> tuple[int, str | None]:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def test_serve_answers_an_old_url_with_the_redirect_of_the_built_site(
    project: Path, write_article: WriteArticle, served: list[DevServer]
) -> None:
    server = start(served, moved_site(project, write_article))
    assert ask(server, "/2026/01/13/a/") == (301, "/2026/01/14/a/")
    assert ask(server, "/2026/01/13/a") == (301, "/2026/01/14/a/")
    assert ask(server, "/2026/01/14/a/")[0] == 200


def test_serve_redirects_under_a_sub_path(
    project: Path, write_article: WriteArticle, served: list[DevServer]
) -> None:
    (project / "digest.yaml").write_text("base_url: http://127.0.0.1/digest/\n")
    server = start(served, moved_site(project, write_article), "/digest/")
    assert ask(server, "/digest/2026/01/13/a/") == (301, "/digest/2026/01/14/a/")


def test_parse_rules_reads_netlify_lines_and_comments() -> None:
    text = "# comment\n/a/ /b/ 301\n\n/c /d\n/a/ /other/ 302\n"
    assert parse_rules(text) == {"/a/": ("/b/", 301), "/c": ("/d", 301)}
    assert parse_rules("/old /new \u00b2\n/x /y 3\u0663\n") == {
        "/old": ("/new", 301),
        "/x": ("/y", 301),
    }


def test_the_live_site_keeps_redirects_current_when_an_edit_moves_a_story(
    project: Path, write_article: WriteArticle
) -> None:
    write_article("2026/01/other.md", OTHER, "Sweden joined.\n")
    path = write_article("2026/01/a.md", STORY.format(date="2026-01-13"), "Finland acted.\n")
    site = build(project)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    before = {e.title: (e.id, e.updated) for e in feed.entries}["Finland Summons Envoy"]
    live = LiveSite(project, load_config(project))
    try:
        path.write_text(path.read_text().replace("2026-01-13", "2026-01-14"))
        update = live.prepare([path])
        assert update is not None
        live.commit(update)
        assert (site / "_redirects").read_text().splitlines()[1:] == [
            "/2026/01/13/a/ /2026/01/14/a/ 301"
        ]
        assert "url=/2026/01/14/a/" in (site / "2026/01/13/a/index.html").read_text()
        history = json.loads((project / "content/.urls.json").read_text())["stories"]
        assert history["story-a"]["url"] == "2026/01/14/a/"
        assert history["story-a"]["old"] == ["2026/01/13/a/"]

        path.write_text(path.read_text().replace("Finland acted.", "Finland acted again."))
        update = live.prepare([path])  # the text only: the story stays where it is
        assert update is not None
        live.commit(update)
        feed = feedparser.parse((site / "feed.xml").read_bytes())
        after = {e.title: (e.id, e.updated) for e in feed.entries}["Finland Summons Envoy"]
        assert after[0] == before[0] and after[1] > before[1]  # the same entry, updated
        assert (
            json.loads((project / "content/.urls.json").read_text())["stories"]["story-a"][
                "updated"
            ]
            == after[1]
        )
    finally:
        live.search.stop()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_chromium_follows_an_old_url_to_the_story_by_the_html_redirect(
    project: Path, write_article: WriteArticle, browser: Any
) -> None:
    # A host without redirect rules (GitHub Pages): only the HTML page at the old URL.
    (project / "digest.yaml").write_text("base_url: http://127.0.0.1/digest/\n")
    site = moved_site(project, write_article)
    root = project.parent / "host"
    root.mkdir()
    (root / "digest").symlink_to(site, target_is_directory=True)
    handler = functools.partial(_Quiet, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    try:
        base = f"http://127.0.0.1:{server.server_port}/digest/"
        page.goto(base + "2026/01/13/a/")
        page.wait_for_url(base + "2026/01/14/a/", timeout=WAIT_MS)
        assert page.locator("h1").first.inner_text() == "Finland Summons Envoy"
        assert "Finland acted." in page.content()
    finally:
        page.close()
        server.shutdown()
        server.server_close()


def test_the_redirect_page_passes_the_nu_html_checker(
    project: Path, write_article: WriteArticle
) -> None:
    java = shutil.which("java")
    require_tool(java is not None, "java")
    require_tool(VNU_JAR.exists(), f"the Nu checker at {VNU_JAR}")
    assert java is not None
    site = moved_site(project, write_article)
    (project / "content/articles/2026/01/a.md").unlink()
    build(project)  # a deleted story's page too
    pages = [site / "2026/01/13/a/index.html", site / "2026/01/14/a/index.html"]
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert [m for m in messages if m.get("type") != "info" or m.get("subType") == "warning"] == []


def test_an_alias_added_while_serving_is_redirected_at_once(
    project: Path, write_article: WriteArticle
) -> None:
    write_article("2026/01/other.md", OTHER, "Sweden joined.\n")
    path = write_article("2026/01/a.md", STORY.format(date="2026-01-13"), "Finland acted.\n")
    site = build(project)
    live = LiveSite(project, load_config(project))
    try:
        path.write_text(path.read_text().replace("tags: [Iran]", "tags: [Iran]\naliases: [/old/]"))
        update = live.prepare([path])
        assert update is not None
        live.commit(update)
        assert (site / "_redirects").read_text().splitlines()[1:] == ["/old/ /2026/01/13/a/ 301"]
        assert "url=/2026/01/13/a/" in (site / "old/index.html").read_text()
    finally:
        live.search.stop()
