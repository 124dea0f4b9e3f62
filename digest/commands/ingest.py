"""`digest ingest`: turn the dumps of content/raw/ into the Markdown of content/articles/."""

from __future__ import annotations

import argparse

from digest.commands.options import Shared, Verbs, tell
from digest.store.lock import build_lock


def register(verbs: Verbs, shared: Shared) -> None:
    """Add the `ingest` sub-command."""
    parser = verbs.add_parser(
        "ingest",
        parents=[shared.project, shared.writes],
        help="turn content/raw/ dumps into content/articles/ Markdown",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Ingest the project's new dumps, holding its build lock for the whole run."""
    from digest.commands.notices import warn, warnings_shown
    from digest.commands.progress import ProgressBar
    from digest.ingest.pipeline import run_ingest
    from digest.stopping import stoppable

    with (
        stoppable(),  # SIGTERM stops it as Ctrl-C does: its temporary files removed
        build_lock(args.project, wait=args.wait, on_wait=tell),
        ProgressBar("ingest") as bar,
    ):
        report = run_ingest(args.project, progress=None if args.quiet else bar)
    for warning in report.warnings:
        warn(warning)
    print(report.summary(warnings=warnings_shown()))
    return 0
