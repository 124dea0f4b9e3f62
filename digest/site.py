"""Site: content/articles/ -> site/ (load, group, render, check links, write, index).

`build_site` is what `digest build` runs after ingest; `render_project` is the
same pipeline without writing, for `digest check` and tests.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2

from digest.config import Config
from digest.errors import DigestError
from digest.group import group
from digest.links import BrokenLinksError, broken_links
from digest.load import ARTICLES_DIR, load_articles
from digest.render import render_site
from digest.search import index_site
from digest.theme import ThemeError, read_static, resolve_theme
from digest.urls import UrlScheme
from digest.write import write_site

SITE_DIR = "site"


@dataclass(frozen=True, slots=True)
class RenderedSite:
    """Every file of a site, rendered in memory, and what went into it."""

    files: Mapping[str, bytes]
    urls: UrlScheme
    articles: int
    drafts_left_out: int

    @property
    def pages(self) -> int:
        return sum(1 for name in self.files if name.endswith(".html"))


@dataclass(frozen=True, slots=True)
class SiteReport:
    """What a site build wrote."""

    pages: int
    files: int
    articles: int
    drafts_left_out: int
    seconds: float
    output: Path

    def summary(self) -> str:
        """Return one line for the end of `digest build`."""
        drafts = f" ({self.drafts_left_out} draft(s) left out)" if self.drafts_left_out else ""
        return (
            f"site: {self.pages} pages, {self.files} files from {self.articles} stories{drafts}"
            f" in {self.seconds:.2f} s -> {self.output}"
        )


def source_date(environ: Mapping[str, str]) -> dt.datetime | None:
    """Return SOURCE_DATE_EPOCH as a UTC time, or None when it is not set."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except (ValueError, OverflowError, OSError) as error:
        raise DigestError(f"SOURCE_DATE_EPOCH: expected whole seconds, got {value!r}") from error


def check_settings(config: Config) -> list[str]:
    """Return the problems of the site settings that the settings loader cannot see."""
    problems = []
    for key, value, least in (
        ("paginate", config.paginate, 1),
        ("related", config.related, 0),
        ("feed_entries", config.feed_entries, 1),
    ):
        if value < least:
            problems.append(f"digest.yaml: {key}: must be at least {least}, got {value}")
    return problems


def render_project(
    project: Path, config: Config, *, drafts: bool = False, updated: dt.datetime | None = None
) -> RenderedSite:
    """Load, group and render the site of *project* in memory."""
    problems = check_settings(config)
    if problems:
        raise DigestError("\n".join(problems))
    urls = UrlScheme.from_base_url(config.base_url)
    articles = load_articles(project / ARTICLES_DIR)
    shown = articles if drafts else tuple(article for article in articles if not article.draft)
    groups = group(shown, related=config.related)
    theme = resolve_theme(project, config.theme)
    try:
        files = render_site(groups, config, theme, read_static(theme), updated=updated)
    except jinja2.TemplateSyntaxError as error:
        raise ThemeError(f"{error.filename}:{error.lineno}: {error.message}") from error
    except jinja2.TemplateError as error:
        raise ThemeError(f"theme {config.theme!r}: template error: {error}") from error
    return RenderedSite(files, urls, len(shown), len(articles) - len(shown))


def build_site(project: Path, config: Config, *, drafts: bool = False) -> SiteReport:
    """Render the site of *project* and replace site/ with it; site/ is untouched on failure."""
    started = time.perf_counter()
    rendered = render_project(project, config, drafts=drafts, updated=source_date(os.environ))
    broken = broken_links(rendered.files, rendered.urls)
    if broken:
        raise BrokenLinksError(broken)
    output = project / SITE_DIR
    write_site(rendered.files, output, finish=index_site)
    return SiteReport(
        pages=rendered.pages,
        files=len(rendered.files),
        articles=rendered.articles,
        drafts_left_out=rendered.drafts_left_out,
        seconds=time.perf_counter() - started,
        output=output,
    )
