"""`digest serve`: build, serve locally and rebuild on every change (digest/serve/)."""

from __future__ import annotations

import argparse

from digest.commands.options import Shared, Verbs, port
from digest.paths import CACHE_DIR, DRAFTS_PREVIEW_DIR, SITE_DIR


def register(verbs: Verbs, shared: Shared) -> None:
    """Add the `serve` sub-command."""
    parser = verbs.add_parser(
        "serve",
        parents=[shared.project],
        help="build, serve locally and rebuild on every change",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=port, default=8000, help="port (0: any free port)")
    parser.add_argument("--open", action="store_true", help="open the site in a browser")
    parser.add_argument(
        "--production-headers",
        action="store_true",
        help="send the headers netlify.toml sets (Content-Security-Policy, ...), as the host would",
    )
    parser.add_argument(
        "--drafts",
        action="store_true",
        help=f"include stories with draft: true (built into {CACHE_DIR}/{DRAFTS_PREVIEW_DIR}/, "
        f"never into {SITE_DIR}/, which the host publishes)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C; each rebuild takes the project's build lock once (rebuild.py)."""
    from digest.serve.session import serve

    return serve(
        args.project,
        args.host,
        args.port,
        open_browser=args.open,
        production_headers=args.production_headers,
        drafts=args.drafts,
    )
