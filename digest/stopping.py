"""Stopping: Ctrl-C (SIGINT) and SIGTERM end a long run (build, ingest, serve) through its
cleanup, whatever the process inherited.

A build's cleanup is written for Ctrl-C: a KeyboardInterrupt ends the Pagefind runs started
early (they wait on named pipes till given their pages), removes the staging folder and
temporary files and leaves site/ as the last complete build. SIGTERM (a CI job cancelled,
`timeout`, `kill`) ended the process at once, none of that done; so it raises `Terminated`, a
KeyboardInterrupt, and the command line exits with 143 (128 + SIGTERM) as a process ended by
it would. A process started with SIGINT ignored (a shell's background job) or either signal
blocked by its parent never stopped at all: both are taken back for the run.

A child forked during the run (a parse or render worker, the templates' child) inherits those
handlers and its parent's stack: a SIGTERM or Ctrl-C there raised into the child's task, which
reported it as a failure and served on, or into the parent's clean-up run in the child. Each
such child puts the defaults back as it starts (`default_stop_signals`): the signal ends it at
once, and the parent, stopped, ends the children it started.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
TERMINATED_EXIT = 128 + signal.SIGTERM  # what a shell reports of a process SIGTERM ended


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: the run stops as on Ctrl-C."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextlib.contextmanager
def stoppable() -> Iterator[None]:
    """Within the block, make Ctrl-C raise KeyboardInterrupt and SIGTERM `Terminated`; put
    back what was there after (a test runner's own handlers, say).

    Only the main thread receives signals' handlers: elsewhere (a library call in a thread)
    nothing is changed.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handlers = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    blocked = signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        for number, handler in handlers.items():
            # None: a handler not set from Python, which cannot be put back; the default is
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def default_stop_signals() -> None:
    """Make SIGINT and SIGTERM end this process at once: called by a child forked from a
    stoppable run before it does anything else."""
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_DFL)
