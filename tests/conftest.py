"""Shared fixtures: small digest projects, the built fixture site, a local server, real clients.

Tools that come from outside Python (Chromium, Java with the Nu checker, axe-core)
skip their tests when missing, except on CI (the CI variable is set), where a
missing tool fails: CI must run every check.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import shutil
import threading
import tomllib
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from digest.config import load_config
from digest.engine.site_build import build_site

REPO = Path(__file__).resolve().parent.parent
FIXTURE_SITE = REPO / "tests" / "fixtures" / "site"
GOLDEN = REPO / "tests" / "golden"
TOOLS = REPO / ".tools" / "node_modules"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = TOOLS / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("DIGEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The fixture site's base_url is https://example.org/digest/: served under the same sub-path.
SUB_PATH = "/digest/"
# How long a browser test waits for what it expects to show (a search result, a reload):
# bounded, and generous, as CI runs on a shared machine at a load of 10-30 on two cores.
WAIT_MS = 60_000
# Whether the suite runs on CI (read once: the build host's variables are unset for the tests).
ON_CI = bool(os.environ.get("CI"))

# Property tests draw the same cases on every run ("suite"): a run fails only on a change, never
# on a case no one had met before. HYPOTHESIS_PROFILE=explore draws new ones on each run, to
# look for defects; what it finds becomes an @example of its test.
settings.register_profile("suite", derandomize=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the fixture site instead of comparing with it",
    )


def require_tool(present: bool, what: str) -> None:
    """Skip the test when *what* is missing; fail instead on CI."""
    if present:
        return
    if ON_CI:
        pytest.fail(f"{what} is missing, and CI must run this check", pytrace=False)
    pytest.skip(f"{what} is missing")


WriteArticle = Callable[..., Path]


@pytest.fixture(scope="session", autouse=True)
def _not_on_a_build_host() -> Iterator[None]:
    """Unset CI, NETLIFY and GITHUB_ACTIONS: a build on a host warns of every dump its ledger
    does not know (ingest/references.py), which would add a warning to every test's build."""
    from digest.ingest.references import HOST_VARIABLES

    with pytest.MonkeyPatch.context() as patch:
        for variable in HOST_VARIABLES:
            patch.delenv(variable, raising=False)
        yield


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return an empty digest project with a digest.yaml."""
    root = tmp_path / "project"
    (root / "content" / "articles").mkdir(parents=True)
    (root / "digest.yaml").write_text(
        "title: Test Digest\nbase_url: https://example.org/\npaginate: 2\n", encoding="utf-8"
    )
    return root


@pytest.fixture
def write_article(project: Path) -> WriteArticle:
    """Return a function that writes one article (front matter lines, then body) into *project*."""

    def write(relative: str, front: str, body: str = "Body text.\n") -> Path:
        path = project / "content" / "articles" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front.strip()}\n---\n\n{body}", encoding="utf-8")
        return path

    return write


def build(project: Path, **options: Any) -> Path:
    """Build *project*'s site and return site/."""
    build_site(project, load_config(project), **options)
    return project / "site"


@pytest.fixture(scope="session")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of tests/fixtures/site/, built once per session (site/ inside it)."""
    root = tmp_path_factory.mktemp("fixture") / "site-project"
    shutil.copytree(FIXTURE_SITE, root, ignore=shutil.ignore_patterns("site", ".digest-build"))
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        build(root)
    return root


@pytest.fixture(scope="session")
def fixture_site(fixture_project: Path) -> Path:
    """Return the built fixture site folder."""
    return fixture_project / "site"


def netlify_headers() -> dict[str, str]:
    """Return the headers netlify.toml sets on every path ("/*")."""
    config = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    headers: dict[str, str] = {}
    for rule in config.get("headers", []):
        if rule.get("for") == "/*":
            headers.update(rule.get("values", {}))
    return headers


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serve files like Netlify would: with the security headers of netlify.toml."""

    extra_headers: dict[str, str] = {}  # noqa: RUF012 - set on a subclass per server

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_folder(folder: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve *folder* on 127.0.0.1 at a free port (with *headers*, as a host would send
    them) until the block ends; yield its URL, ending in "/"."""
    handler = type("Handler", (_SiteHandler,), {"extra_headers": dict(headers or {})})
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def site_url(fixture_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the fixture site at http://127.0.0.1:<free port>/digest/ and return that URL."""
    root = tmp_path_factory.mktemp("served")
    (root / SUB_PATH.strip("/")).symlink_to(fixture_site, target_is_directory=True)
    with serve_folder(root, netlify_headers()) as url:
        yield url + SUB_PATH.lstrip("/")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Return headless Chromium (the machine's, driven by Playwright)."""
    require_tool(CHROMIUM.exists(), f"Chromium at {CHROMIUM}")
    require_tool(importlib.util.find_spec("playwright") is not None, "Playwright for Python")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def html_pages(site: Path) -> list[str]:
    """Return the path of every HTML page of *site*, relative to it, sorted."""
    return sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if "pagefind" not in path.relative_to(site).parts
    )


def page_url(base: str, page: str) -> str:
    """Return the URL of the page stored at *page* (a path in site/)."""
    return base + page.removesuffix("index.html")
