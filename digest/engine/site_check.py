"""Site check: a project's articles -> its site rendered in memory, for `digest check`.

The same plan and render pass as a build (site/plan.py, site/render_pass.py), into a
MemorySink: nothing is written and nothing is cached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.config import Config
from digest.engine.site_plan import check_settings, past_urls
from digest.errors import DigestError
from digest.models import Article
from digest.paths import ARTICLES_DIR
from digest.reports import SiteReport as SiteReport
from digest.site.keys import template_keys
from digest.site.limits import over_limits
from digest.site.links import BrokenLink, told_by_stories
from digest.site.media import MediaFinder
from digest.site.plan import arrange_articles, plan_site
from digest.site.render_pass import (
    MemorySink,
    render_pass,
)
from digest.site.renderer import render_setup
from digest.site.template_errors import in_theme
from digest.site.theme import resolve_theme, site_assets
from digest.store.code import code_stamp
from digest.urls import UrlScheme


@dataclass(frozen=True, slots=True)
class RenderedSite:
    """Every file of a site, rendered in memory, what went into it and its broken links."""

    files: Mapping[str, bytes]
    urls: UrlScheme
    articles: int
    drafts_left_out: int
    broken: tuple[BrokenLink, ...]

    @property
    def pages(self) -> int:
        return sum(1 for name in self.files if name.endswith(".html"))


def render_project(
    project: Path,
    config: Config,
    articles: Sequence[Article],
    *,
    drafts: bool = False,
    updated: dt.datetime | None = None,
) -> RenderedSite:
    """Plan and render the site of *articles* (loaded from *project*) in memory."""
    problems = check_settings(config)
    if problems:
        raise DigestError("\n".join(problems))
    over_limits(articles, project / ARTICLES_DIR, config.limits)
    arranged, stories = arrange_articles(articles, config, drafts, MediaFinder(project))
    theme = resolve_theme(project, config.theme)
    assets = site_assets(project, theme)
    setup = render_setup(config, theme, assets.paths, updated)
    plan = plan_site(
        arranged,
        config,
        setup,
        assets.files,
        lambda names: in_theme(theme.name, lambda: template_keys(theme, names)),
        code_stamp(),
        past_urls(project, updated),
        assets.own,
    )
    sink = MemorySink()
    # Pictures are checked (they exist and are pictures), not resized: that is a build's work.
    wanted = [path for path in plan.keys if path not in plan.made or not plan.made[path].width]
    done = render_pass(plan, wanted, stories, sink)
    broken = sorted((link for file in done for link in file.broken), key=lambda link: link.page)
    # Told as a build tells them: a story's link by its file and line, once (not by the page
    # check never writes, and again for each feed that carries the story's text).
    sources = arranged.page_sources(ARTICLES_DIR.as_posix())
    broken = told_by_stories(broken, sources, project)
    shown = len(arranged.shown)
    return RenderedSite(
        dict(sorted(sink.files.items())), setup.urls, shown, len(articles) - shown, tuple(broken)
    )
