"""Fingerprints: a story's text -> what dedup compares of it.

Its exact key (a hash of its normalized text: white space, quotes, dashes and case folded),
the exact keys of every text it starts with (`prefix_keys`: what a dump saved halfway through
pasting held; the ledger's), the 64-bit hashes of its word shingles (made with whole-array
operations) and their MinHash signature (dedup_lsh), which the dump cache keeps, and the
Jaccard similarity of two stories' shingle sets.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from digest.config import IngestConfig
from digest.ingest.blocks import line_key, single_spaced
from digest.ingest.dedup_lsh import signatures_of_sets
from digest.models import RawStory

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Hashes = npt.NDArray[np.uint64]

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
# How far into a story a cut is looked for (`prefix_keys`): a 7 MB line costs no minutes.
_MOST_PREFIXES = 200_000
_WORD_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_ASCII_SEPARATORS = {code: " " for code in range(128) if chr(code) not in _WORD_CHARACTERS}
# The same for bytes: a 256-byte table (bytes.translate reads it per byte; str.translate
# looks each character up in the dict above, a tenth of the speed).
_ASCII_SEPARATOR_BYTES = bytes(
    32 if code < 128 and chr(code) not in _WORD_CHARACTERS else code for code in range(256)
)
_MASK = (1 << 64) - 1
_SEED = 0x9E3779B97F4A7C15  # fixed: signatures must be the same in every run and process


def normalize(text: str) -> str:
    """Fold what differs between copies of one text: Unicode forms, quotes, dashes, spacing."""
    if text.isascii():  # NFKC and the folded quotes change no ASCII; casefold is lower there
        if single_spaced(text):  # most lines: splitting and joining would change nothing
            return text.lower()
        return " ".join(text.lower().split())
    return " ".join(unicodedata.normalize("NFKC", text).translate(_FOLD).casefold().split())


def _normalized_parts(story: RawStory) -> list[str]:
    # An ASCII line's `normalize` is its `line_key` (casefold is lower in ASCII; the same
    # spaces), memoized as segmentation keyed this very string: a lookup, not nine scans.
    parts = (story.title, *story.captions, *story.body_lines)
    return [line_key(part) if part.isascii() else normalize(part) for part in parts]


def story_text(story: RawStory) -> str:
    """Return the normalized text that identifies a story: title, captions, body."""
    return "\n".join(_normalized_parts(story))


def _key_of(parts: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:24]


def exact_key(story: RawStory) -> str:
    """Return a key shared by stories that are the same after normalization."""
    return _key_of(_normalized_parts(story))


def prefix_keys(story: RawStory) -> set[str]:
    """Return the exact keys of every text *story*'s text starts with, cut anywhere (what a
    dump saved halfway through pasting it held), up to _MOST_PREFIXES characters in."""
    found: set[str] = set()
    whole = hashlib.sha256()
    budget = _MOST_PREFIXES
    for number, part in enumerate(_normalized_parts(story)):
        cut = whole.copy()
        if number:
            cut.update(b"\n")
        for character in part[: max(budget, 0)]:
            cut.update(character.encode())
            if character != " ":  # a normalized text never ends in a space
                found.add(cut.hexdigest()[:24])
        budget -= len(part)
        whole.update(f"{chr(10) if number else ''}{part}".encode())
        found.add(whole.hexdigest()[:24])
    return found


def _word_hash(word: bytes) -> int:
    # Stable in every process (unlike hash()); computed once per word and worker.
    return int.from_bytes(_word_digest(word), "little")


def _word_digest(word: bytes) -> bytes:
    return hashlib.blake2b(word, digest_size=8).digest()


class WordHashes(dict[bytes, bytes]):
    """Word (its UTF-8 bytes) -> its hash, made on the first lookup of a word: one pass over
    a story's words finds the ones met before and hashes the others (a worker keeps one for
    all its dumps). The words are bytes because their hash is made of the bytes, and an
    ASCII text is split into words fastest as bytes (`_word_bytes`).

    Each hash is kept as its 8 bytes (`_word_hash` reads them little-endian): a text's are
    joined and read as an array in place (`_hash_array`; numpy's `fromiter` of a Python int
    a word cost a third of that pass's instructions).
    """

    def __missing__(self, word: bytes) -> bytes:
        value = self[word] = _word_digest(word)
        return value


def _hash_array(words: Iterable[bytes], seen: WordHashes) -> Hashes:
    """Return the 64-bit hashes of *words*, in order (read only: a view of their bytes)."""
    import numpy as np

    return np.frombuffer(b"".join(map(seen.__getitem__, words)), dtype="<u8")


def _mix(values: Hashes) -> Hashes:
    """Finish 64-bit hashes (splitmix64), so that every output bit depends on every input."""
    import numpy as np

    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


@lru_cache(maxsize=8)
def _multipliers(count: int) -> tuple[int, ...]:
    state = _SEED
    found = []
    for _ in range(count):
        state = (state * 6364136223846793005 + 1442695040888963407) & _MASK
        found.append(state | 1)
    return tuple(found)


def words_of(story: RawStory) -> list[str]:
    """Return the normalized words of the story's title and body (not its captions)."""
    return _words(normalize(" ".join((story.title, *story.body_lines))))


def _words(text: str) -> list[str]:
    """Return the words of a normalized text."""
    if text.isascii():
        # The same words as \\w+ finds, in a fifth of the time: in ASCII a word character
        # is a letter, a digit or "_", and every other character separates words.
        return text.translate(_ASCII_SEPARATORS).split()
    return _WORD.findall(text)


def _word_bytes(text: str) -> list[bytes]:
    """Return the words of a normalized text as UTF-8 bytes: `_words`' words, encoded."""
    if text.isascii():
        # After the table every character but a word's is a space: bytes.split() (ASCII
        # white space) and str.split() cut at the same places.
        return text.encode("ascii").translate(_ASCII_SEPARATOR_BYTES).split()
    return [word.encode("utf-8") for word in _WORD.findall(text)]


def shingle_values(story: RawStory, size: int, words_seen: WordHashes | None = None) -> Hashes:
    """Return the 64-bit hash of each of the story's word *size*-grams, repeats included (a
    text shorter than *size* words is one shingle). *words_seen* memoizes word hashes."""
    words = [word.encode("utf-8") for word in words_of(story)]
    return _shingles(words, size, words_seen)


def _shingles(words: Sequence[bytes], size: int, words_seen: WordHashes | None) -> Hashes:
    import numpy as np

    seen = WordHashes() if words_seen is None else words_seen
    if len(words) < size:
        joined = b" ".join(words)
        return np.array([_word_hash(b"\0" + joined)], dtype=np.uint64)
    return _window_sums(_hash_array(words, seen), size)


def _window_sums(ids: Hashes, size: int) -> Hashes:
    """Return the mixed hash of each window of *size* word hashes (at least *size* given)."""
    import numpy as np

    # Each window's sum of word hash times multiplier, one shifted slice at a time: the
    # same sums (mod 2**64) as a sliding window view, without its overhead on short texts.
    count = len(ids) - size + 1
    multipliers = _multipliers(size)
    sums = ids[:count] * np.uint64(multipliers[0])
    for offset in range(1, size):
        sums += ids[offset : offset + count] * np.uint64(multipliers[offset])
    return _mix(sums)


def shingle_hashes(story: RawStory, size: int, words_seen: WordHashes | None = None) -> Hashes:
    """Return the sorted, distinct 64-bit hashes of the story's word *size*-grams."""
    import numpy as np

    return np.unique(shingle_values(story, size, words_seen))


def signatures(
    stories: Sequence[RawStory], config: IngestConfig, words_seen: WordHashes | None = None
) -> list[bytes]:
    """Return each story's MinHash signature as bytes (what the dump cache keeps).

    *words_seen* memoizes word hashes across calls (one per worker process).
    """
    return [signed for _, signed in fingerprints(stories, config, words_seen)]


def fingerprints(
    stories: Sequence[RawStory], config: IngestConfig, words_seen: WordHashes | None = None
) -> list[tuple[str, bytes]]:
    """Return each story's exact key and signature (as bytes), normalizing its text once.

    The words are those of words_of: normalizing the title and body lines one by one and
    joining them with spaces gives the same words as normalizing them joined (no Unicode
    normalization, case fold or white space rule acts across a space).
    """
    seen = WordHashes() if words_seen is None else words_seen
    keys = []
    texts = []
    for story in stories:
        parts = _normalized_parts(story)
        keys.append(_key_of(parts))
        texts.append(_word_bytes(" ".join((parts[0], *parts[1 + len(story.captions) :]))))
    # Repeated shingles do not change a minimum: no need to make them distinct first.
    shingles = _shingles_of_each(texts, config.shingle_words, seen)
    signed = signatures_of_sets(shingles, config.num_perm)
    return [(key, values.tobytes()) for key, values in zip(keys, signed, strict=True)]


def _shingles_of_each(
    texts: Sequence[Sequence[bytes]], size: int, seen: WordHashes
) -> list[Hashes]:
    """Return what `_shingles` gives for each text, hashing the windows of all the texts in
    one pass of whole-array operations (the windows that cross from one text into the next
    are hashed too, and left out): the same values, with numpy's calls made once a dump."""
    lengths = [len(words) for words in texts]
    total = sum(lengths)
    hashes = _hash_array(itertools.chain.from_iterable(texts), seen)
    mixed = _window_sums(hashes, size) if total >= size else hashes
    found = []
    start = 0
    for text, length in zip(texts, lengths, strict=True):
        if length < size:
            found.append(_shingles(text, size, seen))  # one shingle: the text's own hash
        else:
            found.append(mixed[start : start + length - size + 1])
        start += length
    return found


def jaccard(a: Hashes, b: Hashes) -> float:
    """Return the Jaccard similarity of two sorted, distinct shingle-hash arrays."""
    import numpy as np

    if not len(a) and not len(b):
        return 1.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)
