"""Plan: the site's stories -> every file of the site, planned and keyed (nothing rendered).

One planning path for `digest check`, `digest build` and `digest serve`: `arrange` (or
`arrange_articles` for full articles in memory) groups the stories and names each by a
StoryRef; `plan_site` plans every page and feed, makes the files that need no template and
keys every file; `replan_edited` is the plan after edits that leave every story where it
was, planning again only the files that name an edited story.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from digest.config import Config
from digest.errors import ArticleErrors
from digest.models import Article
from digest.paths import REDIRECTS_FILE
from digest.site.feed_ids import Clock, PastUrls, advance, advance_edited, identities
from digest.site.feeds import render_robots, render_sitemap
from digest.site.gone_terms import kept_feeds
from digest.site.group import Groups, RelatedFinder, group
from digest.site.keys import feed_digest, plan_digest, planned_key, setup_key
from digest.site.limits import over_limits
from digest.site.load import duplicate_ids
from digest.site.media import (
    MediaFinder,
    StoryMedia,
    check_collisions,
    picture_parts,
    project_of,
    site_files,
)
from digest.site.pages import plan_feeds, plan_pages, sitemap_pages
from digest.site.picture_cache import FileJob
from digest.site.redirects import plan_redirects, redirect_files, redirect_map
from digest.site.renderer import RenderSetup, make_story, render_body, story_ref
from digest.site.slugs import unique_slugs
from digest.site.stories import StoryFile
from digest.site.term_urls import advance_terms, feed_origins
from digest.site.typography import markdown
from digest.site.views import (
    STORY_TEMPLATE,
    FeedPlan,
    Page,
    Story,
    StoryRef,
    add_referenced_ids,
    referenced,
    with_refs,
)
from digest.store.url_history import UrlHistory
from digest.store.write import digest_of
from digest.urls import UrlScheme, output_file

# Each template's own part of its pages' keys, for the template names given (may raise
# jinja2.TemplateError for a broken template).
TemplateKeys = Callable[[Sequence[str]], Mapping[str, str]]
# Each shown story's picture and bundle files, by id (site/media.py; raises ArticleErrors).
FindMedia = Callable[[Sequence[Article]], Mapping[str, StoryMedia]]


@dataclass(frozen=True, slots=True)
class Arranged:
    """The stories of a site: cards with unique slugs, those shown, groups, references."""

    cards: tuple[Article, ...]
    shown: tuple[Article, ...]
    file_of: Mapping[str, StoryFile]  # by story id (empty for articles held in memory)
    groups: Groups
    refs: Mapping[str, StoryRef]  # by story id
    media: Mapping[str, StoryMedia] = field(default_factory=dict)  # by story id, if any

    def page_sources(self, articles: str) -> dict[str, str]:
        """Return each shown story's page (file of site/) -> its file, under *articles*."""
        return {
            output_file(self.refs[card.id].path): f"{articles}/{card.path.as_posix()}"
            for card in self.shown
            if card.id in self.refs
        }


def ref_digest(*parts: str) -> str:
    """Return the digest that a StoryRef carries: of its file's story key and its slug."""
    return hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=16).hexdigest()


def story_cards(
    loaded: Sequence[StoryFile], folder: Path, history: UrlHistory
) -> tuple[tuple[Article, ...], dict[str, StoryFile]]:
    """Return the cards with unique slugs (those *history* has them at kept), and each article
    id's file; raise on duplicate ids."""
    cards = [file.card for file in loaded]
    errors = duplicate_ids(cards, folder)
    if errors:
        raise ArticleErrors(errors)
    unique = unique_slugs(cards, history)
    # `unique_slugs` keeps the order: each card is its file's (no path made text again).
    return unique, {card.id: file for card, file in zip(unique, loaded, strict=True)}


def arrange(
    files: Sequence[StoryFile],
    folder: Path,
    config: Config,
    drafts: bool,
    find_related: RelatedFinder,
    find_media: FindMedia | None = None,
    *,
    history: UrlHistory,
) -> Arranged:
    """Arrange the story files of a build (*history*: the URL history it starts from, which
    keeps each story's slug); raise ArticleErrors on duplicate ids."""
    urls = config_urls(config)
    find_media = find_media or MediaFinder(project_of(folder))
    cards, file_of = story_cards(files, folder, history)
    over_limits(cards, folder, config.limits)
    shown = cards if drafts else tuple(card for card in cards if not card.draft)
    groups = group(shown, related=config.related, find_related=find_related)
    media = find_media(shown)
    refs = {
        card.id: story_ref(
            card,
            ref_digest(file_of[card.id].key, card.slug, *picture_parts(media.get(card.id))),
            file_of[card.id].teaser,
            urls,
        )
        for card in shown
    }
    return Arranged(cards, shown, file_of, groups, refs, media)


