"""Security: nothing from a dump or an article runs in a reader's browser; the CSP holds on
every page; the dev server reads nothing outside the site.

Hostile stories are built and opened in headless Chromium (the machine's, via Playwright):
every payload would set `window.__xss` or open a dialog if it ever ran.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from digest.commands.cli import main
from digest.errors import DigestError
from digest.serve.headers import netlify_headers
from digest.serve.http import Broadcaster, BuildGate, DevServer
from tests.conftest import FIXTURE_SITE, REPO, WAIT_MS, html_pages, serve_folder
from tests.conftest_project import make_project
from tests.serve_process import Served, start_serve, stop_serve

RUN = "window.__xss=(window.__xss||0)+1"
PAYLOADS = (
    f"<script>{RUN}</script>",
    f'<img src="x" onerror="{RUN}">',
    f"<svg onload={RUN}>",
    f'"><script>{RUN}</script>',
    f"</title><script>{RUN}</script>",
    f"</textarea><script>{RUN}</script>",
    f'<a href="javascript:{RUN}">a raw link</a>',
    f"[a Markdown link](javascript:{RUN})",
    f"[an encoded link](jav&#x61;script:{RUN})",
    f"[a spaced link]( javascript:{RUN} )",
    f"[upper case](JAVASCRIPT:{RUN})",
    f"![an image](javascript:{RUN})",
    f"<javascript:{RUN}>",
    f"[a data link](data:text/html,<script>{RUN}</script>)",
    f"[vbscript](vbscript:{RUN})",
    f"&lt;script&gt;{RUN}&lt;/script&gt; and &#60;script&#62;{RUN}&#60;/script&#62;",
    f'<iframe src="javascript:{RUN}"></iframe>',
    "<style>body { display: none }</style>",
    f'<div style="background:url(javascript:{RUN})">styled</div>',
    "{{ 7 * 7 }} {% raw %} ${7*7}",
)
TAG = f'"><script>{RUN}</script>'


def hostile_dump() -> bytes:
    """Return a dump of two stories made of payloads (title, captions and body lines)."""
    stories = []
    bodies = (
        [f"Line {index}: {payload}" for index, payload in enumerate(PAYLOADS)],
        [
            "A second story about the harbour council, with other words entirely.",
            f"It quotes {PAYLOADS[4]} and {PAYLOADS[5]} in its last paragraph.",
        ],
    )
    titles = (PAYLOADS[0], PAYLOADS[3])
    for number, (title_payload, body) in enumerate(zip(titles, bodies, strict=True), 1):
        title = f"Hostile Story {number} {title_payload}"
        caption = f"Caption {number} {PAYLOADS[1]} {PAYLOADS[7]}"
        header = f"{title}\n\n{caption}\n{caption}\nTT\n\n{title}\n\n{caption}\n{caption}\n\n"
        stories.append(header + "\n\n".join(body) + "\n")
    return "\n\n\n".join(stories).encode("utf-8")


def hostile_article() -> str:
    """Return an editor's Markdown article with payloads everywhere, raw (not escaped)."""
    body = "\n\n".join(PAYLOADS) + f"\n\n[ref]\n\n[ref]: javascript:{RUN}\n"
    return (
        "---\n"
        f'title: "By Hand {PAYLOADS[0]}"\n'
        "date: 2026-01-14\n"
        f"regions: [Europe, '{TAG}']\n"
        f"tags: ['{TAG}', '<img src=x onerror={RUN}>', Iran]\n"
        f"captions: ['{PAYLOADS[1]}']\n"
        f"summary: '{PAYLOADS[2]}'\n"
        f"extra: {{note: '{PAYLOADS[0]}'}}\n"
        "---\n\n" + body
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the built site of a project whose dump and article are full of payloads."""
    project = make_project(
        tmp_path_factory.mktemp("hostile") / "project", {"hostile.txt": hostile_dump()}, seeds=True
    )
    (project / "content" / "articles").mkdir(parents=True)
    (project / "content" / "articles" / "by-hand.md").write_text(hostile_article())
    assert main(["build", "-q", "-C", str(project)]) == 0
    return project / "site"


@pytest.fixture(scope="module")
def plain_server(hostile_site: Path) -> Iterator[str]:
    """Serve the hostile site with no CSP at all: escaping alone must keep readers safe."""

    with serve_folder(hostile_site) as url:
        yield url


# What a page may run: its own script files (the theme's and Pagefind's), nothing else.
INSPECT = """() => {
  const found = [];
  const own = (src) => new URL(src, location.href).origin === location.origin;
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) found.push("handler " + el.tagName + " " + name);
      if (name === "style") found.push("style attribute on " + el.tagName);
    }
  }
  for (const s of document.querySelectorAll("script")) {
    // JSON-LD is data the browser never runs: it must parse as JSON and hold no markup.
    if (s.type === "application/ld+json" && !s.hasAttribute("src")) {
      try { JSON.parse(s.textContent); } catch (error) { found.push("bad JSON-LD"); }
      if (s.textContent.includes("<")) found.push("markup in JSON-LD");
      continue;
    }
    const src = s.getAttribute("src");
    if (!src || !own(src)) found.push("script " + s.outerHTML.slice(0, 80));
  }
  const foreign = "style, iframe, object, embed, frame, base";
  for (const el of document.querySelectorAll(foreign)) found.push("element " + el.tagName);
  for (const el of document.querySelectorAll("[href], [src], [action], [formaction]")) {
    for (const name of ["href", "src", "action", "formaction"]) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      const protocol = new URL(value, location.href).protocol;
      if (!["http:", "https:", "mailto:"].includes(protocol)) found.push(name + "=" + value);
    }
  }
  return found;
}"""


def test_no_injected_script_runs_and_no_javascript_link_exists(
    browser: Any, hostile_site: Path, plain_server: str
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        dialogs: list[str] = []

        def dismissed(dialog: Any) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", dismissed)
        pages = html_pages(hostile_site)
        assert len(pages) > 40
        hostile = [name for name in pages if "hostile" in name or "by-hand" in name]
        assert len(hostile) == 3  # both dump stories and the editor's
        for name in pages:
            page.goto(plain_server + name.removesuffix("index.html"), wait_until="load")
            assert page.evaluate("window.__xss") is None, name
            assert page.evaluate(INSPECT) == [], name
        for name in hostile:  # the payloads are shown as the text they are
            page.goto(plain_server + name.removesuffix("index.html"))
            text = page.inner_text("main")
            assert "<script>window.__xss" in text and "javascript:window.__xss" in text, name
        # Search shows story text too: excerpts must stay text.
        page.goto(plain_server + "search/?q=hostile")
        page.locator(".search-result").first.wait_for(timeout=WAIT_MS)
        page.fill("#search-input", "script xss")
        time.sleep(0.5)
        assert page.evaluate("window.__xss") is None
        assert page.evaluate(INSPECT) == []
        assert dialogs == []
    finally:
        context.close()


class _Tags(HTMLParser):
    """Collect the tags and attributes of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def test_feeds_carry_no_markup_from_stories(hostile_site: Path) -> None:
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    feeds = sorted(hostile_site.rglob("feed.xml"))
    assert len(feeds) > 5
    hostile = 0
    for feed in feeds:
        root = ElementTree.parse(feed).getroot()
        for content in root.iterfind(".//atom:content", namespace):
            parser = _Tags()  # type="html": what a feed reader renders
            parser.feed(content.text or "")
            hostile += "window.__xss" in (content.text or "")
            for tag, attrs in parser.tags:
                assert tag in {"p", "em", "strong", "h2", "br", "code", "a", "ul", "li"}, tag
                for name, value in attrs:
                    assert not name.startswith("on"), (feed, tag, name)
                    assert name != "href" or (value or "").startswith(("https:", "http:")), value
        for link in root.iterfind(".//atom:link", namespace):
            assert link.get("href", "").startswith("https://example.org/"), feed
    assert hostile >= 3


