"""Standards: every page through the Nu HTML checker (once, for the whole site) and axe-core."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import AXE_JS, VNU_JAR, html_pages, page_url, require_tool

# One page per template, checked again with the dark colours.
DARK = (
    "index.html",
    "2026/01/13/finland-summons-iran-envoy/index.html",
    "2026/01/index.html",
    "regions/europe/index.html",
    "tags/index.html",
    "search/index.html",
    "404.html",
)


def test_every_page_passes_the_nu_html_checker(fixture_site: Path) -> None:
    java = shutil.which("java")
    require_tool(java is not None, "java")
    require_tool(VNU_JAR.exists(), f"the Nu checker at {VNU_JAR} (npm install vnu-jar)")
    assert java is not None
    files = [fixture_site / name for name in html_pages(fixture_site)]
    files += sorted((fixture_site / "assets").glob("*.css"))
    files += sorted((fixture_site / "assets").glob("*.svg"))
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--also-check-css", "--also-check-svg"]
        + [str(path) for path in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    problems = [
        f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m.get('type')}: "
        + m["message"]
        for m in messages
        if m.get("type") != "info" or m.get("subType") == "warning"
    ]
    assert not problems, "\n".join(problems)
    assert len(files) > 30


def run_axe(page: Any, axe: str) -> list[str]:
    page.add_script_tag(content=axe)
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in violations
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe(
    browser: Any, site_url: str, fixture_site: Path, scheme: str
) -> None:
    require_tool(AXE_JS.exists(), f"axe-core at {AXE_JS} (npm install axe-core)")
    axe = AXE_JS.read_text(encoding="utf-8")
    pages = html_pages(fixture_site) if scheme == "light" else list(DARK)
    # axe is injected as an inline script, which the site's own CSP rightly forbids.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    try:
        page = context.new_page()
        problems = []
        for name in pages:
            page.goto(page_url(site_url, name))
            problems += [f"{name}: {violation}" for violation in run_axe(page, axe)]
        assert not problems, "\n".join(problems)
    finally:
        context.close()
