"""`digest check`: validate settings, every article, the theme and the links of a fresh build.

Renders the site in memory only (the build's plan and render pass, into a MemorySink):
nothing is written to site/ or anywhere else, and every article is parsed once.
"""

from __future__ import annotations

from pathlib import Path

from digest.config import Config, ConfigError, load_config
from digest.engine.site_check import render_project
from digest.engine.site_plan import check_settings
from digest.errors import ArticleErrors, DigestError
from digest.paths import ARTICLES_DIR
from digest.site.load import load_articles


def check(project: Path) -> list[str]:
    """Return every problem found in *project*, one line each; an empty list means all is well."""
    problems: list[str] = []
    try:
        config = load_config(project)
    except ConfigError as error:
        problems.extend(f"{error.path}: {problem}" for problem in error.problems)
        config = Config()
        settings_ok = False
    else:
        settings = check_settings(config)
        problems.extend(settings)
        settings_ok = not settings
    try:
        articles = load_articles(project / ARTICLES_DIR)
    except ArticleErrors as error:
        problems.extend(str(article) for article in error.errors)
        return problems
    if not settings_ok:
        problems.append("links not checked: fix digest.yaml first")
        return problems
    try:
        rendered = render_project(project, config, articles)
    except DigestError as error:
        problems.extend(str(error).splitlines())
        return problems
    problems.extend(str(link) for link in rendered.broken)
    return problems
