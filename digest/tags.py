"""Tags: a story's places, the people and organisations it is about, and its topics.

A person or organisation is a run of capitalised words that recurs (or is in the title), with
titles ("President"), sentence openers ("But") and places taken off; a shorter form ("Kim")
counts for the longer name that starts or ends with it ("Kim Jong Un"). Topics come from the
keyword map in digest/data/topics.yaml and digest.yaml.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, NamedTuple

import yaml

from digest.config import ClassifyConfig
from digest.gazetteer import Key, Place, name_key, word_key
from digest.regions import Chunk, Mention, Words, in_lower_case

_NO_WORDS: frozenset[int] = frozenset()
# Company suffixes: "Ford Motor Co" and "Ford Motor Corp" are one tag, "Ford Motor".
_COMPANY = frozenset(
    {
        "inc",
        "corp",
        "co",
        "ltd",
        "plc",
        "llc",
        "lp",
        "ag",
        "sa",
        "nv",
        "bv",
        "gmbh",
        "spa",
        "ab",
        "asa",
        "oyj",
        "kk",
        "bhd",
        "pty",
        "corporation",
        "incorporated",
        "company",
        "limited",
        "holdings",
    }
)
_PUNCTUATION = ".,;:!?\"'()[]{}\u201c\u201d\u2018\u2019\u00ab\u00bb\u2026\u2014\u2013*/"
_JOIN_WORDS = frozenset(
    {
        "of",
        "and",
        "the",
        "de",
        "del",
        "della",
        "di",
        "da",
        "das",
        "do",
        "dos",
        "du",
        "des",
        "la",
        "le",
        "el",
        "al",
        "es",
        "en",
        "au",
        "aux",
        "on",
        "upon",
        "for",
        "y",
        "van",
        "von",
        "der",
        "den",
        "bin",
        "ibn",
    }
)
# Points of a keyword by where it stands; a topic needs 3 (its word in the title does it).
_TOPIC_POINTS = {"title": 3, "lead": 2, "caption": 1, "body": 1}
_TOPIC_THRESHOLD = 3
_MAX_TOPICS = 3
_MAX_PLACES = 4
_MAX_NAMES = 3
# A country is a tag when named in the title, dateline or lead, or often in the body; a city
# or area only when it leads (title or dateline) or recurs in the lead and after.
_COUNTRY_SCORE = 3.0
_PLACE_SCORE = 5.0


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything tags need besides the story: name words and the topic keyword map."""

    titles: frozenset[str]
    agencies: frozenset[Key]
    stopwords: frozenset[str]
    generic: frozenset[str]  # "Ministry", "Bank": part of a name, never one alone
    ignored: frozenset[Key]
    aliases: Mapping[Key, str]  # a spelling -> the tag it means
    topic_words: Mapping[str, tuple[str, ...]]  # "protests" -> ("Protests",)
    topic_prefixes: Mapping[str, tuple[str, ...]]  # "protest" (from "protest*")
    prefix_lengths: tuple[int, ...]
    # First word of a keyword of several words -> those keywords ("human rights", "air strike")
    # and their topics.
    phrase_starts: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]]
    openers: frozenset[str]  # taken off the start of a name: stopwords, titles, small words
    skip: frozenset[str]  # words that alone are never a name: openers and generic nouns


@dataclass(slots=True)
class _Name:
    """A person or organisation as counted in one story."""

    key: Key
    count: int = 0
    inside: int = 0  # mentions not opening a sentence
    lead: bool = False
    forms: dict[str, int] = field(default_factory=dict)  # as written -> how often


def load_vocabulary(config: ClassifyConfig) -> Vocabulary:
    """Return the name words and topic map for *config*."""
    return _vocabulary(
        tuple((topic, tuple(words)) for topic, words in config.topics.items()),
        tuple((name, tuple(spellings)) for name, spellings in config.aliases.items()),
        tuple(config.ignore),
    )


def _read(name: str) -> dict[str, Any]:
    text = resources.files("digest").joinpath(f"data/{name}").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@functools.cache
