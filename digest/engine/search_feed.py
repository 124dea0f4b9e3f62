"""Search feed: Pagefind started on each shard as soon as its story pages are rendered.

A build renders the story pages first. Their shards are planned before (they depend only
on the stories' dates and pages), so each shard is keyed and, when the cache lacks it,
handed to Pagefind the moment its last page is rendered: Pagefind indexes the first months
while the render workers go on with the next ones and with the other pages, instead of
waiting for every page. The render workers write what Pagefind reads of each story page
they render into the shard's input folder (`search.SearchInput`), so the build's own
process does not read those pages back. The keys and the index are exactly those of
`site_build.search_shards` after the render: only the moment Pagefind starts changes.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from digest.engine.trees import Trees
from digest.models import Article
from digest.paths import SEARCH_CACHE
from digest.site.pagefind import Indexing, pagefind_command, shard_key
from digest.site.pagefind_early import Runs
from digest.site.plan import SitePlan
from digest.site.render_pass import Rendered
from digest.site.search import INPUT_PREFIX, SearchInput, Shard, ShardIndex
from digest.site.search_files import SearchFiles, shard_files
from digest.site.shard_plan import plan_shards
from digest.store.cache import Cache
from digest.store.write import Entry
from digest.urls import UrlScheme, output_file


def search_shards(
    articles: Sequence[Article],
    html_pages: Iterable[str],
    urls: UrlScheme,
    read: Callable[[str], str],
) -> tuple[list[Shard], dict[str, str]]:
    """Return the search shards and the key of each: Pagefind and what it reads of its pages.

    *read* gives, for a page, the digest of what Pagefind reads of it.
    """
    shards = story_shards(articles, list(html_pages), urls)
    command = pagefind_command()
    keys = {
        shard.name: shard_key(command, {page: read(page) for page in shard.pages})
        for shard in shards
    }
    return shards, keys


Dated = Sequence[tuple[dt.date, str]]  # each story's date and page, newest first


def plan_search(
    plan: SitePlan, dated: Dated, manifest: Mapping[str, Entry]
) -> tuple[list[Shard], dict[str, str]]:
    """Return the search shards of the staged pages and their keys; none with `search: false`
    (then Pagefind never runs). *dated*: each story's date and page (`dated_pages`)."""
    if not plan.setup.search:
        return [], {}
    shards = plan_shards(dated, [path for path in plan.existing if path.endswith(".html")])
    command = pagefind_command()
    return shards, {shard.name: key_of(shard, manifest, command) for shard in shards}


def dated_pages(articles: Sequence[Article], urls: UrlScheme) -> list[tuple[dt.date, str]]:
    """Return the date and the page of each story of *articles* (newest first, as grouped)."""
    days: dict[dt.date, str] = {}  # each day's page made once: 100 000 stories, ~1 000 days
    found = []
    for card in articles:
        day = days.get(card.date)
        if day is None:
            day = days[card.date] = urls.day(card.date)
        found.append((card.date, output_file(urls.article_in(day, card.slug))))
    return found


def story_shards(
    articles: Sequence[Article], html_pages: Sequence[str], urls: UrlScheme
) -> list[Shard]:
    """Return the search shards of the site's story pages (or of *html_pages* without any)."""
    return plan_shards(dated_pages(articles, urls), html_pages)


def key_of(shard: Shard, manifest: Mapping[str, Entry], command: Sequence[str]) -> str:
    """Return the key of *shard*: Pagefind and what it reads of each page (its digest)."""
    return shard_key(command, page_digests(shard, manifest))


def page_digests(shard: Shard, manifest: Mapping[str, Entry]) -> dict[str, str]:
    """Return the digest of what Pagefind reads of each page of *shard* (`part_digest`)."""
    return {page: manifest[page].search or manifest[page].digest for page in shard.pages}


Place = Callable[[SearchFiles], object]  # puts search files into the new site
_DONE = object()  # what next() gives for a `meanwhile` worked through


