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
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, NamedTuple

import yaml

from digest.config import ClassifyConfig
from digest.ingest.gazetteer import Key, Place, name_key, word_key
from digest.ingest.regions import Chunk, Mention, Words, in_lower_case

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
# Punctuation around a word as str.split() leaves it: "(protests," is "protests".
_PUNCTUATION = ".,;:!?\"'()[]{}\u201c\u201d\u2018\u2019\u00ab\u00bb\u2026\u2014\u2013*/-"
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
_MAX_NAME_WORDS = 6
_COUNTRY_SCORE = 3.0  # named in the title, dateline or lead, or six times in the body


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
    # The first three letters of a keyword ending in * -> (its stem, its topics): "protest*".
    topic_prefixes: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]]
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
    # libyaml's loader, when PyYAML has it, reads it several times faster (in every worker).
    data: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
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
            if " " in keyword:
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
        topic_prefixes=_by_first_letters(prefixes),
        phrase_starts=_by_first_word(phrases),
        openers=stopwords | titles | _JOIN_WORDS,
        skip=stopwords | titles | _JOIN_WORDS | generic,
    )


def _by_first_letters(
    prefixes: Mapping[str, list[str]],
) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Index keyword stems ("protest" of "protest*") by their first three letters."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for stem, topics in prefixes.items():
        index.setdefault(stem[:3], []).append((stem, tuple(topics)))
    return {letters: tuple(found) for letters, found in index.items()}


def _by_first_word(
    phrases: Mapping[str, list[str]],
) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Index keywords of several words by their first word; a final * is dropped."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for phrase, topics in phrases.items():
        first = phrase.split(" ")[0]
        index.setdefault(first, []).append((phrase.rstrip("*"), tuple(topics)))
    return {first: tuple(found) for first, found in index.items()}


@dataclass(slots=True)
class TopicMemo:
    """The words already looked up in one build, and those that suggest topics."""

    seen: set[str] = field(default_factory=set)
    topical: dict[str, tuple[str, ...]] = field(default_factory=dict)


def find_topics(
    title: str, lead: str, body: str, vocabulary: Vocabulary, memo: TopicMemo
) -> list[tuple[str, int]]:
    """Return the topics whose keywords the story uses, with their points, best first."""
    points: Counter[str] = Counter()
    for text, weight in ((title.lower(), 3), (lead.lower(), 2), (body.lower(), 1)):
        counts = Counter(text.split())
        words = counts.keys()
        for word in words - memo.seen:
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
                for topic in topics:
                    points[topic] += weight * count
    return sorted(points.items(), key=lambda item: (-item[1], item[0]))


