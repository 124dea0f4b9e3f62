"""Tags: a story's places, the people and organisations it is about (names.py), its topics.

Topics come from the keyword map in digest/data/topics.yaml and digest.yaml (vocabulary.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from itertools import filterfalse

from digest.config import ClassifyConfig
from digest.ingest.gazetteer import Key, Place, name_key
from digest.ingest.vocabulary import Vocabulary

# Punctuation around a word as str.split() leaves it: "(protests," is "protests".
_PUNCTUATION = ".,;:!?\"'()[]{}\u201c\u201d\u2018\u2019\u00ab\u00bb\u2026\u2014\u2013*/-"
# Points of a keyword by where it stands; a topic needs 3 (its word in the title does it).
_TOPIC_POINTS = {"title": 3, "lead": 2, "caption": 1, "body": 1}
_TOPIC_THRESHOLD = 3
_MAX_TOPICS = 3
_MAX_PLACES = 4
_MAX_NAMES = 3
_COUNTRY_SCORE = 3.0  # named in the title, dateline or lead, or six times in the body


@dataclass(slots=True)
class TopicMemo:
    """The words already looked up in one build, and those that suggest topics."""

    seen: set[str] = field(default_factory=set)
    topical: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The words worth counting in a text: the topical ones and the first words of phrases.
    counted: set[str] = field(default_factory=set)
    # The words seen that are not counted (seen less counted): most of a text's words.
    plain: set[str] = field(default_factory=set)


def find_topics(
    title: str, lead: str, body: str, vocabulary: Vocabulary, memo: TopicMemo
) -> list[tuple[str, int]]:
    """Return the topics whose keywords the story uses, with their points, best first."""
    points: Counter[str] = Counter()
    if not memo.counted:
        memo.counted.update(vocabulary.phrase_starts)
    for text, weight in ((title.lower(), 3), (lead.lower(), 2), (body.lower(), 1)):
        # One pass over every token, in C, leaves the few that are counted or not met yet
        # (~40 of a story's ~800): the words seen and not counted are dropped, and only
        # those left are looked up again (a set of every word and its difference with the
        # memo cost twice these lookups; a second pass over every token, a fifth more).
        rest = list(filterfalse(memo.plain.__contains__, text.split()))
        if not rest:
            continue
        for word in set(filterfalse(memo.seen.__contains__, rest)):
            memo.seen.add(word)
            topics = _word_topics(word.strip(_PUNCTUATION), vocabulary)
            if topics:
                memo.topical[word] = topics
                memo.counted.add(word)
            elif word not in memo.counted:  # (a phrase's first word is counted, topical or not)
                memo.plain.add(word)
        counts = Counter(filter(memo.counted.__contains__, rest))
        if not counts:
            continue
        for word, count in counts.items():
            for topic in memo.topical.get(word, ()):
                points[topic] += weight * count
        # (a dict view first: its intersection walks the smaller of the two)
        for first in vocabulary.phrase_starts.keys() & counts.keys():
            for phrase, topics in vocabulary.phrase_starts[first]:
                count = text.count(phrase)
                if not count:  # "al" without "al qaeda" is no point for Terrorism, not 0
                    continue
                for topic in topics:
                    points[topic] += weight * count
    return sorted(points.items(), key=lambda item: (-item[1], item[0]))


def _word_topics(word: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """Return the topics one lower-case word suggests ("protesters": Protests)."""
    stems = vocabulary.topic_prefixes.get(word[:3])
    if stems is None and "-" not in word and word not in vocabulary.topic_words:
        return ()  # most words: no keyword, no stem of one, no parts
    topics = list(vocabulary.topic_words.get(word, ()))
    if "-" in word and not topics:  # "nuclear-armed" says what "nuclear" says
        parts = word.split("-")
        return tuple(dict.fromkeys(t for part in parts for t in _word_topics(part, vocabulary)))
    for stem, stem_topics in stems or ():
        if word.startswith(stem):
            topics.extend(stem_topics)
    return tuple(dict.fromkeys(topics))


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
            *(topic for topic, points in topics if points > 0),
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
