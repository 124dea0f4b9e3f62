"""Lighthouse on the fixture site: home, a story and search, on a phone and a desktop.

Accessibility, best practices and SEO must score 100. Performance is measured on a machine
shared with other work, where a busy CPU costs a point or two of blocking time: it must score
at least PERFORMANCE_FLOOR (100 on a quiet machine).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, TOOLS, require_tool

LIGHTHOUSE = Path(os.environ.get("DIGEST_LIGHTHOUSE", TOOLS / ".bin" / "lighthouse"))
PAGES = ("", "2026/01/13/finland-summons-iran-envoy/", "search/")
PERFORMANCE_FLOOR = 95
# Lighthouse itself can fail on a loaded machine (Chrome's debugging port not up within
# chrome-launcher's wait, a protocol timeout) before it scores anything. Such a run is tried
# again, a bounded number of times; a score is never retried.
ATTEMPTS = 3


def _run_lighthouse(command: list[str]) -> None:
    """Run Lighthouse until it writes its report, at most ATTEMPTS times; fail with its words."""
    failures = []
    for _ in range(ATTEMPTS):
        done = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        if done.returncode == 0:
            return
        failures.append(f"exit {done.returncode}: {done.stderr.strip()[-800:]}")
    pytest.fail("Lighthouse failed every time:\n" + "\n".join(failures))


@pytest.mark.parametrize("preset", ["mobile", "desktop"])
def test_lighthouse_scores_home_story_and_search(
    site_url: str, tmp_path: Path, preset: str
) -> None:
    require_tool(LIGHTHOUSE.exists(), f"Lighthouse at {LIGHTHOUSE} (npm install lighthouse)")
    require_tool(CHROMIUM.exists(), f"Chromium at {CHROMIUM}")
    problems = []
    for page in PAGES:
        report = tmp_path / "report.json"
        command = [
            str(LIGHTHOUSE),
            site_url + page,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
        ]
        if preset == "desktop":
            command.append("--preset=desktop")
        _run_lighthouse(command)
        result = json.loads(report.read_text(encoding="utf-8"))
        for name, category in result["categories"].items():
            score = round((category["score"] or 0) * 100)
            least = PERFORMANCE_FLOOR if name == "performance" else 100
            if score < least:
                failing = [
                    audit["title"]
                    for audit in result["audits"].values()
                    if audit.get("score") is not None and audit["score"] < 1
                ]
                problems.append(f"/{page} {preset}: {name} {score} ({'; '.join(failing[:5])})")
    assert not problems, "\n".join(problems)
