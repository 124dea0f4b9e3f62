"""Group: articles -> days, months, regions, tags and related stories (stage 6, pure).

Every group is a sorted tuple, newest story first, so rendering never sorts.
"""

from __future__ import annotations

import datetime as dt
import functools
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from types import MappingProxyType
from typing import Generic, TypeVar

from digest.models import Article
from digest.urls import term_slug as _term_slug

# Names repeat on thousands of stories and python-slugify costs microseconds a call: a
# memo of that pure function (bounded) makes grouping and planning cost milliseconds.
term_slug = functools.lru_cache(maxsize=1 << 16)(_term_slug)

T = TypeVar("T")

# How many of the stories just before a story (by date) in each of its tags' and regions'
# story lists are candidates for "related": keeps related stories linear in the number of
# stories. Only earlier stories are candidates, so that a new story leaves the page of every
# story published before it as it was (docs/themes.md, "Lists, their pages and related stories").
RELATED_WINDOW = 24
TAG_WEIGHT = 2
REGION_WEIGHT = 1


@dataclass(frozen=True, slots=True)
class DigestDay:
    """The stories of one day."""

    date: dt.date
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class Month:
    """The days of one month, newest first."""

    year: int
    month: int
    days: tuple[DigestDay, ...]

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(article for day in self.days for article in day.articles)

    @property
    def count(self) -> int:
        return sum(len(day.articles) for day in self.days)


@dataclass(frozen=True, slots=True)
class Term:
    """A region or a tag and its stories; *name* is the most used spelling of the slug."""

    name: str
    slug: str
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """Stories under one region heading of a day's digest; *region* is None for no region."""

    region: Term | None
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class Groups:
    """Everything the site shows, grouped."""

    articles: tuple[Article, ...]
    days: tuple[DigestDay, ...]
    months: tuple[Month, ...]
    regions: tuple[Term, ...]
    tags: tuple[Term, ...]
    related: Mapping[str, tuple[Article, ...]]


def newest_first(article: Article) -> tuple[int, int, str, str]:
    """Return the sort key that puts the newest story first, then by title and path."""
    moment = article.datetime
    seconds = -1 if moment is None else moment.hour * 3600 + moment.minute * 60 + moment.second
    return (-article.date.toordinal(), -seconds, article.title.casefold(), article.path.as_posix())


RelatedFinder = Callable[[Sequence[Article], int], Mapping[str, tuple[Article, ...]]]


def group(
    articles: Iterable[Article], *, related: int, find_related: RelatedFinder | None = None
) -> Groups:
    """Group *articles* for the site; up to *related* related stories each.

    *find_related* replaces `related_stories` (a build passes one that remembers results).
    """
    ordered = tuple(sorted(articles, key=newest_first))
    days = _days(ordered)
    return Groups(
        articles=ordered,
        days=days,
        months=_months(days),
        regions=_terms(ordered, attrgetter("regions")),
        tags=_terms(ordered, attrgetter("tags")),
        related=(find_related or related_stories)(ordered, related),
    )


def _days(ordered: Sequence[Article]) -> tuple[DigestDay, ...]:
    by_date: dict[dt.date, list[Article]] = {}
    for article in ordered:
        by_date.setdefault(article.date, []).append(article)
    return tuple(DigestDay(date, tuple(items)) for date, items in by_date.items())


def _months(days: Sequence[DigestDay]) -> tuple[Month, ...]:
    by_month: dict[tuple[int, int], list[DigestDay]] = {}
    for day in days:
        by_month.setdefault((day.date.year, day.date.month), []).append(day)
    return tuple(Month(year, month, tuple(items)) for (year, month), items in by_month.items())


def _terms(
    ordered: Sequence[Article], names: Callable[[Article], Iterable[str]]
) -> tuple[Term, ...]:
    # One pass over every story's names (a deploy groups 100 000 stories): each name's slug
    # looked up once in a local dict, each spelling counted by itself (a slug is a function
    # of its spelling, so counting spellings counts them by slug too).
    stories: dict[str, list[Article]] = {}
    counts: dict[str, int] = {}
    slugs: dict[str, str] = {}
    for article in ordered:
        keys: list[str] = []
        for name in names(article):
            counts[name] = counts.get(name, 0) + 1
            key = slugs.get(name)
            if key is None:
                key = slugs[name] = term_slug(name)
            if key not in keys:
                keys.append(key)
        for key in keys:
            listed = stories.get(key)
            if listed is None:
                stories[key] = [article]
            else:
                listed.append(article)
    spellings: dict[str, dict[str, int]] = defaultdict(dict)
    for name, count in counts.items():
        spellings[slugs[name]][name] = count
    terms = (Term(_most_used(spellings[key]), key, tuple(items)) for key, items in stories.items())
    return tuple(sorted(terms, key=lambda term: (term.name.casefold(), term.slug)))