def arrange_articles(
    articles: Sequence[Article],
    config: Config,
    drafts: bool,
    find_media: FindMedia | None = None,
) -> tuple[Arranged, dict[str, Story]]:
    """Arrange full articles held in memory; return them with every full story, by id.

    Each article's Markdown is parsed here, once; its reference is keyed by its id, as
    nothing planned from it is kept.
    """
    urls = config_urls(config)
    shown = tuple(articles) if drafts else tuple(a for a in articles if not a.draft)
    groups = group(shown, related=config.related)
    media = find_media(shown) if find_media is not None else {}
    md = markdown(config.language)
    stories: dict[str, Story] = {}
    refs: dict[str, StoryRef] = {}
    for article in shown:
        body, teaser = render_body(article, md)
        picture = media[article.id].picture if article.id in media else None
        stories[article.id] = make_story(article, body, teaser, urls, picture)
        refs[article.id] = story_ref(article, article.id, teaser, urls)
    return Arranged(tuple(articles), shown, {}, groups, refs, media), stories


def config_urls(config: Config) -> UrlScheme:
    """Return the URL scheme of *config*'s site."""
    return UrlScheme.from_base_url(config.base_url)


@dataclass(frozen=True, slots=True)
class SitePlan:
    """Every file of a site, planned and keyed; the dicts are in plan order."""

    setup: RenderSetup
    shared_key: str  # the part of every key that all pages share
    template_keys: Mapping[str, str]  # each template's own part of its pages' keys
    pages: Mapping[str, Page]  # by file of site/
    feeds: Mapping[str, FeedPlan]  # by file of site/
    byte_files: Mapping[str, bytes]  # assets, sitemap.xml, robots.txt
    keys: Mapping[str, str]  # every file: pages and feeds by plan, byte files by digest
    users: Mapping[str, frozenset[str]]  # story id -> files whose plan names it
    history: UrlHistory  # every story's URLs after this plan is published
    redirects: Mapping[str, str]  # file of an old URL -> the site path it leads to
    made: Mapping[str, FileJob] = field(default_factory=dict)  # pictures and bundle files
    # Each page's and feed's plan digest (`keys.plan_digest`): what its key holds of its plan.
    digests: Mapping[str, str] = field(default_factory=dict)

    @property
    def existing(self) -> frozenset[str]:
        """Return every file of the site but the search index."""
        return frozenset(self.keys)

    def story_pages(self) -> list[str]:
        """Return the story pages (what the search index reads), in plan order."""
        return [path for path, page in self.pages.items() if page.template == STORY_TEMPLATE]

    def other_files(self) -> list[str]:
        """Return every other file, in plan order."""
        return [
            path
            for path in self.keys
            if path not in self.pages or self.pages[path].template != STORY_TEMPLATE
        ]


def plan_site(
    arranged: Arranged,
    config: Config,
    setup: RenderSetup,
    assets: Mapping[str, bytes],
    template_keys: TemplateKeys,
    code: str,
    past: PastUrls,
    static_names: Collection[str] = (),
) -> SitePlan:
    """Plan and key every page and feed of the site, and make the files needing no template.

    *past* is the URL history the last build left: the plan carries it forward, with a
    redirect for every old URL and each feed entry's lasting identity. *static_names* are the
    project's static files among *assets*, published at their own paths: one that takes the
    path of a file digest makes is an error (DigestError).
    """
    urls = setup.urls
    shown = arranged.shown
    groups = arranged.groups
    history = advance(past, (card.id for card in arranged.cards), shown, arranged.refs, urls)
    history = advance_terms(history, groups, urls)
    planned = list(plan_pages(groups, arranged.refs, config, urls))
    pages = {output_file(page.meta.path): page for page in planned}
    templates = template_keys(list(dict.fromkeys(page.template for page in planned)))
    entry_ids, origins = identities(history, shown, urls), feed_origins(history)
    made_feeds = plan_feeds(groups, arranged.refs, config, urls, entry_ids, None, origins)
    feeds = {feed.path: feed for feed in made_feeds}
    generated = [*pages, *feeds, urls.sitemap(), urls.robots()]
    generated += [path for path in assets if path not in static_names]  # the theme's
    byte_files: dict[str, bytes] = dict(assets)
    byte_files[urls.sitemap()] = render_sitemap(sitemap_pages(planned), urls)
    byte_files[urls.robots()] = render_robots(urls)
    made = site_files(arranged.media, {name: ref.path for name, ref in arranged.refs.items()})
    check_collisions(generated, made, static_names)
    live = {*pages, *feeds, *byte_files, *made}
    redirects = plan_redirects(history, shown, arranged.refs, live, config.deleted_stories, urls)
    own_rules = byte_files.get(REDIRECTS_FILE)  # static/_redirects
    byte_files.update(redirect_files(redirects, urls, config.language, own_rules))
    byte_files.update(kept_feeds(history, live, config, urls))  # of tags no story has now
    shared = setup_key(setup, code)
    keys, digests = _keys(shared, templates, pages, feeds)
    keys.update((path, digest_of(data)) for path, data in byte_files.items())
    keys.update((path, job.key) for path, job in made.items())
    users = StoryUsers(pages, feeds)
    moved = redirect_map(redirects)
    return SitePlan(
        setup,
        shared,
        dict(templates),
        pages,
        feeds,
        byte_files,
        keys,
        users,
        history,
        moved,
        made,
        digests,
    )