def _vocabulary(
    editor_topics: tuple[tuple[str, tuple[str, ...]], ...],
    editor_aliases: tuple[tuple[str, tuple[str, ...]], ...],
    editor_ignore: tuple[str, ...],
) -> Vocabulary:
    names = _read("names.yaml")
    topics: dict[str, tuple[str, ...]] = {
        topic: tuple(words) for topic, words in _read("topics.yaml").items()
    }
    topics.update(editor_topics)
    words: dict[str, list[str]] = {}
    prefixes: dict[str, list[str]] = {}
    phrases: dict[str, list[str]] = {}
    for topic, keywords in topics.items():
        for keyword in keywords:
            keyword = keyword.lower().strip()
            if " " in keyword or "-" in keyword:
                phrases.setdefault(keyword, []).append(topic)
            elif keyword.endswith("*"):
                prefixes.setdefault(keyword[:-1], []).append(topic)
            elif keyword:
                words.setdefault(keyword, []).append(topic)
    aliases = {
        name_key(spelling): canonical
        for canonical, spellings in (*names["aliases"].items(), *editor_aliases)
        for spelling in (canonical, *(spellings or ()))
    }
    titles = frozenset(word_key(w) for w in names["titles"])
    stopwords = frozenset(word_key(w) for w in names["stopwords"])
    generic = frozenset(word_key(w) for w in names["generic"])
    return Vocabulary(
        titles=titles,
        agencies=frozenset(name_key(w) for w in names["agencies"]),
        stopwords=stopwords,
        generic=generic,
        ignored=frozenset(name_key(w) for w in editor_ignore),
        aliases=aliases,
        topic_words={k: tuple(v) for k, v in words.items()},
        topic_prefixes={k: tuple(v) for k, v in prefixes.items()},
        prefix_lengths=tuple(sorted({len(p) for p in prefixes})),
        phrase_starts=_by_first_word(phrases),
        openers=stopwords | titles | _JOIN_WORDS,
        skip=stopwords | titles | _JOIN_WORDS | generic,
    )


def _by_first_word(
    phrases: Mapping[str, list[str]],
) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Index keywords of several words by their first word; a final * is dropped."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for phrase, topics in phrases.items():
        first = re.split(r"[ -]", phrase)[0]
        index.setdefault(first, []).append((phrase.rstrip("*"), tuple(topics)))
    return {first: tuple(found) for first, found in index.items()}


def find_topics(
    title: str, lead: str, body: str, vocabulary: Vocabulary, memo: dict[str, tuple[str, ...]]
) -> list[tuple[str, int]]:
    """Return the topics whose keywords the story uses, with their points, best first.

    *memo* keeps the topics of each word as written (with its punctuation) for one build.
    """
    points: Counter[str] = Counter()
    for text, weight in ((title.lower(), 3), (lead.lower(), 2), (body.lower(), 1)):
        tokens = text.split()
        distinct = set(tokens)
        for token in distinct.difference(memo):
            memo[token] = _word_topics(token.strip(_PUNCTUATION), vocabulary)
        for topics in filter(None, map(memo.__getitem__, tokens)):
            for topic in topics:
                points[topic] += weight
        for first in distinct.intersection(vocabulary.phrase_starts):
            for phrase, topics in vocabulary.phrase_starts[first]:
                count = text.count(phrase)
                for topic in topics:
                    points[topic] += weight * count
    return sorted(points.items(), key=lambda item: (-item[1], item[0]))


