"""Dedup stage: segmented stories from every dump -> distinct stories listing all sources.

Exact duplicates share a normalized text (white space, quotes, dashes and case folded).
Near duplicates (a changed word, a dropped or added paragraph) are found with MinHash
signatures of word shingles and an LSH index (datasketch), so the cost stays near-linear
in the number of stories; each LSH candidate is verified on the shingle sets themselves.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from digest.config import IngestConfig
from digest.models import RawStory, Story

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """Fold what differs between copies of one text: Unicode forms, quotes, dashes, spacing."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_FOLD).casefold().split())


def story_text(story: RawStory) -> str:
    """Return the normalized text that identifies a story: title, captions, body."""
    parts = [story.title, *story.captions, *story.body_lines]
    return "\n".join(normalize(part) for part in parts)


def exact_key(story: RawStory) -> str:
    """Return a key shared by stories that are the same after normalization."""
    return hashlib.sha256(story_text(story).encode("utf-8")).hexdigest()[:24]


def shingles(story: RawStory, size: int) -> set[bytes]:
    """Return the story's word *size*-grams (its title and body, not captions)."""
    words = _WORD.findall(normalize(" ".join((story.title, *story.body_lines))))
    if len(words) < size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@dataclass(frozen=True, slots=True)
class Deduplication:
    """Distinct stories, in the order of their first source, and what was merged."""

    stories: tuple[Story, ...]
    exact_merged: int
    near_merged: int


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


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    """Return the Jaccard similarity of two shingle sets."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def minhash(shingle_set: set[bytes], num_perm: int) -> MinHash:
    """Return the MinHash signature of a shingle set (seeded: stable across runs)."""
    signature = MinHash(num_perm=num_perm, seed=1)
    signature.update_batch(sorted(shingle_set))
    return signature


def deduplicate(stories: Sequence[RawStory], config: IngestConfig) -> Deduplication:
    """Merge exact and near duplicates; the earliest version of each story represents it."""
    keys = [exact_key(story) for story in stories]
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
    shingle_sets = {
        position: shingles(stories[position], config.shingle_words) for position in distinct
    }
    lsh = MinHashLSH(threshold=config.near_duplicate_threshold, num_perm=config.num_perm)
    near = 0
    for position in distinct:
        signature = minhash(shingle_sets[position], config.num_perm)
        for candidate in lsh.query(signature):
            other = int(candidate)
            similar = jaccard(shingle_sets[position], shingle_sets[other])
            if similar >= config.near_duplicate_threshold and clusters.find(other) != clusters.find(
                position
            ):
                clusters.union(other, position)
                near += 1
        lsh.insert(str(position), signature)

    members: dict[int, list[int]] = {}
    for position in range(len(stories)):
        members.setdefault(clusters.find(position), []).append(position)
    merged = []
    for root in sorted(members):
        group = members[root]
        group_keys = [keys[p] for p in group]
        near_count = len(set(group_keys)) - 1
        merged.append(
            Story(
                primary=stories[root],
                sources=tuple(stories[p].source for p in group),
                exact_duplicates=len(group) - 1 - near_count,
                near_duplicates=near_count,
                keys=tuple(dict.fromkeys(group_keys)),
            )
        )
    return Deduplication(tuple(merged), exact, near)
