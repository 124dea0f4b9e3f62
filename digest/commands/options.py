"""The options that several verbs share, and how a verb module adds its sub-command."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from digest.errors import DigestError
from digest.paths import CONFIG_FILE, WORKING_DIR
from digest.store.lock import DEFAULT_WAIT_SECONDS

Command = Callable[[argparse.Namespace], int]
# What `add_subparsers` returns: each verb module adds its own sub-command to it.
Verbs: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


@dataclass(frozen=True, slots=True)
class Shared:
    """Parent parsers: the options of every verb on a project, and of those that write."""

    project: argparse.ArgumentParser
    writes: argparse.ArgumentParser


def shared_options() -> Shared:
    """Return the parent parsers of `-C/--project`, `-q/--quiet` and `--wait`."""
    project = argparse.ArgumentParser(add_help=False)
    project.add_argument(
        "-C",
        "--project",
        type=Path,
        default=WORKING_DIR,
        metavar="DIR",
        help="the digest project folder (default: the current folder)",
    )
    project.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    writes = argparse.ArgumentParser(add_help=False)
    writes.add_argument(
        "--wait",
        type=seconds,
        default=DEFAULT_WAIT_SECONDS,
        metavar="SECONDS",
        help="wait at most this long for another build of the project to end "
        f"(default: {DEFAULT_WAIT_SECONDS:g}; 0: refuse at once)",
    )
    return Shared(project, writes)


def seconds(text: str) -> float:
    """Read `--wait`: a finite number of seconds, 0 or more (nan would wait for ever)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds, 0 or more")
    return value


def port(text: str) -> int:
    """Read `--port`: 0 (any free port) to 65535."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: 0 (any free port) to 65535")
    return value


def tell(message: str) -> None:
    """Say *message* on stderr at once (that the command waits for another build, say)."""
    print(message, file=sys.stderr, flush=True)


def require_project(project: Path) -> None:
    """Raise DigestError unless *project* is a digest project: a folder with a digest.yaml.

    Checked before a verb runs, so that a build in the wrong folder creates nothing there.
    """
    if not project.is_dir():
        raise DigestError(f"{project}: {'not a folder' if project.exists() else 'no such folder'}")
    if not os.path.lexists(project / CONFIG_FILE):  # a broken one is load_config's to name
        where = "this folder" if project == WORKING_DIR else str(project)
        raise DigestError(
            f"{where} is not a digest project (no {CONFIG_FILE} in it); "
            "run `digest init NAME` to make one, or name a project with -C DIR"
        )
