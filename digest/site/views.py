"""Views: what page plans and templates hold (links, stories, pagers, page and feed plans).

Plans name stories by StoryRef, whose digest covers everything the story shows; `resolve`
swaps in the full stories when a page is rendered. The repr of a plan is its key (keys.py),
so the plan classes spell out cheap, faithful reprs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from markupsafe import Markup

from digest.models import Article
from digest.site.feeds import (
    EntryIdentity,
    Feed,
)
from digest.site.images import Picture

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
STORY_TEMPLATE = "article.html"  # the template of story pages


# Page keys are made of the repr of page plans (thousands a build): the plan classes spell
# theirs out, as the generated one guards against recursion at several times the cost.


@dataclass(frozen=True, slots=True, repr=False)
class Link:
    """A named link to a page of the site."""

    name: str
    path: str
    count: int = 0

    def __repr__(self) -> str:
        return f"Link({self.name!r}, {self.path!r}, {self.count!r})"

    def __reduce__(self) -> tuple[type[Link], tuple[str, str, int]]:
        # Pickled by the thousand to render workers: the generated slots pickling walks
        # fields() for every object, several times the cost of this.
        return (Link, (self.name, self.path, self.count))


@dataclass(frozen=True, slots=True)
class Story:
    """An article ready for templates: its page, rendered body and links."""

    article: Article
    path: str
    body_html: Markup
    teaser: str
    regions: tuple[Link, ...]
    tags: tuple[Link, ...]
    picture: Picture | None = None  # its `image:`, resolved (site/media.py)

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def date(self) -> dt.date:
        return self.article.date

    @property
    def time(self) -> str:
        """Return the machine-readable time for <time datetime>."""
        moment = self.article.datetime
        return moment.isoformat() if moment is not None else self.article.date.isoformat()

    @property
    def captions(self) -> tuple[str, ...]:
        return self.article.captions


@dataclass(frozen=True, slots=True, repr=False)
class StoryRef:
    """A story as a page plan names it; *digest* covers everything the story shows.

    Its repr is its digest, so the repr of a plan is a faithful, cheap key of the page.
    """

    id: str
    digest: str
    path: str
    title: str
    teaser: str

    def __repr__(self) -> str:
        return f"StoryRef({self.digest})"

    def __reduce__(self) -> tuple[type[StoryRef], tuple[str, str, str, str, str]]:
        # Pickled by the thousand to render workers (see Link.__reduce__).
        return (StoryRef, (self.id, self.digest, self.path, self.title, self.teaser))


@dataclass(frozen=True, slots=True, repr=False)
class Pager:
    """Where a page is in a paginated list, and the pages of newer and older stories.

    A list's own URL shows its newest stories (*number* None); its numbered pages
    (/page/N/) hold fixed pages counted from the oldest story (page 1), so a full one never
    changes. Nothing here counts the list's pages: that would change every page of it.
    """

    number: int | None
    newer: str | None
    older: str | None

    def __repr__(self) -> str:
        return f"Pager({self.number!r}, {self.newer!r}, {self.older!r})"


@dataclass(frozen=True, slots=True, repr=False)
class Meta:
    """What the page layout needs: title, canonical path, description, nav section, feed."""

    path: str
    title: str
    description: str
    section: str
    og_type: str = "website"
    feed: Link | None = None
    indexable: bool = True

    def __repr__(self) -> str:
        return (
            f"Meta({self.path!r}, {self.title!r}, {self.description!r}, {self.section!r},"
            f" {self.og_type!r}, {self.feed!r}, {self.indexable!r})"
        )


@dataclass(frozen=True, slots=True)
class Page:
    """One HTML page to render: its template and the values it shows."""

    template: str
    meta: Meta
    values: Mapping[str, Any] = field(default_factory=dict)
    changed: dt.date | None = None  # for the sitemap


@dataclass(frozen=True, slots=True, repr=False)
class SectionView:
    """A region heading of a day's digest and its stories."""

    region: Link | None
    stories: tuple[StoryRef | Story, ...]
    more: int = 0  # the region's stories of the same pages that are not shown (front page)

    def __repr__(self) -> str:
        return f"SectionView({self.region!r}, {self.stories!r}, {self.more!r})"


