"""Gone terms: the tags and regions no story names now -> a redirect and an empty feed each.

When the last story with a tag is deleted (or retagged), the tag's page and feed are no
longer made. Hugo and most generators simply drop them; readers who followed the page get a
404 and feed readers subscribed to the feed an error, which many of them answer by dropping
the subscription. A digest's reader follows a tag or a region for as long as it may come
back (a country, a person, a topic), so with `deleted_stories: region` (the default):

- the page, and every earlier path of it, redirects to the index of its kind (`/tags/`,
  `/regions/`), where the reader finds what there is now, as a deleted story leads to its
  region's page;
- the feed is kept at its URL with its <id>, valid and empty: a feed reader keeps the
  subscription, and sees the stories again should the tag come back (its page and feed are
  then made as before, at the same URLs). A redirect would hand it an HTML page.

With `deleted_stories: 404` both answer 404, as a deleted story's URLs do. The URL history
keeps the term (`gone`), so this holds build after build, and a fresh clone does the same.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from digest.config import Config
from digest.site.feeds import Feed, render_feed
from digest.store.url_history import UrlHistory
from digest.urls import UrlScheme, output_file

REDIRECTED = "region"  # the `deleted_stories` setting that leads deleted things somewhere


def gone_pages(
    history: UrlHistory, live: Collection[str], deleted: str, urls: UrlScheme
) -> Iterable[tuple[str, str, str]]:
    """Yield (old path, index path, name) for each page of a gone term to redirect."""
    if deleted != REDIRECTED:
        return
    for path, entry in (history.terms or {}).items():
        index = _index_of(path, urls)
        if not entry.gone or index is None or output_file(index) not in live:
            continue
        for old in (path, *entry.old):
            if output_file(old) not in live:
                yield old, index, entry.name


def kept_feeds(
    history: UrlHistory, live: Collection[str], config: Config, urls: UrlScheme
) -> dict[str, bytes]:
    """Return the empty feed of each gone term, at its URL with its <id>, by path."""
    if config.deleted_stories != REDIRECTED:
        return {}
    found: dict[str, bytes] = {}
    for path, entry in (history.terms or {}).items():
        feed_path = urls.feed(path)
        if not entry.gone or _index_of(path, urls) is None or feed_path in live:
            continue
        about = Feed(
            f"{entry.name} \u2013 {config.title}",
            config.description,
            feed_path,
            path,
            config.language,
            config.title,
            urls.feed(entry.first) if entry.first else "",
        )
        # No entry and no time of its own: <updated> is the epoch's, the same every build.
        found[feed_path] = render_feed(about, (), urls, None)
    return found


def _index_of(path: str, urls: UrlScheme) -> str | None:
    """Return the index of the term page at *path* (`tags/`, `regions/`); None if not one."""
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    if path == urls.tag(slug):
        return urls.tags()
    if path == urls.region(slug):
        return urls.regions()
    return None
