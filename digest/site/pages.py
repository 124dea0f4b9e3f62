"""Pages: grouped stories -> the plan of every HTML page and Atom feed of the site.

Nothing is rendered here: plans name stories by StoryRef (views.py).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from digest.config import Config
from digest.models import Article
from digest.paths import NOT_FOUND_FILE
from digest.site.feeds import EntryIdentity, Feed
from digest.site.front import edition
from digest.site.group import (
    DigestDay,
    Groups,
    Month,
    Term,
    by_region,
    in_region_order,
    paginate,
)
from digest.site.views import (
    STORY_TEMPLATE,
    DayView,
    FeedPlan,
    Link,
    Meta,
    Page,
    Pager,
    SectionView,
    StoryRef,
    long_date,
    month_name,
)
from digest.urls import UrlScheme

Item = TypeVar("Item")  # what a paginated list holds: stories or term links

EARLIER_DAYS = 14


def by_letter(links: Sequence[Link]) -> tuple[tuple[str, tuple[Link, ...]], ...]:
    """Return *links* (sorted by name) under their first letter; "#" for digits and signs."""
    letters: dict[str, list[Link]] = {}
    for link in links:
        first = unicodedata.normalize("NFKD", link.name[:1])[:1].upper()
        letters.setdefault(first if first.isalpha() else "#", []).append(link)
    return tuple((letter, tuple(items)) for letter, items in sorted(letters.items()))


def sitemap_pages(pages: Iterable[Page]) -> list[tuple[str, dt.date | None]]:
    """Return (path, last change) of every page that belongs in the sitemap, sorted."""
    return sorted((page.meta.path, page.changed) for page in pages if page.meta.indexable)


def plan_story_page(
    groups: Groups,
    stories: Mapping[str, StoryRef],
    config: Config,
    urls: UrlScheme,
    article: Article,
) -> Page:
    """Return the page of one story of *groups* (as `plan_pages` plans it)."""
    return _Plan(groups, stories, config, urls).article(article)


@dataclass(frozen=True, slots=True)
class Only:
    """The lists whose pages a deploy plans again (every page of each): the others' are kept.

    The front page, the archive and the two term indexes are always planned; the fixed
    pages (search, not found) never.
    """

    days: frozenset[dt.date]
    months: frozenset[tuple[int, int]]
    regions: frozenset[str]  # by slug
    tags: frozenset[str]
    stories: frozenset[str]  # by id: their own pages
    # The new stories, by id. Of a region's or tag's pages, only those up to two past the
    # page of its last new one can change: the numbered pages after it hold the same
    # stories (counted from the list's end) and the same pager links.
    added: frozenset[str] = frozenset()


def plan_pages(
    groups: Groups,
    stories: Mapping[str, StoryRef],
    config: Config,
    urls: UrlScheme,
    only: Only | None = None,
) -> Iterator[Page]:
    """Yield every HTML page of the site (with *only*, those of its lists, `Only`)."""
    plan = _Plan(groups, stories, config, urls, only)
    yield from plan.home()
    yield from plan.days()
    yield from plan.months()
    yield from plan.archive()
    yield from plan.articles()
    yield from plan.terms("region", groups.regions, urls.regions(), urls.region)
    yield from plan.terms("tag", groups.tags, urls.tags(), urls.tag)
    if only is None:
        yield from plan.fixed()


def plan_feeds(
    groups: Groups,
    stories: Mapping[str, StoryRef],
    config: Config,
    urls: UrlScheme,
    identities: Mapping[str, EntryIdentity],
    only: Only | None = None,
    origins: Mapping[str, str] | None = None,
) -> list[FeedPlan]:
    """Return the site's feed and one feed per region and per tag (*identities* by story id).

    With *only*, the site's feed and those of its regions and tags alone. *origins* names the
    first path of each term page that moved (`term_urls.feed_origins`): its feed's <id>.
    """

    def feed(title: str, page_path: str, articles: Sequence[Article]) -> FeedPlan:
        path = urls.feed(page_path)
        first = origins.get(page_path) if origins else None
        about = Feed(
            title,
            config.description,
            path,
            page_path,
            config.language,
            config.title,
            urls.feed(first) if first else "",
        )
        latest = articles[: config.feed_entries]
        entries = tuple(stories[article.id] for article in latest)
        return FeedPlan(path, about, entries, tuple(identities[a.id] for a in latest))

    feeds = [feed(config.title, "", groups.articles)]
    for terms, term_path, wanted in (
        (groups.regions, urls.region, None if only is None else only.regions),
        (groups.tags, urls.tag, None if only is None else only.tags),
    ):
        for term in terms:
            if wanted is not None and term.slug not in wanted:
                continue
            feeds.append(
                feed(f"{term.name} \u2013 {config.title}", term_path(term.slug), term.articles)
            )
    return feeds


@dataclass(frozen=True, slots=True)
class _Plan:
    groups: Groups
    stories: Mapping[str, StoryRef]
    config: Config
    urls: UrlScheme
    only: Only | None = None

    def _stories(self, articles: Sequence[Article]) -> tuple[StoryRef, ...]:
        return tuple(self.stories[article.id] for article in articles)

    def _sections(self, articles: Sequence[Article]) -> tuple[SectionView, ...]:
        return tuple(
            SectionView(
                # Without a count: a day's page stays as it is while its regions grow.
                None if section.region is None else self._term_link(section.region, "region", 0),
                self._stories(section.articles),
            )
            for section in by_region(articles, self.groups.regions)
        )

    def _term_link(self, term: Term, kind: str, count: int | None = None) -> Link:
        """Return the link to *term*'s page, with its number of stories unless *count*."""
        path = self.urls.region(term.slug) if kind == "region" else self.urls.tag(term.slug)
        return Link(term.name, path, len(term.articles) if count is None else count)

    def _pages(
        self, path: str, items: Sequence[Item], last: int | None = None
    ) -> Iterator[tuple[str, Pager, tuple[Item, ...]]]:
        """Yield each page of the list at *path*: its path, pager and items, in reading order.

        A numbered page's plan must not change while newer stories come, so the plans
        of numbered pages hold no totals (counts, the number of pages). With *last* (the
        place of the list's last new story, `Only.added`), the pages up to two past its own.
        """
        pages = paginate(items, self.config.paginate)
        paths = [self.urls.paged(path, page.number) for page in pages]
        if last is not None:
            shown, start = 0, 0
            while shown + 1 < len(pages) and start + len(pages[shown].items) <= last:
                start += len(pages[shown].items)
                shown += 1
            pages = pages[: shown + 3]
        for index, page in enumerate(pages):
            newer = paths[index - 1] if index > 0 else None
            older = paths[index + 1] if index + 1 < len(paths) else None
            yield paths[index], Pager(page.number, newer, older), page.items

    def _meta(self, path: str, title: str, section: str, **more: Any) -> Meta:
        return Meta(path, title, more.pop("description", self.config.description), section, **more)

    def home(self) -> Iterator[Page]:
        front = edition(self.groups, self.config.front)
        days = self.groups.days
        values: dict[str, Any] = {
            "lead": None if front.lead is None else self.stories[front.lead.id],
            "top": self._stories(front.top),
            "sections": tuple(
                SectionView(
                    None if pick.region is None else self._term_link(pick.region, "region"),
                    self._stories(pick.articles),
                    pick.more,
                )
                for pick in front.regions
            ),
            "days": tuple(self._day_link(day) for day in front.days),
            "count": front.count,
            "earlier": tuple(
                self._day_link(day)
                for day in days[len(front.days) : len(front.days) + EARLIER_DAYS]
            ),
            "regions": tuple(self._term_link(term, "region") for term in self.groups.regions),
        }
        meta = self._meta(
            "", self.config.title, "home", feed=Link(self.config.title, self.urls.feed())
        )
        yield Page("home.html", meta, values)

    def days(self) -> Iterator[Page]:
        days, only = self.groups.days, self.only
        for index, day in enumerate(days):
            if only is not None and day.date not in only.days:
                continue
            path = self.urls.day(day.date)
            newer = days[index - 1] if index > 0 else None
            older = days[index + 1] if index + 1 < len(days) else None
            ordered = in_region_order(day.articles, self.groups.regions)
            for page_path, pager, articles in self._pages(path, ordered):
                title = long_date(day.date)
                yield Page(
                    "day.html",
                    self._meta(page_path, title, "archive"),
                    {
                        "date": day.date,
                        "count": len(day.articles) if pager.number is None else None,
                        "sections": self._sections(articles),
                        "pager": pager,
                        "month": Link(
                            month_name(day.date.year, day.date.month),
                            self.urls.month(day.date.year, day.date.month),
                        ),
                        # Without counts: a neighbour's new story leaves this page as it is.
                        "newer": self._day_link(newer, counted=False),
                        "older": self._day_link(older, counted=False),
                    },
                    changed=day.date,
                )

    def _day_link(self, day: DigestDay | None, *, counted: bool = True) -> Link | None:
        if day is None:
            return None
        count = len(day.articles) if counted else 0
        return Link(long_date(day.date), self.urls.day(day.date), count)

    def months(self) -> Iterator[Page]:
        months, only = self.groups.months, self.only
        for index, month in enumerate(months):
            if only is not None and (month.year, month.month) not in only.months:
                continue
            path = self.urls.month(month.year, month.month)
            newer = months[index - 1] if index > 0 else None
            older = months[index + 1] if index + 1 < len(months) else None
            for page_path, pager, articles in self._pages(path, month.articles):
                days: dict[dt.date, list[Article]] = {}
                for article in articles:
                    days.setdefault(article.date, []).append(article)
                views = tuple(
                    DayView(date, self.urls.day(date), self._stories(items))
                    for date, items in days.items()
                )
                title = month_name(month.year, month.month)
                yield Page(
                    "month.html",
                    self._meta(page_path, title, "archive"),
                    {
                        "year": month.year,
                        "month": month.month,
                        "count": month.count if pager.number is None else None,
                        "days": views,
                        "pager": pager,
                        "newer": self._month_link(newer),
                        "older": self._month_link(older),
                    },
                )

    def _month_link(self, month: Month | None) -> Link | None:
        # Without a count: the newest month's new stories leave the other months as they are.
        if month is None:
            return None
        return Link(month_name(month.year, month.month), self.urls.month(month.year, month.month))

    def archive(self) -> Iterator[Page]:
        years: dict[int, list[Link]] = {}
        for month in self.groups.months:
            years.setdefault(month.year, []).append(
                Link(
                    month_name(month.year, month.month),
                    self.urls.month(month.year, month.month),
                    month.count,
                )
            )
        yield Page(
            "archive.html",
            self._meta(self.urls.archive(), "Archive", "archive"),
            {
                "years": tuple((year, tuple(months)) for year, months in years.items()),
                "count": len(self.groups.articles),
            },
        )

    def articles(self) -> Iterator[Page]:
        only = self.only
        for article in self.groups.articles:
            if only is None or article.id in only.stories:
                yield self.article(article)

    def article(self, article: Article) -> Page:
        story = self.stories[article.id]
        related = self._stories(self.groups.related.get(article.id, ()))
        return Page(
            STORY_TEMPLATE,
            self._meta(
                story.path,
                story.title,
                "article",
                description=story.teaser or self.config.description,
                og_type="article",
            ),
            {
                "story": story,
                "related": related,
                "day": Link(long_date(article.date), self.urls.day(article.date)),
            },
            changed=article.date,
        )

    def terms(
        self,
        kind: str,
        terms: Sequence[Term],
        index_path: str,
        term_path: Callable[[str], str],
    ) -> Iterator[Page]:
        plural = f"{kind}s"
        links = tuple(self._term_link(term, kind) for term in terms)
        # One index page, however many terms: grouped by letter, it is read like a book's index.
        yield Page(
            f"{plural}.html",
            self._meta(index_path, plural.capitalize(), plural),
            {"terms": links, "letters": by_letter(links), "count": len(links)},
        )
        only = self.only
        wanted = None if only is None else only.regions if kind == "region" else only.tags
        for term, link in zip(terms, links, strict=True):
            if wanted is not None and term.slug not in wanted:
                continue
            path = term_path(term.slug)
            feed = Link(f"{term.name} \u2013 {self.config.title}", self.urls.feed(path))
            last = None
            if only is not None and only.added:
                found = [at for at, card in enumerate(term.articles) if card.id in only.added]
                last = found[-1] if found else None
            for page_path, pager, articles in self._pages(path, term.articles, last):
                shown = link if pager.number is None else replace(link, count=0)
                yield Page(
                    f"{kind}.html",
                    self._meta(page_path, term.name, plural, feed=feed),
                    {"term": shown, "stories": self._stories(articles), "pager": pager},
                    changed=articles[0].date,
                )

    def fixed(self) -> Iterator[Page]:
        if self.config.search:
            yield Page("search.html", self._meta(self.urls.search(), "Search", "search"))
        yield Page(
            NOT_FOUND_FILE,  # the template is named as the page's file
            self._meta(self.urls.not_found(), "Page not found", "", indexable=False),
        )
