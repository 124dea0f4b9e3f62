"""Slugs: a site's stories -> each with a slug that no other story of its day has.

Two stories of one day may have the same slug (two "Weather" stories filed in two folders),
and a slug is a URL. A story keeps the URL the URL history (content/.urls.json) has it at,
its own slug or a numbered one ("weather-2"): a story added later never takes a published
story's address, whatever its file's path, and feed readers, links and bookmarks keep
finding it. Only stories the history does not place are given slugs here, in path order: the
first of slug, slug-2, slug-3... that no story of the day has.

The history is an input as the story files are: the same files and the same history give the
same slugs, in a clean build and in an incremental one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace

from digest.models import Article
from digest.store.url_history import UrlHistory
from digest.urls import UrlScheme


def unique_slugs(articles: Iterable[Article], history: UrlHistory) -> tuple[Article, ...]:
    """Return *articles* (sorted by path) with the slugs they are published under."""
    articles = tuple(articles)
    held = _held(articles, history)
    taken = {(articles[number].date, name) for number, name in held.items()}
    unique = []
    for number, article in enumerate(articles):
        candidate = held.get(number)
        if candidate is None:
            candidate, count = article.slug, 1
            while (article.date, candidate) in taken:
                count += 1
                candidate = f"{article.slug}-{count}"
            taken.add((article.date, candidate))
        unique.append(article if candidate == article.slug else replace(article, slug=candidate))
    return tuple(unique)


def _held(articles: Sequence[Article], history: UrlHistory) -> dict[int, str]:
    """Return the slug of each story the history has at one of its URLs, by its index.

    A story without an `id:` is known by its file's path: moved to another folder, it comes
    back under a new id, and is the one whose text the history has under an id that went (as
    `UrlHistory.advance` takes it). When two stories would hold one URL (a hand-edited
    history), the first by path has it; a story known by its id comes before one known by text.
    """
    stories = history.stories
    if not stories:
        return {}
    held: dict[int, str] = {}
    claimed: set[tuple[dt.date, str]] = set()
    days: dict[dt.date, str] = {}  # each day's path, made once: a build reads every story

    def claim(number: int, url: str) -> None:
        article = articles[number]
        day = days.get(article.date)
        if day is None:
            day = days[article.date] = UrlScheme.day(article.date)
        name = held_slug(article.slug, url, day)
        if name is not None and (article.date, name) not in claimed:
            claimed.add((article.date, name))
            held[number] = name

    unknown = []
    for number, article in enumerate(articles):
        entry = stories.get(article.id)
        if entry is None:
            unknown.append(number)
        elif not entry.gone:
            claim(number, entry.url)
    if unknown:
        present = {article.id for article in articles}
        vanished = {
            entry.text: entry.url
            for name, entry in stories.items()
            if name not in present and not entry.gone
        }
        for number in unknown:
            url = vanished.pop(articles[number].text_digest, None)
            if url is not None:
                claim(number, url)
    return held


def held_slug(slug: str, url: str, day: str) -> str | None:
    """Return the slug that site path *url* gives a story of *slug* and of the day at site
    path *day*: *slug* itself or a numbered one (slug-2, slug-3...); None if neither."""
    if not url.startswith(day) or not url.endswith("/"):
        return None
    name = url[len(day) : -1]
    if name == slug:
        return name
    number = (
        name[len(slug) + 1 :]
        if name.startswith(slug) and name[len(slug) : len(slug) + 1] == "-"
        else ""
    )
    # 2 or more, as unique_slugs numbers them (digits only: no int() of a crafted long one)
    if number.isascii() and number.isdigit() and number[0] != "0" and number != "1":
        return name
    return None
