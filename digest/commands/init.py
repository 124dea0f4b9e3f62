"""`digest init DIR`: create a new digest project that builds, and deploys, as it is.

Copies the skeleton shipped in the package: digest.yaml, a .gitignore, a README for the
editor, netlify.toml with its cache plugin, a GitHub Pages workflow and a small sample dump
in content/raw/ (the default theme is found built in). requirements.txt is written here: it
names the digest that made the project, so every host installs that one.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from digest import DISTRIBUTION, __version__
from digest.commands.options import Shared, Verbs, tell
from digest.errors import DigestError
from digest.paths import (
    ARTICLES_DIR,
    CONFIG_FILE,
    PROJECT_README,
    REQUIREMENTS_FILE,
    SKELETON,
    SKELETON_RENAMED,
)


@dataclass(frozen=True, slots=True)
class Requirement:
    """The requirement line of the running digest, and whether a host can install it."""

    line: str
    local: str | None = None  # where it was installed from, when no host can reach that


def requirement() -> Requirement:
    """Return the requirement of the running digest: its git URL, or its version."""
    from importlib import metadata  # only `init` asks: every other command starts faster

    pinned = f"{DISTRIBUTION}=={__version__}"
    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return Requirement(pinned, local=str(Path(__file__).resolve().parents[2]))
    pinned = f"{DISTRIBUTION}=={distribution.version}"
    try:
        origin = json.loads(distribution.read_text("direct_url.json") or "{}")
        url = origin.get("url", "")
        vcs = origin.get("vcs_info", {})
        if vcs.get("vcs") == "git" and not url.startswith("file:"):
            return Requirement(f"{DISTRIBUTION} @ git+{url}@{vcs['commit_id']}")
        if url.startswith("file:"):  # a clone or a wheel on this machine (`pip install .`)
            return Requirement(pinned, local=url)
    except (ValueError, AttributeError, KeyError, TypeError):
        pass  # unreadable install record: the version is still right
    return Requirement(pinned)  # from a package index, which hosts reach too


def requirements_text(line: str) -> str:
    """Return requirements.txt of a new project: the one place saying which digest builds it."""
    return (
        "# The digest that builds this site: Netlify, GitHub Actions and a new machine all\n"
        "# install what this file says. To follow a git repository instead of a release:\n"
        f"#   {DISTRIBUTION} @ git+https://github.com/OWNER/REPOSITORY@main\n"
        f"{line}\n"
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
    wanted = requirement()
    (directory / REQUIREMENTS_FILE).write_text(requirements_text(wanted.line), encoding="utf-8")
    (directory / ARTICLES_DIR).mkdir(parents=True, exist_ok=True)
    if wanted.local is not None:
        tell(
            f"warning: {directory / REQUIREMENTS_FILE}: this digest was installed from"
            f" {wanted.local}, which Netlify or GitHub cannot install from; before you deploy,"
            f" replace '{wanted.line}' there with the git URL of your digest (the file shows how)"
        )
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
        f"next: set base_url in {created / CONFIG_FILE}, then"
        f" `digest build -C {shlex.quote(str(created))}`;\n"
        f"{created / PROJECT_README} tells the daily loop and how to publish"
    )
    return 0
