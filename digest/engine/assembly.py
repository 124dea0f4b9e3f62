"""Assembly: a build's new site put together in the staging folder, file by file.

Each planned file is reused when the staging folder (the spare) or site/ holds it for its
key, and rendered otherwise (`render_pass`, with the stories its pages show); the search
index's files are placed as Pagefind makes them. Shared by the full build (`site_build`)
and the story-edit build (`edit_build`), which differ only in which files they plan.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from digest.engine.search_feed import Dated, SearchFeed, plan_search
from digest.engine.site_plan import Loaded
from digest.engine.trees import Trees, publish_site
from digest.errors import DigestError
from digest.paths import ARTICLES_DIR, Output
from digest.reports import SiteReport
from digest.site.links import BrokenLink, BrokenLinksError, told_by_stories
from digest.site.pagefind import Indexing, index_shards
from digest.site.pagefind_early import Runs
from digest.site.picture_cache import prune_pictures
from digest.site.plan import SitePlan
from digest.site.render_pass import (
    Rendered,
    StagingSink,
    TemplateFailure,
    links_to_gone,
    render_pass,
)
from digest.site.renderer import Renderer
from digest.site.search import Shard, ShardIndex, folder_holding
from digest.site.search_files import SearchFiles, search_files
from digest.site.shard_folders import forget_other_shards
from digest.site.stories import FullStory, StoryFile, full_stories
from digest.site.story_views import StoryViews
from digest.store.cache import Cache
from digest.store.spare_copy import start_copy
from digest.store.staging import Guard
from digest.store.url_history import history_bytes, write_history
from digest.store.write import Entry

ACTIONS = ("kept", "linked", "written")
STORY_BATCH = 4000  # story pages rendered at a time: their stories' bodies are held together
SEARCH_BATCH = 512  # search index files read and placed at a time


@dataclass(slots=True)
class Assembly:
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
    output: Output  # where the site goes, and whether it is the one published
    feed: SearchFeed | None = None  # Pagefind, started on shards as their pages are done
    manifest: dict[str, Entry] = field(default_factory=dict)
    actions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ACTIONS, 0))
    broken: list[BrokenLink] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    rendered: int = 0  # pages and feeds rendered

    def reuse(self, keyed: Iterable[tuple[str, str]]) -> list[str]:
        """Reuse each file the staging folder can give for its key; return the other paths."""
        staging = self.trees.staging
        held, manifest = staging.held, self.manifest
        needed = []
        kept = 0
        for path, key in keyed:
            entry = held.get(path)
            if entry is not None and entry.key == key:
                # What `reusable` and `reuse` do for a file the staging folder holds (nearly
                # all of a deploy's 243 000 at 100 000 stories), without their two calls.
                manifest[path] = entry
                kept += 1
                continue
            how = staging.reusable(path, key)
            if how is None:
                needed.append(path)
                continue
            manifest[path], action = staging.reuse(path, key, how)
            self.actions[action] += 1
        self.actions["kept"] += kept
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
        if feed is not None:
            # Pagefind's runs are looked at as each span of pages comes back; between two
            # passes no span does for ~0.5 s at 4 000 stories (the other pages' stories, the
            # workers' start, their first span): a run that ended then is followed now.
            feed.took([])
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

    @property
    def project(self) -> Path:
        """The project's folder (*folder* is its content/articles/)."""
        return self.folder.parents[len(ARTICLES_DIR.parts) - 1]

    def copy_aside(self) -> None:
        """Begin the next spare's copy of the new site as it is now, when there is no site/.

        A build with no site/ (a first build) keeps a hard-linked copy of its new site as the
        spare (`trees.publish_site`): 10 400 links at 4 000 stories, made after Pagefind's
        last run while the other core had nothing to do. Called as that run is left alone,
        a child links what the staging folder holds (`spare_copy`, as a deploy does from its
        start); the last shard's files are linked when the site is published.
        """
        trees = self.trees
        if trees.early is not None or trees.staging.site.exists():
            return  # a copy going already, or an old site to become the spare
        early = start_copy(trees.staging.root, self.cache.folder, self.manifest)
        if early is not None:
            self.trees = replace(trees, early=early)

    def render_stories(self, pages: Sequence[str]) -> None:
        """Render the story *pages*, a batch at a time (their bodies dropped after each).

        A template failure is that of the first file in plan order.
        """
        try:
            for start in range(0, len(pages), STORY_BATCH):
                self.render(pages[start : start + STORY_BATCH])
                self.views.drop_bodies()
        except TemplateFailure as failure:
            order = {path: number for number, path in enumerate(self.plan.keys)}
            others = other_files(self.plan, pages)
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
            sources = self.loaded.arranged.page_sources(ARTICLES_DIR.as_posix())
            raise BrokenLinksError(told_by_stories(self.broken, sources, self.project))

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
                done = self.trees.staging.place(path, digest, data, digest)
                self.manifest[path], action = done
                self.actions[action] += 1
        return None