def replan_edited(
    plan: SitePlan,
    arranged: Arranged,
    config: Config,
    changed: Mapping[str, StoryRef],
    clock: Clock,
) -> SitePlan:
    """Return *plan* after edits that leave every story's place in the site as it was.

    *arranged* holds the new references; *changed* those of the edited stories, by id;
    *clock* says when an edited text was changed (its feed entries' <updated>). Only the
    plans of the files that name an edited story (`plan.users`) are read: a build's plan
    may hold no others (`engine/plan_index`), and *arranged* only the stories they show.
    """
    pages, feeds = dict(plan.pages), dict(plan.feeds)
    cards = {card.id: card for card in arranged.shown if card.id in changed}
    urls = plan.setup.urls
    # The shown cards are those of the last grouping; the text is the edited file's.
    edited = [
        replace(card, text_digest=arranged.file_of[name].card.text_digest)
        if name in arranged.file_of
        else card
        for name, card in cards.items()
    ]
    history = advance_edited(plan.history, clock, edited, arranged.refs, urls)
    entry_ids = identities(history, edited, urls)
    touched: set[str] = set()
    for name in changed:
        touched |= plan.users.get(name, frozenset())
    for path in touched:
        if path in feeds:
            feed = feeds[path]
            feeds[path] = replace(
                feed,
                entries=with_refs(feed.entries, changed),
                identities=tuple(
                    entry_ids.get(ref.id, identity)
                    for ref, identity in zip(feed.entries, feed.identities, strict=True)
                ),
            )
            continue
        pages[path] = _with_changed(pages[path], changed, config)
    keys, digests = dict(plan.keys), dict(plan.digests)
    new_keys, new_digests = _keys(
        plan.shared_key,
        plan.template_keys,
        {path: pages[path] for path in touched if path in pages},
        {path: feeds[path] for path in touched if path in feeds},
    )
    keys.update(new_keys)
    digests.update(new_digests)
    return replace(plan, pages=pages, feeds=feeds, keys=keys, history=history, digests=digests)


def _with_changed(page: Page, changed: Mapping[str, StoryRef], config: Config) -> Page:
    """Return *page* naming the *changed* stories by their new references.

    A story's own page is as `pages.plan_story_page` plans it: its teaser describes it (its
    place, title, related stories and day are as they were).
    """
    story = page.values.get("story") if page.template == STORY_TEMPLATE else None
    values = with_refs(page.values, changed)
    if isinstance(story, StoryRef) and story.id in changed:
        teaser = changed[story.id].teaser
        meta = replace(page.meta, description=teaser or config.description)
        return replace(page, meta=meta, values=values)
    return replace(page, values=values)


def _keys(
    shared: str,
    templates: Mapping[str, str],
    pages: Mapping[str, Page],
    feeds: Mapping[str, FeedPlan],
) -> tuple[dict[str, str], dict[str, str]]:
    """Return the key and the plan digest of each page and feed, in plan order."""
    digests = {path: plan_digest(page) for path, page in pages.items()}
    keys = {
        path: planned_key(shared, templates[page.template], digests[path])
        for path, page in pages.items()
    }
    for path, feed in feeds.items():
        digests[path] = digest = feed_digest(feed)
        keys[path] = planned_key(shared, "", digest)
    return keys, digests


class StoryUsers(Mapping[str, frozenset[str]]):
    """Story id -> the files whose plan names it, worked out when first asked.

    Only `digest serve` asks (`replan_edited`, at a story's first edit); a build would spend
    a second at 4 000 stories walking every plan for it. A plan after edits shares its
    plan's, since an edit leaves every story on the pages it was on.
    """

    def __init__(self, pages: Mapping[str, Page], feeds: Mapping[str, FeedPlan]) -> None:
        self._pages, self._feeds = pages, feeds
        self._found: dict[str, frozenset[str]] | None = None

    def _users(self) -> dict[str, frozenset[str]]:
        if self._found is None:
            found: dict[str, set[str]] = {}
            for path, page in self._pages.items():
                for ref in referenced(page.values):
                    found.setdefault(ref.id, set()).add(path)
            for path, feed in self._feeds.items():
                for ref in feed.entries:
                    found.setdefault(ref.id, set()).add(path)
            self._found = {name: frozenset(paths) for name, paths in found.items()}
        return self._found

    def __getitem__(self, name: str) -> frozenset[str]:
        return self._users()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._users())

    def __len__(self) -> int:
        return len(self._users())


def referenced_ids(plan: SitePlan, paths: Iterable[str]) -> set[str]:
    """Return the ids of the stories that the pages and feeds at *paths* show in full."""
    wanted: set[str] = set()
    for path in paths:
        page = plan.pages.get(path)
        if page is not None:
            add_referenced_ids(page.values, wanted)
        elif path in plan.feeds:
            wanted.update(ref.id for ref in plan.feeds[path].entries)
    return wanted
