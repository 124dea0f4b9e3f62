"""A story's reference time: when it was first collected.

A dump's stories are collected when the dump is first ingested (`references`), and so is
every story it held then. A story pasted into a dump later (the daily loop: each new story
under the previous one) was collected when an ingest first met it: its place in the dump
has a reference time of its own, under `place_key`, in the same mapping as the dumps'; the
ledger keeps it with the story (`LedgerEntry.seen`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from digest.models import Source


def place_key(dump: str, index: int) -> str:
    """Return the key of a story's place in a dump among the reference times (a NUL is in
    no file name)."""
    return f"{dump}\0{index}"


def story_reference(
    sources: Iterable[Source],
    references: Mapping[str, dt.datetime],
    default: dt.datetime | None = None,
) -> dt.datetime | None:
    """Return the earliest reference time of a story's *sources*: each one's place's, else
    its dump's, else *default* (a source with none is left out when *default* is None)."""
    times = [
        references.get(place_key(source.dump, source.index))
        or references.get(source.dump)
        or default
        for source in sources
    ]
    known = [moment for moment in times if moment is not None]
    return min(known) if known else default


def placed_later(sources: Iterable[Source], references: Mapping[str, dt.datetime]) -> str:
    """Return the story's reference time (ISO) when its places make it later than its dumps'
    first collection, else ""."""
    listed = list(sources)
    moment = story_reference(listed, references)
    dumps = [references[source.dump] for source in listed if source.dump in references]
    if moment is None or not dumps or moment <= min(dumps):
        return ""
    return moment.isoformat()
