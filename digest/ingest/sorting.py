"""Ingest's second step: every dump's stories -> distinct stories, each classified.

Dedup and classification are cached together under the list of dump keys, and computed
together in worker processes when there are many stories.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from digest.config import ClassifyConfig, Config
from digest.ingest.records import SortingRecord
from digest.ingest.workers import Sorting, finding_of, sort_part, sorting_setup
from digest.models import Classification, RawStory
from digest.parallel import chunks, forks_workers, iter_parallel, worker_count
from digest.store.cache import Cache, key_of
from digest.story_files import TITLE_SLUGS, title_slug

if TYPE_CHECKING:  # dedup is imported only when there is work for it
    from digest.ingest.dedup import Deduplication


@dataclass(frozen=True, slots=True)
class Gathered:
    """The stories of every dump read, in order, with their exact keys and signatures."""

    raw: Sequence[RawStory]
    keys: Sequence[str]
    signed: Sequence[bytes]
    references: Mapping[str, dt.datetime]  # when each dump was first collected


def sort_stories(
    gathered: Gathered,
    config: Config,
    cache: Cache,
    key: str,
    workers: int | None,
) -> tuple[Deduplication, list[Classification]]:
    """Merge duplicates and classify the stories, or take both from the cache by *key*."""
    from digest.ingest.dedup import Deduplication, merge

    raw, keys = gathered.raw, gathered.keys
    known = SortingRecord.from_json(cache.get_json("ingest", key))
    if known is not None and not _partition(known.members, len(raw)):
        known = None  # not what dedup writes: a story would be lost or told twice
    if known is not None:
        try:
            merged = merge(raw, keys, known.members)
        except (KeyError, TypeError, ValueError, IndexError):
            known = None
    if known is not None and len(known.classifications) == len(merged):
        deduplication = Deduplication(merged, known.exact, known.near, known.members)
        return deduplication, list(known.classifications)
    deduplication, classifications = deduplicate_and_classify(
        raw, keys, gathered.signed, config, workers, gathered.references
    )
    record = SortingRecord(
        deduplication.members,
        deduplication.exact_merged,
        deduplication.near_merged,
        tuple(classifications),
    )
    cache.put_json("ingest", key, record.to_json())
    return deduplication, classifications


def _partition(groups: Sequence[Sequence[int]], count: int) -> bool:
    """Tell whether *groups* hold every position below *count* once, none empty."""
    return all(groups) and sorted(p for group in groups for p in group) == list(range(count))


def warm_classify(config: ClassifyConfig) -> None:
    """Build what classifying under *config* reads, the gazetteer and the keyword maps (each
    kept once built), ahead of it: in a thread while the dump workers read, rather than
    here with a core idle (a quarter of a second of CPU)."""
    from digest.ingest.classify import context_for

    context_for(config)


def sorting_key(
    code: str, config: Config, dump_keys: Sequence[str], references: Mapping[str, dt.datetime]
) -> str:
    """Return the key of the dedup and classification of the dumps named by *dump_keys*,
    collected at *references*."""
    seen = sorted((name, moment.isoformat()) for name, moment in references.items())
    settings = (repr(config.ingest), repr(config.classify), config.timezone)
    return key_of("ingest", code, *settings, list(dump_keys), seen)


def deduplicate_and_classify(
    raw: Sequence[RawStory],
    keys: Sequence[str],
    signed: Sequence[bytes],
    config: Config,
    workers: int | None,
    references: Mapping[str, dt.datetime],
) -> tuple[Deduplication, list[Classification]]:
    """Merge duplicates and classify the stories, in worker processes when there are many.

    Which version represents a story is known only after dedup, but what a version says of
    itself does not depend on the others: so one worker deduplicates while the others read
    the first version of every distinct text, and only a near duplicate's reading is unused.
    """
    from digest.ingest.dedup import deduplicate

    if not raw:  # no story (hand-written stories only): no classify modules imported either
        return deduplicate(raw, config.ingest, keys=keys, signed=signed), []
    from digest.ingest.classify import context_for, date_stories, find

    zone = ZoneInfo(config.timezone)
    first_with_key: dict[str, int] = {}
    for position, key in enumerate(keys):
        first_with_key.setdefault(key, position)
    firsts = list(first_with_key.values())  # an exact duplicate needs no reading of its own
    # No story: no workers to fork and no classify context to build (0.2 s), whatever
    # DIGEST_WORKERS asks for (a project of hand-written stories, or dumps all skipped).
    count = worker_count(len(firsts), requested=workers) if firsts else 0
    if count == 0:
        deduplication = deduplicate(raw, config.ingest, keys=keys, signed=signed)
        primaries = [story.primary for story in deduplication.stories]
        findings = find(primaries, context_for(config.classify)) if primaries else []
        return deduplication, date_stories(deduplication.stories, findings, references, zone)
    return _in_workers(Sorting(raw, keys, signed, config), firsts, count, references, zone)


def _in_workers(
    sorting: Sorting,
    firsts: Sequence[int],
    count: int,
    references: Mapping[str, dt.datetime],
    zone: ZoneInfo,
) -> tuple[Deduplication, list[Classification]]:
    """Deduplicate in one of *count* workers while they all read the stories at *firsts*
    (the first of each exact key); date each story as its reading comes in."""
    from digest.ingest.classify import context_for, date_stories, now_reference
    from digest.ingest.dedup import Deduplication, merge

    raw, keys = sorting.raw, sorting.keys
    # Many small chunks: the worker that deduplicates takes fewer, and none waits long at the
    # end (a core is idle for about half a chunk: ~150 stories' reading at 10 000 stories).
    batches = chunks(firsts, count * 32)
    # One classify context (gazetteer, vocabulary) for every worker, inherited by the fork:
    # built here once rather than in each worker (spawned workers build their own).
    context = context_for(sorting.config.classify) if forks_workers() else None
    computed = iter_parallel(
        sorting_setup,
        sort_part,
        replace(sorting, context=context),
        [None, *batches],
        workers=count,
        ahead=2,  # (each worker's next batch waits in its pipe: no core idles for this one)
    )
    with closing(computed):
        # Merged, and each batch's stories dated, as the batches come in while the workers
        # read on (here they would be work for one core after the last batch).
        grouped = next(computed)
        deduplication = Deduplication(
            merge(raw, keys, grouped.members), grouped.exact, grouped.near, grouped.members
        )
        # A group's first position is its key's first: the others of that key are in the group.
        numbers = dict.fromkeys(firsts, -1)
        numbers.update((group[0], number) for number, group in enumerate(grouped.members))
        dated: dict[int, Classification] = {}
        now = now_reference()
        naming = len(firsts) <= TITLE_SLUGS  # (more: the first slugs would be forgotten)
        for batch, part in zip(batches, computed, strict=True):
            # (a near duplicate's own reading is unused: its group's first is another story)
            mine = [(numbers[p], row) for p, row in zip(batch, part.findings, strict=True)]
            mine = [(number, row) for number, row in mine if number >= 0]
            classes = date_stories(
                [deduplication.stories[number] for number, _ in mine],
                [finding_of(row) for _, row in mine],
                references,
                zone,
                now,
            )
            dated.update(zip((number for number, _ in mine), classes, strict=True))
            if naming:  # the slugs export names new files by, made here beside the workers
                for number, _ in mine:
                    title_slug(deduplication.stories[number].title)
    return deduplication, [dated[number] for number in range(len(deduplication.stories))]
