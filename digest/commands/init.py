"""`digest init DIR`: create a new digest project that builds, and deploys, as it is.

Copies the skeleton shipped in the package: digest.yaml, a .gitignore, a README for the
editor, netlify.toml with its cache plugin, a GitHub Pages workflow and a small sample dump
in content/raw/ (the default theme is found built in). requirements.txt is written here: it
names the digest that made the project, so every host installs that one.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path, PurePosixPath

from digest import DISTRIBUTION, __version__
from digest.commands.options import Shared, Verbs
from digest.errors import DigestError
from digest.paths import (
    ARTICLES_DIR,
    CONFIG_FILE,
    PROJECT_README,
    REQUIREMENTS_FILE,
    SKELETON,
    SKELETON_RENAMED,
)


def requirement() -> str:
    """Return the requirement line of the running digest: its git URL, or its version."""
    from importlib import metadata  # only `init` asks: every other command starts faster

    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return f"{DISTRIBUTION}=={__version__}"
    try:
        origin = json.loads(distribution.read_text("direct_url.json") or "{}")
        vcs = origin.get("vcs_info", {})
        if vcs.get("vcs") == "git" and not origin.get("url", "").startswith("file:"):
            return f"{DISTRIBUTION} @ git+{origin['url']}@{vcs['commit_id']}"
    except (ValueError, AttributeError, KeyError, TypeError):
        pass  # unreadable install record: the version is still right
    return f"{DISTRIBUTION}=={distribution.version}"


def requirements_text() -> str:
    """Return requirements.txt of a new project: the one place saying which digest builds it."""
    return (
        "# The digest that builds this site: Netlify, GitHub Actions and a new machine all\n"
        "# install what this file says. To follow a git repository instead of a release:\n"
        f"#   {DISTRIBUTION} @ git+https://github.com/OWNER/REPOSITORY@main\n"
        f"{requirement()}\n"
    )


def _target(directory: Path, relative: PurePosixPath) -> Path:
    """Return where a skeleton file goes: its first part renamed when package data needs it."""
    first, *rest = relative.parts
    return directory.joinpath(SKELETON_RENAMED.get(first, first), *rest)


def create_project(directory: Path) -> Path:
    """Create a digest project in *directory* (new or empty) and return it."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise DigestError(f"{directory}: already exists and is not an empty folder")
    files = sorted(path for path in SKELETON.rglob("*") if path.is_file())
    if not files:
        raise DigestError(f"the project skeleton is missing from {SKELETON}")
    for source in files:
        if "__pycache__" in source.parts:
            continue
        target = _target(directory, PurePosixPath(source.relative_to(SKELETON).as_posix()))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    (directory / REQUIREMENTS_FILE).write_text(requirements_text(), encoding="utf-8")
    (directory / ARTICLES_DIR).mkdir(parents=True, exist_ok=True)
    return directory


def register(verbs: Verbs, shared: Shared) -> None:
    """Add the `init` sub-command (it makes the project folder: no -C)."""
    parser = verbs.add_parser(
        "init", help="create a new digest project that builds and deploys as it is"
    )
    parser.add_argument("directory", type=Path, help="folder to create")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Create the project and say what to do next."""
    created = create_project(args.directory)
    print(
        f"created a digest project in {created}\n"
        f"next: set base_url in {created / CONFIG_FILE}, then `digest build -C {created}`;\n"
        f"{created / PROJECT_README} tells the daily loop and how to publish"
    )
    return 0
