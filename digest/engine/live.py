"""Live: `digest serve` keeps the last build's site in memory and applies story edits to it.

A build of thousands of stories takes a second even when one file changed: it stamps every
input, loads every card, plans and keys every page. `digest serve` does that once, keeps the
result (cards, groups, page plans and their keys, the digest of every file of site/) and
answers here a batch that changes only story files (content/articles/**.md):

- stories whose date, title, slug, regions, tags and draft flag stay as they were (their
  text was edited) change only the pages that name them: their own page is planned again,
  every other page that names them (an index of references says which) gets their new
  reference, and nothing else is looked at;
- any other change (a story added, deleted, moved to another day or tag) groups every story
  and plans every page again, in memory, as a build does.

Then only pages whose key changed are rendered and only files whose bytes changed are
written (each as a new inode, as write.py does, so the build cache's manifest sees them).
The search shards of changed story pages are re-indexed in the background, after the
browser was told to reload. Anything else (dumps, templates, static files, settings) is
left to a full build, after which the model is opened again. The result is what
`digest build` writes: tests compare the two byte for byte.

`prepare` computes an update without changing anything, so that `digest serve` can drop it
when more changes arrived meanwhile; `commit` writes it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from digest.config import Config, load_config
from digest.engine.build import BuildResult
from digest.engine.live_model import (
    LiveModel,
    NoSearch,
    SearchIndex,
    Update,
    cards_of,
    read_changes,
    same_shape,
    story_paths,
)
from digest.engine.site_build import PlannedSite
from digest.engine.site_plan import load_cards, past_urls, plan_build
from digest.engine.trees import folder_inode, published_manifest, record_site
from digest.models import Article
from digest.paths import ARTICLES_DIR, Output, ProjectPaths
from digest.site.feed_ids import PastUrls, file_clock
from digest.site.group import RelatedFinder, related_stories
from digest.site.keys import template_keys
from digest.site.links import BrokenLinksError, told_by_stories
from digest.site.media import MediaFinder, picture_parts
from digest.site.picture_cache import ensure_pictures
from digest.site.plan import arrange, plan_site, ref_digest, replan_edited
from digest.site.render_pass import DiffSink, links_to_gone, render_pass, stories_for
from digest.site.renderer import Renderer, story_ref
from digest.site.sources import SourceFacts
from digest.site.stories import (
    FullStory,
    StoryFile,
    StoryParser,
    full_stories,
    path_order,
)
from digest.site.template_errors import in_theme
from digest.site.theme import resolve_theme, site_assets
from digest.site.views import STORY_TEMPLATE, Story, StoryRef
from digest.source_date import source_date
from digest.store.cache import open_cache
from digest.store.code import code_stamp
from digest.store.inputs import build_settings, scan_project
from digest.store.lock import DEFAULT_WAIT_SECONDS, build_lock
from digest.store.url_history import write_history
from digest.store.write import Entry, digest_of, intact, put_file, remove_file
from digest.urls import UrlScheme


class LiveSite:
    """The last build of a project, in memory; applies story edits to site/ directly."""

    def __init__(
        self,
        project: Path,
        config: Config,
        *,
        drafts: bool = False,
        search: Callable[[LiveSite], SearchIndex] = lambda _: NoSearch(),
        planned: PlannedSite | None = None,
        output: Output | None = None,
    ) -> None:
        """Load the model of the site the last (successful) build wrote in *output* (site/).

        *planned* is that build's own plan; without it, the project is scanned and planned.
        """
        self.project = project.resolve()
        self.config = config
        self.drafts = drafts
        self.folder = self.project / ARTICLES_DIR
        self.output = output or ProjectPaths(self.project).output()
        self.site = self.output.site
        self.urls = UrlScheme.from_base_url(config.base_url)
        self.clock = file_clock(self.folder, source_date(os.environ))
        planned = planned or self._plan()
        self.code, self.theme, self.assets = planned.code, planned.theme, planned.assets
        self.cache_folder = planned.cache_folder
        self.template_keys = dict(planned.plan.template_keys)
        self.renderer = Renderer(planned.plan.setup)
        self.parser = StoryParser(self.folder, config.language)
        self.facts = SourceFacts(self.project)  # of pictures, read again only when changed
        self._stories: dict[str, Story] = {}
        self._related_input: object = None
        self._related: Mapping[str, tuple[Article, ...]] = {}
        loaded = planned.loaded
        files = {file.path: file for file in loaded.stories.files}
        self.model = LiveModel(files, cards_of(loaded.arranged), loaded.arranged, planned.plan)
        # What site/ holds, as the build recorded it. A file changed behind its back is left
        # out: its page is rendered (and compared) again when planned. Files written here are
        # recorded in it, and it is stored again for the next build; only a manifest that
        # covered the whole of site/ may be (a folder becomes the spare on the trust of it).
        manifest = planned.manifest
        self.manifest = {
            path: entry for path, entry in manifest.items() if intact(self.site, path, entry)
        }
        self.complete = bool(manifest) and len(self.manifest) == len(manifest)
        self._recorded = True  # the cache's record of site/ is self.manifest
        self.written: dict[str, int] = {}  # how many times each file was written here
        self.inode = folder_inode(self.site)
        self.search = search(self)

    @classmethod
    def from_build(
        cls, result: BuildResult, search: Callable[[LiveSite], SearchIndex] = lambda _: NoSearch()
    ) -> LiveSite:
        """Return the live model of the site that *result*'s build just wrote and planned."""
        config = result.config or load_config(result.project)
        planned = result.site.planned if result.site is not None else None
        return cls(
            result.project,
            config,
            drafts=result.drafts,
            search=search,
            planned=planned,
            output=result.output,
        )

    def _plan(self) -> PlannedSite:
        """Scan, load and plan the project as its last build did."""
        inputs = scan_project(self.project, build_settings(drafts=self.drafts, environ=os.environ))
        code = inputs.code or code_stamp()
        theme = resolve_theme(self.project, self.config.theme)
        assets = site_assets(self.project, theme)
        cache = open_cache(self.project, self.output.cache)
        try:
            past = past_urls(self.project, source_date(os.environ))
            loaded = load_cards(
                self.folder, inputs, cache, code, self.config, self.drafts, 0, past.history
            )
            plan = plan_build(loaded, self.config, theme, assets, code, cache, past)
            manifest = published_manifest(cache, self.site)
            return PlannedSite(loaded, plan, theme, assets, code, manifest, cache.folder)
        finally:
            cache.close()

    @property
    def current(self) -> bool:
        """Tell whether site/ is still the folder this model describes (no build swapped it)."""
        return self.inode is not None and folder_inode(self.site) == self.inode

    def _template_keys(self, names: Sequence[str]) -> dict[str, str]:
        """Return the key of each template in *names*, working out those not known yet."""
        missing = [name for name in names if name not in self.template_keys]
        if missing:
            self.template_keys.update(
                in_theme(self.config.theme, lambda: template_keys(self.theme, missing))
            )
        return {name: self.template_keys[name] for name in names}

    # -- preparing an update -------------------------------------------------------------

    def prepare(self, changed: Iterable[Path]) -> Update | None:
        """Return the update for changed story files, or None if *changed* needs a full build.

        Raises ArticleErrors for a broken story, ThemeError for a template failure and
        BrokenLinksError for a broken link, leaving the model and site/ as they were.
        """
        relatives = story_paths(changed, self.folder)
        if relatives is None:
            return None
        model = self.model
        files, parsed = read_changes(model, relatives, self.folder, self.parser, self.code)
        relatives = [r for r in relatives if files.get(r) != model.files.get(r)]
        if not relatives:
            return Update(model, {}, {}, (), frozenset(), {}, {})
        changed_ids = frozenset(
            file.card.id
            for relative in relatives
            for file in (model.files.get(relative), files.get(relative))
            if file is not None
        )
        edited = same_shape(model, files, relatives)
        new = self._edited(model, files, relatives) if edited else self._regrouped(files)
        # A story whose file did not change may still have a new reference (another story
        # took its slug): what is kept of it in memory is stale as well.
        stale = changed_ids | {
            name for name, ref in new.arranged.refs.items() if model.arranged.refs.get(name) != ref
        }
        self.renderer.forget(stale)
        try:
            return self._render(new, frozenset(stale), parsed)
        except BaseException:
            self.renderer.forget(stale)  # what this failed update rendered is never shown
            raise

    def _edited(
        self, model: LiveModel, files: dict[str, StoryFile], relatives: list[str]
    ) -> LiveModel:
        """Return the model after edits that leave every story's place in the site as it was."""
        refs = dict(model.arranged.refs)
        file_of = dict(model.arranged.file_of)
        changed: dict[str, StoryRef] = {}
        for relative in relatives:
            file = files[relative]
            card = model.cards.get(file.card.id)
            file_of[file.card.id] = file
            if card is None:  # a draft, which the site does not show
                continue
            parts = picture_parts(model.arranged.media.get(card.id))
            ref = story_ref(card, ref_digest(file.key, card.slug, *parts), file.teaser, self.urls)
            refs[card.id] = changed[card.id] = ref
        arranged = replace(model.arranged, file_of=file_of, refs=refs)
        plan = replan_edited(model.plan, arranged, self.config, changed, self.clock)
        return replace(model, files=files, arranged=arranged, plan=plan)

    def _regrouped(self, files: dict[str, StoryFile]) -> LiveModel:
        """Return the model of *files* grouped and planned from the start, as a build does."""
        ordered = [files[relative] for relative in sorted(files, key=path_order)]
        media = MediaFinder(self.project, self.facts)
        before = self.model.plan
        # The history the last plan left (what site/ shows, and what it wrote): stories keep
        # their slugs as in a build that starts from it.
        past = PastUrls(before.history, self.clock)
        arranged = arrange(
            ordered,
            self.folder,
            self.config,
            self.drafts,
            self._find_related(),
            media,
            history=past.history,
        )
        plan = plan_site(
            arranged,
            self.config,
            before.setup,
            self.assets.files,
            self._template_keys,
            self.code,
            past,
            self.assets.own,
        )
        return LiveModel(files, cards_of(arranged), arranged, plan)

    def _find_related(self) -> RelatedFinder:
        """Return related_stories, answered from memory while its whole input is as before."""

        def find(ordered: Sequence[Article], limit: int) -> Mapping[str, tuple[Article, ...]]:
            given = (limit, [(a.id, a.tags, a.regions) for a in ordered])
            if given != self._related_input:
                self._related_input, self._related = given, related_stories(ordered, limit)
            by_id = {article.id: article for article in ordered}
            # The same stories, but the cards of this grouping (their other fields may differ).
            return {
                name: tuple(by_id[other.id] for other in found)
                for name, found in self._related.items()
            }

        return find

    # -- rendering -----------------------------------------------------------------------

    def _render(
        self, model: LiveModel, changed_ids: frozenset[str], parsed: Mapping[str, FullStory]
    ) -> Update:
        """Render the files whose key differs from site/'s manifest; keep those that changed."""
        plan = model.plan
        recorded = self.manifest
        wanted = [
            path
            for path, key in plan.keys.items()
            if (entry := recorded.get(path)) is None or entry.key != key
        ]
        have = {name: story for name, story in self._stories.items() if name not in changed_ids}
        load = functools.partial(self._full_stories, parsed)
        stories = stories_for(plan, model.arranged, wanted, have, load)
        if plan.setup.picture_cache is not None:  # resized once, outside the render pass
            ensure_pictures(
                (plan.made[p] for p in wanted if p in plan.made), plan.setup.picture_cache
            )
        sink = DiffSink(recorded)
        done = render_pass(plan, wanted, stories, sink, renderer=self.renderer)
        broken = [link for file in done for link in file.broken]
        before = self.model.plan.keys
        removes = tuple(sorted(path for path in before if path not in plan.keys))
        if removes:
            checked = {file.path for file in done}
            broken.extend(links_to_gone(plan, before, checked, self.site))
        if broken:
            sources = model.arranged.page_sources(ARTICLES_DIR.as_posix())
            raise BrokenLinksError(told_by_stories(broken, sources, self.project))
        rendered = {file.path: file.entry.key for file in done}
        searched = {
            file.path: file.entry.search
            for file in done
            if file.path in plan.pages and plan.pages[file.path].template == STORY_TEMPLATE
        }
        return Update(model, rendered, sink.writes, removes, changed_ids, stories, searched)

    def _full_stories(
        self, parsed: Mapping[str, FullStory], files: Sequence[StoryFile]
    ) -> dict[str, FullStory]:
        """Return the full stories of *files*, by key: parsed now, or from the cache or files."""
        cache = open_cache(self.project, self.output.cache)
        try:
            return full_stories(files, parsed, cache, self.folder, self.config.language)
        finally:
            cache.close()

    # -- writing -------------------------------------------------------------------------

    def commit(self, update: Update) -> None:
        """Write *update* into site/ and make its model the current one.

        The caller holds the project's build lock. Until `record` stores the new manifest,
        the build cache does not trust site/ (a build meanwhile, or after a crash, is right).
        """
        with self.search.lock:
            self.untrust()
            self._commit(update)
        self.search.wanted()  # re-indexes what changed, then records the manifest

    def untrust(self) -> None:
        """Record that site/ is being changed (the build cache trusts it no more)."""
        if not self._recorded:
            return
        cache = open_cache(self.project, self.output.cache)
        try:
            record_site(cache, self.site, None)
        finally:
            cache.close()
        self._recorded = False

    def record(self) -> None:
        """Store the manifest of site/ in the build cache, for the next build.

        The caller holds the project's build lock and the search lock.
        """
        if self._recorded or not self.current:
            return
        cache = open_cache(self.project, self.output.cache)
        try:
            record_site(cache, self.site, self.manifest if self.complete else None)
        finally:
            cache.close()
        self._recorded = True

    def close(self, wait: float = DEFAULT_WAIT_SECONDS) -> None:
        """Stop re-indexing and store the manifest of site/ (before a build, or at exit)."""
        self.search.stop()
        with build_lock(self.project, wait=wait, on_wait=lambda _: None), self.search.lock:
            self.record()

    def _commit(self, update: Update) -> None:
        manifest = self.manifest
        for path, data in update.writes.items():
            stamp = put_file(self.site, path, data)
            search = update.searched.get(path, "")
            manifest[path] = Entry(update.rendered[path], digest_of(data), stamp, search)
            self.written[path] = self.written.get(path, 0) + 1
        for path, key in update.rendered.items():
            entry = manifest.get(path)
            if path not in update.writes and entry is not None:  # the same bytes, a new key
                search = update.searched.get(path, entry.search)
                manifest[path] = replace(entry, key=key, search=search)
        for path in update.removes:
            remove_file(self.site, path)
            manifest.pop(path, None)
            self.written[path] = self.written.get(path, 0) + 1
        for name in update.changed_ids:
            self._stories.pop(name, None)
        self._stories.update(update.stories)
        self.model = update.model
        if self.output.published:  # a moved story's old URLs; never a draft's
            write_history(self.project, update.model.plan.history)

    def abandon(self, update: Update) -> None:
        """Forget what preparing *update* left in memory (it will not be written)."""
        self.renderer.forget(update.changed_ids)