# --- the Content Security Policy of netlify.toml ------------------------------------------


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Serve a copy of the fixture project (sub-path base_url) with netlify.toml's headers."""
    project = tmp_path_factory.mktemp("csp") / "project"
    shutil.copytree(FIXTURE_SITE, project, ignore=shutil.ignore_patterns("site", ".digest-*"))
    shutil.copy(REPO / "netlify.toml", project / "netlify.toml")
    served = start_serve(project, "--production-headers")
    try:
        yield served
    finally:
        stop_serve(served)


CSP_WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def test_every_page_satisfies_the_csp_of_netlify_toml(browser: Any, production: Served) -> None:
    import tomllib

    netlify = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    csp = next(rule["values"] for rule in netlify["headers"] if rule["for"] == "/*")[
        "Content-Security-Policy"
    ]
    project_site = production.project / "site"
    context = browser.new_context()
    try:
        context.add_init_script(CSP_WATCH)
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: console.append(f"uncaught: {error}"))
        for name in html_pages(project_site):
            response = page.goto(production.url + name.removesuffix("index.html"))
            assert response is not None
            assert response.headers["content-security-policy"] == csp, name
            page.wait_for_load_state("load")
            assert page.evaluate("window.__violations") == [], name
        # The search runs Pagefind's WebAssembly under the same policy.
        page.goto(production.url + "search/?q=kursk")
        page.locator(".search-result").first.wait_for(timeout=WAIT_MS)
        assert page.evaluate("window.__violations") == []
        # The dev server's own reload script obeys the policy too.
        reload_script = "script[src='/__digest/livereload.js']"
        assert page.locator(reload_script).count() == 1
        assert [line for line in console if "Content Security Policy" in line] == []
        assert console == []
    finally:
        context.close()