def _most_used(spellings: Mapping[str, int]) -> str:
    return min(spellings, key=lambda name: (-spellings[name], name))


def by_region(articles: Sequence[Article], regions: Sequence[Term]) -> tuple[Section, ...]:
    """Return a day's stories under their primary region: busiest region first, none last."""
    terms = {term.slug: term for term in regions}
    sections: dict[str | None, list[Article]] = {}
    for article in articles:
        key = term_slug(article.regions[0]) if article.regions else None
        sections.setdefault(key, []).append(article)

    def rank(key: str | None) -> tuple[bool, int, str]:
        name = terms[key].name.casefold() if key is not None else ""
        return (key is None, -len(sections[key]), name)

    return tuple(
        Section(None if key is None else terms[key], tuple(sections[key]))
        for key in sorted(sections, key=rank)
    )


def in_region_order(articles: Sequence[Article], regions: Sequence[Term]) -> tuple[Article, ...]:
    """Return a day's stories in the order by_region shows them, so pages can split it."""
    sections = by_region(articles, regions)
    return tuple(article for section in sections for article in section.articles)


@dataclass(frozen=True, slots=True)
class ListPage(Generic[T]):
    """One page of a paginated list: *number* None for the list's first page, else N."""

    number: int | None
    items: tuple[T, ...]


def paginate(items: Sequence[T], size: int) -> tuple[ListPage[T], ...]:
    """Split *items* (a list as shown, newest first) into pages, in reading order.

    Numbered pages hold fixed chunks of *size* counted from the end of the list (page 1
    holds the oldest items), so that a full numbered page never changes when newer items
    come. The list's first page holds the rest, newest first: between *size* and 2*size-1
    items, or all of them when there are fewer. The numbered pages follow it, newest first.
    An empty list is one empty first page.
    """
    if size < 1:
        raise ValueError(f"page size must be at least 1, got {size}")
    chunks = len(items) // size  # full chunks counted from the oldest item
    if chunks < 2:
        return (ListPage(None, tuple(items)),)
    first = len(items) - (chunks - 1) * size
    pages = [ListPage(None, tuple(items[:first]))]
    for number in range(chunks - 1, 0, -1):
        end = len(items) - (number - 1) * size
        pages.append(ListPage(number, tuple(items[end - size : end])))
    return tuple(pages)


def related_stories(
    ordered: Sequence[Article], limit: int, *, stop: int | None = None
) -> Mapping[str, tuple[Article, ...]]:
    """Return up to *limit* earlier stories related to each of the first *stop* stories (all).

    *ordered* is newest first; "earlier" means later in it. Candidates come from an
    inverted index: for each tag and region of a story, only the RELATED_WINDOW stories
    just after it in that tag's list are scored, so the cost is linear in the number of
    stories even when one tag is on all of them, and a story added before others (a new
    day's news) changes none of their lists: a story's related stories depend only on it
    and the stories after it (`engine.related_record` keeps those of runs of older stories).
    """
    stop = len(ordered) if stop is None else stop
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    keys: list[list[tuple[tuple[str, str], int]]] = []
    # Past the first *stop* stories, only their tags' and regions' postings are wanted, and
    # only until each has RELATED_WINDOW entries there (a deploy's 50 new stories of
    # 100 000 read the few hundred stories after them, not all).
    short: dict[tuple[str, str], int] = {}
    for position, article in enumerate(ordered):
        if position == stop:
            short = {key: RELATED_WINDOW for key in postings}
        own = _own_keys(article)
        if position < stop:
            keys.append(list(own.items()))
            for key in own:
                postings[key].append(position)
            continue
        if not short:
            break
        for key in own:
            left = short.get(key)
            if left is not None:
                postings[key].append(position)
                if left == 1:
                    del short[key]
                else:
                    short[key] = left - 1
    related: dict[str, tuple[Article, ...]] = {}
    count = len(ordered)
    for position, article in enumerate(ordered[:stop]):
        scores: dict[int, int] = {}
        for key, weight in keys[position]:
            posting = postings[key]
            at = bisect_left(posting, position)  # the story itself: posting[at] == position
            for other in posting[at + 1 : at + RELATED_WINDOW + 1]:
                scores[other] = scores.get(other, 0) + weight
        # Highest score first, then the nearest in date order: (-score, other) ordered as one
        # whole number, other - score * count (0 <= other < count), which sorts faster.
        ranked = sorted([other - score * count for other, score in scores.items()])
        related[article.id] = tuple([ordered[code % count] for code in ranked[:limit]])
    return MappingProxyType(related)


def _own_keys(article: Article) -> dict[tuple[str, str], int]:
    """Return the tags and regions of *article* by which related stories are found, weighed."""
    own: dict[tuple[str, str], int] = {}
    for name in article.tags:
        own.setdefault(("tag", term_slug(name)), TAG_WEIGHT)
    for name in article.regions:
        own.setdefault(("region", term_slug(name)), REGION_WEIGHT)
    return own
