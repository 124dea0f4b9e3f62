"""The vocabulary of tags: the words around names, and the topic keyword map.

Read from digest/data/names.yaml and topics.yaml, with digest.yaml's topics, aliases and
ignored names added; made once per distinct setting.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from digest.config import ClassifyConfig
from digest.ingest.gazetteer import Key, name_key, word_key
from digest.paths import data_name

# Small words inside a name ("Ministry of Trade and Industry", "Abu Bakr al Baghdadi").
JOIN_WORDS = frozenset(
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


def load_vocabulary(config: ClassifyConfig) -> Vocabulary:
    """Return the name words and topic map for *config*."""
    return _vocabulary(
        tuple((topic, tuple(words)) for topic, words in config.topics.items()),
        tuple((name, tuple(spellings)) for name, spellings in config.aliases.items()),
        tuple(config.ignore),
    )


def _read(name: str) -> dict[str, Any]:
    text = resources.files("digest").joinpath(data_name(name)).read_text(encoding="utf-8")
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
        openers=stopwords | titles | JOIN_WORDS,
        skip=stopwords | titles | JOIN_WORDS | generic,
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