def test_production_headers_follow_netlify_rules_under_a_sub_path(production: Served) -> None:
    import urllib.request

    with urllib.request.urlopen(production.url, timeout=30) as response:
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Cache-Control"] == "public, max-age=0, must-revalidate"
        html = response.read().decode("utf-8")
    css = re.search(r'href="(/digest/assets/style\.[0-9a-f]+\.css)"', html)
    assert css is not None
    origin = production.url.split("/digest/")[0]
    with urllib.request.urlopen(origin + css.group(1), timeout=30) as response:
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert len(response.headers.get_all("Cache-Control") or []) == 1


def test_production_headers_need_a_netlify_toml(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "digest",
            "serve",
            "-C",
            str(project),
            "--port",
            "0",
            "--production-headers",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"digest: error: --production-headers: {project / 'netlify.toml'} not found"
    )


# --- the dev server reads nothing outside the site ----------------------------------------

SECRET = b"TOP-SECRET-OUTSIDE-THE-SITE"


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DevServer, Path]]:
    """Serve a small site under /digest/ with secrets and symlinks pointing out of it."""
    root = tmp_path_factory.mktemp("traversal")
    site = root / "site"
    (site / "sub").mkdir(parents=True)
    page = b"<!doctype html><html><head><title>t</title></head><body>ok</body></html>"
    (site / "index.html").write_bytes(page)
    (site / "sub" / "index.html").write_bytes(page)
    (site / "404.html").write_bytes(page.replace(b"ok", b"not found"))
    (root / "secret.txt").write_bytes(SECRET)
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(SECRET)
    (site / "file-link").symlink_to(root / "secret.txt")
    (site / "folder-link").symlink_to(outside, target_is_directory=True)
    (site / "sub" / "up").symlink_to(Path("..") / "..", target_is_directory=True)
    (site / "absolute-link").symlink_to("/etc/passwd")
    server = DevServer(("127.0.0.1", 0), site, BuildGate(), Broadcaster(), base_path="/digest/")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, root
    finally:
        server.stopping.set()
        server.broadcaster.close()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def raw_request(server: DevServer, target: bytes, method: bytes = b"GET") -> tuple[int, bytes]:
    """Send one request line exactly as given; return the status and the whole response."""
    host, port = server.server_address[:2]
    with socket.create_connection((str(host), port), timeout=10) as connection:
        headers = b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        connection.sendall(method + b" " + target + headers)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    response = b"".join(chunks)
    status = int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/") else 0
    return status, response


