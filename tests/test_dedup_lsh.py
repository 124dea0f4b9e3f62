"""MinHash signatures and the LSH bands of dedup: datasketch's "affine32" scheme and band
choice, computed without datasketch (and the scipy it imports)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from digest.ingest.dedup_lsh import BandIndex, bands, signature, signatures_of_sets
from tests.conftest_project import REPO

# Forty well-spread 64-bit shingle hashes.
SHINGLES = np.arange(1, 41, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)


def test_signatures_are_datasketchs() -> None:
    # Values datasketch 2.0's MinHash(num_perm=128, seed=1, hashfunc=int, scheme="affine32")
    # gives these shingles' high halves: the signatures cached before stay valid.
    signed = signature(SHINGLES, 128)
    assert signed.dtype == np.uint32
    assert signed[:6].tolist() == [47462674, 46491583, 187491406, 16143086, 197951626, 97422234]
    assert int(signed.astype(np.uint64).sum()) == 12218294988


def test_a_signature_is_the_same_whatever_the_batches_and_repeats() -> None:
    many = np.random.default_rng(3).integers(0, 2**64, 5000, dtype=np.uint64)
    whole = signature(many, 64)
    assert np.array_equal(signature(np.concatenate([many, many[:100]]), 64), whole)
    assert np.array_equal(signature(many[::-1].copy(), 64), whole)


def test_the_signatures_of_a_dump_s_sets_are_each_set_s_own() -> None:
    # A dump's sets are permuted together in groups; each keeps the signature it has alone,
    # whatever its size: one shingle, a group's worth, more than a group (signed alone).
    draw = np.random.default_rng(7)
    sizes = [1, 40, 3, 5000, 900, 4095, 4096, 1, 2, 12000, 700, 700, 700, 1]
    sets = [draw.integers(0, 2**64, size, dtype=np.uint64) for size in sizes]
    signed = signatures_of_sets(sets, 128)
    assert len(signed) == len(sets)
    for values, alone in zip(sets, signed, strict=True):
        assert alone.dtype == np.uint32
        assert alone.tobytes() == signature(values, 128).tobytes()
    assert signatures_of_sets([], 64) == []


@pytest.mark.parametrize(
    ("threshold", "num_perm", "expected"),
    [(0.5, 128, (25, 5)), (0.8, 128, (9, 13)), (0.3, 64, (21, 3)), (0.9, 256, (9, 28)),
     (0.5, 16, (5, 3))],
)  # fmt: skip
def test_bands_are_the_ones_datasketch_chooses(
    threshold: float, num_perm: int, expected: tuple[int, int]
) -> None:
    assert bands(threshold, num_perm) == expected


def test_bands_match_datasketch_when_it_is_installed() -> None:
    lsh = pytest.importorskip("datasketch.lsh")
    for num_perm in (32, 100):
        for threshold in (0.1, 0.35, 0.5, 0.65, 0.95):
            expected = lsh._optimal_param(threshold, num_perm, 0.5, 0.5)
            assert bands(threshold, num_perm) == expected, (threshold, num_perm)


def test_the_index_finds_stories_sharing_a_band_and_only_those() -> None:
    index = BandIndex(0.5, 128)
    base = np.random.default_rng(5).integers(0, 2**64, 300, dtype=np.uint64)
    near = np.concatenate([base[:280], np.arange(20, dtype=np.uint64)])  # Jaccard ~0.88
    other = np.random.default_rng(6).integers(0, 2**64, 300, dtype=np.uint64)
    index.insert(0, signature(base, 128).tobytes())
    index.insert(1, signature(other, 128).tobytes())
    assert index.query(signature(near, 128).tobytes()) == {0}


def test_a_signature_of_the_wrong_length_is_refused_in_words() -> None:
    index = BandIndex(0.5, 128)
    with pytest.raises(ValueError, match="a signature of 64 values, expected 128"):
        index.query(signature(SHINGLES, 64).tobytes())


def test_dedup_runs_without_datasketch_or_scipy() -> None:
    script = (
        "import sys\n"
        "sys.modules['datasketch'] = None\n"  # importing either now fails
        "sys.modules['scipy'] = None\n"
        "from digest.config import IngestConfig\n"
        "from digest.ingest.dedup import deduplicate\n"
        "from digest.ingest.segment import segment_dump\n"
        "from digest.models import Dump\n"
        "body = ' '.join(f'word{i}' for i in range(80))\n"
        "dumps = [Dump(f'd{n}.txt', f'Title\\n\\nTT\\n\\nTitle\\n\\n{body}{tail}.\\n', 'utf-8')\n"
        "         for n, tail in enumerate(['', ' and one more'])]\n"
        "stories = [s for d in dumps for s in segment_dump(d, IngestConfig()).stories]\n"
        "result = deduplicate(stories, IngestConfig())\n"
        "print(len(stories), len(result.stories), result.near_merged)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "1", "1"]
