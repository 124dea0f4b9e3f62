"""`digest build`: ingest new dumps and build the site into site/."""

from __future__ import annotations

import argparse
from pathlib import Path

from digest.commands.options import Shared, Verbs, tell


def register(verbs: Verbs, shared: Shared) -> None:
    """Add the `build` sub-command."""
    parser = verbs.add_parser(
        "build",
        parents=[shared.project, shared.writes],
        help="ingest new dumps and build the site into site/",
    )
    parser.add_argument(
        "--drafts",
        action="store_true",
        help="also build the stories with draft: true, into a preview of their own "
        "(.digest-cache/drafts-preview/site/, as `digest serve --drafts` shows it): "
        "site/, which the host publishes, never holds a draft",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build the project (the build takes its lock for the whole run); print the summary."""
    from digest.commands.notices import warn, warnings_shown
    from digest.commands.progress import ProgressBar
    from digest.engine.build import build
    from digest.heap import keep_freed
    from digest.paths import ProjectPaths
    from digest.stopping import stoppable

    keep_freed()  # the process ends with the build: what it frees is kept for its own reuse
    # SIGTERM (a CI job cancelled) stops the build as Ctrl-C does: Pagefind runs ended,
    # temporary files removed, site/ the last complete build.
    with stoppable(), ProgressBar("ingest") as bar:
        result = build(
            args.project,
            drafts=args.drafts,
            # Drafts go to serve --drafts' own site and cache: a deploy of site/ never carries
            # one, and the URL history never learns a draft's URL, tags or regions.
            output=ProjectPaths(args.project).output(drafts_preview=True) if args.drafts else None,
            progress=None if args.quiet else bar,
            wait=args.wait,
            on_wait=tell,
        )
    for warning in (*result.warnings, *_publishing_warnings(result.base_url, args.project)):
        warn(warning)
    print(result.report.summary(warnings=warnings_shown()))
    return 0


def _publishing_warnings(base_url: str | None, project: Path) -> list[str]:
    """Warn when the site is built for an address no reader can reach (serve does not ask)."""
    from digest.urls import placeholder_base_url

    if base_url is None:  # a build with nothing to do, recorded by an older digest
        from digest.config import load_config

        base_url = load_config(project).base_url
    warning = placeholder_base_url(base_url)
    return [warning] if warning else []
