"""Command line: `digest build`, `ingest`, `new`, `check`, `serve` and `init`, one per verb.

This module holds only the parser and `main`; each verb module adds its sub-command and
runs it. The heavy parts (the pipeline, the server) are imported by the verb that runs.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import select
import sys
import threading
from collections.abc import Sequence
from typing import TextIO

from digest import __version__
from digest.commands import build, check, ingest, init, new, report, serve
from digest.commands.errors import describe_os_error
from digest.commands.notices import show_warnings
from digest.commands.options import Command, require_project, shared_options
from digest.errors import DigestError
from digest.stopping import TERMINATED_EXIT, Terminated

VERBS = (build, ingest, new, check, report, serve, init)  # in the order `digest --help` lists them
# What `main` returns; the CLI reference lists these (docs/generate.py).
EXIT_CODES = {
    0: "success",
    1: "an error: the message names the file and line; site/ is still the last complete build",
    2: "bad usage: an unknown command or option",
    130: "interrupted (Ctrl-C)",
    141: "the output's reader stopped reading (`digest report | head`), as a Unix tool ends",
    TERMINATED_EXIT: "stopped by SIGTERM (a cancelled CI job, `timeout`): cleaned up as on Ctrl-C",
}


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one sub-command per verb."""
    parser = argparse.ArgumentParser(
        prog="digest", description="Build a static news digest site from raw text dumps."
    )
    parser.add_argument("--version", action="version", version=f"digest {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", required=True)
    shared = shared_options()
    for verb in VERBS:
        verb.register(verbs, shared)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 error, 2 bad usage). As the
    program itself (no *argv*: `digest`, `python -m digest`) it ends the process (`_end`)."""
    try:
        code = _run(argv)
    finally:
        if argv is None:  # the program itself (`digest`, `python -m digest`): it ends now
            # Every object left is freed as the interpreter ends, which then runs the cycle
            # collector over all of them (templates, modules, caches): 0.04-0.06 s of CPU
            # after a one-story edit at 4 000 stories. Frozen, they are skipped; the program
            # ends with the same files written, as nothing of it runs after this.
            gc.freeze()
    if argv is None:
        _end(code)
    return code


def _end(code: int) -> None:
    """End the program with *code* once its exit handlers ran and its output is flushed,
    without the interpreter's teardown: every module emptied and its objects freed, ~0.005 s
    at the end of a one-story edit at 4 000 stories, which the editor waits for. Every file
    the program writes is closed by then (`store/write`, the cache's database). With another
    thread still running (not a daemon: the interpreter would wait for it), or output that
    cannot be flushed, the interpreter ends as usual."""
    first = threading.main_thread()
    if any(not thread.daemon for thread in threading.enumerate() if thread is not first):
        return
    atexit._run_exitfuncs()  # logging's, multiprocessing's, tempfile's clean-ups
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a reader gone, a stream closed: said as Python says it
        return
    os._exit(code)


def _run(argv: Sequence[str] | None) -> int:
    args = make_parser().parse_args(argv)
    run: Command = args.run
    project = args.project if "project" in args else None
    show_warnings(project)
    try:
        if project is not None:  # every verb on a project; `init` makes one
            require_project(project)
        return run(args)
    except DigestError as error:
        print(f"digest: error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError as error:
        if not _reader_gone(sys.stdout):  # a worker's pipe, say: an error like any other
            print(f"digest: error: {describe_os_error(error)}", file=sys.stderr)
            return 1
        # Nothing more can be said on stdout; what is left in its buffer goes nowhere rather
        # than failing again as the interpreter flushes it at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as error:  # a full disk, a read-only folder, a file that vanished
        print(f"digest: error: {describe_os_error(error)}", file=sys.stderr)
        if args.verb == "build":
            print("digest: site/ is still the last complete build", file=sys.stderr)
        return 1
    except Terminated:
        print("digest: stopped (SIGTERM)", file=sys.stderr)
        return TERMINATED_EXIT
    except KeyboardInterrupt:
        print("digest: interrupted", file=sys.stderr)
        return 130


def _reader_gone(stream: TextIO) -> bool:
    """Tell whether *stream* is a pipe whose reader closed it (`digest report | head`)."""
    try:
        poller = select.poll()
        poller.register(stream.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):  # no file descriptor, no poll (Windows)
        return False
