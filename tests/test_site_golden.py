"""Golden site: the fixture site's files must match tests/golden/ byte for byte.

Run `pytest tests/test_site_golden.py --update-golden` after an intended change
to the theme or the renderer, and review the diff of tests/golden/ like code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import GOLDEN

# The search index is Pagefind's binary output, checked by the browser tests instead.
SKIPPED = ("pagefind/",)


def site_files(site: Path) -> dict[str, bytes]:
    return {
        name: path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and not (name := path.relative_to(site).as_posix()).startswith(SKIPPED)
    }


def check_against_golden(built: dict[str, bytes], golden: Path, update: bool) -> None:
    """Compare *built* files with *golden* byte for byte, or rewrite *golden* when *update*."""
    if update:
        shutil.rmtree(golden, ignore_errors=True)
        for name, data in built.items():
            (golden / name).parent.mkdir(parents=True, exist_ok=True)
            (golden / name).write_bytes(data)
        pytest.skip(f"rewrote {len(built)} golden files in {golden}")
    assert golden.is_dir(), f"no golden files in {golden} yet: run pytest --update-golden"
    expected = site_files(golden)
    assert sorted(built) == sorted(expected), f"other files than in {golden}"
    changed = [name for name in built if built[name] != expected[name]]
    assert not changed, f"files differ from {golden} (rerun with --update-golden): {changed}"


def test_the_fixture_site_matches_the_golden_files(
    fixture_site: Path, request: pytest.FixtureRequest
) -> None:
    update = bool(request.config.getoption("--update-golden"))
    check_against_golden(site_files(fixture_site), GOLDEN, update)
