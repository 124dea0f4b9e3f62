"""`digest check`: validate settings, every article, the theme and the links of a fresh build.

Renders the site in memory only (the build's plan and render pass, into a MemorySink):
nothing is written to site/ or anywhere else, and every article is parsed once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from digest.commands.options import Shared, Verbs
from digest.errors import ArticleErrors, DigestError
from digest.paths import ARTICLES_DIR, CONFIG_FILE, URL_HISTORY


def check(project: Path) -> list[str]:
    """Return every problem found in *project*, one line each; an empty list means all is well."""
    # Imported here: every command builds the parser, only `check` needs the pipeline.
    from digest.config import Config, ConfigError, load_config
    from digest.engine.site_check import render_project
    from digest.engine.site_plan import check_settings
    from digest.ingest.ledger_read import read_ledger
    from digest.paths import ProjectPaths
    from digest.site.load import load_articles
    from digest.store.url_history import EMPTY_HISTORY, HistoryError, read_history
    from digest.story_files import story_warnings

    problems: list[str] = []
    try:
        config = load_config(project)
    except ConfigError as error:
        problems.extend(str(error).splitlines())  # each names the file, and its line if known
        config = Config()
        settings_ok = False
    else:
        settings = check_settings(config)
        problems.extend(settings)
        settings_ok = not settings
    try:  # what would stop the next ingest (a merge's conflict markers, say)
        read_ledger(ProjectPaths(project))
    except DigestError as error:
        problems.append(str(error))
    try:
        history = read_history(project)  # the slugs stories are published under
    except HistoryError as error:
        problems.append(str(error))
        history = None
    try:
        articles = load_articles(project / ARTICLES_DIR, history or EMPTY_HISTORY)
    except ArticleErrors as error:
        problems.extend(str(article) for article in error.errors)
        return problems
    problems.extend(story_warnings(project / ARTICLES_DIR, articles))
    if not settings_ok or history is None:
        fix = CONFIG_FILE if not settings_ok else URL_HISTORY.as_posix()
        problems.append(f"links not checked: fix {fix} first")
        return problems
    try:
        rendered = render_project(project, config, articles)
    except DigestError as error:
        problems.extend(str(error).splitlines())
        return problems
    problems.extend(str(link) for link in rendered.broken)
    return problems


def _settings_warnings(project: Path) -> list[str]:
    """Return what is wrong for publishing but fine for a local preview (a localhost base_url)."""
    from digest.config import ConfigError, load_config
    from digest.urls import placeholder_base_url

    try:
        warning = placeholder_base_url(load_config(project).base_url)
    except ConfigError:  # check() reports the broken settings themselves
        return []
    return [warning] if warning else []


def register(verbs: Verbs, shared: Shared) -> None:
    """Add the `check` sub-command."""
    parser = verbs.add_parser(
        "check",
        parents=[shared.project],
        help="validate articles, settings and links; write nothing",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print every problem of the project; return 1 when there is any."""
    from digest.commands.notices import warn

    problems = check(args.project)
    for warning in _settings_warnings(args.project):
        warn(warning)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("no problems found")
    return 0
