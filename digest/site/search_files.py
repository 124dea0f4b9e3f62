"""Search files: the files of site/'s search index, read from the shards' cached indexes.

Pagefind's output is kept in the cache a shard at a time (pagefind.py) and laid out in site/
by search.py; a build places each shard's files as its run ends, and `digest serve` all of
them. A cached file is checked against the digest its shard's manifest records before it is
published, but for a shard whose run this build saw end: its files were read and digested
then (`_finish`), a moment before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.paths import SEARCH_DIR
from digest.site.search import SHARD_LIST, ShardIndex, layout, shard_layout, shard_list
from digest.store.write import digest_of


def cached_file(source: str, digest: str, *, check: bool = True) -> bytes | None:
    """Return a file of a cached shard index (from `layout`), or None when it is damaged:
    gone, or (*check*ed) not what the shard's manifest says (a killed run, a disk error)."""
    try:  # no Path made: ~4 400 files at 4 000 stories, read in the build's own process
        with open(source, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return None
    return data if not check or digest_of(data) == digest else None


@dataclass(frozen=True, slots=True)
class SearchFiles:
    """Every file of site/'s search index: its digest, and the cached file holding its bytes."""

    digests: Mapping[str, str]  # path in site/ -> digest
    sources: Mapping[str, str]  # path in site/ -> file in the cache (all but the listing)
    listing: bytes  # pagefind/shards.json
    # The cached files were digested by this build as their run ended: read, not checked
    # again (the third hashing of 27 MB of index at 4 000 stories).
    made_now: bool = False

    def read(self, paths: Sequence[str]) -> dict[str, bytes] | Path:
        """Return the bytes of the files at *paths*, or the first cached file found damaged."""
        contents: dict[str, bytes] = {}
        for path in paths:
            if path not in self.sources:
                contents[path] = self.listing
                continue
            data = cached_file(self.sources[path], self.digests[path], check=not self.made_now)
            if data is None:
                return Path(self.sources[path])
            contents[path] = data
        return contents


def shard_files(index: ShardIndex, *, primary: bool, made_now: bool = False) -> SearchFiles:
    """Return the files of site/'s search index that one shard gives (no shards.json);
    *made_now*: its run ended in this build, which digested its files then."""
    files = shard_layout(index, primary=primary)
    digests = {path: digest for path, (_, digest) in files.items()}
    sources = {path: source for path, (source, _) in files.items()}
    return SearchFiles(digests, sources, b"", made_now)


def search_files(indexes: Sequence[ShardIndex]) -> SearchFiles:
    """Return the files of the search index made of *indexes* (for a build and for serve)."""
    files = layout(indexes)
    listing = shard_list(indexes)
    digests = {path: digest for path, (_, digest) in files.items()}
    digests[f"{SEARCH_DIR}/{SHARD_LIST}"] = digest_of(listing)
    return SearchFiles(digests, {path: source for path, (source, _) in files.items()}, listing)
