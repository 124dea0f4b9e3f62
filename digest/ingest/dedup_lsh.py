"""MinHash for dedup: shingle hashes -> 32-bit signatures -> the LSH index of candidate pairs.

The scheme is datasketch's "affine32" (its version 2), computed here on whole arrays, so that
digest needs neither datasketch nor the scipy it imports (for one integral): each shingle's
32-bit hash is mixed with MurmurHash3's finalizer, then permuted by h -> a*h + b mod 2**32
(a odd: a bijection), and a signature keeps each permutation's minimum. The permutations are
drawn from numpy's RandomState(1) exactly as datasketch draws them, and the bands are chosen
as datasketch chooses them, so signatures cached before stay valid and dedup finds the pairs
it found with datasketch.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Hashes = npt.NDArray[np.uint64]
    Hashes32 = npt.NDArray[np.uint32]

SEED = 1  # datasketch's seed for the permutations: the cached signatures were made with it
VALUE_BYTES = 4  # one 32-bit value of a signature
# Shingles permuted at once: a temporary of num_perm x this many values (2 MiB at 128).
_BATCH_VALUES = 4096
# How much a missed pair and a false candidate count when choosing the bands (datasketch's).
_FALSE_POSITIVE_WEIGHT = 0.5
_FALSE_NEGATIVE_WEIGHT = 0.5


@lru_cache(maxsize=4)
def permutations(num_perm: int) -> tuple[Hashes32, Hashes32]:
    """Return the multipliers (odd) and offsets of the *num_perm* affine permutations."""
    import numpy as np

    draw = np.random.RandomState(SEED)
    multipliers = draw.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    offsets = draw.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return multipliers, offsets


@lru_cache(maxsize=2)
def _scratch(num_perm: int) -> Hashes32:
    """Return this process's array for permuted shingles (num_perm x twice _BATCH_VALUES:
    a group closes once it holds _BATCH_VALUES): written in place, a fifth faster than a
    fresh temporary each time, whose pages are faulted in again."""
    import numpy as np

    return np.empty((num_perm, 2 * _BATCH_VALUES), dtype=np.uint32)


def _fmix32(values: Hashes32) -> Hashes32:
    """Mix 32-bit hashes with MurmurHash3's finalizer (a bijection), as datasketch does first."""
    import numpy as np

    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def signature(shingles: Hashes, num_perm: int) -> Hashes32:
    """Return the MinHash signature of a shingle set (repeats change nothing)."""
    import numpy as np

    multipliers, offsets = permutations(num_perm)
    # The high half of a well-mixed 64-bit hash is a 32-bit hash of the shingle.
    values = _fmix32((shingles >> np.uint64(32)).astype(np.uint32))
    # One row per permutation (num_perm x values), each row's minimum read along contiguous
    # memory: about twice as fast as the values x num_perm layout reduced down its columns
    # (measured for 50 to 5 000 shingles), and the same minima. A very long text goes in
    # batches, so that the temporary stays small (a minimum is the same whatever the batches).
    column = multipliers[:, None]
    shift = offsets[:, None]
    found: Hashes32 | None = None
    for start in range(0, len(values), _BATCH_VALUES):
        part = values[start : start + _BATCH_VALUES]
        permuted = _scratch(num_perm)[:, : len(part)]
        np.multiply(column, part, out=permuted)
        np.add(permuted, shift, out=permuted)
        least = permuted.min(axis=1)
        found = least if found is None else np.minimum(found, least, out=found)
    if found is None:  # no shingle: every value at its largest, as before any minimum
        return np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    return found


def signatures_of_sets(shingle_sets: Sequence[Hashes], num_perm: int) -> list[Hashes32]:
    """Return the MinHash signature of each shingle set (each with one shingle at least),
    the same as `signature` gives: the sets of a dump are permuted together, a group of
    about _BATCH_VALUES shingles at a time, and each set's minima taken by `reduceat`, so
    that the numpy calls are made once a group rather than once a story."""
    import numpy as np

    multipliers, offsets = permutations(num_perm)
    column, shift = multipliers[:, None], offsets[:, None]
    found: list[Hashes32] = []
    group: list[Hashes] = []
    held = 0
    for index, shingles in enumerate(shingle_sets):
        if len(shingles) >= _BATCH_VALUES:
            found.append(signature(shingles, num_perm))  # alone: it batches its own
        else:
            group.append(shingles)
            held += len(shingles)
        following = shingle_sets[index + 1 : index + 2]
        if group and (held >= _BATCH_VALUES or not following or len(following[0]) >= _BATCH_VALUES):
            # (a long set next is signed alone: the group before it is closed first)
            starts = np.cumsum([0, *(len(part) for part in group[:-1])])
            values = _fmix32((np.concatenate(group) >> np.uint64(32)).astype(np.uint32))
            permuted = _scratch(num_perm)[:, : len(values)]
            np.multiply(column, values, out=permuted)
            np.add(permuted, shift, out=permuted)
            least = np.minimum.reduceat(permuted, starts, axis=1)  # num_perm x sets
            found.extend(np.ascontiguousarray(least.T))
            group, held = [], 0
    return found


@lru_cache(maxsize=8)
def bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """Return (bands, rows per band) with the least weighted chance of a false candidate
    (similarity below *threshold*) plus a missed pair (at or above it), as datasketch does.

    Both chances are integrals of a polynomial of degree at most *num_perm* over the
    similarity; Gauss-Legendre with num_perm // 2 + 1 nodes gives them exactly.
    """
    import numpy as np

    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    below = threshold * (nodes + 1) / 2  # the nodes moved to [0, threshold] ...
    above = threshold + (1 - threshold) * (nodes + 1) / 2  # ... and to [threshold, 1]
    best, best_error = (0, 0), float("inf")
    for band_count in range(1, num_perm + 1):
        rows = np.arange(1, num_perm // band_count + 1, dtype=np.float64)[:, None]
        candidate_below = 1 - (1 - below**rows) ** band_count
        missed_above = (1 - above**rows) ** band_count
        false_positive = candidate_below @ weights * threshold / 2
        false_negative = missed_above @ weights * (1 - threshold) / 2
        errors = false_positive * _FALSE_POSITIVE_WEIGHT + false_negative * _FALSE_NEGATIVE_WEIGHT
        row = int(np.argmin(errors))  # the first of equal ones, as datasketch's loop keeps
        if errors[row] < best_error:
            best, best_error = (band_count, row + 1), float(errors[row])
    return best


class BandIndex:
    """Signatures filed by band: two that agree on every value of one band are candidates."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        self.num_perm = num_perm
        band_count, rows = bands(threshold, num_perm)
        width = rows * VALUE_BYTES
        self._slices = [slice(i * width, (i + 1) * width) for i in range(band_count)]
        self._tables: list[dict[bytes, list[int]]] = [{} for _ in range(band_count)]

    def _check(self, signed: bytes) -> None:
        if len(signed) != self.num_perm * VALUE_BYTES:
            raise ValueError(
                f"a signature of {len(signed) // VALUE_BYTES} values, expected {self.num_perm}"
            )

    def query(self, signed: bytes) -> set[int]:
        """Return the keys filed with a band of *signed* (a signature's bytes)."""
        self._check(signed)
        found: set[int] = set()
        for part, table in zip(self._slices, self._tables, strict=True):
            found.update(table.get(signed[part], ()))
        return found

    def insert(self, key: int, signed: bytes) -> None:
        """File *key* under every band of *signed*."""
        self._check(signed)
        for part, table in zip(self._slices, self._tables, strict=True):
            table.setdefault(signed[part], []).append(key)
