"""Front: grouped stories -> the front page's edition (lead story, top stories, each region's best).

Pure: the same groups and settings always give the same edition. The edition covers the
last few days that have stories, and older days while it would be nearly empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from digest.config import FrontConfig
from digest.models import Article
from digest.site.group import DigestDay, Groups, Section, Term, by_region, newest_first

TOP_STORIES = 3  # stories beside the lead, before the regions


@dataclass(frozen=True, slots=True)
class RegionPick:
    """A region's top stories on the front page, and how many more it has in the edition."""

    region: Term | None
    articles: tuple[Article, ...]
    more: int


@dataclass(frozen=True, slots=True)
class Edition:
    """What the front page shows: its days, a lead story, top stories, then regions."""

    days: tuple[DigestDay, ...]
    lead: Article | None
    top: tuple[Article, ...]
    regions: tuple[RegionPick, ...]

    @property
    def count(self) -> int:
        return sum(len(day.articles) for day in self.days)


def has_picture(article: Article) -> bool:
    """Return whether *article* has a picture of its own (front matter `image:`)."""
    return bool(getattr(article, "image", None))


def _rank(article: Article) -> tuple[object, ...]:
    """Sort key of a story's place on the front page: the editor's weight, a known date,
    picture, sources. A story dated by a guess (its dump's day) may be a day newer than it
    is, and would lead the page over the stories that printed their day."""
    return (
        -article.weight,
        article.date_precision == "guess",
        not has_picture(article),
        -article.date.toordinal(),
        -len(article.sources),
        -len(article.tags),
        newest_first(article),
    )


def edition_days(days: Sequence[DigestDay], front: FrontConfig) -> tuple[DigestDay, ...]:
    """Return the newest *front.days* days, and older ones until *front.at_least* stories."""
    taken: list[DigestDay] = []
    count = 0
    for day in days:
        if len(taken) >= front.days and count >= front.at_least:
            break
        taken.append(day)
        count += len(day.articles)
    return tuple(taken)


def choose_lead(articles: Sequence[Article]) -> Article | None:
    """Return the lead story: the newest marked `lead: true`, else the best by `_rank`.

    *articles* are newest first; the best is the heaviest, then one whose date is known, then
    one with a picture, then the newest with the most sources (and tags, a sign of substance).
    """
    marked = [article for article in articles if article.lead]
    if marked:
        return marked[0]
    return min(articles, key=_rank) if articles else None


def edition(groups: Groups, front: FrontConfig) -> Edition:
    """Return the front page's edition of *groups*."""
    days = edition_days(groups.days, front)
    articles = tuple(article for day in days for article in day.articles)
    lead = choose_lead(articles)
    rest = [article for article in articles if article is not lead]
    # Top stories beside the lead once there are enough to leave the regions some too.
    top = tuple(sorted(rest, key=_rank)[:TOP_STORIES]) if len(rest) > TOP_STORIES else ()
    shown = {id(article) for article in top}
    remaining = [article for article in rest if id(article) not in shown]
    return Edition(days, lead, top, _regions(by_region(remaining, groups.regions), front))


def _regions(sections: Sequence[Section], front: FrontConfig) -> tuple[RegionPick, ...]:
    picks = []
    for section in sections:
        best = tuple(sorted(section.articles, key=_rank)[: front.per_region])
        picks.append(RegionPick(section.region, best, len(section.articles) - len(best)))
    return tuple(picks)
