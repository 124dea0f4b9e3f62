"""Notices: every `warning: ...` line a command prints, and the count its summary gives.

Library code never prints; what it skips while reading a project it logs on the "digest"
logger, and what it finds wrong it returns in its reports. The command line shows both on
stderr, each logged warning once per run, through this module, which counts them: a summary
saying "0 warnings" under a printed warning would tell the editor to look no further.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path


class _Once(logging.Filter):
    """Let each message through once: a link is seen by every scan of its folder."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message in self.seen:
            return False
        self.seen.add(message)
        return True


class _Count:
    """The warnings shown in this run (one run of `main`: show_warnings starts it at 0)."""

    shown = 0


def _say(line: str) -> None:
    _Count.shown += 1
    with contextlib.suppress(OSError, ValueError):  # stderr closed: nowhere to say it
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def warn(message: str) -> None:
    """Print *message* as a `warning:` line on stderr, and count it."""
    _say(f"warning: {message}")


def warnings_shown() -> int:
    """Return how many warnings this run has printed so far (logged ones included)."""
    return _Count.shown


class _Stderr(logging.Handler):
    """Write to the stderr of the moment (tests and serve may swap it)."""

    def __init__(self, project: Path | None) -> None:
        super().__init__()
        self.project = project

    def emit(self, record: logging.LogRecord) -> None:
        _say(f"warning: {in_project(record.getMessage(), self.project)}")


def in_project(message: str, project: Path | None) -> str:
    """Return the warning *message* naming the file it opens with relative to *project* when
    that file lies in it: a walk of the project names what it skips by the path it walked,
    absolute when the project was given so (`-C /srv/news`), where ingest names a dump it
    skips "content/raw/junk.txt": each file one way, whatever the folder digest ran in."""
    if project is None:
        return message
    prefixes = {str(project).rstrip("/") + "/", os.path.abspath(project).rstrip("/") + "/"}
    prefixes.discard("./")
    prefixes.discard("/")  # the project is / itself: every path is its, named in full

    def line_in(line: str) -> str:
        for prefix in prefixes:
            if line.startswith(prefix):
                return line[len(prefix) :]
        return line

    return "\n".join(map(line_in, message.split("\n")))  # several errors, a line each


def show_warnings(project: Path | None = None) -> None:
    """Print the "digest" logger's warnings to stderr, each once in this run; count from 0.
    *project*: the project a command works on, whose files the warnings name relative to it."""
    _Count.shown = 0
    logger = logging.getLogger("digest")
    for old in [handler for handler in logger.handlers if isinstance(handler, _Stderr)]:
        logger.removeHandler(old)
    handler = _Stderr(project)
    handler.addFilter(_Once())
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
