"""Site build: content/articles/ -> site/ (load, plan, render, check links, index, publish).

`build_site` is what `digest build` runs after ingest. It does no work twice: an article
file is parsed only when its bytes are new (stories.py); every page and feed is planned
and keyed (plan.py), and a file the last builds wrote from the same key is reused; only
the others are rendered (render_pass.py, in worker processes when there are many), and only
bytes that changed are written (write.py); the search index is rebuilt only for shards
whose story pages changed (search.py). The result is byte for byte what a build from
nothing writes.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from digest.config import Config
from digest.engine.assembly import Assembly
from digest.engine.search_feed import SearchFeed, plan_search
from digest.engine.site_plan import (
    Loaded,
    check_settings,
    load_cards,
    past_urls,
    plan_build,
)
from digest.engine.trees import Trees, open_trees, publish_site
from digest.errors import DigestError
from digest.paths import ARTICLES_DIR, SITE_DIR
from digest.reports import SiteReport as SiteReport
from digest.site.pagefind import (
    Indexing,
    forget_other_shards,
    index_shards,
)
from digest.site.picture_cache import ensure_pictures, prune_pictures
from digest.site.plan import SitePlan
from digest.site.renderer import Renderer
from digest.site.search import (
    Shard,
    ShardIndex,
    folder_holding,
)
from digest.site.story_views import StoryViews
from digest.site.theme import Assets, Theme, resolve_theme, site_assets
from digest.source_date import source_date
from digest.store.cache import Cache, open_cache
from digest.store.code import code_stamp
from digest.store.inputs import ProjectInputs, build_settings, scan_project
from digest.store.lock import build_lock
from digest.store.staging import Guard
from digest.store.state import CARDS
from digest.store.url_history import write_history
from digest.store.write import Entry
from digest.story_files import placeholder_warnings


@dataclass(frozen=True, slots=True)
class PlannedSite:
    """The site in site/ as planned: what `digest serve` keeps in memory."""

    loaded: Loaded
    plan: SitePlan
    theme: Theme
    assets: Assets
    code: str
    manifest: Mapping[str, Entry]  # site/ as published
    cache_folder: Path


@dataclass(frozen=True, slots=True)
class BuiltSite:
    """A site just built: its report and what was planned (`digest serve` starts from it)."""

    report: SiteReport
    planned: PlannedSite


def build_site(
    project: Path,
    config: Config,
    *,
    drafts: bool = False,
    cache: Cache | None = None,
    inputs: ProjectInputs | None = None,
    workers: int | None = None,
    guard: Guard | None = None,
) -> BuiltSite:
    """Render the site of *project* and replace site/ with it; site/ is untouched on failure.

    Without *cache*, the project's build cache is opened (and its lock held) for this call.
    *guard* is held while the new site takes the place of site/ (the only moment it changes).
    """
    if cache is not None:
        return _build_site(project, config, drafts, cache, inputs, workers, guard)
    with build_lock(project):
        own = open_cache(project)
        try:
            return _build_site(project, config, drafts, own, inputs, workers, guard)
        finally:
            own.close()


def _build_site(
    project: Path,
    config: Config,
    drafts: bool,
    cache: Cache,
    inputs: ProjectInputs | None,
    workers: int | None,
    guard: Guard | None,
) -> BuiltSite:
    started = time.perf_counter()
    if problems := check_settings(config):
        raise DigestError("\n".join(problems))
    if inputs is None:
        inputs = scan_project(project, build_settings(drafts=drafts, environ=os.environ))
    code = inputs.code or code_stamp()
    theme = resolve_theme(project, config.theme)
    folder, site = project / ARTICLES_DIR, project / SITE_DIR
    past = past_urls(project, source_date(os.environ))
    loaded = load_cards(folder, inputs, cache, code, config, drafts, workers)
    assets = site_assets(project, theme)
    plan = plan_build(loaded, config, theme, assets, code, cache, past)
    trees = open_trees(cache, site)
    renderer = Renderer(plan.setup)
    views = StoryViews(plan, loaded.arranged, theme)
    assembly = Assembly(trees, plan, loaded, cache, folder, workers, renderer, views)
    encoded = _encode_pictures(plan, trees, workers)
    articles = loaded.arranged.groups.articles

    # Story pages first: Pagefind indexes each shard as its pages are in (search_feed.py).
    feed = assembly.feed = SearchFeed.start(
        plan, articles, assembly.manifest, trees, cache, place=assembly.place_files
    )
    indexing = None if feed is None else feed.indexing
    try:
        assembly.render_stories()
        assembly.render(plan.other_files())
        if feed is None:  # no stories: the whole site is one shard (none with search off)
            shards, keys = plan_search(plan, articles, assembly.manifest)
            indexing = Indexing(shards, keys, trees.staging.root, cache.folder)
            wait = indexing.result
        else:
            shards, keys, wait = feed.shards, feed.keys(), feed.result
        assembly.check_links()
        _remember_cards(cache, loaded, code)
        indexes = wait()
    finally:
        if indexing is not None:
            indexing.close()
    if plan.setup.search:
        _place_search(assembly, indexes, shards, keys, cache, trees.staging.root)

    removed = publish_site(cache, trees, assembly.manifest, site, guard)
    _after_publish(project, cache, plan, list(keys.values()))
    seconds = time.perf_counter() - started
    report = _report(
        assembly, (len(shards), indexing.indexed if indexing else 0, removed), seconds, site
    )
    report = replace(report, pictures_encoded=encoded)
    planned = PlannedSite(loaded, plan, theme, assets, code, assembly.manifest, cache.folder)
    return BuiltSite(report, planned)


def _after_publish(project: Path, cache: Cache, plan: SitePlan, shard_keys: list[str]) -> None:
    """Keep what the published site needs next time, and drop what it no longer uses."""
    write_history(project, plan.history)  # what it published: the next build's old URLs
    forget_other_shards(cache.folder, shard_keys)
    if plan.setup.picture_cache is not None:
        prune_pictures(plan.setup.picture_cache, plan.made.values())


def _encode_pictures(plan: SitePlan, trees: Trees, workers: int | None) -> int:
    """Resize the pictures that neither the cache nor the last sites hold; return how many."""
    folder = plan.setup.picture_cache
    if folder is None:
        return 0
    staging = trees.staging
    wanted = [
        job for path, job in plan.made.items() if staging.reusable(path, plan.keys[path]) is None
    ]
    return ensure_pictures(wanted, folder, workers)


def _report(
    assembly: Assembly, counts: tuple[int, int, int], seconds: float, site: Path
) -> SiteReport:
    shards, indexed, removed = counts
    existing = assembly.plan.existing
    loaded = assembly.loaded
    return SiteReport(
        pages=sum(1 for path in existing if path.endswith(".html")),
        files=len(existing),
        articles=len(loaded.arranged.shown),
        drafts_left_out=len(loaded.arranged.cards) - len(loaded.arranged.shown),
        seconds=seconds,
        output=site,
        rendered=assembly.rendered,
        written=assembly.actions["written"],
        linked=assembly.actions["linked"],
        removed=removed,
        parsed=loaded.stories.parsed,
        shards=shards,
        indexed=indexed,
        warnings=tuple(assembly.cache.warnings),
        story_warnings=tuple(
            placeholder_warnings(assembly.folder, (file.card for file in loaded.stories.files))
        ),
    )


def _place_search(
    assembly: Assembly,
    indexes: Sequence[ShardIndex],
    shards: Sequence[Shard],
    keys: Mapping[str, str],
    cache: Cache,
    staging: Path,
) -> None:
    """Place the search index; a damaged cached shard is not trusted: indexed again, once."""
    redone: set[Path] = set()
    while (damaged := assembly.place_search(indexes)) is not None:
        folder = folder_holding(indexes, damaged)
        if folder in redone:
            raise DigestError(f"{damaged}: the search index is damaged again after indexing")
        redone.add(folder)
        cache.warnings.append(f"{damaged}: cached search index damaged; indexing it again")
        shutil.rmtree(folder, ignore_errors=True)
        indexes = index_shards(shards, keys, staging, cache.folder)


def _remember_cards(cache: Cache, loaded: Loaded, code: str) -> None:
    """Record the card of every new or changed article file; forget those that went."""
    for file in loaded.stories.files:
        if file.saved is None or file.saved != loaded.known.get(file.path):
            cache.put(CARDS, file.path, file.record(code))
    present = {file.path for file in loaded.stories.files}
    cache.delete(CARDS, [path for path in loaded.known if path not in present])
