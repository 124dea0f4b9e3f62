"""How story pages are cut into search shards (site/search.plan_shards).

A month of up to SHARD_STORIES stories is one shard (fewer Pagefind runs in a cold build,
fewer indexes for the search page to load); a larger month is cut into parts of whole days.
"""

from __future__ import annotations

import datetime as dt

from digest.site.search import SHARD_STORIES, plan_shards


def _month(year: int, month: int, count: int) -> list[tuple[dt.date, str]]:
    """Return *count* story pages spread over the first 28 days of a month."""
    return [
        (dt.date(year, month, 1 + number % 28), f"{year}/{month:02d}/story-{number}/index.html")
        for number in range(count)
    ]


def test_a_month_of_two_hundred_stories_is_one_shard() -> None:
    # 200 stories a month is what a 4 000-story site of two years holds: one index each.
    stories = _month(2025, 3, 200) + _month(2025, 4, 170)
    shards = plan_shards(stories, [])
    assert [shard.name for shard in shards] == ["2025-03", "2025-04"]
    assert sorted(page for shard in shards for page in shard.pages) == sorted(
        page for _, page in stories
    )


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
