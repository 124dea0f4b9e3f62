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
import shutil
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from digest.cache import code_stamp, open_cache
from digest.config import Config
from digest.devserver import BuildGate
from digest.errors import ArticleError, ArticleErrors, DigestError
from digest.feeds import render_sitemap
from digest.group import Groups, RelatedFinder, group, related_stories
from digest.inputs import build_settings, scan_project
from digest.links import BrokenLink, BrokenLinksError, LinkChecker
from digest.load import ARTICLES_DIR
from digest.lock import build_lock
from digest.models import Article
from digest.render import (
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
from digest.search import (
    SEARCH_DIR,
    SHARD_LIST,
    Indexing,
    ShardIndex,
    layout,
    pagefind_command,
    plan_shards,
    search_digest,
    shard_key,
    shard_list,
)
from digest.site import (
    SITE_DIR,
    TEMPLATE_CODE,
    load_cards,
    plan_site,
    published_manifest,
    ref_digest,
    story_cards,
    theme_errors,
)
from digest.stories import FullStory, StoryFile, StoryParser, full_stories, path_order, story_key
from digest.theme import ThemeError, fingerprint, read_static, resolve_theme
from digest.urls import UrlScheme, output_file
from digest.write import digest_of, intact, put_file

T = TypeVar("T")


def _shape(card: Article) -> tuple[object, ...]:
    """Return what grouping and page plans read of a story besides its reference."""
    return (
        card.id,
        card.path,
        card.date,
        card.datetime,
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
    writes: Mapping[str, bytes]  # file of site/ -> new bytes
    removes: tuple[str, ...]
    changed_ids: frozenset[str]
    stories: Mapping[str, Story]  # full stories made for this update, by id
    searched: Mapping[str, str]  # story page -> digest of what the search index reads

    @property
    def empty(self) -> bool:
        return not self.writes and not self.removes


@dataclass(slots=True)
class _Disk:
    """What site/ holds, as far as this model knows: file -> (key, digest), and search digests."""

    keys: dict[str, str] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    searched: dict[str, str] = field(default_factory=dict)


def _users(pages: Mapping[str, Page], feeds: Mapping[str, FeedPlan]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for path, page in pages.items():
        for ref in referenced(page.values):
            found.setdefault(ref.id, set()).add(path)
    for path, feed in feeds.items():
        for ref in feed.entries:
            found.setdefault(ref.id, set()).add(path)
    return {name: frozenset(paths) for name, paths in found.items()}


class LiveSite:
    """The last build of a project, in memory; applies story edits to site/ directly."""

    def __init__(
        self, project: Path, config: Config, *, drafts: bool = False, gate: BuildGate | None = None
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
        self.byte_files = {
            path: data for path, data in planned.byte_files.items() if path in assets.files
        }
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
        # Only what site/ is known to hold counts: a file changed behind the manifest's back
        # has no key, so it is rendered (and compared) again when its page is planned.
        self.disk = _Disk()
        for path, entry in manifest.items():
            if intact(self.site, path, entry):
                self.disk.keys[path] = entry.key
                self.disk.digests[path] = entry.digest
                if entry.search:
                    self.disk.searched[path] = entry.search
        self.inode = self._site_inode()
        self.search = SearchUpdater(self, gate)

    def _site_inode(self) -> int | None:
        try:
            return self.site.stat().st_ino
        except OSError:
            return None

    @property
    def current(self) -> bool:
        """Tell whether site/ is still the folder this model describes (no build swapped it)."""
        return self.inode is not None and self._site_inode() == self.inode

    def _keys(self, pages: Mapping[str, Page], feeds: Mapping[str, FeedPlan]) -> dict[str, str]:
        missing = {page.template for page in pages.values()} - self.template_keys.keys()
        if missing:
            self.template_keys.update(self._theme(lambda: template_keys(self.theme, missing)))
        keys = {
            path: page_key(self.shared_key, self.template_keys[page.template], page)
            for path, page in pages.items()
        }
        keys.update((path, feed_key(self.shared_key, feed)) for path, feed in feeds.items())
        return keys

    def _theme(self, run: Callable[[], T]) -> T:
        """Return run(), or raise ThemeError naming the template file and line that failed."""
        message, result = theme_errors(self.config.theme, run)
        if message is not None or result is None:
            raise ThemeError(str(message))
        return result

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
            return Update(model, {}, (), frozenset(), {}, {})
        changed_ids = frozenset(
            file.card.id
            for relative in relatives
            for file in (model.files.get(relative), files.get(relative))
            if file is not None
        )
        self.renderer.forget(changed_ids)
        same_shape = files.keys() == model.files.keys() and all(
            _shape(files[relative].card) == _shape(model.files[relative].card)
            for relative in relatives
        )
        new = self._edited(model, files, relatives) if same_shape else self._regrouped(files)
        return self._render(new, changed_ids, parsed)

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
        cards, file_of = story_cards(ordered, self.folder)
        shown = cards if self.drafts else tuple(card for card in cards if not card.draft)
        groups = group(shown, related=self.config.related, find_related=self._find_related())
        refs = {
            card.id: story_ref(
                card,
                ref_digest(file_of[card.id].key, card.slug),
                file_of[card.id].teaser,
                self.urls,
            )
            for card in shown
        }
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
        disk = self.disk
        wanted = [path for path, key in model.keys.items() if disk.keys.get(path) != key]
        stories = self._full_stories(model, wanted, changed_ids, parsed)
        existing = frozenset(
            [*model.pages, *model.feeds, *self.byte_files, self.urls.sitemap(), self.urls.robots()]
        )
        checker = LinkChecker(self.urls, existing)
        writes: dict[str, bytes] = {}
        searched: dict[str, str] = {}
        broken: list[BrokenLink] = []
        for path in wanted:
            page = model.pages.get(path)
            if page is not None:
                data = self._theme(functools.partial(self.renderer.page, page, stories))
                if page.template == STORY_TEMPLATE:
                    searched[path] = search_digest(data)
            else:
                data = self._theme(
                    functools.partial(self.renderer.feed, model.feeds[path], stories)
                )
            broken.extend(checker.check(path, data))
            if digest_of(data) != disk.digests.get(path):
                writes[path] = data
        sitemap = self.urls.sitemap()
        if digest_of(model.sitemap) != disk.digests.get(sitemap):
            writes[sitemap] = model.sitemap
        removes = tuple(
            sorted(
                path for path in [*self.model.pages, *self.model.feeds] if path not in model.keys
            )
        )
        if removes:
            broken.extend(self._links_to_gone(checker, model, set(wanted)))
        if broken:
            raise BrokenLinksError(sorted(broken, key=lambda link: (link.page, link.link)))
        return Update(model, writes, removes, changed_ids, dict(stories), searched)

    def _links_to_gone(
        self, checker: LinkChecker, model: _Model, rendered: set[str]
    ) -> list[BrokenLink]:
        """Check the pages not rendered now: a template may link to a page that went."""
        broken = []
        for path in model.pages:
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
        """Write *update* into site/ and make its model the current one."""
        with self.search.lock:
            self._commit(update)
        if update.searched or update.removes:
            self.search.wanted()

    def _commit(self, update: Update) -> None:
        for path, data in update.writes.items():
            put_file(self.site, path, data)
            self.disk.digests[path] = digest_of(data)
        for path in update.removes:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.site / path)
            _prune(self.site, Path(path).parent)
            for table in (self.disk.keys, self.disk.digests, self.disk.searched):
                table.pop(path, None)
        self.disk.keys.update(
            (path, key)
            for path, key in update.model.keys.items()
            if self.disk.keys.get(path) != key
        )
        self.disk.searched.update(update.searched)
        for name in update.changed_ids:
            self._stories.pop(name, None)
        self._stories.update(update.stories)
        self.model = update.model

    def abandon(self, update: Update) -> None:
        """Forget what preparing *update* left in memory (it will not be written)."""
        self.renderer.forget(update.changed_ids)


def _prune(root: Path, folder: Path) -> None:
    """Remove *folder* under *root* and its parents while they are empty."""
    while folder.parts:
        try:
            os.rmdir(root / folder)
        except OSError:
            return
        folder = folder.parent


class SearchUpdater:
    """Re-indexes the search shards of changed story pages, one run at a time, in a thread.

    The shards are planned and keyed exactly as a build does; Pagefind runs (for shards the
    cache lacks) outside the gate, and only putting the new index files in place holds it.
    A shard whose pages changed while Pagefind read them is dropped and indexed again.
    """

    def __init__(self, live: LiveSite, gate: BuildGate | None = None) -> None:
        self.live = live
        self.gate = gate
        self._wanted = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None
        self.lock = threading.Lock()  # held by whoever writes site/ (the rebuilder, this)

    def wanted(self) -> None:
        self._idle.clear()
        self._wanted.set()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="digest-search", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until no indexing is pending or running; return False on timeout."""
        return self._idle.wait(timeout)

    def stop(self) -> None:
        self._stop.set()
        self._wanted.set()
        if self._thread is not None:
            self._thread.join(timeout=60)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wanted.wait()
            self._wanted.clear()
            if self._stop.is_set():
                break
            try:
                self.index_once()
            except DigestError as error:
                print(f"search index not updated: {error}", flush=True)
            if not self._wanted.is_set():
                self._idle.set()
        self._idle.set()

    def index_once(self) -> None:
        live = self.live
        with self.lock:
            model, searched = live.model, dict(live.disk.searched)
        for path in model.pages:
            if path not in searched and model.pages[path].template == STORY_TEMPLATE:
                # Not known from the manifest: what Pagefind will read is what is on disk.
                with contextlib.suppress(OSError):
                    searched[path] = search_digest((live.site / path).read_bytes())
        urls = live.urls
        story_pages = [
            (card.date, output_file(urls.article(card.date, card.slug)))
            for card in model.groups.articles
        ]
        html = [path for path in model.pages]
        shards = plan_shards(story_pages, html)
        command = pagefind_command()
        keys = {
            shard.name: shard_key(command, {page: searched.get(page, "") for page in shard.pages})
            for shard in shards
        }
        indexing = Indexing(shards, keys, live.site, live.cache_folder)
        try:
            indexes = indexing.result()
        finally:
            indexing.close()
        # The build lock first, as the rebuilder takes it before this lock: a `digest build`
        # of the project meanwhile must not get these files.
        with build_lock(live.project, on_wait=lambda _: None), self.lock:
            now = live.disk.searched
            stale = [
                index
                for index in indexes
                if any(now.get(page) != searched.get(page) for page in index.shard.pages)
            ]
            for index in stale:
                # Pagefind may have read a page of the next edit: never keep that index.
                shutil.rmtree(index.folder, ignore_errors=True)
            if stale or live.model is not model:
                self._wanted.set()
                return
            self._place(indexes)

    def _place(self, indexes: Sequence[ShardIndex]) -> None:
        live = self.live
        files = layout(indexes)
        listing = shard_list(indexes)
        digests = live.disk.digests
        wanted = {path: digest for path, (_, digest) in files.items()}
        wanted[f"{SEARCH_DIR}/{SHARD_LIST}"] = digest_of(listing)
        prefix = SEARCH_DIR + "/"
        gone = [path for path in digests if path.startswith(prefix) and path not in wanted]
        changes = [path for path, digest in wanted.items() if digests.get(path) != digest]
        if not changes and not gone:
            return
        gate = self.gate
        with gate.writing() if gate is not None else contextlib.nullcontext():
            for path in changes:
                data = (
                    listing
                    if path.endswith(SHARD_LIST) and path not in files
                    else (Path(files[path][0]).read_bytes())
                )
                put_file(live.site, path, data)
                digests[path] = digest_of(data)
            for path in gone:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(live.site / path)
                _prune(live.site, Path(path).parent)
                digests.pop(path, None)
                live.disk.keys.pop(path, None)
