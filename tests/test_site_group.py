"""Group: days, months, regions, tags, related stories and pagination (pure functions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.engine.related_record import run_keys, runs_of
from digest.models import Article
from digest.site import group as group_module
from digest.site.group import by_region, group, paginate, related_stories


def article(
    number: int,
    date: dt.date = dt.date(2026, 1, 13),
    regions: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
) -> Article:
    return Article(
        path=Path(f"{number:04d}.md"),
        id=f"id{number}",
        title=f"Story {number}",
        date=date,
        body="Body.",
        regions=regions,
        tags=tags,
        slug=f"story-{number}",
    )


def test_days_and_months_are_newest_first() -> None:
    stories = [
        article(1, dt.date(2025, 12, 30)),
        article(2, dt.date(2026, 1, 13)),
        article(3, dt.date(2026, 1, 12)),
        article(4, dt.date(2026, 1, 13)),
    ]
    groups = group(stories, related=5)
    assert [day.date.day for day in groups.days] == [13, 12, 30]
    assert [len(day.articles) for day in groups.days] == [2, 1, 1]
    assert [(month.year, month.month, month.count) for month in groups.months] == [
        (2026, 1, 3),
        (2025, 12, 1),
    ]
    assert groups.articles[0].date == dt.date(2026, 1, 13)


def test_a_story_with_a_time_comes_before_the_same_day_without_one() -> None:
    timed = Article(
        path=Path("t.md"),
        id="t",
        title="Zebra",
        date=dt.date(2026, 1, 13),
        body="",
        datetime=dt.datetime(2026, 1, 13, 9),
        slug="t",
    )
    groups = group([article(1), timed], related=5)
    assert [story.id for story in groups.articles] == ["t", "id1"]


def test_terms_merge_spellings_with_the_same_slug() -> None:
    groups = group(
        [article(1, tags=("U.S.",)), article(2, tags=("U.S.",)), article(3, tags=("U S",))],
        related=5,
    )
    assert [(term.name, term.slug, len(term.articles)) for term in groups.tags] == [
        ("U.S.", "u-s", 3)
    ]


def test_names_a_sign_sets_apart_are_two_tags_and_the_title_is_chosen_by_use_then_order() -> None:
    # "C++" and "C#" made one page /tags/c/, titled by whichever came: now two pages. Case,
    # accents and punctuation alone still make one tag, titled by its most used spelling,
    # then the first in sort order: the same whatever order the files come in.
    stories = [
        article(1, tags=("C++",)),
        article(2, tags=("C#", "covid 19")),
        article(3, tags=("c#", "COVID-19")),
        article(4, tags=("Émile", "COVID-19")),
        article(5, tags=("emile",)),
    ]
    expected = [
        ("C#", "c-sharp", 2),
        ("C++", "c-plus-plus", 1),
        ("COVID-19", "covid-19", 3),
        ("emile", "emile", 2),
    ]
    for order in (stories, stories[::-1]):
        groups = group(order, related=5)
        assert [(t.name, t.slug, len(t.articles)) for t in groups.tags] == expected


def test_a_day_is_grouped_by_primary_region_busiest_first_none_last() -> None:
    stories = [
        article(1, regions=("Asia",)),
        article(2),
        article(3, regions=("Europe", "Asia")),
        article(4, regions=("Europe",)),
    ]
    groups = group(stories, related=5)
    sections = by_region(groups.days[0].articles, groups.regions)
    assert [(s.region.name if s.region else None, len(s.articles)) for s in sections] == [
        ("Europe", 2),
        ("Asia", 1),
        (None, 1),
    ]


def test_related_prefers_shared_tags_and_never_lists_the_story_itself() -> None:
    stories = [
        article(1, regions=("Europe",), tags=("Iran", "Finland")),
        article(2, regions=("Europe",), tags=("Iran", "Finland")),
        article(3, regions=("Asia",), tags=("Iran",)),
        article(4, regions=("Europe",), tags=("Football",)),
        article(5, regions=("Africa",), tags=("Mining",)),
    ]
    groups = group(stories, related=5)
    related = [story.id for story in groups.related["id1"]]
    assert related[0] == "id2"
    assert set(related) == {"id2", "id3", "id4"}
    assert groups.related["id5"] == ()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dates(dt.date(2026, 1, 1), dt.date(2026, 1, 20)),
            st.lists(st.sampled_from(["Europe", "Asia"]), max_size=2, unique=True),
            st.lists(st.sampled_from(["Iran", "Oil", "War"]), max_size=3, unique=True),
        ),
        max_size=40,
    ),
    st.lists(st.lists(st.sampled_from(["Iran", "Oil", "War"]), max_size=3), max_size=8),
)
def test_related_stories_are_earlier_ones_so_new_stories_change_no_old_page(
    specs: list[tuple[dt.date, list[str], list[str]]], news: list[list[str]]
) -> None:
    old = [
        article(number, date, tuple(regions), tuple(tags))
        for number, (date, regions, tags) in enumerate(specs)
    ]
    before = group(old, related=5)
    order = {story.id: place for place, story in enumerate(before.articles)}
    for story_id, related in before.related.items():
        assert all(order[other.id] > order[story_id] for other in related)  # published before
    # A day's news after all of them, sharing their tags and regions.
    new = [
        article(100 + number, dt.date(2026, 1, 21), ("Europe", "Asia"), tuple(tags))
        for number, tags in enumerate(news)
    ]
    after = group([*old, *new], related=5)
    assert all(after.related[story.id] == before.related[story.id] for story in old)


story_specs = st.lists(
    st.tuples(
        st.dates(dt.date(2026, 1, 1), dt.date(2026, 1, 9)),
        st.lists(st.sampled_from(["Europe", "Asia"]), max_size=2, unique=True),
        st.lists(st.sampled_from(["Iran", "Oil", "War"]), max_size=3, unique=True),
    ),
    max_size=30,
)


@settings(max_examples=80, deadline=None)
@given(story_specs, story_specs, st.integers(1, 5))
def test_the_related_stories_of_a_run_whose_key_is_kept_are_those_of_before(
    specs: list[tuple[dt.date, list[str], list[str]]],
    others: list[tuple[dt.date, list[str], list[str]]],
    size: int,
) -> None:
    old = [article(n, date, tuple(r), tuple(t)) for n, (date, r, t) in enumerate(specs)]
    # Some stories replaced, some added, on any day: the runs whose key is the same are kept.
    new = [article(n, date, tuple(r), tuple(t)) for n, (date, r, t) in enumerate(others)]
    before = group(old, related=3)
    after = group(new + old[len(new) :], related=3)
    known = set(run_keys("code", 3, before.articles, size))
    keys = run_keys("code", 3, after.articles, size)
    assert run_keys("code", 4, after.articles, size)[:1] != keys[:1] or not keys  # the limit

    def ids(stories: tuple[Article, ...]) -> list[str]:
        return [story.id for story in stories]

    stop = len(after.articles)
    for (start, end), key in zip(runs_of(len(after.articles), size), keys, strict=True):
        if key not in known:
            break
        stop = start
        for story in after.articles[start:end]:
            # The same stories; their other fields (a date moved within its place) are today's.
            assert ids(after.related[story.id]) == ids(before.related[story.id])
    head = related_stories(after.articles, 3, stop=stop)
    assert list(head) == [story.id for story in after.articles[:stop]]
    assert all(head[name] == after.related[name] for name in head)


def pages_of(items: list[int], size: int) -> list[tuple[int | None, tuple[int, ...]]]:
    return [(page.number, page.items) for page in paginate(items, size)]


def test_pages_are_numbered_from_the_oldest_item() -> None:
    assert pages_of([], 3) == [(None, ())]
    assert pages_of([1, 2, 3, 4, 5], 3) == [(None, (1, 2, 3, 4, 5))]  # fewer than 2 pages' worth
    newest_first = list(range(10, 0, -1))  # 10 is the newest item, 1 the oldest
    assert pages_of(newest_first, 3) == [
        (None, (10, 9, 8, 7)),  # the list's own page: the newest, 3 to 5 of them
        (2, (6, 5, 4)),
        (1, (3, 2, 1)),  # page 1 holds the oldest
    ]


@given(st.integers(min_value=0, max_value=60), st.integers(min_value=1, max_value=7))
def test_pagination_keeps_every_item_once_and_full_pages_for_good(count: int, size: int) -> None:
    items = list(range(count, 0, -1))  # newest first
    pages = paginate(items, size)
    assert [item for page in pages for item in page.items] == items
    first, numbered = pages[0], pages[1:]
    assert first.number is None
    assert len(first.items) == count if count < 2 * size else size <= len(first.items) < 2 * size
    assert [page.number for page in numbered] == list(range(len(numbered), 0, -1))
    assert all(len(page.items) == size for page in numbered)
    # Newer items (a higher number here) leave every numbered page as it was.
    later = {page.number: page.items for page in paginate(list(range(count + 5, 0, -1)), size)}
    assert all(later[page.number] == page.items for page in numbered)


names = st.sampled_from(["Iran", "Iraq", "Finland", "Japan", "Markets", "War", "Oil"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
            st.lists(st.sampled_from(["Europe", "Asia", "Africa"]), max_size=2, unique=True),
            st.lists(names, max_size=4, unique=True),
        ),
        max_size=40,
    ),
    st.integers(min_value=0, max_value=6),
)
def test_related_stories_share_a_tag_or_region(
    specs: list[tuple[dt.date, list[str], list[str]]], limit: int
) -> None:
    stories = [
        article(number, date, tuple(regions), tuple(tags))
        for number, (date, regions, tags) in enumerate(specs)
    ]
    groups = group(stories, related=limit)
    by_id = {story.id: story for story in stories}
    for story_id, related in related_stories(groups.articles, limit).items():
        assert len(related) <= limit
        assert len({other.id for other in related}) == len(related)
        me = by_id[story_id]
        for other in related:
            assert other.id != story_id
            assert set(other.tags) & set(me.tags) or set(other.regions) & set(me.regions)
    assert sum(len(day.articles) for day in groups.days) == len(stories)
    assert sum(month.count for month in groups.months) == len(stories)


@settings(max_examples=60, deadline=None)
@given(story_specs, st.integers(min_value=0, max_value=30), st.integers(min_value=1, max_value=3))
def test_the_first_stories_related_ones_are_found_without_the_whole_index(
    specs: list[tuple[dt.date, list[str], list[str]]], stop: int, window: int
) -> None:
    # A small window, so that the index stops early after the first *stop* stories.
    ordered = [article(n, date, tuple(r), tuple(t)) for n, (date, r, t) in enumerate(specs)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(group_module, "RELATED_WINDOW", window)
        whole = related_stories(ordered, 3)
        head = related_stories(ordered, 3, stop=stop)
    assert list(head) == [story.id for story in ordered[:stop]]
    assert all(head[name] == whole[name] for name in head)


class _Counted(list[Article]):
    """A list of stories that counts how many of them were walked."""

    walked = 0

    def __iter__(self) -> Iterator[Article]:
        for story in super().__iter__():
            self.walked += 1
            yield story


def test_a_new_days_related_stories_walk_only_the_stories_after_them() -> None:
    # 10 000 stories sharing a tag and a region: the 5 newest need the 24 after them.
    ordered = _Counted(article(n, regions=("France",), tags=("Farming",)) for n in range(10_000))
    head = related_stories(ordered, 3, stop=5)
    assert [story.id for story in head["id0"]] == ["id1", "id2", "id3"]
    assert ordered.walked <= 5 + 24 + 1  # before: all 10 000
