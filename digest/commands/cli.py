"""Command line: `digest build`, `ingest`, `serve`, `check` and `init`."""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from digest import __version__
from digest.errors import DigestError
from digest.store.lock import DEFAULT_WAIT_SECONDS, build_lock

Command = Callable[[argparse.Namespace], int]


def _build(args: argparse.Namespace) -> int:
    from digest.engine.build import build

    with build_lock(args.project, wait=args.wait):
        result = build(args.project, drafts=args.drafts, progress=not args.quiet)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(result.report.summary())
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from digest.ingest.pipeline import run_ingest

    with build_lock(args.project, wait=args.wait):
        report = run_ingest(args.project, progress=not args.quiet)
    print(report.summary())
    return 0


def _check(args: argparse.Namespace) -> int:
    from digest.commands.check import check

    problems = check(args.project)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("no problems found")
    return 0


def _init(args: argparse.Namespace) -> int:
    from digest.commands.init import create_project

    created = create_project(args.directory)
    print(f"created a digest project in {created}; run `digest build -C {created}`")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from digest.serve.rebuild import serve

    return serve(
        args.project,
        args.host,
        args.port,
        open_browser=args.open,
        production_headers=args.production_headers,
        drafts=args.drafts,
    )


_REASONS = {
    errno.ENOSPC: "no space left on the device (the disk is full)",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EBUSY: "busy (is it a mount point?)",
}


def describe_os_error(error: OSError) -> str:
    """Return "<file>: <reason>" for an error of the file system, without a traceback."""
    reason = _REASONS.get(error.errno or 0) or error.strerror or str(error)
    if error.filename is not None and error.filename2 is not None:
        return f"cannot move {error.filename} to {error.filename2}: {reason}"
    return f"{error.filename}: {reason}" if error.filename is not None else reason


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one sub-command per verb."""
    parser = argparse.ArgumentParser(
        prog="digest", description="Build a static news digest site from raw text dumps."
    )
    parser.add_argument("--version", action="version", version=f"digest {__version__}")
    project = argparse.ArgumentParser(add_help=False)
    project.add_argument(
        "-C",
        "--project",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the digest project folder (default: the current folder)",
    )
    project.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    writes = argparse.ArgumentParser(add_help=False)
    writes.add_argument(
        "--wait",
        type=float,
        default=DEFAULT_WAIT_SECONDS,
        metavar="SECONDS",
        help="wait at most this long for another build of the project to end "
        f"(default: {DEFAULT_WAIT_SECONDS:g}; 0: refuse at once)",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", required=True)

    build = verbs.add_parser(
        "build", parents=[project, writes], help="ingest new dumps and build the site into site/"
    )
    build.add_argument("--drafts", action="store_true", help="include stories with draft: true")
    build.set_defaults(run=_build)

    ingest = verbs.add_parser(
        "ingest",
        parents=[project, writes],
        help="turn content/raw/ dumps into content/articles/ Markdown",
    )
    ingest.set_defaults(run=_ingest)

    check = verbs.add_parser(
        "check", parents=[project], help="validate articles, settings and links; write nothing"
    )
    check.set_defaults(run=_check)

    serve = verbs.add_parser(
        "serve", parents=[project], help="build, serve locally and rebuild on every change"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    serve.add_argument("--port", type=int, default=8000, help="port (0: any free port)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    serve.add_argument(
        "--production-headers",
        action="store_true",
        help="send the headers netlify.toml sets (Content-Security-Policy, ...), as the host would",
    )
    serve.add_argument("--drafts", action="store_true", help="include stories with draft: true")
    serve.set_defaults(run=_serve)

    init = verbs.add_parser("init", help="create a new digest project that builds as it is")
    init.add_argument("directory", type=Path, help="folder to create")
    init.set_defaults(run=_init)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 error, 2 bad usage)."""
    args = make_parser().parse_args(argv)
    run: Command = args.run
    try:
        return run(args)
    except DigestError as error:
        print(f"digest: error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a full disk, a read-only folder, a file that vanished
        print(f"digest: error: {describe_os_error(error)}", file=sys.stderr)
        if args.verb == "build":
            print("digest: site/ is still the last complete build", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("digest: interrupted", file=sys.stderr)
        return 130
