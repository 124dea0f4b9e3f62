"""Ingest's fifth-pass shortcuts (issue #20, ingest speed) give exactly what the slower way
gave: a line's spacing told without `isprintable`, a text's words for fingerprints split as
bytes, a story's topics counted only for its topical words (looked for among the words not
known to be plain: ingest13), a name's accents dropped by a table (ingest13)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from digest.config import ClassifyConfig, IngestConfig
from digest.ingest.blocks import collapse_spaces, single_spaced
from digest.ingest.fingerprints import _word_bytes, _words, fingerprints, normalize
from digest.ingest.gazetteer import _MARKS, fold
from digest.ingest.tags import _PUNCTUATION, TopicMemo, _word_topics, find_topics
from digest.ingest.vocabulary import Vocabulary, load_vocabulary
from digest.models import Block, RawStory, Source

_WORD = re.compile(r"\w+")

# Every white space str.split() cuts at in ASCII and some beyond, and what is not white space.
_SPACING_PIECES = st.sampled_from(
    [
        " ", "  ", "\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "\x00",
        "\x07", "\x7f", "\xa0", "\u2003", "\u2028", "\x85", "a", "B", "é", "北", ".", "_", "1",
    ]
)  # fmt: skip
_SPACED = st.lists(_SPACING_PIECES, max_size=12).map("".join) | st.text(max_size=40)


@settings(max_examples=600, deadline=None)
@given(_SPACED)
def test_single_spaced_is_split_and_join(text: str) -> None:
    unchanged = " ".join(text.split()) == text
    if text.isascii():
        assert single_spaced(text) == unchanged
    else:  # (an unprintable character other than a space goes the slow way, to the same end)
        assert unchanged or not single_spaced(text)
    assert collapse_spaces(text) == " ".join(text.split())
    before = " ".join(unicode_fold(text).split())  # normalize's slow way, on every text
    assert normalize(text) == before


def unicode_fold(text: str) -> str:
    """What normalize did before its shortcuts: NFKC, quotes and dashes folded, case folded."""
    import unicodedata

    from digest.ingest.fingerprints import _FOLD

    return unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()


@settings(max_examples=600, deadline=None)
@given(_SPACED)
def test_word_bytes_are_the_words_encoded(text: str) -> None:
    normalized = normalize(text)
    assert _word_bytes(normalized) == [w.encode("utf-8") for w in _WORD.findall(normalized)]
    assert _word_bytes(normalized) == [w.encode("utf-8") for w in _words(normalized)]


def test_fingerprints_are_the_ones_cached_before() -> None:
    """Keys and signatures are cached with each dump and decide the near duplicates: the
    hash below is what digest made before words were split as bytes (d88bf94)."""
    texts = [
        "Protesters filled the square on Friday, police said.",
        "Café owners in Zürich — “closed” — 2019",
        "one two",
        "x",
        "",
        "Tabs\tand\x1fodd  spaces ",
        "naïve résumé's co-operate_now 42",
    ]
    stories = [
        RawStory(
            Source("d.txt", i), 1, f"Title {i} {t[:5]}", (), (Block("paragraph", (t, t.upper())),)
        )
        for i, t in enumerate(texts)
    ]
    found = fingerprints(stories, IngestConfig())
    assert hashlib.sha256(repr(found).encode()).hexdigest() == (
        "a24060ff30b0f49900d44e327b8d5813ad6b73f5ff83c2dba7462e6293d2db87"
    )


def _find_topics_before(
    title: str, lead: str, body: str, vocabulary: Vocabulary, memo: TopicMemo
) -> list[tuple[str, int]]:
    """What tags.find_topics did before it counted only the topical words."""
    points: Counter[str] = Counter()
    for text, weight in ((title.lower(), 3), (lead.lower(), 2), (body.lower(), 1)):
        counts = Counter(text.split())
        words = counts.keys()
        for word in set(words).difference(memo.seen):
            memo.seen.add(word)
            topics = _word_topics(word.strip(_PUNCTUATION), vocabulary)
            if topics:
                memo.topical[word] = topics
        for word in words & memo.topical.keys():
            for topic in memo.topical[word]:
                points[topic] += weight * counts[word]
        for first in words & vocabulary.phrase_starts.keys():
            for phrase, topics in vocabulary.phrase_starts[first]:
                count = text.count(phrase)
                if not count:
                    continue
                for topic in topics:
                    points[topic] += weight * count
    return sorted(points.items(), key=lambda item: (-item[1], item[0]))


_VOCABULARY = load_vocabulary(ClassifyConfig())
_TOPIC_PIECES = st.sampled_from(
    [
        *sorted(_VOCABULARY.topic_words)[:40],
        *(phrase for starts in _VOCABULARY.phrase_starts.values() for phrase, _ in starts),
        "protesters", "Election,", "(war)", "nuclear-armed", "the", "a", "said", "-", ".",
        "Police.", "\u201cvote\u201d", "\n", " ",
    ]
)  # fmt: skip
_TOPIC_TEXTS = st.lists(_TOPIC_PIECES, max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_TOPIC_TEXTS, _TOPIC_TEXTS, _TOPIC_TEXTS), min_size=1, max_size=4))
def test_find_topics_is_as_before(stories: list[tuple[str, str, str]]) -> None:
    memo, memo_before = TopicMemo(), TopicMemo()  # (each story meets the words of those before)
    for title, lead, body in stories:
        found = find_topics(title, lead, body, _VOCABULARY, memo)
        assert found == _find_topics_before(title, lead, body, _VOCABULARY, memo_before)
    assert memo.seen == memo_before.seen and memo.topical == memo_before.topical


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_TOPIC_TEXTS, _TOPIC_TEXTS, _TOPIC_TEXTS), min_size=1, max_size=4))
def test_topic_memo_plain_words_are_the_seen_not_counted(
    stories: list[tuple[str, str, str]],
) -> None:
    memo = TopicMemo()
    for title, lead, body in stories:
        find_topics(title, lead, body, _VOCABULARY, memo)
        # What find_topics' one pass over every word leaves out: no counted word, ever.
        assert memo.plain == memo.seen - memo.counted


def _fold_before(text: str) -> str:
    """What gazetteer.fold did before its table: each character tested in a generator."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=20) | st.sampled_from(["São Tomé", "Zürich", "Łódź", "İstanbul", "서울"]))
def test_fold_is_as_before(text: str) -> None:
    assert fold(text) == _fold_before(text)


def test_fold_is_as_before_on_every_mark() -> None:
    marks = [chr(point) for point in range(0x300, 0x2000) if unicodedata.combining(chr(point))]
    assert marks and all(fold(f"e{mark}x") == "ex" for mark in marks)
    assert all(_MARKS[ord(mark)] is None for mark in marks)  # each met once, then in the table
    letters = "".join(chr(point) for point in range(0xC0, 0x2000) if chr(point).isalpha())
    assert fold(letters) == _fold_before(letters)