def _word_topics(word: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """Return the topics one lower-case word suggests ("protesters": Protests)."""
    topics = list(vocabulary.topic_words.get(word, ()))
    if "-" in word and not topics:  # "nuclear-armed" says what "nuclear" says
        parts = word.split("-")
        return tuple(dict.fromkeys(t for part in parts for t in _word_topics(part, vocabulary)))
    for stem, stem_topics in vocabulary.topic_prefixes.get(word[:3], ()):
        if word.startswith(stem):
            topics.extend(stem_topics)
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
    # A run recurs ("Kim" eight times): count the occurrences first, find the names once.
    runs: dict[str, Words] = {}
    seen: Counter[tuple[str, bool, bool]] = Counter()
    names: dict[Key, _Name] = {}
    for index, chunk in enumerate(chunks):
        if chunk.capitalised:
            continue
        words = chunk.words
        taken = places.get(index, _NO_WORDS)
        if taken == words.span_words:
            runs[words.text] = words
            seen[words.text, chunk.sentence_start, chunk.position == "lead"] += 1
        else:  # this story does not take every place name of the run as a place
            for piece in _pieces(words, taken, vocabulary):
                _add(names, piece, 1, chunk.sentence_start, chunk.position == "lead")
    for (run, opens, lead), count in seen.items():
        pieces = memo.get(run)
        if pieces is None:
            pieces = memo[run] = _pieces(runs[run], runs[run].span_words, vocabulary)
        for piece in pieces:
            if opens and piece.at_start and len(piece.key) > 1:
                piece = _without_opener(piece, text)
            _add(names, piece, count, opens, lead)
    _merge(names)
    title_keys = set(name_key(title)) - vocabulary.stopwords - vocabulary.titles
    found: list[tuple[str, float]] = []
    for key, name in names.items():
        in_title = any(k in title_keys for k in key)
        if not (in_title or (name.count >= 2 and name.inside >= 1)):
            continue
        if len(key) == 1 and (name.inside == 0 or in_lower_case(key[0], text)):
            continue
        display = vocabulary.aliases.get(key) or max(name.forms, key=name.forms.__getitem__)
        found.append((display, name.count + 3.0 * in_title + 1.0 * name.lead))
    return sorted(found, key=lambda item: -item[1])


def _without_opener(piece: Piece, text: str) -> Piece:
    """Drop a sentence's first word that the story also writes in lower case ("Shares of Dome
    Petroleum" is "Dome Petroleum", "Should Citicorp" is "Citicorp")."""
    if not in_lower_case(piece.key[0], text):
        return piece
    drop = 1
    while drop < len(piece.key) - 1 and piece.key[drop] in _JOIN_WORDS:
        drop += 1
    written = re.split(r"[\s-]+", piece.written, maxsplit=drop)[-1]
    return Piece(piece.key[drop:], written, False)


def _add(names: dict[Key, _Name], piece: Piece, count: int, opens: bool, lead: bool) -> None:
    """Count *count* occurrences of a name found in a run that *opens* a sentence or not."""
    name = names.get(piece.key)
    if name is None:
        name = names[piece.key] = _Name(piece.key)
    name.count += count
    if not (piece.at_start and opens):
        name.inside += count
    name.lead |= lead
    name.forms[piece.written] = name.forms.get(piece.written, 0) + count


def _pieces(
    words: Words, places: set[int] | frozenset[int], vocabulary: Vocabulary
) -> tuple[Piece, ...]:
    """Return the names in a run of words.

    The run is split at places, after possessives, at "on", and at "and" between two names.
    A lone word left over beside a place ("Express" of "American Express") is a fragment.
    """
    keys = words.keys
    split_at_and = _splits_at_and(keys)
    bounds: list[tuple[int, int, bool]] = []  # start, end, and whether a place is beside it
    start = 0
    for i, word in enumerate(words.words):
        if i in places or keys[i] in ("on", "upon") or (split_at_and and keys[i] == "and"):
            if start < i:
                bounds.append((start, i, i in places or (start - 1) in places))
            start = i + 1
        elif word.endswith(("'s", "\u2019s")) and not _owner_in_name(keys, i + 1, vocabulary):
            bounds.append((start, i + 1, (start - 1) in places))
            start = i + 1
    if start < len(keys):
        bounds.append((start, len(keys), (start - 1) in places))
    pieces = []
    for begin, finish, beside_place in bounds:
        piece = _piece(words, begin, finish, vocabulary)
        if piece is not None and not (beside_place and len(piece.key) == 1):
            pieces.append(piece)
    return tuple(pieces)


def _owner_in_name(keys: Key, after: int, vocabulary: Vocabulary) -> bool:
    """Tell whether a possessive is part of a name: "National People's Congress", "Moody's
    Investors Service"; not "Japan's Prime Minister"."""
    return after < len(keys) and (keys[after] in vocabulary.generic or keys[-1] in _COMPANY)


def _splits_at_and(keys: Key) -> bool:
    """Tell whether "and" separates two names in a run: not in "Ministry of Trade and Industry"
    (an "of" before it, one word after) nor in a company ("Standard and Poor's Corp"), but in
    "University of Miami and Apex Expeditions"."""
    if "and" not in keys or keys[-1] in _COMPANY:
        return False
    at = keys.index("and")
    return not ("of" in keys[:at] and len(keys) - at - 1 == 1)


def _piece(words: Words, start: int, end: int, vocabulary: Vocabulary) -> Piece | None:
    """Return the name in words [start, end) of a run, if any.

    Titles, sentence openers and agencies come off the start ("President Vladimir Putin"),
    company suffixes and initials off the end ("Ford Motor Co"). A person named after an
    organisation's title is the name ("LME Board Chairman Jacques Lion"), and so is a person
    "of" somewhere ("Ted Scambos of CU Boulder"). A phrase that ends in a time word or a title
    ("Super Tuesday", "Marketing Director"), has only generic nouns ("Foreign Ministry"), is
    shouted ("OIL FIRMS HAVE ARGUED") or is longer than six words is no name.
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
    titled = [i for i in range(start + 1, end - 2) if keys[i] in vocabulary.titles]
    if titled:
        start, at_start = titled[-1] + 1, False  # the person after the last title
    if "of" in keys[start:end]:
        at = keys.index("of", start)
        before = keys[start:at]
        if len(before) >= 2 and not any(k in vocabulary.generic for k in before):
            end = at  # "Ted Scambos of CU Boulder"
    if start >= end or end - start > _MAX_NAME_WORDS:
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
    if end - start > 1 and all(word.isupper() for word in written):
        return None
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
    """Count a short form ("Kim", "Revolutionary Guard") for the name it stands for: a longer
    name that starts or ends with it, else its plural or singular."""
    by_end: dict[str, list[Key]] = {}
    for key in names:
        if len(key) > 1:
            by_end.setdefault(key[0], []).append(key)
            by_end.setdefault(key[-1], []).append(key)
    for key in sorted(names, key=len):
        size = len(key)
        if size > 2 or key not in names:
            continue  # a short form has a word or two
        longer = [
            other
            for other in {*by_end.get(key[0], ()), *by_end.get(key[-1], ())}
            if len(other) > size
            and other in names
            and (other[:size] == key or other[-size:] == key)
        ]
        if not longer:
            last = key[-1]
            variants = ((*key[:-1], last + "s"), (*key[:-1], last[:-1])) if last else ()
            count = names[key].count
            longer = [k for k in variants if k != key and k in names and names[k].count >= count]
        if not longer:
            continue
        target = names[max(longer, key=lambda k: (names[k].count, len(k), k))]
        name = names.pop(key)
        target.count += name.count
        target.inside += name.inside
        target.lead |= name.lead
        if len(target.key) == size:
            for written, count in name.forms.items():
                target.forms[written] = target.forms.get(written, 0) + count


def choose_tags(
    places: Sequence[tuple[Place, float]],
    titled: Collection[Place],
    regions: Sequence[str],
    names: Sequence[tuple[str, float]],
    topics: Sequence[tuple[str, int]],
    config: ClassifyConfig,
) -> tuple[str, ...]:
    """Pick 3 to 8 tags: places (of the primary region first), people and organisations, topics.

    A country is a tag when the title, dateline or lead names it, or the body often does; a
    city or area only when the title names it (*titled*). A capital is no tag of its own:
    "Kyiv denies" speaks for Ukraine.
    """
    rank = {region: i for i, region in enumerate(regions)}
    ranked = sorted(places, key=lambda item: (rank.get(item[0].region, len(rank)), -item[1]))
    place_tags = [
        place.name
        for place, score in ranked
        if (place.kind == "country" and score >= _COUNTRY_SCORE)
        or (place.kind in ("city", "area") and place in titled)
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
