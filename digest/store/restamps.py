"""Restamps: the new stamps of article files whose card records still hold their bytes.

A deploy's fresh clone gives every file a new stamp (time, inode) and the same bytes. The
card record of each (`site/stories`) stays as it was; the stamp under which its bytes were
found again, with their sha256, goes into one record for all files, which the next build
trusts as it trusts a record's own stamp: 100 000 records (117 MB) are not encoded and
written again per deploy, one record of some 8 MB is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from digest.store.cache import Cache
from digest.store.state import STATE, STATE_CARD_STAMPS

# A file's stamp (size, mtime_ns, ctime_ns, inode), then the sha256 of its bytes under it.
Restamp = list[Any]
RESTAMP_LENGTH = 5


def read_restamps(cache: Cache) -> dict[str, Restamp]:
    """Return the restamps the cache holds, by path; none when the record is unreadable."""
    try:
        value = cache.get_json(STATE, STATE_CARD_STAMPS)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {
        path: restamp
        for path, restamp in value.items()
        if isinstance(restamp, list) and len(restamp) == RESTAMP_LENGTH
    }


def write_restamps(cache: Cache, restamps: Mapping[str, Restamp]) -> None:
    """Record *restamps* (every file's that has one: those left out are forgotten)."""
    cache.put_json(STATE, STATE_CARD_STAMPS, dict(restamps))


def restamp_answers(restamp: Restamp | None, stamp: list[int], sha: object) -> bool:
    """Tell whether *restamp* proves that a file with *stamp* holds the bytes hashed *sha*."""
    return restamp is not None and restamp[:-1] == stamp and restamp[-1] == sha
