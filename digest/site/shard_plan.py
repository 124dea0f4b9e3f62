"""Search shards: story pages (date, file) -> the shards of the search index, by calendar period.

Each shard is a Pagefind index of its own (search.py, pagefind.py): a build runs Pagefind
only for shards whose pages changed, and a story edit re-indexes its whole shard. The plan
depends on the stories' dates alone, so a build from a cache plans the shards a build from
nothing plans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from digest.site.search import Shard

# A month of up to 300 stories is one shard, a larger one is cut into parts of whole days.
# Each Pagefind run costs CPU besides its pages, and the search page loads every shard's
# index before its first result: at 4 000 synthetic stories (24 months of 144-195 stories)
# 24 shards took 0.35-1.9 s less of Pagefind's CPU than the 44 of a limit of 150 (more on a
# busier machine), and the search page showed its first result ~0.45 s sooner. The price is
# a story edit's re-index: its whole month (~170 pages there, ~0.7 s of Pagefind's CPU)
# instead of half of it (~0.35 s; benchmarks/README.md, the cold build's eighth pass).
SHARD_STORIES = 300
# Sparse months are packed: a decade, a year, a half-year or a quarter of up to PACK_STORIES
# stories is one shard, else its parts are planned the same way, down to the month (which
# SHARD_STORIES alone bounds). A Pagefind run costs ~0.012 s of CPU besides its pages
# (~1.9 ms a page): a 500-story site of two years took 24 runs of ~21 pages, now 8 of ~63.
# A story edit re-indexes its whole shard, on the edit's critical path (~0.16 s of Pagefind's
# CPU at 80 pages, 0.31 s at 160): 80 keeps a small site's one-story edit near ~0.33 s, under
# #20's 0.4 s, and takes most of the saving at 500 stories (2.68 s of build CPU against 3.05
# unpacked and 2.65 at 160, which would put that edit at ~0.43 s). A 1 000-story site keeps
# its 24 months at 80 (quarters of ~125 at 160: 4.46 against 4.69 s). The lead's choice over
# shards14's 160: a figure met is not traded for one still missed.
PACK_STORIES = 80
# The calendar periods a shard may span, longest first, in months; each divides the one
# before, so a period's shards depend on its own stories alone: a new story, or one dated
# back, re-cuts at most the shards of its own decade.
_PERIODS = (120, 12, 6, 3, 1)


def plan_shards(
    stories: Sequence[tuple[dt.date, str]],
    pages: Sequence[str],
    limit: int | None = None,
    pack: int | None = None,
) -> list[Shard]:
    """Return the shards for story pages (date, file), oldest first.

    A decade, year, half-year or quarter of up to *pack* stories (`PACK_STORIES`) is one
    shard, else each of its parts (the next period of `_PERIODS`) is planned the same way; a
    month is one shard up to *limit* stories (`SHARD_STORIES`), else cut into runs of whole
    days. Without any story, one shard indexes *pages* (the whole site), as Pagefind would.
    """
    limit = SHARD_STORIES if limit is None else limit
    pack = PACK_STORIES if pack is None else pack
    if not stories:
        return [Shard("site", tuple(sorted(pages)))] if pages else []
    months: dict[int, list[tuple[dt.date, str]]] = {}  # by months since the year 0
    for date, page in stories:
        months.setdefault(date.year * 12 + date.month - 1, []).append((date, page))
    counts: dict[tuple[int, int], int] = {}  # (span, first month) -> stories
    for month, items in months.items():
        for span in _PERIODS:
            start = month - month % span
            counts[span, start] = counts.get((span, start), 0) + len(items)
    shards: list[Shard] = []
    for span, start in sorted(
        (key for key in counts if key[0] == _PERIODS[0]), key=lambda key: key[1]
    ):
        _plan_period(span, start, months, counts, limit, pack, shards)
    return shards


def _plan_period(
    span: int,
    start: int,
    months: Mapping[int, list[tuple[dt.date, str]]],
    counts: Mapping[tuple[int, int], int],
    limit: int,
    pack: int,
    shards: list[Shard],
) -> None:
    """Append the shards of the period of *span* months from *start* to *shards*."""
    count = counts.get((span, start), 0)
    if not count:
        return
    if span == 1:
        shards.extend(_month_shards(start, sorted(months[start]), limit))
        return
    if count <= pack:
        items = sorted(
            item for month in range(start, start + span) for item in months.get(month, ())
        )
        shards.append(Shard(_period_name(span, start), tuple(page for _, page in items)))
        return
    part = _PERIODS[_PERIODS.index(span) + 1]
    for first in range(start, start + span, part):
        _plan_period(part, first, months, counts, limit, pack, shards)


def _period_name(span: int, start: int) -> str:
    """Return the name of a period's shard: 2020s, 2025, 2025-h2, 2025-q3 or 2025-07."""
    year, month = divmod(start, 12)
    if span == 120:
        return f"{year:04d}s"
    if span == 12:
        return f"{year:04d}"
    if span == 6:
        return f"{year:04d}-h{month // 6 + 1}"
    if span == 3:
        return f"{year:04d}-q{month // 3 + 1}"
    return f"{year:04d}-{month + 1:02d}"


def _month_shards(month: int, items: list[tuple[dt.date, str]], limit: int) -> list[Shard]:
    """Return a month's shards: the month, or over *limit* stories runs of whole days."""
    name = _period_name(1, month)
    parts = -(-len(items) // limit)
    if parts <= 1:
        return [Shard(name, tuple(page for _, page in items))]
    # Whole days stay together; each part takes days until it holds its share.
    days: dict[dt.date, list[str]] = {}
    for date, page in items:
        days.setdefault(date, []).append(page)
    share = len(items) / parts
    shards = []
    current: list[str] = []
    number = 1
    for date in sorted(days):
        current.extend(days[date])
        if len(current) >= share and number < parts:
            shards.append(Shard(f"{name}-{number}", tuple(current)))
            current = []
            number += 1
    if current:
        shards.append(Shard(f"{name}-{number}", tuple(current)))
    return shards