class SearchFeed:
    """The shards of a build's story pages, offered to Pagefind as their pages are done.

    With *place*, each shard's index files are put into the new site as soon as Pagefind
    has made them (the build places what is left, and shards.json, at the end): copying
    27 MB of index at 4 000 stories no longer waits for the last run.
    """

    def __init__(
        self,
        dated: Dated,
        manifest: Mapping[str, Entry],
        site: Path,
        cache_folder: Path,
        place: Place | None = None,
        early: Runs | None = None,
    ) -> None:
        self.manifest = manifest  # the build's: filled in as pages are rendered or reused
        self.place = place
        self.shards = plan_shards(dated, [])
        self.command = pagefind_command()
        self._open = {shard.name: shard for shard in self.shards}
        self._of = {page: shard.name for shard in self.shards for page in shard.pages}
        store = cache_folder / SEARCH_CACHE
        store.mkdir(parents=True, exist_ok=True)
        root = Path(tempfile.mkdtemp(prefix=INPUT_PREFIX, dir=store))
        self.input = SearchInput(root, self._of)
        self.indexing = Indexing(self.shards, {}, site, cache_folder, self.input, early)
        self._keys: dict[str, str] | None = None

    @classmethod
    def start(
        cls,
        plan: SitePlan,
        dated: Dated,
        manifest: Mapping[str, Entry],
        trees: Trees,
        cache: Cache,
        place: Place | None = None,
        early: Runs | None = None,
    ) -> SearchFeed | None:
        """Return the feed of a build's story pages (*dated*: `dated_pages`); None with
        `search: false` or no stories. *early*: Pagefind runs started on some shards
        before their pages were rendered (`edit_build.early_search`)."""
        if not plan.setup.search or not dated:
            return None
        return cls(dated, manifest, trees.staging.root, cache.folder, place, early)

    def took(self, files: Sequence[Rendered]) -> None:
        """Offer every shard whose pages are all in the manifest now; let Pagefind go on."""
        touched = {self._of[file.path] for file in files if file.path in self._of}
        for name in sorted(touched):
            shard = self._open.get(name)
            if shard is not None and all(page in self.manifest for page in shard.pages):
                del self._open[name]
                pages = page_digests(shard, self.manifest)
                self.indexing.offer(name, shard_key(self.command, pages), pages)
        self.indexing.advance()
        self._place_found()

    def _place_found(self) -> None:
        """Place the index files of every shard found since the last time."""
        newest = self.shards[-1].name  # the primary index, at pagefind/ itself
        for index in self.indexing.taken():
            if self.place is not None:
                name = index.shard.name
                made_now = name in self.indexing.made  # digested by `_finish` just now
                self.place(shard_files(index, primary=name == newest, made_now=made_now))

    def keys(self) -> dict[str, str]:
        """Return the key of every shard (all pages are in the manifest by now).

        Asked once the pages are rendered, by the build and by `result`: worked out once
        (each key hashes its hundred pages' paths and digests).
        """
        if self._keys is None:
            self._keys = {
                shard.name: key_of(shard, self.manifest, self.command) for shard in self.shards
            }
        return self._keys

    def result(
        self,
        last_run: Callable[[], object] | None = None,
        meanwhile: Iterator[None] | None = None,
    ) -> list[ShardIndex]:
        """Offer the shards not offered yet (pages reused, not rendered); wait for the index,
        placing each shard's files while the last runs go on.

        *last_run* is called once, when one run is left and no shard waits for one: what
        the build does then runs beside Pagefind's last run, on the core it leaves idle.
        *meanwhile* is the build's own work to do while Pagefind indexes, a piece per item:
        the runs are looked at between pieces, so a run that ended is followed by the next
        shard's at once. Done before this wait, the pieces (~0.45 s at 4 000 stories) left
        both runs ended and the next ones not started for up to 0.35 s of a cold build.
        """
        keys = self.keys()
        for name, shard in list(self._open.items()):
            del self._open[name]
            self.indexing.offer(name, keys[name], page_digests(shard, self.manifest))
        offered = len(self.indexing.keys) == len(self.shards)  # else result() says which not
        while offered and not self.indexing.advance():
            self._place_found()
            indexing = self.indexing
            if last_run is not None and not indexing.waiting and len(indexing.running) <= 1:
                last_run()
                last_run = None
            if meanwhile is not None and next(meanwhile, _DONE) is not _DONE:
                continue  # a piece of the build's own work done: look at the runs again
            meanwhile = None
            self.indexing.wait()
        for _ in meanwhile or ():  # every run ended before the work did
            pass
        self._place_found()
        return self.indexing.result()

    def close(self) -> None:
        self.indexing.close()
