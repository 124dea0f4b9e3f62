"""Site: content/articles/ -> site/ (load, group, render, check links, write, index).

`build_site` is what `digest build` runs after ingest. It does no work twice: an article
file is parsed only when its bytes are new (stories.py); every page and feed is planned,
and its key (a hash of its plan and of everything all pages share) tells whether the file
the last builds wrote for it can be reused; only the others are rendered, in worker
processes when there are many, and only bytes that changed are written (write.py); the
search index is rebuilt only for shards whose story pages changed (search.py). The result
is byte for byte what a build from nothing writes.

`render_project` is the same pipeline in memory, without cache or writing, for
`digest check` and tests.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from stat import S_ISDIR
from typing import TypeVar

from digest.config import Config, range_problems
from digest.errors import ArticleErrors, DigestError
from digest.models import Article
from digest.parallel import chunks, run_parallel, worker_count
from digest.paths import ARTICLES_DIR, CONFIG_FILE, SITE_DIR, refuse_link_out
from digest.reports import SiteReport as SiteReport
from digest.site.group import Groups, RelatedFinder, group, related_stories
from digest.site.limits import over_limits
from digest.site.links import BrokenLink, BrokenLinksError, LinkChecker
from digest.site.load import duplicate_ids, load_articles, unique_slugs
from digest.site.render import (
    STORY_TEMPLATE,
    FeedPlan,
    Page,
    Renderer,
    RenderSetup,
    Story,
    StoryRef,
    feed_key,
    make_story,
    page_key,
    plan_feeds,
    plan_pages,
    referenced,
    render_setup,
    render_site,
    setup_key,
    sitemap_pages,
    story_ref,
    template_keys,
    templates_digest,
)
from digest.site.search import (
    SEARCH_DIR,
    SHARD_LIST,
    Indexing,
    Shard,
    ShardIndex,
    cached_file,
    folder_holding,
    forget_other_shards,
    index_shards,
    layout,
    pagefind_command,
    plan_shards,
    search_digest,
    shard_key,
    shard_list,
)
from digest.site.stories import LoadedStories, StoryFile, full_stories, load_stories
from digest.site.template_errors import describe_template_error, template_frame
from digest.site.theme import Assets, Theme, ThemeError, fingerprint, read_static, resolve_theme
from digest.store.cache import Cache, code_stamp, key_of, open_cache
from digest.store.inputs import ProjectInputs, build_settings, scan_project, visible
from digest.store.lock import build_lock
from digest.store.staging import (
    Guard,
    Staging,
    open_staging,
    publish,
    remove_leftovers,
    remove_listed,
)
from digest.store.state import CARDS, MANIFEST, STATE, STATE_BUILD, STATE_TREES, TEMPLATE_CODE
from digest.store.write import Entry, digest_of, manifest_bytes, manifest_from_bytes
from digest.urls import UrlScheme, output_file

T = TypeVar("T")
ACTIONS = ("kept", "linked", "written")


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
    return [f"{CONFIG_FILE}: {problem}" for problem in range_problems(config)]


def render_project(
    project: Path, config: Config, *, drafts: bool = False, updated: dt.datetime | None = None
) -> RenderedSite:
    """Load, group and render the site of *project* in memory."""
    problems = check_settings(config)
    if problems:
        raise DigestError("\n".join(problems))
    urls = UrlScheme.from_base_url(config.base_url)
    articles = load_articles(project / ARTICLES_DIR)
    over_limits(articles, project / ARTICLES_DIR, config.limits)
    shown = articles if drafts else tuple(article for article in articles if not article.draft)
    groups = group(shown, related=config.related)
    theme = resolve_theme(project, config.theme)
    static = read_static(theme)
    files = in_theme(
        config.theme, lambda: render_site(groups, config, theme, static, updated=updated)
    )
    return RenderedSite(files, urls, len(shown), len(articles) - len(shown))


def build_site(
    project: Path,
    config: Config,
    *,
    drafts: bool = False,
    cache: Cache | None = None,
    inputs: ProjectInputs | None = None,
    workers: int | None = None,
    guard: Guard | None = None,
) -> SiteReport:
    """Render the site of *project* and replace site/ with it; site/ is untouched on failure.

    Without *cache*, the project's build cache is opened (and its lock held) for this call.
    *guard* is held while the new site takes the place of site/ (the only moment it changes).
    """
    if cache is not None:
        return _build_site(project, config, drafts, cache, inputs, workers, guard)
    with build_lock(project):
        own = open_cache(project)
        try:
            report = _build_site(project, config, drafts, own, inputs, workers, guard)
        finally:
            own.close()
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return report


@dataclass(frozen=True, slots=True)
class _Job:
    """One page or feed to render, and where its bytes go."""

    path: str
    key: str
    page: Page | None = None
    feed: FeedPlan | None = None
    story: bool = False  # a story page, which the search index reads


@dataclass(frozen=True, slots=True)
class _RenderShared:
    """What every rendering worker shares."""

    setup: RenderSetup
    stories: Mapping[str, Story]
    staging: Staging
    existing: frozenset[str]


_Rendered = tuple[str, Entry, str, list[BrokenLink]]


def theme_errors(theme: str, run: Callable[[], T]) -> tuple[str | None, T | None]:
    """Return (None, run()), or the message of a template error (file and line) and None."""
    import jinja2

    try:
        return None, run()
    except ThemeError as error:
        return str(error), None
    except jinja2.TemplateError as error:
        return describe_template_error(theme, error), None
    except Exception as error:  # a template that divides by zero or adds text to a number
        if template_frame(error) is None:
            raise  # not the theme's fault: a bug of digest's
        return f"{template_frame(error)}: {type(error).__name__}: {error}", None


def in_theme(theme: str, run: Callable[[], T]) -> T:
    """Return run(), or raise ThemeError naming the template file and line that failed."""
    message, result = theme_errors(theme, run)
    if message is not None or result is None:
        raise ThemeError(str(message))
    return result


def _render_one(renderer: Renderer, job: _Job, stories: Mapping[str, Story]) -> bytes:
    if job.page is not None:
        return renderer.page(job.page, stories)
    assert job.feed is not None
    return renderer.feed(job.feed, stories)


def _render_worker(shared: _RenderShared) -> tuple[Renderer, LinkChecker, _RenderShared]:
    return Renderer(shared.setup), LinkChecker(shared.setup.urls, shared.existing), shared


def _render_jobs(
    state: tuple[Renderer, LinkChecker, _RenderShared], jobs: Sequence[_Job]
) -> tuple[list[_Rendered], str | None]:
    """Render, place and link-check a chunk of jobs (in a worker or in this process).

    A template error comes back as its message, since workers can only return data.
    """
    renderer, checker, shared = state
    done: list[_Rendered] = []
    for job in jobs:
        message, data = theme_errors(
            shared.setup.theme_name, functools.partial(_render_one, renderer, job, shared.stories)
        )
        if message is not None or data is None:
            return done, message
        entry, action = shared.staging.place(job.path, job.key, data)
        if job.story:
            entry = replace(entry, search=search_digest(data))
        done.append((job.path, entry, action, checker.check(job.path, data)))
    return done, None


@dataclass(frozen=True, slots=True)
class _CheckShared:
    urls: UrlScheme
    root: Path
    existing: frozenset[str]


def _check_worker(shared: _CheckShared) -> tuple[LinkChecker, Path]:
    return LinkChecker(shared.urls, shared.existing), shared.root


def _check_files(state: tuple[LinkChecker, Path], paths: Sequence[str]) -> list[BrokenLink]:
    checker, root = state
    broken: list[BrokenLink] = []
    for path in paths:
        broken.extend(checker.check(path, (root / path).read_bytes()))
    return broken


def ref_digest(*parts: str) -> str:
    """Return the digest that a StoryRef carries: of its file's story key and its slug."""
    return hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=16).hexdigest()


