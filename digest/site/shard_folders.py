"""Shard folders: the search cache's folders the current site does not use, removed.

A shard's cached index stays while the site uses it; the rest go at the end of a build, with
what a killed build left: its Pagefind runs (each waiting on its named pipes, released first)
and its render workers' parts. While this build's own runs go on beside Pagefind, its runs'
and parts' folders stay: its parts removed, a run not yet started read its story pages back
from the staging folder and cut them again (a third of a cold build's pages, cold17).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Sequence
from pathlib import Path

from digest.paths import SEARCH_CACHE
from digest.site.pagefind_early import RUN_PREFIX, release_pipes
from digest.site.search import INPUT_PREFIX


def forget_other_shards(cache_dir: Path, keep: Sequence[str], *, runs: bool = True) -> None:
    """Remove cached shard indexes that the current site does not use, and killed builds'
    runs and parts (unless not *runs*: the build's own go on beside Pagefind)."""
    store = cache_dir / SEARCH_CACHE
    wanted = set(keep)
    with contextlib.suppress(OSError):
        for entry in store.iterdir():
            if entry.name in wanted:
                continue
            if not runs and entry.name.startswith((RUN_PREFIX, INPUT_PREFIX)):
                continue
            if entry.name.startswith(RUN_PREFIX):  # a run started early waits on pipes
                release_pipes(entry)
            shutil.rmtree(entry, ignore_errors=True)
