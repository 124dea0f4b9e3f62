"""Plan records: each page's and feed's plan, kept by path in the build cache (`PLAN`).

Every build keeps each page's and feed's plan as a record of its own, pickled with its plan
digest and written only when that digest changed (a template edit or a deploy writes few);
a story-edit build (`edit_build`) reads the plans of the few files an edit touches instead
of planning every page. The plan index (`plan_index`) holds each file's plan digest.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from typing import TYPE_CHECKING

from digest.engine.plan_index import PlanIndex
from digest.site.views import FeedPlan, Page, add_referenced_ids
from digest.store import pickled
from digest.store.cache import Cache
from digest.store.state import PLAN

if TYPE_CHECKING:  # the planner's modules: a story edit reads its plans before they load
    from digest.site.plan import SitePlan

PLAN_PIECE = 750  # plans kept between two looks at Pagefind's runs (~0.035 s of a build)


def read_plans(cache: Cache, index: PlanIndex, paths: Iterable[str]) -> dict[str, object] | None:
    """Return the plan of each page and feed at *paths*; None when one is missing or stale."""
    wanted = list(paths)
    found = cache.get_many(PLAN, wanted)
    plans: dict[str, object] = {}
    for path in wanted:
        data = found.get(path)
        if data is None:
            return None
        try:
            digest, plan = pickled.loads(data)
        except Exception:  # damaged, of other code, or naming more than data
            return None
        if digest != index.digests.get(path) or not isinstance(plan, Page | FeedPlan):
            return None
        plans[path] = plan
    return plans


def shows_of(plan: SitePlan, paths: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Return the ids of the stories that each page or feed at *paths* names."""
    shows: dict[str, tuple[str, ...]] = {}
    for path in paths:
        page = plan.pages.get(path)
        if page is not None:
            ids: set[str] = set()
            add_referenced_ids(page.values, ids)
            shows[path] = tuple(sorted(ids))
        else:
            shows[path] = tuple(dict.fromkeys(ref.id for ref in plan.feeds[path].entries))
    return shows


def put_plan(cache: Cache, plan: SitePlan, path: str) -> None:
    """Keep the plan of the page or feed at *path*, with its plan digest."""
    value = plan.pages.get(path) or plan.feeds[path]
    cache.put(PLAN, path, pickled.dumps((plan.digests[path], value)))


def put_plans(cache: Cache, plan: SitePlan, before: PlanIndex | None) -> dict[str, tuple[str, ...]]:
    """Keep the plan of each page and feed whose plan digest changed; return `shows` of all.

    Plans kept before by this code under the same digest are not written again; those of
    files no longer planned are forgotten.
    """
    pieces = plans_in_pieces(cache, plan, before)
    while True:
        try:
            next(pieces)
        except StopIteration as done:
            shows: dict[str, tuple[str, ...]] = done.value
            return shows


def plans_in_pieces(
    cache: Cache, plan: SitePlan, before: PlanIndex | None
) -> Generator[None, None, dict[str, tuple[str, ...]]]:
    """`put_plans`, a stop after every PLAN_PIECE plans kept: a build looks at Pagefind's
    runs there (`SearchFeed.result`); 6 000 plans take ~0.27 s at 4 000 stories."""
    kept = before.digests if before is not None else {}
    changed = [path for path, digest in plan.digests.items() if kept.get(path) != digest]
    for start in range(0, len(changed), PLAN_PIECE):
        for path in changed[start : start + PLAN_PIECE]:
            put_plan(cache, plan, path)
        yield
    shows = dict(before.shows) if before is not None else {}
    shows.update(shows_of(plan, changed))
    gone = [path for path in shows if path not in plan.digests]
    for path in gone:
        del shows[path]
    if before is None:
        cache.keep_only(PLAN, plan.digests)
    elif gone:
        cache.delete(PLAN, gone)
    return {path: shows[path] for path in plan.digests}