def _remembered_related(cache: Cache, code: str) -> RelatedFinder:
    """Return related_stories, answered from the cache when its whole input is as before."""

    def find(ordered: Sequence[Article], limit: int) -> Mapping[str, tuple[Article, ...]]:
        key = key_of(
            "related",
            code,
            limit,
            [[article.id, list(article.tags), list(article.regions)] for article in ordered],
        )
        by_id = {article.id: article for article in ordered}
        known = cache.get_json("related", key)
        if isinstance(known, dict) and known.keys() == by_id.keys():
            try:
                return {name: tuple(by_id[other] for other in known[name]) for name in by_id}
            except (KeyError, TypeError):
                pass
        found = related_stories(ordered, limit)
        cache.keep_only("related", [])
        cache.put_json("related", key, {name: [a.id for a in found[name]] for name in found})
        return found

    return find


def folder_inode(folder: Path) -> int | None:
    """Return the inode of *folder*, or None when it is not a folder."""
    try:
        stat = folder.stat()
    except OSError:
        return None
    return stat.st_ino if S_ISDIR(stat.st_mode) else None


def story_cards(
    loaded: Sequence[StoryFile], folder: Path
) -> tuple[tuple[Article, ...], dict[str, StoryFile]]:
    """Return the cards with unique slugs, and each article id's file; raise on duplicate ids."""
    cards = [file.card for file in loaded]
    errors = duplicate_ids(cards, folder)
    if errors:
        raise ArticleErrors(errors)
    by_path = {file.path: file for file in loaded}
    unique = unique_slugs(cards)
    return unique, {card.id: by_path[card.path.as_posix()] for card in unique}


