"""`digest init DIR`: create a new digest project that builds as it is.

Copies the skeleton shipped in the package: digest.yaml, a .gitignore and a
small sample dump in content/raw/ (the default theme is found built in).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from digest.commands.options import Shared, Verbs
from digest.errors import DigestError
from digest.paths import ARTICLES_DIR, SKELETON, SKELETON_RENAMED


def create_project(directory: Path) -> Path:
    """Create a digest project in *directory* (new or empty) and return it."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise DigestError(f"{directory}: already exists and is not an empty folder")
    files = sorted(path for path in SKELETON.rglob("*") if path.is_file())
    if not files:
        raise DigestError(f"the project skeleton is missing from {SKELETON}")
    for source in files:
        relative = source.relative_to(SKELETON)
        target = directory / relative.with_name(SKELETON_RENAMED.get(relative.name, relative.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    (directory / ARTICLES_DIR).mkdir(parents=True, exist_ok=True)
    return directory


def register(verbs: Verbs, shared: Shared) -> None:
    """Add the `init` sub-command (it makes the project folder: no -C)."""
    parser = verbs.add_parser("init", help="create a new digest project that builds as it is")
    parser.add_argument("directory", type=Path, help="folder to create")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Create the project and say how to build it."""
    created = create_project(args.directory)
    print(f"created a digest project in {created}; run `digest build -C {created}`")
    return 0
