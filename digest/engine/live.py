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

import contextlib
import functools
import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from digest.config import Config
from digest.engine.site_build import (
    arrange,
    folder_inode,
    in_theme,
    load_cards,
    plan_site,
    published_manifest,
    record_site,
    ref_digest,
)
from digest.errors import ArticleError, ArticleErrors
from digest.models import Article
from digest.paths import ARTICLES_DIR, SITE_DIR
from digest.site.feeds import render_sitemap
from digest.site.group import Groups, RelatedFinder, related_stories
from digest.site.links import BrokenLink, BrokenLinksError, LinkChecker
from digest.site.render import (
    STORY_TEMPLATE,
    FeedPlan,
    Page,
    Renderer,
    Story,
    StoryRef,
    feed_key,
    make_story,
    page_key,
    plan_feeds,
    plan_pages,
    plan_story_page,
    referenced,
    sitemap_pages,
    story_ref,
    template_keys,
    with_refs,
)
from digest.site.search import search_digest
from digest.site.stories import (
    FullStory,
    StoryFile,
    StoryParser,
    full_stories,
    path_order,
    story_key,
)
from digest.site.theme import fingerprint, read_static, resolve_theme
from digest.store.cache import code_stamp, open_cache
from digest.store.inputs import build_settings, scan_project
from digest.store.lock import DEFAULT_WAIT_SECONDS, build_lock
from digest.store.state import TEMPLATE_CODE
from digest.store.write import (
    Entry,
    digest_of,
    digest_or_none,
    intact,
    put_file,
    remove_file,
)
from digest.tree import readable
from digest.urls import UrlScheme, output_file


def _shape(card: Article) -> tuple[object, ...]:
    """Return what grouping and page plans read of a story besides its reference."""
    return (
        card.id,
        card.path,
        card.date,
        # Its spelling, not the instant: stories are ordered by their local time of day.
        None if card.datetime is None else card.datetime.isoformat(),
        card.title,
        card.slug,
        card.regions,
        card.tags,
        card.draft,
    )


@dataclass(frozen=True, slots=True)
class _Model:
    """The site as planned from the story files: what an update replaces as a whole."""

    files: Mapping[str, StoryFile]  # by path under content/articles/
    cards: Mapping[str, Article]  # shown stories, with their unique slugs, by id
    file_of: Mapping[str, StoryFile]  # by story id
    groups: Groups
    refs: Mapping[str, StoryRef]  # by story id
    pages: Mapping[str, Page]  # by file of site/
    feeds: Mapping[str, FeedPlan]  # by file of site/
    keys: Mapping[str, str]  # the key of each planned file
    users: Mapping[str, frozenset[str]]  # story id -> files whose plan names it
    sitemap: bytes


@dataclass(frozen=True, slots=True)
class Update:
    """What a batch of story changes does to site/ (nothing is written until `commit`)."""

    model: _Model
    rendered: Mapping[str, str]  # file of site/ -> key: every file rendered (or made) anew
    writes: Mapping[str, bytes]  # those of them whose bytes changed -> new bytes
    removes: tuple[str, ...]
    changed_ids: frozenset[str]  # stories whose references changed (their caches are stale)
    stories: Mapping[str, Story]  # full stories made for this update, by id
    searched: Mapping[str, str]  # story page -> digest of what the search index reads

    @property
    def empty(self) -> bool:
        return not self.writes and not self.removes