@dataclass(frozen=True, slots=True)
class Loaded:
    """The articles of a build: files, cards with unique slugs, groups, plan references."""

    stories: LoadedStories
    cards: tuple[Article, ...]
    shown: tuple[Article, ...]
    file_of: Mapping[str, StoryFile]  # by article id
    groups: Groups
    refs: Mapping[str, StoryRef]
    known: Mapping[str, bytes]  # what the cache held of each file before this build


def load_cards(
    folder: Path,
    inputs: ProjectInputs,
    cache: Cache,
    code: str,
    config: Config,
    drafts: bool,
    workers: int | None,
) -> Loaded:
    """Load cards for every article (full stories only for what is parsed now) and group them."""
    known = cache.get_kind(CARDS)
    loaded = load_stories(
        folder, visible(inputs.articles), inputs.taken_ns, known, cache, code, workers=workers
    )
    found = arrange(loaded.files, folder, config, drafts, _remembered_related(cache, code))
    return Loaded(loaded, *found, known)


def arrange(
    files: Sequence[StoryFile],
    folder: Path,
    config: Config,
    drafts: bool,
    find_related: RelatedFinder,
) -> tuple[
    tuple[Article, ...], tuple[Article, ...], dict[str, StoryFile], Groups, dict[str, StoryRef]
]:
    """Return the cards of *files* with unique slugs, those shown, each id's file, their
    groups and the references plans name them by; raise on duplicate ids."""
    urls = UrlScheme.from_base_url(config.base_url)
    cards, file_of = story_cards(files, folder)
    over_limits(cards, folder, config.limits)
    shown = cards if drafts else tuple(card for card in cards if not card.draft)
    groups = group(shown, related=config.related, find_related=find_related)
    refs = {
        card.id: story_ref(
            card, ref_digest(file_of[card.id].key, card.slug), file_of[card.id].teaser, urls
        )
        for card in shown
    }
    return cards, shown, file_of, groups, refs


