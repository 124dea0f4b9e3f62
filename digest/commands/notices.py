"""Notices: print the warnings library code logs (a skipped link, say) as `warning: ...` lines.

Library code never prints; what it skips while reading a project it logs on the "digest"
logger. The command line shows each such warning once per run on stderr, where the other
warnings of a build go.
"""

from __future__ import annotations

import contextlib
import logging
import sys


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


class _Stderr(logging.Handler):
    """Write to the stderr of the moment (tests and serve may swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(OSError, ValueError):  # stderr closed: nowhere to say it
            sys.stderr.write(self.format(record) + "\n")


def show_warnings() -> None:
    """Print the "digest" logger's warnings to stderr, each once in this run."""
    logger = logging.getLogger("digest")
    for old in [handler for handler in logger.handlers if isinstance(handler, _Stderr)]:
        logger.removeHandler(old)
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    handler.addFilter(_Once())
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