def _users(pages: Mapping[str, Page], feeds: Mapping[str, FeedPlan]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for path, page in pages.items():
        for ref in referenced(page.values):
            found.setdefault(ref.id, set()).add(path)
    for path, feed in feeds.items():
        for ref in feed.entries:
            found.setdefault(ref.id, set()).add(path)
    return {name: frozenset(paths) for name, paths in found.items()}


class SearchIndex(Protocol):
    """What keeps site/'s search index in step with live updates (live_search.py)."""

    lock: threading.Lock  # held while the model and manifest are read or changed

    def wanted(self) -> None:
        """Re-index what changed, then record the manifest."""

    def stop(self) -> None:
        """Stop re-indexing; return once nothing more is written."""


class NoSearch:
    """A live site without a search index."""

    def __init__(self) -> None:
        self.lock = threading.Lock()

    def wanted(self) -> None:
        """Nothing to index."""

    def stop(self) -> None:
        """Nothing to stop."""


class LiveSite:
    """The last build of a project, in memory; applies story edits to site/ directly."""

    def __init__(
        self,
        project: Path,
        config: Config,
        *,
        drafts: bool = False,
        search: Callable[[LiveSite], SearchIndex] = lambda _: NoSearch(),
    ) -> None:
        """Load the model of the site that the last (successful) build wrote."""
        self.project = project.resolve()
        self.config = config
        self.drafts = drafts
        self.folder = self.project / ARTICLES_DIR
        self.site = self.project / SITE_DIR
        self.urls = UrlScheme.from_base_url(config.base_url)
        inputs = scan_project(self.project, build_settings(drafts=drafts, environ=os.environ))
        self.code = inputs.code or code_stamp()
        self.theme = resolve_theme(self.project, config.theme)
        assets = fingerprint(read_static(self.theme))
        cache = open_cache(self.project)
        try:
            loaded = load_cards(self.folder, inputs, cache, self.code, config, drafts, 0)
            planned = plan_site(loaded, config, self.theme, assets, self.code, cache)
            manifest = published_manifest(cache, self.site)
            self.cache_folder = cache.folder
        finally:
            cache.close()
        self.setup = replace(planned.setup, code_cache=self.cache_folder / TEMPLATE_CODE)
        self.shared_key = planned.shared_key
        self.template_keys = dict(planned.template_keys)
        self.asset_files = frozenset(assets.files)
        self.renderer = Renderer(self.setup)
        self.parser = StoryParser(self.folder)
        self._stories: dict[str, Story] = {}
        self._related_input: object = None
        self._related: Mapping[str, tuple[Article, ...]] = {}
        pages = {output_file(page.meta.path): page for page in planned.pages}
        feeds = {feed.path: feed for feed in planned.feeds}
        keys = self._keys(pages, feeds)
        sitemap = self.urls.sitemap()
        self.model = _Model(
            files={file.path: file for file in loaded.stories.files},
            cards={card.id: card for card in loaded.shown},
            file_of=loaded.file_of,
            groups=loaded.groups,
            refs=loaded.refs,
            pages=pages,
            feeds=feeds,
            keys=keys,
            users=_users(pages, feeds),
            sitemap=planned.byte_files[sitemap],
        )
        # What site/ holds, as the build recorded it. A file changed behind its back is left
        # out: its page is rendered (and compared) again when planned. Files written here are
        # recorded in it, and it is stored again for the next build; only a manifest that
        # covered the whole of site/ may be (a folder becomes the spare on the trust of it).
        self.manifest = {
            path: entry for path, entry in manifest.items() if intact(self.site, path, entry)
        }
        self.complete = bool(manifest) and len(self.manifest) == len(manifest)
        self._recorded = True  # the cache's record of site/ is self.manifest
        self.written: dict[str, int] = {}  # how many times each file was written here
        self.inode = folder_inode(self.site)
        self.search = search(self)

    @property
    def current(self) -> bool:
        """Tell whether site/ is still the folder this model describes (no build swapped it)."""
        return self.inode is not None and folder_inode(self.site) == self.inode

    def _keys(self, pages: Mapping[str, Page], feeds: Mapping[str, FeedPlan]) -> dict[str, str]:
        missing = {page.template for page in pages.values()} - self.template_keys.keys()
        if missing:
            self.template_keys.update(
                in_theme(self.config.theme, lambda: template_keys(self.theme, missing))
            )
        keys = {
            path: page_key(self.shared_key, self.template_keys[page.template], page)
            for path, page in pages.items()
        }
        keys.update((path, feed_key(self.shared_key, feed)) for path, feed in feeds.items())
        return keys

    # -- preparing an update -------------------------------------------------------------

    def prepare(self, changed: Iterable[Path]) -> Update | None:
        """Return the update for changed story files, or None if *changed* needs a full build.

        Raises ArticleErrors for a broken story, ThemeError for a template failure and
        BrokenLinksError for a broken link, leaving the model and site/ as they were.
        """
        relatives = self._story_paths(changed)
        if relatives is None:
            return None
        model = self.model
        files = dict(model.files)
        parsed: dict[str, FullStory] = {}
        errors: list[ArticleError] = []
        for relative in relatives:
            try:
                data = (self.folder / relative).read_bytes()
            except FileNotFoundError:
                files.pop(relative, None)
                continue
            except OSError as error:
                errors.append(ArticleError(self.folder / relative, f"cannot be read ({error})"))
                continue
            sha = hashlib.sha256(data).hexdigest()
            before = files.get(relative)
            if before is not None and before.sha == sha:
                continue
            try:
                story = self.parser.parse(relative, data)
            except ArticleErrors as broken:
                errors.extend(broken.errors)
                continue
            key = story_key(self.code, relative, sha)
            parsed[key] = story
            card = replace(story.article, body="")
            files[relative] = StoryFile(relative, sha, None, key, card, story.teaser)
        if errors:
            raise ArticleErrors(sorted(errors, key=lambda error: error.path.parts))
        relatives = [r for r in relatives if files.get(r) != model.files.get(r)]
        if not relatives:
            return Update(model, {}, {}, (), frozenset(), {}, {})
        changed_ids = frozenset(
            file.card.id
            for relative in relatives
            for file in (model.files.get(relative), files.get(relative))
            if file is not None
        )
        same_shape = files.keys() == model.files.keys() and all(
            _shape(files[relative].card) == _shape(model.files[relative].card)
            for relative in relatives
        )
        new = self._edited(model, files, relatives) if same_shape else self._regrouped(files)
        # A story whose file did not change may still have a new reference (another story
        # took its slug): what is kept of it in memory is stale as well.
        stale = changed_ids | {
            name for name, ref in new.refs.items() if model.refs.get(name) != ref
        }
        self.renderer.forget(stale)
        try:
            return self._render(new, frozenset(stale), parsed)
        except BaseException:
            self.renderer.forget(stale)  # what this failed update rendered is never shown
            raise

    def _story_paths(self, changed: Iterable[Path]) -> list[str] | None:
        """Return *changed* as story files under content/articles/, or None if any is not one."""
        relatives = []
        for path in changed:
            try:
                relative = path.resolve().relative_to(self.folder)
            except ValueError:
                return None
            parts = relative.parts
            if path.suffix != ".md" or any(part.startswith(".") for part in parts):
                return None
            if os.path.lexists(path) and not readable(path, self.folder):  # a FIFO, a link out
                return None  # the full build's scan skips it, and says so
            relatives.append(relative.as_posix())
        return sorted(set(relatives), key=path_order)

    def _edited(self, model: _Model, files: dict[str, StoryFile], relatives: list[str]) -> _Model:
        """Return the model after edits that leave every story's place in the site as it was."""
        refs = dict(model.refs)
        file_of = dict(model.file_of)
        changed: dict[str, StoryRef] = {}
        for relative in relatives:
            file = files[relative]
            card = model.cards.get(file.card.id)
            file_of[file.card.id] = file
            if card is None:  # a draft, which the site does not show
                continue
            ref = story_ref(card, ref_digest(file.key, card.slug), file.teaser, self.urls)
            refs[card.id] = changed[card.id] = ref
        pages = dict(model.pages)
        feeds = dict(model.feeds)
        touched: set[str] = set()
        for name in changed:
            touched |= model.users.get(name, frozenset())
        for path in touched:
            if path in feeds:
                feeds[path] = replace(feeds[path], entries=with_refs(feeds[path].entries, changed))
                continue
            page = pages[path]
            story = page.values.get("story") if page.template == STORY_TEMPLATE else None
            if isinstance(story, StoryRef) and story.id in changed:
                pages[path] = plan_story_page(
                    model.groups, refs, self.config, self.urls, model.cards[story.id]
                )
            else:
                pages[path] = replace(page, values=with_refs(page.values, changed))
        keys = dict(model.keys)
        keys.update(
            self._keys(
                {p: pages[p] for p in touched if p in pages},
                {p: feeds[p] for p in touched if p in feeds},
            )
        )
        return replace(
            model, files=files, file_of=file_of, refs=refs, pages=pages, feeds=feeds, keys=keys
        )

    def _regrouped(self, files: dict[str, StoryFile]) -> _Model:
        """Return the model of *files* grouped and planned from the start, as a build does."""
        ordered = [files[relative] for relative in sorted(files, key=path_order)]
        _, shown, file_of, groups, refs = arrange(
            ordered, self.folder, self.config, self.drafts, self._find_related()
        )
        pages = {
            output_file(page.meta.path): page
            for page in plan_pages(groups, refs, self.config, self.urls)
        }
        feeds = {feed.path: feed for feed in plan_feeds(groups, refs, self.config, self.urls)}
        sitemap = render_sitemap(sitemap_pages(pages.values()), self.urls)
        return _Model(
            files=files,
            cards={card.id: card for card in shown},
            file_of=file_of,
            groups=groups,
            refs=refs,
            pages=pages,
            feeds=feeds,
            keys=self._keys(pages, feeds),
            users=_users(pages, feeds),
            sitemap=sitemap,
        )

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
        self, model: _Model, changed_ids: frozenset[str], parsed: Mapping[str, FullStory]
    ) -> Update:
        recorded = self.manifest
        wanted = [
            path
            for path, key in model.keys.items()
            if (entry := recorded.get(path)) is None or entry.key != key
        ]
        stories = self._full_stories(model, wanted, changed_ids, parsed)
        existing = frozenset(
            [*model.pages, *model.feeds, *self.asset_files, self.urls.sitemap(), self.urls.robots()]
        )
        checker = LinkChecker(self.urls, existing)
        writes: dict[str, bytes] = {}
        searched: dict[str, str] = {}
        broken: list[BrokenLink] = []
        for path in wanted:
            page = model.pages.get(path)
            if page is not None:
                data = in_theme(
                    self.config.theme, functools.partial(self.renderer.page, page, stories)
                )
                if page.template == STORY_TEMPLATE:
                    searched[path] = search_digest(data)
            else:
                data = in_theme(
                    self.config.theme,
                    functools.partial(self.renderer.feed, model.feeds[path], stories),
                )
            broken.extend(checker.check(path, data))
            if digest_of(data) != digest_or_none(recorded.get(path)):
                writes[path] = data
        rendered = {path: model.keys[path] for path in wanted}
        sitemap = self.urls.sitemap()
        digest = digest_of(model.sitemap)
        if digest != digest_or_none(recorded.get(sitemap)):
            writes[sitemap] = model.sitemap
            rendered[sitemap] = digest  # files made without a template are keyed by digest
        removes = tuple(
            sorted(
                path for path in [*self.model.pages, *self.model.feeds] if path not in model.keys
            )
        )
        if removes:
            broken.extend(self._links_to_gone(checker, model, set(wanted)))
        if broken:
            raise BrokenLinksError(sorted(broken, key=lambda link: (link.page, link.link)))
        return Update(model, rendered, writes, removes, changed_ids, dict(stories), searched)

    def _links_to_gone(
        self, checker: LinkChecker, model: _Model, rendered: set[str]
    ) -> list[BrokenLink]:
        """Check the pages and feeds not rendered now: a template may link to a page that went."""
        broken = []
        for path in [*model.pages, *model.feeds]:
            if path not in rendered:
                with contextlib.suppress(OSError):
                    broken.extend(checker.check(path, (self.site / path).read_bytes()))
        return broken

    def _full_stories(
        self,
        model: _Model,
        paths: Sequence[str],
        changed_ids: frozenset[str],
        parsed: Mapping[str, FullStory],
    ) -> dict[str, Story]:
        """Return the full story of every story the files at *paths* show, by id."""
        wanted: set[str] = set()
        for path in paths:
            page = model.pages.get(path)
            if page is not None:
                wanted.update(ref.id for ref in referenced(page.values))
            else:
                wanted.update(ref.id for ref in model.feeds[path].entries)
        stories = {
            name: story
            for name in wanted
            if name not in changed_ids and (story := self._stories.get(name)) is not None
        }
        missing = sorted(wanted - stories.keys())
        if not missing:
            return stories
        cache = open_cache(self.project)
        try:
            full = full_stories(
                [model.file_of[name] for name in missing], parsed, cache, self.folder
            )
        finally:
            cache.close()
        for name in missing:
            loaded = full[model.file_of[name].key]
            article = replace(loaded.article, slug=model.cards[name].slug)
            stories[name] = make_story(article, loaded.html, loaded.teaser, self.urls)
        return stories

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
        cache = open_cache(self.project)
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
        cache = open_cache(self.project)
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

    def abandon(self, update: Update) -> None:
        """Forget what preparing *update* left in memory (it will not be written)."""
        self.renderer.forget(update.changed_ids)