TRAVERSALS = [
    b"/digest/../secret.txt",
    b"/digest/%2e%2e/secret.txt",
    b"/digest/%2E%2E/%2e%2e/etc/passwd",
    b"/digest/.%2e/secret.txt",
    b"/digest/sub/..%2f..%2fsecret.txt",
    b"/digest/..%5csecret.txt",
    b"/digest/%2e%2e%5c%2e%2e%5csecret.txt",
    b"/digest/%252e%252e/secret.txt",
    b"/digest/%c0%ae%c0%ae/secret.txt",
    b"/digest/%e0%80%ae%e0%80%ae/secret.txt",
    b"/digest/%ff%fe/secret.txt",
    b"/digest/file-link",
    b"/digest/folder-link/secret.txt",
    b"/digest/folder-link/",
    b"/digest/sub/up/secret.txt",
    b"/digest/absolute-link",
    b"/digest//etc/passwd",
    b"/digest/%2fetc%2fpasswd",
    b"/etc/passwd",
    b"//etc/passwd",
    b"/digest/%00",
    b"/digest/index.html%00.txt",
    b"/digest/secret.txt%00",
    b"/digest/..;/secret.txt",
    b"/digest%2f..%2fsecret.txt",
    b"/digest/../../../../../../../../etc/passwd",
    b"../secret.txt",
    b"secret.txt",
    b"http://127.0.0.1/digest/../secret.txt",
    b"http://127.0.0.1/../../etc/passwd",
    b"*",
]


@pytest.mark.parametrize("method", [b"GET", b"HEAD"])
def test_the_dev_server_reads_nothing_outside_the_site(
    dev_server: tuple[DevServer, Path], method: bytes
) -> None:
    server, root = dev_server
    passwd = Path("/etc/passwd").read_bytes()[:32] if Path("/etc/passwd").exists() else SECRET
    for target in TRAVERSALS:
        status, response = raw_request(server, target, method)
        assert status in (400, 404), (target, status)
        assert SECRET not in response and passwd not in response, target
    assert (root / "secret.txt").read_bytes() == SECRET
    # What is inside is served, and only that.
    assert raw_request(server, b"/digest/sub/")[0] == 200
    status, response = raw_request(server, b"/digest/?file=../secret.txt")
    assert status == 200 and response.endswith(b"</body></html>")


def test_a_header_value_on_several_lines_is_folded_and_none_splits_the_response(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "project")
    target = project / "netlify.toml"
    rule = '[[headers]]\nfor = "/*"\n[headers.values]\n'
    quotes = "'" * 3  # a TOML multi-line literal string, as Netlify's docs write a CSP
    target.write_text(
        f"{rule}Content-Security-Policy = {quotes}\n  default-src 'self';\n  img-src 'self'\n"
        f'  {quotes}\nX-Test = "a\\r\\nSet-Cookie: injected=1"\n'
    )
    assert netlify_headers(project) == {  # one line each: no second header, no body
        "/*": {
            "Content-Security-Policy": "default-src 'self'; img-src 'self'",
            "X-Test": "a Set-Cookie: injected=1",
        }
    }
    for values in (
        'X-Test = "a\\u0000b"',
        'X-Test = "a\\rb"',
        '"Set-Cookie: x" = "1"',
        "X = [1]",
        'X-Note = "caf\u2192 ok"',  # no Latin-1: every response had failed to be sent
    ):
        target.write_text(f"{rule}{values}\n")
        with pytest.raises(DigestError, match=r"netlify.toml: \[\[headers\]\] number 1"):
            netlify_headers(project)


@pytest.mark.parametrize("kind", ["link out", "device", "fifo", "huge"])
def test_production_headers_read_only_the_project_s_own_netlify_toml(
    tmp_path: Path, kind: str
) -> None:
    project = make_project(tmp_path / "project")
    target = project / "netlify.toml"
    secret = tmp_path / "private.toml"
    secret.write_text('[[headers]]\nfor = "/*"\n[headers.values]\nX-Secret = "token"\n')
    if kind == "link out":
        target.symlink_to(secret)
    elif kind == "device":
        target.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(target)  # reading it would wait for a writer for ever
    else:
        target.write_text("# " + "x" * 1_000_000 + "\n")
    with pytest.raises(DigestError, match="refused"):
        netlify_headers(project)
