"""Related record: each build's related stories, kept in the build cache by runs of stories.

A story's related stories depend only on it and the stories after it, the older ones
(`group.related_stories`). So the stories, newest first, are cut into runs of RUN stories
counted from the oldest, and each run's answers are kept as a record of its own, under a key
that hashes digest's code, the limit, the run's inputs (each story's id, tags and regions, in
order) and the key of the run before it (older): a record found under a run's key holds
answers that are still right, and a record can never be found for other inputs. A day's new
stories change the newest run's key only: a deploy of 100 000 stories reads every run's
record and works out and writes the newest, where it once read and wrote one record of every
story's answers and inputs (some 20 MB, ~0.5 s of the build's CPU).

A record is the project's (a cloned cache may be crafted): one that is not an answer for
each story of its run, naming only stories of the site, is worked out again. The answers
are made stories only when a page asks for them (`Related`): a deploy plans a few hundred.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import orjson

from digest.models import Article
from digest.site.group import RelatedFinder, related_stories
from digest.store.cache import Cache, checksum

KIND = "related"
RUN = 1024  # stories a record: a deploy works out the newest run's again (a few ms)
FORMAT = "related-run 1"

Answers = dict[str, list[str]]  # story id -> the ids of its related stories, in order


class Related(Mapping[str, tuple[Article, ...]]):
    """Every story's related stories: those worked out now, and those read back as ids,
    made stories when asked for."""

    def __init__(
        self,
        found: Mapping[str, tuple[Article, ...]],
        kept: Answers,
        by_id: Mapping[str, Article],
    ) -> None:
        self._found = dict(found)
        self._kept = kept
        self._by_id = by_id

    def __getitem__(self, name: str) -> tuple[Article, ...]:
        found = self._found.get(name)
        if found is None:
            by_id = self._by_id
            found = self._found[name] = tuple([by_id[other] for other in self._kept[name]])
        return found

    def __iter__(self) -> Iterator[str]:
        yield from self._found
        yield from (name for name in self._kept if name not in self._found)

    def __len__(self) -> int:
        return len(self._found.keys() | self._kept.keys())


def runs_of(count: int, size: int = RUN) -> list[tuple[int, int]]:
    """Return the runs of *count* stories (newest first) as (start, end), the oldest first."""
    return [(max(0, end - size), end) for end in range(count, 0, -size)]


def run_keys(code: str, limit: int, ordered: Sequence[Article], size: int = RUN) -> list[str]:
    """Return each run's key (`runs_of`, the oldest first): chained from the oldest."""
    keys: list[str] = []
    before = ""
    for start, end in runs_of(len(ordered), size):
        inputs = [(article.id, article.tags, article.regions) for article in ordered[start:end]]
        before = checksum(orjson.dumps([FORMAT, code, limit, before, inputs]))
        keys.append(before)
    return keys


def _answers(data: bytes | None, run: Sequence[Article], ids: Mapping[str, Article]) -> Answers:
    """Return a run's record as answers; ValueError when it is not one for each story of
    *run*, naming only stories of *ids* (damaged, crafted)."""
    if data is None:
        raise ValueError("no record")
    answers = orjson.loads(data)
    if type(answers) is not dict or len(answers) != len(run):
        raise ValueError("not a run's answers")
    if any(article.id not in answers for article in run):
        raise ValueError("not this run's stories")
    values = answers.values()
    if any(type(value) is not list for value in values):
        raise ValueError("an answer that is no list")
    named: set[object] = set().union(*values)  # TypeError: an unhashable item
    if not named <= ids.keys():
        raise ValueError("an answer naming no story of the site")
    return answers


def remembered_related(cache: Cache, code: str) -> RelatedFinder:
    """Return `related_stories`, with the answers the cache keeps for the older stories."""

    def find(ordered: Sequence[Article], limit: int) -> Mapping[str, tuple[Article, ...]]:
        runs = runs_of(len(ordered), RUN)
        keys = run_keys(code, limit, ordered, RUN)
        stored = cache.get_many(KIND, keys)
        by_id = {article.id: article for article in ordered}
        kept: Answers = {}
        stop = len(ordered)
        for (start, end), key in zip(runs, keys, strict=True):
            try:
                kept.update(_answers(stored.get(key), ordered[start:end], by_id))
            except (ValueError, TypeError):
                break  # this run and every newer one worked out again
            stop = start
        found = related_stories(ordered, limit, stop=stop) if stop else {}
        for (start, end), key in zip(runs, keys, strict=True):
            if start < stop:
                run = {a.id: [other.id for other in found[a.id]] for a in ordered[start:end]}
                cache.put(KIND, key, orjson.dumps(run))
        cache.keep_only(KIND, keys)
        return Related(found, kept, by_id)

    return find
