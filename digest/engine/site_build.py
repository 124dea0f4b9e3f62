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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from digest.config import Config
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
from digest.site.links import BrokenLink, BrokenLinksError
from digest.site.pagefind import (
    Indexing,
    SearchFiles,
    forget_other_shards,
    index_shards,
    search_files,
)
from digest.site.picture_cache import ensure_pictures, prune_pictures
from digest.site.plan import SitePlan
from digest.site.render_pass import (
    Rendered,
    StagingSink,
    TemplateFailure,
    links_to_gone,
    render_pass,
)
from digest.site.renderer import Renderer
from digest.site.search import (
    Shard,
    ShardIndex,
    folder_holding,
)
from digest.site.stories import FullStory, StoryFile, full_stories, remember_restamps
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

ACTIONS = ("kept", "linked", "written")
STORY_BATCH = 4000  # story pages rendered at a time: their stories' bodies are held together
SEARCH_BATCH = 512  # search index files read and placed at a time


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


@dataclass(slots=True)
class _Assembly:
    """The new site as it is put together in the staging folder, and what that took.

    The working state of one build (mutable, never shared): the manifest of what the staging
    folder holds, what was done to it, the files rendered and the broken links found.
    """

    trees: Trees
    plan: SitePlan
    loaded: Loaded
    cache: Cache
    folder: Path
    workers: int | None
    renderer: Renderer
    views: StoryViews
    feed: SearchFeed | None = None  # Pagefind, started on shards as their pages are done
    manifest: dict[str, Entry] = field(default_factory=dict)
    actions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ACTIONS, 0))
    broken: list[BrokenLink] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    rendered: int = 0  # pages and feeds rendered

    def reuse(self, keyed: Iterable[tuple[str, str]]) -> list[str]:
        """Reuse each file the staging folder can give for its key; return the other paths."""
        staging = self.trees.staging
        needed = []
        for path, key in keyed:
            how = staging.reusable(path, key)
            if how is None:
                needed.append(path)
                continue
            self.manifest[path], action = staging.reuse(path, key, how)
            self.actions[action] += 1
        return needed

    def render(self, paths: Sequence[str]) -> None:
        """Reuse what is at hand; render the rest, with the full stories they show."""
        needed = self.reuse((path, self.plan.keys[path]) for path in paths)
        if not needed:  # a deploy's old story batches: no pass (it orders the whole plan)
            self._took([])
            return
        self.rendered += sum(1 for path in needed if path not in self.plan.byte_files)
        stories = self.views.for_files(needed, self._full)
        sink = StagingSink(self.trees.staging)
        feed = self.feed
        render_pass(
            self.plan,
            needed,
            stories,
            sink,
            workers=self.workers,
            renderer=self.renderer,
            search_input=None if feed is None else feed.input,
            progress=self._took,
        )

    def _took(self, files: Sequence[Rendered]) -> None:
        for file in files:
            self.manifest[file.path] = file.entry
            self.actions[file.action] += 1
            self.broken.extend(file.broken)
            self.checked.add(file.path)
        if self.feed is not None:
            self.feed.took(files)

    def render_stories(self) -> None:
        """Render the story pages, a batch at a time (their bodies dropped after each).

        A template failure is that of the first file in plan order.
        """
        pages = self.plan.story_pages()
        try:
            for start in range(0, len(pages), STORY_BATCH):
                self.render(pages[start : start + STORY_BATCH])
                self.views.drop_bodies()
        except TemplateFailure as failure:
            order = {path: number for number, path in enumerate(self.plan.keys)}
            others = self.plan.other_files()
            self.render([path for path in others if order[path] < failure.order])
            raise

    def _full(self, files: Sequence[StoryFile]) -> Mapping[str, FullStory]:
        language = self.plan.setup.site["language"]
        return full_stories(files, self.loaded.stories.full, self.cache, self.folder, language)

    def check_links(self) -> None:
        """Raise BrokenLinksError naming every broken link of the new site.

        Rendered files were checked as they were rendered; files reused from earlier builds
        passed then, and are checked again only when files they could link to have gone.
        """
        before = set(self.trees.published) | set(self.trees.spare or {})
        root = self.trees.staging.root
        self.broken.extend(
            links_to_gone(self.plan, before, self.checked, root, workers=self.workers)
        )
        if self.broken:
            raise BrokenLinksError(sorted(self.broken, key=lambda link: (link.page, link.link)))

    def place_search(self, indexes: Sequence[ShardIndex]) -> Path | None:
        """Put the search index into the staging folder; return a damaged cached file, if any.

        Files are read and placed SEARCH_BATCH at a time (100 000 stories' index is some
        500 MB); those placed before a damaged one are not placed again after it is redone.
        Files placed already (a shard's, as its run finished) are not placed again.
        """
        return self.place_files(search_files(indexes))

    def place_files(self, files: SearchFiles) -> Path | None:
        """Place the search *files* not placed yet; return a damaged cached file, if any."""
        needed = self.reuse(
            (path, digest)
            for path, digest in files.digests.items()
            if (placed := self.manifest.get(path)) is None or placed.key != digest
        )
        for start in range(0, len(needed), SEARCH_BATCH):
            contents = files.read(needed[start : start + SEARCH_BATCH])
            if isinstance(contents, Path):
                return contents
            for path, data in contents.items():
                digest = files.digests[path]
                self.manifest[path], action = self.trees.staging.place(path, digest, data)
                self.actions[action] += 1
        return None


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
    assembly = _Assembly(trees, plan, loaded, cache, folder, workers, renderer, views)
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
    assembly: _Assembly, counts: tuple[int, int, int], seconds: float, site: Path
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
    assembly: _Assembly,
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
    remember_restamps(cache, loaded.stories)
    present = {file.path for file in loaded.stories.files}
    cache.delete(CARDS, [path for path in loaded.known if path not in present])
