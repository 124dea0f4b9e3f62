"""Command line: `digest build`, `ingest`, `serve`, `check` and `init`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from digest import __version__
from digest.errors import DigestError

Command = Callable[[argparse.Namespace], int]


def _build(args: argparse.Namespace) -> int:
    from digest.build import build

    report = build(args.project, drafts=args.drafts, progress=not args.quiet)
    print(report.summary())
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from digest.ingest import run_ingest

    report = run_ingest(args.project, progress=not args.quiet)
    print(report.summary())
    return 0


def _check(args: argparse.Namespace) -> int:
    from digest.check import check

    problems = check(args.project)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("no problems found")
    return 0


def _init(args: argparse.Namespace) -> int:
    from digest.scaffold import create_project

    created = create_project(args.directory)
    print(f"created a digest project in {created}; run `digest build -C {created}`")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from digest.serve import serve

    return serve(args.project, args.host, args.port, open_browser=args.open)


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
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", required=True)

    build = verbs.add_parser(
        "build", parents=[project], help="ingest new dumps and build the site into site/"
    )
    build.add_argument("--drafts", action="store_true", help="include stories with draft: true")
    build.set_defaults(run=_build)

    ingest = verbs.add_parser(
        "ingest", parents=[project], help="turn content/raw/ dumps into content/articles/ Markdown"
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
    except KeyboardInterrupt:
        print("digest: interrupted", file=sys.stderr)
        return 130
