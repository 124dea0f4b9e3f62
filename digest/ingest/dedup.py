"""Dedup stage: segmented stories from every dump -> distinct stories listing all sources.

Exact duplicates share a normalized text (white space, quotes, dashes and case folded).
Near duplicates (a changed word, a dropped or added paragraph) are found with MinHash
signatures of word shingles and an LSH index of their bands (dedup_lsh), so the cost stays
near-linear in the number of stories; each LSH candidate is verified on the shingle sets
themselves, and on its headline and lead (dedup_heads: a shared boilerplate tail is no copy).
The keys, shingles and signatures are the story's fingerprints (`fingerprints`); signatures
are cached with their dump.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from digest.config import IngestConfig
from digest.ingest.copies import representative
from digest.ingest.dedup_heads import same_head
from digest.ingest.dedup_lsh import BandIndex, signature
from digest.ingest.fingerprints import WordHashes, exact_key, jaccard, shingle_hashes
from digest.models import RawStory, Story

if TYPE_CHECKING:
    from digest.ingest.fingerprints import Hashes


@dataclass(frozen=True, slots=True)
class Deduplication:
    """Distinct stories, in the order of their first source, and what was merged."""

    stories: tuple[Story, ...]
    exact_merged: int
    near_merged: int
    members: tuple[tuple[int, ...], ...] = ()  # positions in the input of each story


class _Clusters:
    """Union-find over story positions; the root is always the earliest position."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def deduplicate(
    stories: Sequence[RawStory],
    config: IngestConfig,
    *,
    keys: Sequence[str] | None = None,
    signed: Sequence[bytes] | None = None,
) -> Deduplication:
    """Merge exact and near duplicates; the earliest version of each story represents it.

    *keys* and *signed* are the stories' exact keys and signatures when already known.
    """
    if not stories:
        return Deduplication((), 0, 0, ())
    keys = [exact_key(story) for story in stories] if keys is None else list(keys)
    first_with_key: dict[str, int] = {}
    clusters = _Clusters(len(stories))
    exact = 0
    for position, key in enumerate(keys):
        if key in first_with_key:
            clusters.union(first_with_key[key], position)
            exact += 1
        else:
            first_with_key[key] = position

    # Near duplicates: only one version of each exact group needs a signature.
    distinct = sorted(first_with_key.values())
    seen = WordHashes()
    if signed is None:
        signed = [b""] * len(stories)
        for position in distinct:
            shingles = shingle_hashes(stories[position], config.shingle_words, seen)
            signed[position] = signature(shingles, config.num_perm).tobytes()  # (distinct ones)
    index = BandIndex(config.near_duplicate_threshold, config.num_perm)
    shingle_sets: dict[int, Hashes] = {}

    def shingles_of(position: int) -> Hashes:
        if position not in shingle_sets:
            shingle_sets[position] = shingle_hashes(stories[position], config.shingle_words, seen)
        return shingle_sets[position]

    near = 0
    for position in distinct:
        for other in sorted(index.query(signed[position])):
            if clusters.find(other) == clusters.find(position):
                continue
            similar = jaccard(shingles_of(position), shingles_of(other))
            if similar >= config.near_duplicate_threshold and same_head(
                stories[position], stories[other]
            ):
                clusters.union(other, position)
                near += 1
        index.insert(position, signed[position])

    members: dict[int, list[int]] = {}
    for position in range(len(stories)):
        members.setdefault(clusters.find(position), []).append(position)
    groups = tuple(tuple(members[root]) for root in sorted(members))
    return Deduplication(merge(stories, keys, groups), exact, near, groups)


def merge(
    stories: Sequence[RawStory], keys: Sequence[str], groups: Sequence[Sequence[int]]
) -> tuple[Story, ...]:
    """Return one story per group of positions, represented by its first copy or saved page
    with what all its copies' chrome told (`copies.representative`)."""
    merged = []
    for group in groups:
        group_keys = [keys[p] for p in group]
        near_count = len(set(group_keys)) - 1
        merged.append(
            Story(
                primary=representative(stories, group),
                sources=tuple(stories[p].source for p in group),
                exact_duplicates=len(group) - 1 - near_count,
                near_duplicates=near_count,
                keys=tuple(dict.fromkeys(group_keys)),
            )
        )
    return tuple(merged)