def other_files(plan: SitePlan, story_pages: Sequence[str]) -> list[str]:
    """Return every file of *plan* but its *story_pages*, in plan order."""
    stories = set(story_pages)
    return [path for path in plan.keys if path not in stories]


def assemble(
    assembly: Assembly,
    dated: Dated,
    story_pages: Sequence[str],
    remember: Callable[[], Iterator[None]],
    guard: Guard | None,
    early: Runs | None = None,
) -> tuple[int, int, int]:
    """Render what cannot be reused, index it, publish it; return shards, indexed, removed.

    Story pages first (*dated*: each story's date and page, `search_feed.dated_pages`):
    Pagefind indexes each shard as its pages are in (*early*: runs started before the staging
    folder opened, `edit_build.early_search`). *remember* runs while it does, a piece at a
    time (each `yield` of it): the runs are looked at between pieces (`SearchFeed.result`).
    """
    plan, trees, cache = assembly.plan, assembly.trees, assembly.cache
    feed = assembly.feed = SearchFeed.start(
        plan, dated, assembly.manifest, trees, cache, place=assembly.place_files, early=early
    )
    indexing = None if feed is None else feed.indexing
    history: list[bytes] = []  # the URL history's bytes, made beside Pagefind

    def meanwhile(keys: Mapping[str, str]) -> Iterator[None]:
        yield from remember()
        # What the end of the build needs, done while Pagefind indexes: on the critical path
        # of a story edit otherwise (~0.01 s at 4 000 stories). The old shards' indexes go
        # now (this build's own runs left): a build failing after this indexes them again
        # if they come back, as when the cache is cleared.
        history.append(history_bytes(plan.history))
        yield
        forget_other_shards(cache.folder, list(keys.values()), runs=False)
        yield
        cache.commit()  # its plans and index (~15 MB at 4 000 stories), not with publishing's
        yield  # commit after the last run; the index counts once published (put_history)

    try:
        assembly.render_stories(story_pages)
        assembly.render(other_files(plan, story_pages))
        if feed is None:  # no stories: the whole site is one shard (none with search off)
            shards, keys = plan_search(plan, dated, assembly.manifest)
            indexing = Indexing(shards, keys, trees.staging.root, cache.folder)
            assembly.check_links()
            for _ in meanwhile(keys):
                pass
            indexes = indexing.result()
        else:
            shards, keys = feed.shards, feed.keys()
            assembly.check_links()
            indexes = feed.result(last_run=assembly.copy_aside, meanwhile=meanwhile(keys))
    finally:
        if indexing is not None:
            indexing.close()
    trees = assembly.trees  # with the spare's copy begun beside the last run, if it was
    if plan.setup.search:
        _place_search(assembly, indexes, shards, keys, cache, trees.staging.root)
    site = trees.staging.site
    removed = publish_site(cache, trees, assembly.manifest, site, guard)
    history_kept = history[0] if assembly.output.published else None
    _after_publish(assembly.project, cache, plan, list(keys.values()), history_kept)
    return len(shards), indexing.indexed if indexing else 0, removed


def _after_publish(
    project: Path, cache: Cache, plan: SitePlan, shard_keys: list[str], history: bytes | None
) -> None:
    """Keep what the new site needs next time, and drop what it no longer uses (*history*:
    the URL history's bytes; None: not written, the site is not the published one)."""
    if history is not None:  # what it published: the next build's old URLs
        write_history(project, plan.history, history)
    forget_other_shards(cache.folder, shard_keys)  # and killed builds' runs
    if plan.setup.picture_cache is not None:
        prune_pictures(plan.setup.picture_cache, plan.made.values())


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


@dataclass(frozen=True, slots=True)
class Shown:
    """What a build's site shows, for its report: every file's path, stories and drafts."""

    paths: Iterable[str]
    articles: int
    drafts_left_out: int


def site_report(
    assembly: Assembly,
    counts: tuple[int, int, int],
    shown: Shown,
    seconds: float,
    output: Path,
    story_warnings: tuple[str, ...],
) -> SiteReport:
    """Return the report of a build that *assembly* rendered and published; *counts* are
    assemble's (shards, shards indexed, files removed)."""
    shards, indexed, removed = counts
    paths = list(shown.paths)
    return SiteReport(
        pages=sum(1 for path in paths if path.endswith(".html")),
        files=len(paths),
        articles=shown.articles,
        drafts_left_out=shown.drafts_left_out,
        seconds=seconds,
        output=output,
        rendered=assembly.rendered,
        written=assembly.actions["written"],
        linked=assembly.actions["linked"],
        removed=removed,
        parsed=assembly.loaded.stories.parsed,
        shards=shards,
        indexed=indexed,
        warnings=tuple(assembly.cache.warnings),
        story_warnings=story_warnings,
    )
