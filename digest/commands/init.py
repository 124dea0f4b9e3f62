"""`digest init DIR`: create a new digest project that builds as it is.

Copies the skeleton shipped in the package: digest.yaml, a .gitignore and a
small sample dump in content/raw/ (the default theme is found built in).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from digest.errors import DigestError
from digest.paths import SKELETON

# Package data drops dotfiles, so these are shipped under other names.
RENAMED = {"gitignore": ".gitignore"}


def create_project(directory: Path) -> Path:
    """Create a digest project in *directory* (new or empty) and return it."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise DigestError(f"{directory}: already exists and is not an empty folder")
    files = sorted(path for path in SKELETON.rglob("*") if path.is_file())
    if not files:
        raise DigestError(f"the project skeleton is missing from {SKELETON}")
    for source in files:
        relative = source.relative_to(SKELETON)
        target = directory / relative.with_name(RENAMED.get(relative.name, relative.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    (directory / "content" / "articles").mkdir(parents=True, exist_ok=True)
    return directory
