"""Temporary digest projects for tests: a copy of the sample project or an empty one."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "content" / "raw"


def make_project(root: Path, dumps: dict[str, bytes] | None = None, *, seeds: bool = False) -> Path:
    """Create a project in *root* with the seed dumps and/or the given dump files."""
    raw = root / "content" / "raw"
    raw.mkdir(parents=True)
    shutil.copy(REPO / "digest.yaml", root / "digest.yaml")
    if seeds:
        for dump in sorted(SEEDS.glob("*.txt")):
            shutil.copy(dump, raw / dump.name)
    for name, data in (dumps or {}).items():
        (raw / name).write_bytes(data)
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under *folder* with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
