"""How story pages are cut into search shards (site/shard_plan.plan_shards).

A sparse period is packed into one shard: a decade, a year, a half-year or a quarter of up to
PACK_STORIES stories (fewer Pagefind runs in a cold build, fewer indexes for the search page
to load, fewer indexes to answer a word they lack with another); else its parts are planned
the same way down to the month, which is one shard up to SHARD_STORIES stories and is cut
into parts of whole days above.
"""

from __future__ import annotations

import datetime as dt
import random

from digest.site.search import Shard
from digest.site.shard_plan import PACK_STORIES, SHARD_STORIES, plan_shards


def _month(year: int, month: int, count: int, tag: str = "") -> list[tuple[dt.date, str]]:
    """Return *count* story pages spread over the first 28 days of a month."""
    return [
        (
            dt.date(year, month, 1 + number % 28),
            f"{year}/{month:02d}/story{tag}-{number}/index.html",
        )
        for number in range(count)
    ]


def _pages(shards: list[Shard]) -> list[str]:
    return sorted(page for shard in shards for page in shard.pages)


def test_a_month_of_two_hundred_stories_is_one_shard() -> None:
    # 200 stories a month is what a 4 000-story site of two years holds: one index each.
    stories = _month(2025, 3, 200) + _month(2025, 4, 170)
    shards = plan_shards(stories, [])
    assert [shard.name for shard in shards] == ["2025-03", "2025-04"]
    assert _pages(shards) == sorted(page for _, page in stories)


def test_a_month_over_the_limit_is_cut_into_parts_of_whole_days() -> None:
    stories = _month(2025, 5, 2 * SHARD_STORIES + 20)
    shards = plan_shards(stories, [])
    assert [shard.name for shard in shards] == ["2025-05-1", "2025-05-2", "2025-05-3"]
    day_of = {page: date for date, page in stories}
    days = [{day_of[page] for page in shard.pages} for shard in shards]
    assert not days[0] & days[1] and not days[1] & days[2]  # no day in two parts
    assert all(len(shard.pages) <= SHARD_STORIES + 30 for shard in shards)
    assert sum(len(shard.pages) for shard in shards) == len(stories)


def test_the_shards_depend_on_the_stories_alone_not_their_order() -> None:
    stories = _month(2025, 6, 400) + _month(2025, 7, 10)
    assert plan_shards(stories, []) == plan_shards(list(reversed(stories)), [])


def test_a_sparse_year_is_one_shard_oldest_page_first() -> None:
    # The decade holds more than PACK_STORIES: each year alone, and each fits in one.
    year = _month(2025, 11, 30) + _month(2025, 2, 20) + _month(2025, 7, 25)
    before = _month(2024, 6, PACK_STORIES // 2, "a") + _month(2024, 9, PACK_STORIES // 2, "b")
    shards = plan_shards(year + before, [])
    assert [shard.name for shard in shards] == ["2024", "2025"]
    assert list(shards[1].pages) == [page for _, page in sorted(year)]


def test_a_sparse_decade_is_one_shard_and_decades_apart() -> None:
    stories = _month(2019, 12, 5) + _month(2021, 3, 5) + _month(2026, 8, 5) + _month(2030, 1, 5)
    shards = plan_shards(stories, [])
    assert [shard.name for shard in shards] == ["2010s", "2020s", "2030s"]
    assert _pages(shards) == sorted(page for _, page in stories)


def test_a_busy_year_is_cut_into_halves_quarters_then_months() -> None:
    # Over PACK_STORIES in the year: each half alone. The first half is still too many, so
    # its quarters; its first quarter too, so its months. The second half fits in one.
    third = PACK_STORIES // 3 + 1
    stories = (
        _month(2025, 1, third)
        + _month(2025, 2, third)
        + _month(2025, 3, third)
        + _month(2025, 5, 10)
        + _month(2025, 9, 10)
        + _month(2025, 12, 10)
    )
    shards = plan_shards(stories, [])
    assert [shard.name for shard in shards] == [
        "2025-01",
        "2025-02",
        "2025-03",
        "2025-q2",
        "2025-h2",
    ]
    assert _pages(shards) == sorted(page for _, page in stories)


def test_a_new_or_backdated_story_recuts_only_the_shards_of_its_decade() -> None:
    # A build re-indexes a shard whose pages changed: a story added to the newest day, or
    # dated back into an old month, must leave every shard of another decade as it was
    # and, within its own, cut no shard larger than the limits.
    picker = random.Random(20)
    for _ in range(40):
        stories = [
            (dt.date(2012, 1, 1) + dt.timedelta(days=picker.randrange(8000)), f"p{number}")
            for number in range(picker.choice((40, 400, 1500)))
        ]
        before = plan_shards(stories, [])
        date = picker.choice((max(stories)[0], dt.date(2012, 1, 1) + dt.timedelta(days=500)))
        after = plan_shards([*stories, (date, "new")], [])
        changed = [shard for shard in after if shard not in before]
        decade = date.year - date.year % 10
        day_of = dict((page, day) for day, page in [*stories, (date, "new")])
        assert changed and all(
            decade <= day_of[page].year < decade + 10 for shard in changed for page in shard.pages
        )
        gone = [shard for shard in before if shard not in after]
        assert all(
            decade <= day_of[page].year < decade + 10 for shard in gone for page in shard.pages
        )
        assert all(len(shard.pages) <= max(PACK_STORIES, SHARD_STORIES + 31) for shard in after)


def test_without_packing_every_month_is_its_own_shard() -> None:
    stories = _month(2025, 1, 10) + _month(2025, 2, 10)
    assert [shard.name for shard in plan_shards(stories, [], pack=0)] == ["2025-01", "2025-02"]