@dataclass(frozen=True, slots=True)
class Planned:
    """Every file of the new site, planned: pages, feeds, files made of bytes directly."""

    setup: RenderSetup
    shared_key: str  # the part of every key that all pages share
    template_keys: Mapping[str, str]  # each template's own part of its pages' keys
    pages: tuple[Page, ...]
    feeds: tuple[FeedPlan, ...]
    byte_files: Mapping[str, bytes]  # assets, sitemap.xml, robots.txt
    existing: frozenset[str]  # every file of the new site but the search index

    def key(self, page: Page) -> str:
        return page_key(self.shared_key, self.template_keys[page.template], page)

    def story_jobs(self) -> list[_Job]:
        return [
            _Job(output_file(page.meta.path), self.key(page), page, story=True)
            for page in self.pages
            if page.template == STORY_TEMPLATE
        ]

    def other_jobs(self) -> list[_Job]:
        pages = [
            _Job(output_file(page.meta.path), self.key(page), page)
            for page in self.pages
            if page.template != STORY_TEMPLATE
        ]
        feeds = [_Job(feed.path, feed_key(self.shared_key, feed), feed=feed) for feed in self.feeds]
        return pages + feeds


def known_template_keys(cache: Cache, theme: Theme, names: Sequence[str]) -> dict[str, str]:
    """Return `template_keys`, from the cache while no template file has changed.

    Parsing every template to find what it uses costs a tenth of a second; reading and
    hashing the files costs a millisecond.
    """
    key = key_of("template-keys", templates_digest(theme), sorted(names))
    known = cache.get_json("templates", key)
    if isinstance(known, dict) and all(isinstance(known.get(name), str) for name in names):
        return {name: str(known[name]) for name in names}
    found = in_theme(theme.name, lambda: template_keys(theme, names))
    cache.keep_only("templates", [])
    cache.put_json("templates", key, found)
    return found


def plan_site(
    loaded: Loaded, config: Config, theme: Theme, assets: Assets, code: str, cache: Cache
) -> Planned:
    """Plan every page and feed of the site, and make the files that need no template."""
    from digest.site.feeds import render_robots, render_sitemap

    urls = UrlScheme.from_base_url(config.base_url)
    setup = render_setup(config, theme, assets.paths, source_date(os.environ))
    shared_key = setup_key(setup, code)
    pages = tuple(plan_pages(loaded.groups, loaded.refs, config, urls))
    keys = known_template_keys(cache, theme, list(dict.fromkeys(page.template for page in pages)))
    feeds = tuple(plan_feeds(loaded.groups, loaded.refs, config, urls))
    byte_files: dict[str, bytes] = dict(assets.files)
    byte_files[urls.sitemap()] = render_sitemap(sitemap_pages(pages), urls)
    byte_files[urls.robots()] = render_robots(urls)
    existing = frozenset(
        [*(output_file(page.meta.path) for page in pages), *(f.path for f in feeds), *byte_files]
    )
    return Planned(setup, shared_key, keys, pages, feeds, byte_files, existing)


@dataclass(frozen=True, slots=True)
class _Trees:
    """site/ and the spare as the cache knows them, and the staging folder made from them."""

    site_token: str | None
    published: Mapping[str, Entry]
    spare: Mapping[str, Entry] | None
    staging: Staging


def _site_token(trees: Mapping[str, object], here: int | None) -> str | None:
    """Return the token of site/'s manifest, if the cache's record is about this site/.

    A build killed right after swapping in its site could not record it: site/ is then not
    the folder the recorded manifest describes (its inode differs), nor a spare later.
    """
    token = trees.get("site")
    return (
        token
        if isinstance(token, str) and here is not None and here == trees.get("inode")
        else None
    )


def published_manifest(cache: Cache, site: Path) -> dict[str, Entry]:
    """Return the manifest of site/ as the last build recorded it (empty when unknown)."""
    trees = cache.get_json(STATE, STATE_TREES)
    token = _site_token(trees if isinstance(trees, dict) else {}, folder_inode(site))
    return manifest_from_bytes(cache.get(MANIFEST, token)) if token else {}


