"""Deploy plan: a build after stories were only added, planned from the last build's plan.

A deploy brings a day's new stories and changes nothing else. Every other page of the site
is then as the last build planned it, because what a page shows is one list of stories
(a day, a month, a region, a tag) or the stories related to one story, and:

- the lists a new story joins are its day, its month, its regions and tags: each of those
  is planned again, every page of it (a new story can move the others across pages), and
  the day and month next to a day or month that is new (their links to it);
- a story's related stories are chosen among the stories after it in date order
  (`group.related_stories`), so only the stories before the last new one can gain one;
- the front page, the archive and the indexes of regions and tags show counts of every
  list: always planned again; the site's feed and the feeds of the new stories' regions
  and tags too; the sitemap and the redirects are made whole, and the URL history learns
  the new stories (the others' entries are as publishing them again would leave them).

Everything else keeps the key and plan digest the plan index holds (`plan_index`). The
decision is made after the cards are loaded and arranged: every article file of the last
build is still there and its card is the record the cache held (its bytes are the ones the
last build read), every story shown then is shown with the same reference, no region's or
tag's name changed (its most used spelling), the settings (by their bytes), digest's code,
the shared and template keys and the URL history are the ones the index was made with.
Anything else plans the whole site. The result is byte for byte what a full build writes
(`tests/test_incremental_equal.py`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

import orjson

from digest.config import Config
from digest.engine.collector import settle
from digest.engine.plan_index import PlanIndex, history_digest, ref_fields
from digest.engine.site_plan import Loaded, known_template_keys
from digest.models import Article
from digest.paths import CONFIG_FILE, PICTURE_CACHE, REDIRECTS_FILE
from digest.site.feed_ids import PastUrls, advance, identities
from digest.site.feeds import render_robots, render_sitemap
from digest.site.gone_terms import kept_feeds
from digest.site.group import Groups, term_slug
from digest.site.keys import feed_digest, plan_digest, planned_key, setup_key
from digest.site.media import check_collisions, site_files
from digest.site.pages import Only, plan_feeds, plan_pages
from digest.site.picture_cache import FileJob
from digest.site.plan import Arranged, SitePlan, StoryUsers
from digest.site.redirects import plan_redirects, redirect_files, redirect_map
from digest.site.renderer import render_setup
from digest.site.term_urls import advance_terms, feed_origins
from digest.site.theme import Assets, Theme
from digest.site.views import FeedPlan, Page
from digest.source_date import source_date
from digest.store import pickled
from digest.store.cache import Cache, checksum
from digest.store.inputs import ProjectInputs, file_digest
from digest.store.state import PLAN_INDEX, TEMPLATE_CODE
from digest.store.url_history import UrlHistory
from digest.store.write import digest_of
from digest.urls import UrlScheme, output_file

LISTS_KEY = "lists"  # the record beside the plan index (`PLAN_INDEX`)


@dataclass(frozen=True, slots=True)
class Lists:
    """What a deploy needs of the last plan beyond its index: names and the sitemap."""

    token: str  # of the plan index it goes with
    frame: str  # `frame_of` the build's settings and code
    terms: Mapping[str, str]  # "region:<slug>" or "tag:<slug>" -> its name on the site
    sitemap: Mapping[str, int]  # each indexable page's path -> its last change (ordinal; 0)


def frame_of(project: Path, inputs: ProjectInputs) -> str:
    """Return a checksum of the settings' bytes, digest's code and the build's settings.

    By content, not by stamps: in a fresh clone every file time is new.
    """
    parts = [file_digest((project, project / CONFIG_FILE)), inputs.code, dict(inputs.settings)]
    return checksum(orjson.dumps(parts, option=orjson.OPT_SORT_KEYS))


def _term_names(groups: Groups) -> dict[str, str]:
    names = {f"region:{term.slug}": term.name for term in groups.regions}
    names.update((f"tag:{term.slug}", term.name) for term in groups.tags)
    return names


def _sitemap_of(pages: Iterable[Page]) -> dict[str, int]:
    return {
        page.meta.path: 0 if page.changed is None else page.changed.toordinal()
        for page in pages
        if page.meta.indexable
    }


def keep_lists(
    cache: Cache,
    token: str,
    project: Path,
    inputs: ProjectInputs,
    groups: Groups,
    plan: SitePlan,
    before: Lists | None,
) -> None:
    """Keep the lists record of a build whose plan index has *token*.

    *before*: the last build's record, when *plan* planned only some pages (a deploy).
    """
    sitemap = dict(before.sitemap) if before is not None else {}
    sitemap.update(_sitemap_of(plan.pages.values()))
    lists = Lists(token, frame_of(project, inputs), _term_names(groups), sitemap)
    cache.put(PLAN_INDEX, LISTS_KEY, pickled.dumps(lists))


def read_lists(cache: Cache, index: PlanIndex) -> Lists | None:
    """Return the lists record that goes with *index* (None: none, or another build's)."""
    data = cache.get_many(PLAN_INDEX, [LISTS_KEY]).get(LISTS_KEY)
    try:
        lists = pickled.loads(data) if data is not None else None
    except Exception:  # damaged, of other code, or naming more than data
        return None
    return lists if isinstance(lists, Lists) and lists.token == index.token else None


def pass_lists(cache: Cache, before: str, token: str) -> None:
    """Hand the lists record of index *before* to index *token* (an edit build: no list moved)."""
    data = cache.get_many(PLAN_INDEX, [LISTS_KEY]).get(LISTS_KEY)
    try:
        lists = pickled.loads(data) if data is not None else None
    except Exception:
        return
    if isinstance(lists, Lists) and lists.token == before:
        cache.put(PLAN_INDEX, LISTS_KEY, pickled.dumps(replace(lists, token=token)))


@dataclass(frozen=True, slots=True)
class Added:
    """A deploy's plan: every file keyed, the pages and feeds it planned again."""

    plan: SitePlan
    lists: Lists


def plan_added(
    loaded: Loaded,
    config: Config,
    theme: Theme,
    assets: Assets,
    code: str,
    cache: Cache,
    past: PastUrls,
    index: PlanIndex | None,
    inputs: ProjectInputs,
    project: Path,
) -> Added | None:
    """Return the plan of a build after stories were added, or None to plan everything."""
    lists = _lists_if_added(loaded, cache, index, inputs, project)
    if index is None or lists is None:
        return None
    arranged = loaded.arranged
    groups = arranged.groups
    only = _only(groups, [card for card in arranged.shown if card.id not in index.refs], lists)
    if only is None:
        return None
    setup = render_setup(config, theme, assets.paths, source_date(os.environ))
    shared = setup_key(setup, code)
    if shared != index.shared_key:
        return None
    urls = setup.urls
    planned = list(plan_pages(groups, arranged.refs, config, urls, only))
    names = list(dict.fromkeys([*index.template_keys, *(page.template for page in planned)]))
    templates = known_template_keys(cache, theme, names)
    if any(templates[name] != key for name, key in index.template_keys.items()):
        return None
    history, feeds = _feeds(arranged, config, urls, past, only, index)
    pages = {output_file(page.meta.path): page for page in planned}
    sitemap = {**lists.sitemap, **_sitemap_of(planned)}
    byte_files, made, redirects = _files(
        loaded, config, assets, urls, index, pages, feeds, history, sitemap
    )
    keys, digests = _keys(index, shared, templates, pages, feeds)
    keys.update((path, digest_of(data)) for path, data in byte_files.items())
    keys.update((path, job.key) for path, job in made.items())
    kept = cache.folder
    plan = SitePlan(
        replace(setup, code_cache=kept / TEMPLATE_CODE, picture_cache=kept / PICTURE_CACHE),
        shared,
        templates,
        pages,
        feeds,
        byte_files,
        keys,
        StoryUsers(pages, feeds),
        history,
        redirects,
        made,
        digests,
    )
    settle()  # kept till the build ends: set aside from the cycle collector
    return Added(plan, replace(lists, sitemap=sitemap))


def _feeds(
    arranged: Arranged,
    config: Config,
    urls: UrlScheme,
    past: PastUrls,
    only: Only,
    index: PlanIndex,
) -> tuple[UrlHistory, dict[str, FeedPlan]]:
    """Return the URL history after this build and the feeds planned again.

    Every story shown before is published as the last build published it, which left its
    entry as publishing it again would (`UrlHistory.advance`): only the new ones are
    published, the others kept as they are.
    """
    ids = [card.id for card in arranged.cards]
    new = [card for card in arranged.shown if card.id not in index.refs]
    groups = arranged.groups
    history = advance_terms(advance(past, ids, new, arranged.refs, urls), groups, urls)
    latest = identities(history, _in_feeds(groups, only, config.feed_entries), urls)
    feeds = plan_feeds(groups, arranged.refs, config, urls, latest, only, feed_origins(history))
    return history, {feed.path: feed for feed in feeds}


def _lists_if_added(
    loaded: Loaded, cache: Cache, index: PlanIndex | None, inputs: ProjectInputs, project: Path
) -> Lists | None:
    """Return the last build's lists record when this build only adds stories to it."""
    lists = read_lists(cache, index) if index is not None else None
    if index is None or lists is None or lists.frame != frame_of(project, inputs):
        return None
    if index.history != history_digest(project) or not _only_added(loaded, index):
        return None
    return lists


def _keys(
    index: PlanIndex,
    shared: str,
    templates: Mapping[str, str],
    pages: Mapping[str, Page],
    feeds: Mapping[str, FeedPlan],
) -> tuple[dict[str, str], dict[str, str]]:
    """Return the key and plan digest of every page and feed: the index's, those of *pages*
    and *feeds* made again (in the last plan's order, new files after)."""
    keys = {path: index.keys[path] for path in index.digests}
    digests = dict(index.digests)
    for path, page in pages.items():
        digests[path] = plan_digest(page)
        keys[path] = planned_key(shared, templates[page.template], digests[path])
    for path, feed in feeds.items():
        digests[path] = feed_digest(feed)
        keys[path] = planned_key(shared, "", digests[path])
    return keys, digests


def _files(
    loaded: Loaded,
    config: Config,
    assets: Assets,
    urls: UrlScheme,
    index: PlanIndex,
    pages: Mapping[str, Page],
    feeds: Mapping[str, FeedPlan],
    history: UrlHistory,
    sitemap: Mapping[str, int],
) -> tuple[dict[str, bytes], dict[str, FileJob], dict[str, str]]:
    """Return the files that need no template, those made of pictures and bundles, and the
    redirects (made whole, as a full plan makes them)."""
    arranged = loaded.arranged
    byte_files: dict[str, bytes] = dict(assets.files)
    byte_files[urls.sitemap()] = render_sitemap(_sitemap_pages(sitemap), urls)
    byte_files[urls.robots()] = render_robots(urls)
    made = site_files(arranged.media, {name: ref.path for name, ref in arranged.refs.items()})
    generated = [*index.digests, *pages, *feeds, urls.sitemap(), urls.robots()]
    theme_files = [path for path in assets.files if path not in assets.own]
    check_collisions([*dict.fromkeys(generated), *theme_files], made, assets.own)
    live = {*index.digests, *pages, *feeds, *byte_files, *made}
    redirects = plan_redirects(
        history, arranged.shown, arranged.refs, live, config.deleted_stories, urls
    )
    own_rules = byte_files.get(REDIRECTS_FILE)  # static/_redirects
    byte_files.update(redirect_files(redirects, urls, config.language, own_rules))
    byte_files.update(kept_feeds(history, live, config, urls))  # of tags no story has now
    return byte_files, made, redirect_map(redirects)


def _only_added(loaded: Loaded, index: PlanIndex) -> bool:
    """Tell whether the build's stories are the last build's, unchanged, and new ones."""
    files = loaded.stories.files
    known, stamps = loaded.known, index.stamps
    present = 0
    for file in files:
        if file.path in stamps:
            if file.held is None or file.held.check != known.get(file.path):
                return False  # read anew: its bytes are not the last build's
            present += 1
    if present != len(stamps):
        return False  # a story's file went
    refs, arranged = index.refs, loaded.arranged
    shown = 0
    for name, ref in arranged.refs.items():
        fields = refs.get(name)
        if fields is not None:
            if fields != ref_fields(ref):
                return False  # shown as before, but not as it was
            shown += 1
    return shown == len(refs)  # every story shown before is shown still


def _only(groups: Groups, added: Sequence[Article], lists: Lists) -> Only | None:
    """Return the lists the *added* stories land on; None when a name on the site changed."""
    regions = {term_slug(name) for card in added for name in card.regions}
    tags = {term_slug(name) for card in added for name in card.tags}
    for kind, terms, wanted in (("region", groups.regions, regions), ("tag", groups.tags, tags)):
        for term in terms:
            name = lists.terms.get(f"{kind}:{term.slug}")
            if term.slug in wanted and name is not None and name != term.name:
                return None  # its most used spelling changed: every page naming it changes
    new = {card.id for card in added}
    stories: set[str] = set()
    if new:  # the stories before the last new one (newest first) may have it as related
        last = max(at for at, card in enumerate(groups.articles) if card.id in new)
        stories = {card.id for card in groups.articles[: last + 1]}
    dates = {card.date for card in added}
    days = [(day.date, day.articles) for day in groups.days]
    months = [((month.year, month.month), month.articles) for month in groups.months]
    return Only(
        frozenset(_with_neighbours(days, dates, new)),
        frozenset(_with_neighbours(months, {(at.year, at.month) for at in dates}, new)),
        frozenset(regions),
        frozenset(tags),
        frozenset(stories),
        frozenset(new),
    )


Key = TypeVar("Key")


def _with_neighbours(
    lists: Sequence[tuple[Key, Sequence[Article]]], wanted: set[Key], new: set[str]
) -> set[Key]:
    """Return *wanted*, and the lists next to each wanted one that is new (all its stories
    are *new*): their pages link to it."""
    found = set(wanted)
    for at, (key, articles) in enumerate(lists):
        if key in wanted and all(article.id in new for article in articles):
            found.update(lists[other][0] for other in (at - 1, at + 1) if 0 <= other < len(lists))
    return found


def _in_feeds(groups: Groups, only: Only, entries: int) -> list[Article]:
    """Return the stories of the feeds a deploy plans again (those it names, at least)."""
    found = {card.id: card for card in groups.articles[:entries]}
    for terms, wanted in ((groups.regions, only.regions), (groups.tags, only.tags)):
        for term in terms:
            if term.slug in wanted:
                found.update((card.id, card) for card in term.articles[:entries])
    return list(found.values())


def _sitemap_pages(sitemap: Mapping[str, int]) -> list[tuple[str, dt.date | None]]:
    return sorted(
        (path, dt.date.fromordinal(day) if day else None) for path, day in sitemap.items()
    )