@dataclass(frozen=True, slots=True, repr=False)
class DayView:
    """One day within a month archive page."""

    date: dt.date
    path: str
    stories: tuple[StoryRef | Story, ...]

    def __repr__(self) -> str:
        return f"DayView({self.date!r}, {self.path!r}, {self.stories!r})"


def long_date(date: dt.date) -> str:
    """Return "Tuesday 13 January 2026" in any locale."""
    return f"{WEEKDAYS[date.weekday()]} {date.day} {MONTHS[date.month - 1]} {date.year}"


def short_date(date: dt.date) -> str:
    """Return "13 Jan 2026" in any locale."""
    return f"{date.day} {MONTHS[date.month - 1][:3]} {date.year}"


def story_count(count: int) -> str:
    """Return "1 story" or "12 stories"."""
    return f"{count} {'story' if count == 1 else 'stories'}"


def month_name(year: int, month: int) -> str:
    """Return "January 2026"."""
    return f"{MONTHS[month - 1]} {year}"


@dataclass(frozen=True, slots=True)
class FeedPlan:
    """An Atom feed to render: what it is about and its newest stories."""

    path: str
    about: Feed
    entries: tuple[StoryRef, ...]
    identities: tuple[EntryIdentity, ...]  # of each entry, in the same order


def map_refs(value: Any, change: Callable[[StoryRef], Any]) -> Any:
    """Return *value* (a plan's values) with every StoryRef in it replaced by change(ref)."""
    if isinstance(value, StoryRef):
        return change(value)
    if isinstance(value, tuple):
        return tuple(map_refs(item, change) for item in value)
    if isinstance(value, SectionView | DayView):
        return replace(value, stories=map_refs(value.stories, change))
    if isinstance(value, dict):
        return {name: map_refs(item, change) for name, item in value.items()}
    return value


def resolve(value: Any, stories: Mapping[str, Story]) -> Any:
    """Return *value* (a plan's values) with every StoryRef replaced by its full Story.

    `map_refs` with `stories[ref.id]` for a change, without its call per item: asked of
    every page rendered, whose lists hold some twenty refs each.
    """
    if isinstance(value, StoryRef):
        return stories[value.id]
    if isinstance(value, tuple):
        return tuple(
            [
                stories[item.id] if isinstance(item, StoryRef) else resolve(item, stories)
                for item in value
            ]
        )
    if isinstance(value, SectionView | DayView):
        return replace(value, stories=resolve(value.stories, stories))
    if isinstance(value, dict):
        return {name: resolve(item, stories) for name, item in value.items()}
    return value


def with_refs(value: Any, refs: Mapping[str, StoryRef]) -> Any:
    """Return *value* (a plan's values) with each StoryRef whose id is in *refs* replaced."""
    return map_refs(value, lambda ref: refs.get(ref.id, ref))


def add_referenced_ids(value: Any, ids: set[str]) -> None:
    """Add the id of every StoryRef in a plan's values to *ids* (`referenced`, without its
    generators: a build asks this of every page it renders)."""
    if isinstance(value, StoryRef):
        ids.add(value.id)
    elif isinstance(value, tuple):
        for item in value:
            if isinstance(item, StoryRef):
                ids.add(item.id)
            elif not isinstance(item, str | int | None):
                add_referenced_ids(item, ids)
    elif isinstance(value, SectionView | DayView):
        add_referenced_ids(value.stories, ids)
    elif isinstance(value, dict):
        for item in value.values():
            add_referenced_ids(item, ids)


def referenced(value: Any) -> Iterator[StoryRef]:
    """Yield every StoryRef in a plan's values (the stories a page needs in full)."""
    if isinstance(value, StoryRef):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from referenced(item)
    elif isinstance(value, SectionView | DayView):
        yield from referenced(value.stories)
    elif isinstance(value, dict):
        for item in value.values():
            yield from referenced(item)
