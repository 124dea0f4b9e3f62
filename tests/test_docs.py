"""The documentation: generated references match the code, the site builds with its links
checked, and the commands the getting-started and daily-loop pages show run as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
sys.path.insert(0, str(DOCS))
import generate  # type: ignore[import-not-found]  # noqa: E402  (docs/generate.py, a script beside the pages)

BIN = Path(sys.executable).parent
# A shell block is run unless the comment line just above it says why not.
_BLOCK = re.compile(r"(<!-- not run: [^>]*-->\n)?```sh\n(.*?)```", re.DOTALL)


def shell_blocks(page: Path) -> list[str]:
    """Return the shell blocks of *page* that are meant to be run, in order."""
    return [match[2] for match in _BLOCK.finditer(page.read_text(encoding="utf-8")) if not match[1]]


def test_no_committed_text_holds_a_merge_conflict() -> None:
    """A merge left unresolved shows the reader both sides and their markers."""
    markers = re.compile(r"^(<{7} |={7}$|>{7} )", re.MULTILINE)
    listed = subprocess.run(
        ["git", "ls-files", "*.md", "*.py", "*.yaml", "*.toml", "*.html", "*.css", "*.js"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert listed
    found = [
        name
        for name in listed
        if (REPO / name).is_file()
        and markers.search((REPO / name).read_text(encoding="utf-8", errors="replace"))
    ]
    assert found == []


def test_reference_pages_match_the_code() -> None:
    assert generate.stale_pages() == [], "run: python docs/generate.py"


def test_every_setting_and_key_is_documented() -> None:
    rows = list(generate.config_rows(generate.Config))
    assert {"base_url", "ingest.keep", "classify.regions", "limits.tags"} <= {r[0] for r in rows}
    assert all(doc for *_, doc in rows)
    page = generate.front_matter_page()
    from digest.site.schema import OPTIONAL_KEYS, REQUIRED_KEYS

    for key in (*REQUIRED_KEYS, *OPTIONAL_KEYS):
        assert f"`{key}`" in page


def test_a_setting_without_a_comment_is_refused() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Undocumented:
        # documented
        fine: int = 1
        silent: int = 2

    with pytest.raises(SystemExit, match="silent"):
        list(generate.config_rows(Undocumented))


def _mkdocs(config: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_docs_site_builds_with_every_link_checked(tmp_path: Path) -> None:
    built = _mkdocs(REPO / "mkdocs.yml", tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "reference" / "configuration" / "index.html").exists()
    # The same docs with one broken internal link must fail.
    copy = tmp_path / "copy"
    shutil.copytree(DOCS, copy / "docs")
    shutil.copy(REPO / "mkdocs.yml", copy / "mkdocs.yml")
    page = copy / "docs" / "index.md"
    page.write_text(page.read_text() + "\n[gone](no-such-page.md)\n")
    broken = _mkdocs(copy / "mkdocs.yml", tmp_path / "broken")
    assert broken.returncode != 0
    assert "no-such-page.md" in broken.stderr


def test_the_tutorial_runs_as_written(tmp_path: Path) -> None:
    """Run the shell blocks of getting-started, then of the daily loop, as a new user would."""
    blocks = shell_blocks(DOCS / "getting-started.md") + shell_blocks(DOCS / "daily-loop.md")
    assert any("digest init" in block for block in blocks)
    script = "set -euo pipefail\n" + "\n".join(blocks)
    env = {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
    }
    work = tmp_path / "work"
    work.mkdir()
    ran = subprocess.run(
        ["bash", "-c", script], cwd=work, env=env, capture_output=True, text=True, timeout=900
    )
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    project = work / "my-digest"
    assert (project / "site" / "index.html").exists()
    stories = list((project / "content" / "articles").rglob("*.md"))
    assert any("parliament-passes-the-budget" in path.name for path in stories)
    assert any("storm-closes-the-harbour" in path.name for path in stories)