def record_site(cache: Cache, site: Path, manifest: Mapping[str, Entry] | None) -> None:
    """Record site/ after `digest serve` changed files in it in place (the spare is as it was).

    With *manifest* None, site/ is no longer trusted (it is being changed): a build
    meanwhile, or after a crash, renders what it cannot take from the spare.
    Either way site/ is no longer what the last build's inputs made: the next build may not
    skip its work when the inputs are back to those (a story added, then removed again).
    """
    cache.delete(STATE, [STATE_BUILD])
    trees = cache.get_json(STATE, STATE_TREES)
    trees = trees if isinstance(trees, dict) else {}
    spare = trees.get("spare") if isinstance(trees.get("spare"), str) else None
    _record_trees(cache, site, manifest, spare, bool(trees.get("whole")))


def _record_trees(
    cache: Cache, site: Path, manifest: Mapping[str, Entry] | None, spare: str | None, whole: bool
) -> None:
    """Store the manifest of site/ (None: not trusted) and which manifest is the spare's."""
    state: dict[str, object] = {"site": None, "spare": spare, "whole": whole, "inode": None}
    if manifest is not None:
        token = uuid.uuid4().hex
        cache.put(MANIFEST, token, manifest_bytes(manifest))
        cache.keep_only(MANIFEST, [token, *([spare] if spare else [])])
        state.update(site=token, inode=folder_inode(site))
    cache.put_json(STATE, STATE_TREES, state)
    cache.commit()


def _open_trees(cache: Cache, site: Path) -> _Trees:
    """Read what the cache knows of site/ and the spare; stage the next site in the spare."""
    refuse_link_out(site.parent, site)  # publishing swaps site/: never through a link out
    remove_leftovers(cache.folder)
    trees = cache.get_json(STATE, STATE_TREES)
    trees = trees if isinstance(trees, dict) else {}
    here = folder_inode(site)
    site_token = _site_token(trees, here)
    published = manifest_from_bytes(cache.get(MANIFEST, site_token)) if site_token else {}
    spare_token = trees.get("spare") if trees.get("whole") else None
    spare = manifest_from_bytes(cache.get(MANIFEST, spare_token)) if spare_token else None
    # From here the spare changes: an interrupted build must not trust it any more.
    cache.put_json(
        STATE,
        STATE_TREES,
        {"site": site_token, "spare": None, "whole": False, "inode": here if site_token else None},
    )
    cache.commit()
    return _Trees(site_token, published, spare, open_staging(cache.folder, site, spare, published))


