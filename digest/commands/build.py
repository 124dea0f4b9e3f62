"""`digest build`: ingest new dumps and build the site into site/."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from digest.commands.options import Shared, Verbs, tell

if TYPE_CHECKING:
    from digest.config import Config


def register(verbs: Verbs, shared: Shared) -> None:
    """Add the `build` sub-command."""
    parser = verbs.add_parser(
        "build",
        parents=[shared.project, shared.writes],
        help="ingest new dumps and build the site into site/",
    )
    parser.add_argument("--drafts", action="store_true", help="include stories with draft: true")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build the project (the build takes its lock for the whole run); print the summary."""
    from digest.commands.notices import warn, warnings_shown
    from digest.commands.progress import ProgressBar
    from digest.engine.build import build

    with ProgressBar("ingest") as bar:
        result = build(
            args.project,
            drafts=args.drafts,
            progress=None if args.quiet else bar,
            wait=args.wait,
            on_wait=tell,
        )
    for warning in (*result.warnings, *_publishing_warnings(result.config, args.project)):
        warn(warning)
    print(result.report.summary(warnings=warnings_shown()))
    return 0


def _publishing_warnings(config: Config | None, project: Path) -> list[str]:
    """Warn when the site is built for an address no reader can reach (serve does not ask)."""
    from digest.config import load_config
    from digest.urls import placeholder_base_url

    # A build with nothing to do returns no settings: read them (a small YAML file).
    warning = placeholder_base_url((config or load_config(project)).base_url)
    return [warning] if warning else []
