"""Feed identity: the stories of a plan -> the URL history after it, and each feed entry's id.

A feed reader knows an entry by its <id> and sees it as updated when <updated> changes. So
the id is a tag: URI (RFC 4151) made of the site's host and the story's id, which no move
changes, and <updated> is the time the story's text last changed, kept in the URL history
(store/url_history.py) with a digest of that text. When the text changes, the time is
SOURCE_DATE_EPOCH when set (a reproducible build), else the story file's modification time:
never the clock of the build, so the same inputs give the same feeds.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from digest.models import Article
from digest.site.feeds import EntryIdentity, story_time
from digest.site.group import term_slug  # memoized: a region's name repeats on many stories
from digest.site.views import StoryRef
from digest.store.url_history import Published, UrlHistory
from digest.urls import UrlScheme

Clock = Callable[[Article], dt.datetime]  # when a story's text was changed
_SPECIFIC_SAFE = "-._~!$&'()*+,;=:@/"  # RFC 4151's `specific`: pchar and "/"


@dataclass(frozen=True, slots=True)
class PastUrls:
    """The URL history as the last build left it, and when each story's text was changed."""

    history: UrlHistory
    clock: Clock


def file_clock(folder: Path | None, fixed: dt.datetime | None) -> Clock:
    """Return the clock of edits: *fixed* (SOURCE_DATE_EPOCH), else each file's mtime."""

    def edited(article: Article) -> dt.datetime:
        if fixed is not None:
            return fixed
        try:
            mtime = os.stat(folder / article.path).st_mtime if folder is not None else None
            if mtime is not None:
                return dt.datetime.fromtimestamp(int(mtime), dt.UTC)
        except (OSError, OverflowError, ValueError):  # a time past 9999 (touch -d @2534...)
            pass
        return story_time(article.date, article.datetime)

    return edited


def tag_uri(urls: UrlScheme, year: int, story_id: str) -> str:
    """Return the tag: URI of a story: tag:<host>,<year>:<base path><story id>."""
    return _tagger(urls)(year, story_id)


def _tagger(urls: UrlScheme) -> Callable[[int, str], str]:
    """Return `tag_uri` for the site of *urls*, its host and base path worked out once."""
    host = (urlsplit(urls.base_url).hostname or "localhost").lower()
    base = urls.base_path.lstrip("/")

    def tag(year: int, story_id: str) -> str:
        return f"tag:{host},{year:04d}:{quote(base + story_id, safe=_SPECIFIC_SAFE)}"

    return tag


def published_stories(
    shown: Iterable[Article], refs: Mapping[str, StoryRef], urls: UrlScheme
) -> dict[str, Published]:
    """Return what the URL history learns of each story shown, by id."""
    return {
        card.id: Published(
            refs[card.id].path,
            card.text_digest,
            story_time(card.date, card.datetime),
            urls.region(term_slug(card.regions[0])) if card.regions else "",
        )
        for card in shown
    }


def advance(
    past: PastUrls,
    present: Iterable[str],
    shown: Iterable[Article],
    refs: Mapping[str, StoryRef],
    urls: UrlScheme,
) -> UrlHistory:
    """Return the URL history after publishing *shown*; the other *present* ids are kept."""
    shown = tuple(shown)
    published = published_stories(shown, refs, urls)
    by_id = {card.id: card for card in shown}
    kept = set(present) - published.keys()
    return past.history.advance(published, kept, lambda name: past.clock(by_id[name]))


def advance_edited(
    history: UrlHistory,
    clock: Clock,
    edited: Iterable[Article],
    refs: Mapping[str, StoryRef],
    urls: UrlScheme,
) -> UrlHistory:
    """Return *history* after edits of *edited* that moved no story (every other one kept)."""
    return advance(PastUrls(history, clock), history.stories.keys(), edited, refs, urls)


def identities(
    history: UrlHistory, shown: Iterable[Article], urls: UrlScheme
) -> dict[str, EntryIdentity]:
    """Return the feed identity of every story shown (each is in *history*), by id."""
    found = {}
    tag = _tagger(urls)
    for card in shown:
        entry = history.stories[card.id]
        found[card.id] = EntryIdentity(tag(entry.since, card.id), entry.updated)
    return found