@dataclass(slots=True)
class _Assembly:
    """The new site as it is put together in the staging folder, and what that took.

    The working state of one build (mutable, never shared): the manifest of what the staging
    folder holds, what was done to it, the pages rendered and the broken links found.
    """

    trees: _Trees
    shared: _RenderShared
    local: tuple[Renderer, LinkChecker, _RenderShared]
    loaded: Loaded
    cache: Cache
    folder: Path
    workers: int | None
    manifest: dict[str, Entry] = field(default_factory=dict)
    actions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ACTIONS, 0))
    broken: list[BrokenLink] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    changed_bytes: list[str] = field(default_factory=list)

    def render(self, jobs: Sequence[_Job]) -> None:
        """Reuse what is at hand; render the rest, with the full stories they show."""
        staging = self.trees.staging
        needed = []
        for job in jobs:
            how = staging.reusable(job.path, job.key)
            if how is None:
                needed.append(job)
                continue
            self.manifest[job.path], action = staging.reuse(job.path, job.key, how)
            self.actions[action] += 1
        self.rendered.extend(job.path for job in needed)
        self._add_stories(needed)
        count = worker_count(len(needed), requested=self.workers)
        if count:
            batches = chunks(needed, count * 8)
            results = run_parallel(
                _render_worker, _render_jobs, self.shared, batches, workers=count
            )
        else:
            results = [_render_jobs(self.local, needed)]
        for batch, failure in results:
            if failure is not None:
                raise ThemeError(failure)
            for path, entry, action, found in batch:
                self.manifest[path] = entry
                self.actions[action] += 1
                self.broken.extend(found)

    def _add_stories(self, jobs: Sequence[_Job]) -> None:
        """Make the full stories that *jobs* show (reading them from the cache or files)."""
        wanted: set[str] = set()
        for job in jobs:
            if job.page is not None:
                wanted.update(ref.id for ref in referenced(job.page.values))
            elif job.feed is not None:
                wanted.update(ref.id for ref in job.feed.entries)
        wanted -= self.shared.stories.keys()
        file_of = self.loaded.file_of
        files = [file_of[name] for name in sorted(wanted)]
        full = full_stories(files, self.loaded.stories.full, self.cache, self.folder)
        cards = {card.id: card for card in self.loaded.shown}
        urls = self.shared.setup.urls
        stories = self.shared.stories
        assert isinstance(stories, dict)
        for name in wanted:
            story = full[file_of[name].key]
            article = replace(story.article, slug=cards[name].slug)
            stories[name] = make_story(article, story.html, story.teaser, urls)

    def place_bytes(self, files: Mapping[str, bytes]) -> None:
        """Place files made without templates; note those whose bytes changed."""
        staging = self.trees.staging
        for path, data in files.items():
            entry, action = staging.place(path, digest_of(data), data)
            self.manifest[path] = entry
            self.actions[action] += 1
            before = self.trees.published.get(path)
            if action == "written" or (before is not None and before.digest != entry.digest):
                self.changed_bytes.append(path)

    def check_links(self, urls: UrlScheme, existing: frozenset[str]) -> None:
        """Raise BrokenLinksError naming every broken link of the new site.

        Rendered pages were checked as they were rendered; files reused from earlier builds
        passed then, and are checked again only when files they could link to have gone.
        """
        root = self.trees.staging.root
        for path in self.changed_bytes:
            self.broken.extend(LinkChecker(urls, existing).check(path, (root / path).read_bytes()))
        before = set(self.trees.published) | set(self.trees.spare or {})
        gone = {path for path in before - existing if not path.startswith(SEARCH_DIR + "/")}
        if gone:
            checked = set(self.rendered) | set(self.changed_bytes)
            unchecked = sorted(path for path in existing if path not in checked)
            count = worker_count(len(unchecked), requested=self.workers)
            batches = chunks(unchecked, count * 4) if count else [unchecked]
            shared = _CheckShared(urls, root, existing)
            for found in run_parallel(_check_worker, _check_files, shared, batches, workers=count):
                self.broken.extend(found)
        if self.broken:
            raise BrokenLinksError(sorted(self.broken, key=lambda link: (link.page, link.link)))

    def place_search(self, indexes: Sequence[ShardIndex]) -> Path | None:
        """Put the search index into the staging folder; return a damaged cached file, if any."""
        staging = self.trees.staging
        for path, (source, digest) in layout(indexes).items():
            how = staging.reusable(path, digest)
            if how is not None:
                self.manifest[path], action = staging.reuse(path, digest, how)
            else:
                data = cached_file(source, digest)
                if data is None:
                    return Path(source)
                self.manifest[path], action = staging.place(path, digest, data)
            self.actions[action] += 1
        listing = shard_list(indexes)
        path = f"{SEARCH_DIR}/{SHARD_LIST}"
        self.manifest[path], action = staging.place(path, digest_of(listing), listing)
        self.actions[action] += 1
        return None


def search_shards(
    articles: Sequence[Article],
    html_pages: Iterable[str],
    urls: UrlScheme,
    read: Callable[[str], str],
) -> tuple[list[Shard], dict[str, str]]:
    """Return the search shards and the key of each: Pagefind and what it reads of its pages.

    *read* gives, for a page, the digest of what Pagefind reads of it.
    """
    story_pages = [
        (card.date, output_file(urls.article(card.date, card.slug))) for card in articles
    ]
    shards = plan_shards(story_pages, list(html_pages))
    command = pagefind_command()
    keys = {
        shard.name: shard_key(command, {page: read(page) for page in shard.pages})
        for shard in shards
    }
    return shards, keys