def _word_topics(word: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """Return the topics one lower-case word suggests ("protesters": Protests)."""
    if "-" in word:  # "nuclear-armed" says what "nuclear" says
        parts = word.split("-")
        return tuple(dict.fromkeys(t for part in parts for t in _word_topics(part, vocabulary)))
    topics = list(vocabulary.topic_words.get(word, ()))
    for length in vocabulary.prefix_lengths:
        if length > len(word):
            break
        topics.extend(vocabulary.topic_prefixes.get(word[:length], ()))
    return tuple(dict.fromkeys(topics))


class Piece(NamedTuple):
    """A name as a run of words gives it, before counting."""

    key: Key
    written: str
    at_start: bool  # begins at the run's first word: it opens a sentence when the run does


def find_names(
    chunks: Sequence[Chunk],
    mentions: Sequence[Mention],
    title: str,
    text: str,
    vocabulary: Vocabulary,
    memo: dict[str, tuple[Piece, ...]],
) -> list[tuple[str, float]]:
    """Return the people and organisations the story is about, with scores, best first.

    *text* is the story's running text, to tell names from words also written in lower case;
    *memo* keeps the names each distinct run of words gives, for one build.
    """
    places: dict[int, set[int]] = {}
    for mention in mentions:
        places.setdefault(mention.chunk, set()).update(range(mention.start, mention.end))
    names: dict[Key, _Name] = {}
    for index, chunk in enumerate(chunks):
        if chunk.capitalised:
            continue
        words = chunk.words
        taken = places.get(index, _NO_WORDS)
        if taken == words.span_words:
            pieces = memo.get(words.text)
            if pieces is None:
                pieces = memo[words.text] = _pieces(words, taken, vocabulary)
        else:  # this story does not take every place name of the run as a place
            pieces = _pieces(words, taken, vocabulary)
        for key, written, at_start in pieces:
            name = names.get(key)
            if name is None:
                name = names[key] = _Name(key)
            name.count += 1
            name.inside += not (at_start and chunk.sentence_start)
            name.lead |= chunk.position == "lead"
            name.forms[written] = name.forms.get(written, 0) + 1
    _merge(names)
    title_keys = set(name_key(title)) - vocabulary.stopwords - vocabulary.titles
    found: list[tuple[str, float]] = []
    for key, name in names.items():
        in_title = any(k in title_keys for k in key)
        if not (in_title or (name.count >= 2 and name.inside >= 1)):
            continue
        if len(key) == 1 and in_lower_case(key[0], text):
            continue
        display = vocabulary.aliases.get(key) or max(name.forms, key=name.forms.__getitem__)
        found.append((display, name.count + 3.0 * in_title + 1.0 * name.lead))
    return sorted(found, key=lambda item: -item[1])


def _pieces(
    words: Words, places: set[int] | frozenset[int], vocabulary: Vocabulary
) -> tuple[Piece, ...]:
    """Return the names in a run, split at places, possessives and "and" between two names."""
    keys = words.keys
    split_at_and = _splits_at_and(keys)
    pieces = []
    start = 0
    for i, word in enumerate(words.words):
        if i in places or (split_at_and and keys[i] == "and"):
            if start < i:
                pieces.append(_piece(words, start, i, vocabulary))
            start = i + 1
        elif word.endswith(("'s", "\u2019s")):
            pieces.append(_piece(words, start, i + 1, vocabulary))
            start = i + 1
    if start < len(keys):
        pieces.append(_piece(words, start, len(keys), vocabulary))
    return tuple(piece for piece in pieces if piece is not None)


def _splits_at_and(keys: Key) -> bool:
    """Tell whether "and" separates two names in a run: not in "Ministry of Trade and Industry"
    (an "of" before it, one word after), but in "University of Miami and Apex Expeditions"."""
    if "and" not in keys:
        return False
    at = keys.index("and")
    return not ("of" in keys[:at] and len(keys) - at - 1 == 1)


def _piece(words: Words, start: int, end: int, vocabulary: Vocabulary) -> Piece | None:
    """Return the name in words [start, end) of a run, if any.

    Titles, sentence openers and agencies come off the start ("President Vladimir Putin"),
    company suffixes and initials off the end ("Ford Motor Co"); a phrase that ends in a time
    word or a title ("Super Tuesday", "Marketing Director") or has only generic nouns
    ("Foreign Ministry") is no name.
    """
    keys = words.keys
    whole = keys[start:end]
    if whole in vocabulary.aliases:
        return Piece(name_key(vocabulary.aliases[whole]), vocabulary.aliases[whole], start == 0)
    at_start = start == 0
    while start < end and (
        keys[start] in vocabulary.openers or keys[start : start + 1] in vocabulary.agencies
    ):
        start += 1
        at_start = False
    while end > start and (
        keys[end - 1] in _JOIN_WORDS or keys[end - 1] in _COMPANY or len(keys[end - 1]) == 1
    ):
        end -= 1
    if start >= end:
        return None
    key = keys[start:end]
    if key in vocabulary.aliases:
        return Piece(name_key(vocabulary.aliases[key]), vocabulary.aliases[key], at_start)
    last = key[-1]
    if last in vocabulary.stopwords or last in vocabulary.titles:
        return None
    if all(k in vocabulary.generic or k in _JOIN_WORDS for k in key):
        return None
    if key in vocabulary.agencies or key in vocabulary.ignored:
        return None
    written = words.words[start:end]
    if any(not word.isalpha() and any(c.isdigit() for c in word) for word in written):
        return None  # "N2-CO2", "737"
    first = written[0]
    if end - start == 1 and first.isupper() and not 3 <= len(first) <= 6:
        return None  # "AA" or a shouted word, not an acronym
    return Piece(key, _as_written(words, start, end), at_start)


def _as_written(words: Words, start: int, end: int) -> str:
    """Return words [start, end) of a run as the text writes them, without a final "'s"."""
    if start == 0 and end == len(words.words):
        text = words.text
    else:
        begin = 0
        for word in words.words[:start]:
            begin = words.text.index(word, begin) + len(word)
        begin = words.text.index(words.words[start], begin)
        finish = begin
        for word in words.words[start:end]:
            finish = words.text.index(word, finish) + len(word)
        text = words.text[begin:finish]
    return re.sub(r"['\u2019][sS]$", "", text)


def _merge(names: dict[Key, _Name]) -> None:
    """Count a short form ("Kim", "Revolutionary Guard") for the name it stands for."""
    by_end: dict[str, list[Key]] = {}
    for key in names:
        if len(key) > 1:
            by_end.setdefault(key[0], []).append(key)
            by_end.setdefault(key[-1], []).append(key)
    for key in sorted(names, key=len):
        if key not in names:
            continue
        longer = [
            other
            for other in {*by_end.get(key[0], ()), *by_end.get(key[-1], ())}
            if len(other) > len(key)
            and other in names
            and (other[: len(key)] == key or other[-len(key) :] == key)
        ]
        if not longer:
            last = key[-1]
            variants = ((*key[:-1], last + "s"), (*key[:-1], last[:-1])) if last else ()
            longer = [
                k
                for k in variants
                if k in names and k != key and names[k].count >= names[key].count
            ]
        if not longer:
            continue
        target = names[max(longer, key=lambda k: (names[k].count, len(k), k))]
        name = names.pop(key)
        target.count += name.count
        target.inside += name.inside
        target.lead |= name.lead
        if len(target.key) == len(name.key):
            for written, count in name.forms.items():
                target.forms[written] = target.forms.get(written, 0) + count


def choose_tags(
    places: Sequence[tuple[Place, float]],
    regions: Sequence[str],
    names: Sequence[tuple[str, float]],
    topics: Sequence[tuple[str, int]],
    config: ClassifyConfig,
) -> tuple[str, ...]:
    """Pick 3 to 8 tags: places (of the primary region first), people and organisations, topics.

    A capital is not a tag of its own: "Kyiv denies" speaks for Ukraine, which is.
    """
    rank = {region: i for i, region in enumerate(regions)}
    ranked = sorted(places, key=lambda item: (rank.get(item[0].region, len(rank)), -item[1]))
    place_tags = [
        place.name
        for place, score in ranked
        if place.kind not in ("region", "capital")
        and score >= (_COUNTRY_SCORE if place.kind == "country" else _PLACE_SCORE)
    ][:_MAX_PLACES]
    name_tags = [name for name, _ in names][:_MAX_NAMES]
    topic_tags = [topic for topic, points in topics if points >= _TOPIC_THRESHOLD][:_MAX_TOPICS]
    chosen = _unique([*place_tags, *name_tags, *topic_tags])
    if len(chosen) < config.min_tags:
        spare = [
            *(place.name for place, score in ranked if place.kind == "country" and score > 0),
            *(name for name, _ in names),
            *(topic for topic, _ in topics),
        ]
        chosen = _unique([*chosen, *spare])[: max(config.min_tags, len(chosen))]
    return tuple(chosen[: config.max_tags])


def _unique(tags: Sequence[str]) -> list[str]:
    """Drop later tags that name the same thing as an earlier one ("Human Rights" twice)."""
    seen: set[Key] = set()
    unique = []
    for tag in tags:
        key = name_key(tag)
        if key and key not in seen:
            seen.add(key)
            unique.append(tag)
    return unique