def _build_site(
    project: Path,
    config: Config,
    drafts: bool,
    cache: Cache,
    inputs: ProjectInputs | None,
    workers: int | None,
    guard: Guard | None,
) -> SiteReport:
    started = time.perf_counter()
    problems = check_settings(config)
    if problems:
        raise DigestError("\n".join(problems))
    urls = UrlScheme.from_base_url(config.base_url)
    if inputs is None:
        inputs = scan_project(project, build_settings(drafts=drafts, environ=os.environ))
    code = inputs.code or code_stamp()
    theme = resolve_theme(project, config.theme)
    assets = fingerprint(read_static(theme))
    folder = project / ARTICLES_DIR
    site = project / SITE_DIR

    loaded = load_cards(folder, inputs, cache, code, config, drafts, workers)
    planned = plan_site(loaded, config, theme, assets, code, cache)
    trees = _open_trees(cache, site)
    setup = replace(planned.setup, code_cache=cache.folder / TEMPLATE_CODE)
    shared = _RenderShared(setup, {}, trees.staging, planned.existing)
    local = _render_worker(shared)
    # Templates are loaded in page order first, so that a missing or broken one is reported
    # as the home page meets it, whatever order the pages are then rendered in.
    templates = dict.fromkeys(page.template for page in planned.pages)
    in_theme(
        planned.setup.theme_name, lambda: [local[0].env.get_template(name) for name in templates]
    )
    assembly = _Assembly(trees, shared, local, loaded, cache, folder, workers)

    # Story pages first: the search index is made from them, and Pagefind indexes them
    # (the shards whose pages changed) while the other pages are rendered and checked.
    assembly.render(planned.story_jobs())
    if not loaded.groups.articles:  # without stories the whole site is indexed: finish it
        assembly.render(planned.other_jobs())
        assembly.place_bytes(planned.byte_files)
    manifest = assembly.manifest
    shards, keys = search_shards(
        loaded.groups.articles,
        (path for path in planned.existing if path.endswith(".html")),
        urls,
        lambda page: manifest[page].search or manifest[page].digest,
    )
    indexing = Indexing(shards, keys, trees.staging.root, cache.folder)
    try:
        if loaded.groups.articles:
            assembly.render(planned.other_jobs())
            assembly.place_bytes(planned.byte_files)
        assembly.check_links(urls, planned.existing)
        _remember_cards(cache, loaded, code)
        indexes = indexing.result()
    finally:
        indexing.close()
    _place_search(assembly, indexes, shards, keys, cache, trees.staging.root)

    removed = _publish(cache, trees, assembly.manifest, site, guard)
    forget_other_shards(cache.folder, list(keys.values()))
    return SiteReport(
        pages=sum(1 for path in planned.existing if path.endswith(".html")),
        files=len(planned.existing),
        articles=len(loaded.shown),
        drafts_left_out=len(loaded.cards) - len(loaded.shown),
        seconds=time.perf_counter() - started,
        output=site,
        rendered=len(assembly.rendered),
        written=assembly.actions["written"],
        linked=assembly.actions["linked"],
        removed=removed,
        parsed=loaded.stories.parsed,
        shards=len(shards),
        indexed=indexing.indexed,
        warnings=tuple(cache.warnings),
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
        if file.saved is None:
            cache.put(CARDS, file.path, file.record(code))
    present = {file.path for file in loaded.stories.files}
    cache.delete(CARDS, [path for path in loaded.known if path not in present])


def _publish(
    cache: Cache, trees: _Trees, manifest: Mapping[str, Entry], site: Path, guard: Guard | None
) -> int:
    """Drop what the new site does not have, swap it in, record it; return files removed."""
    staging = trees.staging
    previous = set(staging.held) | (set(trees.spare) if trees.spare is not None else set())
    removed = remove_listed(staging, sorted(previous - set(manifest)))
    publish(staging, guard)
    # The old site is now the spare; its manifest is already stored under its token.
    _record_trees(cache, site, manifest, trees.site_token, trees.site_token is not None)
    return removed
