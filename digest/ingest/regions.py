"""Regions: a story's sections -> the places it names, where, and how plainly.

Runs of capitalised words are read once (`scan`), the place names in them found in the
gazetteer, and each kept only where it stands for a place (`find_mentions`): not inside a
longer name ("Washington Post"), not a word the story also writes in lower case. A mention
is *vague* when it names a people ("Japanese"), a thing made there ("the Paris accord") or a
company ("Chemical New York Corp"): region_scores.py counts it less toward the primary region.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from digest.ingest.caseless_places import caseless_names, written_caseless
from digest.ingest.comma_places import in_areas
from digest.ingest.gazetteer import BIG_CITY, WORD, Gazetteer, Key, Place, ended_key
from digest.ingest.named_after import in_company_name, names_a_thing, names_an_institution
from digest.ingest.personal_names import find_people, in_lower_case, opens_a_name
from digest.ingest.word_countries import word_countries

Position = Literal["title", "dateline", "lead", "caption", "body"]

# Capitals this big count wherever they are named; smaller places need their country named too.
_BIG_CAPITAL = 100_000
# A city named in a story naming no country is the one of its name this many times bigger
# than any other country's.
_DOMINANT = 10


def _capitals(below: int = 0x2000) -> str:
    """Return the capital letters below *below* as a character class's ranges: the Latin,
    Greek, Cyrillic, Armenian and Georgian scripts' ("Łódź", "İzmir", "Москва")."""
    ranges: list[list[int]] = []
    for code in range(below):
        if chr(code).isupper():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


UPPER = _capitals()
# A run of capitalised words, with the small words that join names ("Bosnia and Herzegovina"),
# and the two characters before it. The pattern opens with a capital letter, not an assertion,
# so that the regex engine skips fast to the next capital.
_CAP = rf"[{UPPER}](?:\.(?:[A-Z]\.)*|\w*(?:['\u2019]\w+)*)"
_JOIN = (
    r"(?:of|and|the|de|del|della|di|da|das|do|dos|du|des|la|le|el|al|es|en|au|aux|on|upon"
    r"|for|y|van|von|der|den|bin|ibn)"
)
_CHUNK = re.compile(
    rf"([{UPPER}](?<=([\s\S]{{2}})[{UPPER}])(?:\.(?:[A-Z]\.)*|\w*(?:['\u2019]\w+)*)"
    rf"(?:(?:[ \t]+|-|[ \t]*&[ \t]*)(?:{_JOIN}(?:[ \t]+|-))*{_CAP})*)"
    r"(?=[ \t]+([a-z]+))?"  # and the word after it, in lower case ("Paris accord")
)
# A currency's sign: "US$2.3 billion", "A$", "HK$", "NZ$", "C$", "R$" name a money, not a place.
_CURRENCY = re.compile(r"\b[A-Z]{1,3}\$")
_NONE: frozenset[int] = frozenset()
_SENTENCE_END = frozenset(".!?:;\"\u201c\u201d\u2018'(\u2014\u2013-")
_WORD_START = _SENTENCE_END | {" ", "\t", "\n"}


class Section(NamedTuple):
    """A piece of a story and where it stands in it."""

    position: Position
    text: str
    capitalised: bool = False  # a title or heading that capitalises most of its words


# Not frozen: made for each distinct run of capitalised words (thousands a build), and a frozen
# dataclass's __init__ sets each field through object.__setattr__ (3.3 times the instructions
# of a plain one). Nothing assigns to one after it is made (hashed by its fields, as a frozen
# one is).
@dataclass(slots=True, unsafe_hash=True)
class Words:
    """A run of capitalised words and the places named in it, read once however often seen."""

    text: str
    words: tuple[str, ...]  # as written
    keys: tuple[str, ...]  # as looked up
    spans: tuple[tuple[int, int, tuple[Place, ...]], ...]  # words [start, end) naming places
    span_words: frozenset[int]  # the words of all spans
    demonyms: frozenset[int]  # the spans (by first word) that name a country's people


class Chunk(NamedTuple):
    """One occurrence of a run of capitalised words in a story."""

    position: Position
    sentence_start: bool
    capitalised: bool
    words: Words
    follows: str = ""  # the lower-case word after the run, if any ("accord")


# A chunk made as a tuple is: the named tuple's own __new__ is a Python function, a frame and
# a tuple of arguments more for each of a story's ~60 runs.
_new_chunk = functools.partial(tuple.__new__, Chunk)
_UNREAD = Words("", (), (), (), frozenset(), frozenset())  # a run not looked at yet


class Mention(NamedTuple):
    """A place named in a story, where, and which words of which chunk name it."""

    place: Place
    position: Position
    chunk: int  # index into the story's chunks; -1 for the dateline
    start: int
    end: int
    vague: bool  # a people's name, a thing or a company named after the place


_new_mention = functools.partial(tuple.__new__, Mention)  # (as _new_chunk)


def scan(
    sections: Sequence[Section],
    gazetteer: Gazetteer,
    skip: frozenset[str],
    memo: dict[str, Words | None],
) -> list[Chunk]:
    """Find the runs of capitalised words in every section, and the place names in them.

    A lone word in *skip* ("The", "But") that names no place is left out; *memo* keeps what
    each distinct run holds across the stories of one build.
    """
    chunks: list[Chunk] = []
    # A story in a script with no capitals says so in its title or lead: one look at them,
    # not a search of every paragraph of every story for its letters.
    caseless = any(written_caseless(section.text) for section in sections[:2])
    for position, text, capitalised in sections:
        text = _CURRENCY.sub(" ", text) if "$" in text else text
        # The ". " makes the first run of a section open a sentence.
        for run, before, follows in _CHUNK.findall(". " + text):
            if before[1] not in _WORD_START:
                continue  # a capital inside a word: "iPhone"
            words = memo.get(run, _UNREAD)
            if words is _UNREAD:
                words = memo[run] = _read_words(run, gazetteer, skip)
            if words is not None:
                opens = before[1] != " " or before[0] in _SENTENCE_END
                chunks.append(_new_chunk((position, opens, capitalised, words, follows)))
        for name in caseless_names(text, gazetteer) if caseless else ():  # no capitals open these
            words = memo.get(name, _UNREAD)
            if words is _UNREAD:
                words = memo[name] = _read_words(name, gazetteer, skip)
            if words is not None:
                chunks.append(_new_chunk((position, False, capitalised, words, "")))
    return chunks


def _read_words(text: str, gazetteer: Gazetteer, skip: frozenset[str]) -> Words | None:
    """Split a run into words and find the place names in it; None for a lone skip word."""
    words = tuple(WORD.findall(text))
    if not words:
        return None
    keys = tuple(ended_key(word, gazetteer.longest) for word in words)
    spans = _place_spans(words, keys, gazetteer)
    if not spans:  # most runs: no place, and nothing to gather
        return (
            None
            if len(keys) == 1 and keys[0] in skip
            else Words(text, words, keys, (), _NONE, _NONE)
        )
    span_words = frozenset(i for start, end, _ in spans for i in range(start, end))
    demonyms = frozenset(start for start, end, _ in spans if keys[start:end] in gazetteer.demonyms)
    return Words(text, words, keys, spans, span_words, demonyms)


def _place_spans(
    words: tuple[str, ...], keys: tuple[str, ...], gazetteer: Gazetteer
) -> tuple[tuple[int, int, tuple[Place, ...]], ...]:
    """Find the longest place names in a chunk, left to right."""
    spans = []
    i, count = 0, len(keys)
    while i < count:
        longest = gazetteer.longest.get(keys[i], 0)
        # (A name opens with a capital, or a letter of a script with none: caseless_places.)
        size = min(longest, count - i) if not words[i][0].islower() else 0
        while size:
            key = keys[i : i + size]
            found = gazetteer.places.get(key)
            if found and (key not in gazetteer.capitals_only or _in_capitals(words[i : i + size])):
                spans.append((i, i + size, found))
                break
            size -= 1
        i += size or 1
    return tuple(spans)


def _in_capitals(words: tuple[str, ...]) -> bool:
    return all(word.replace(".", "").isupper() for word in words)


def find_mentions(
    chunks: Sequence[Chunk],
    dateline: Place | None,
    text: str,
    gazetteer: Gazetteer,
    skip: frozenset[str],
    *,
    nouns_capitalised: bool = False,
    heads_marked: bool = False,
) -> list[Mention]:
    """Return the place names that stand for places, each resolved to one place.

    A name with several places ("Georgia") is the one whose country the story names otherwise,
    else the one in the country of another place it names ("Atlanta").
    A city or area name that is part of a longer name ("Washington Post"), or a word the story's
    *text* also writes in lower case ("police"), is no place; a small city counts only when the
    story names its country too, or names no country and no other country has a city of its
    name near its size; nor a word of a person's name (personal_names; *skip*: no name's).
    """
    people = find_people(chunks, text, skip, dateline.country if dateline else None)
    placed = in_areas(chunks, text, gazetteer)  # "Moscow, Idaho": Idaho's
    words = word_countries(chunks, text)  # "Turkey ... a turkey": weak, no named country
    named, hinted = _countries(chunks, dateline, people.alone | words, placed)
    story = _Story(text, chunks, gazetteer, skip, nouns_capitalised, heads_marked, words, hinted)
    mentions = [Mention(dateline, "dateline", -1, 0, 0, False)] if dateline else []
    names: set[Key] = set()  # words the text outside the title writes as a place's name
    other: set[Key] = set()  # ... and as a word of another name
    for index, chunk in enumerate(chunks):
        for start, end, found in _spans(chunk, placed.get(index)):
            found = placed.get(index, found)
            if not found or (end - start == 1 and chunk.words.keys[start] in people.words):
                other.add(chunk.words.keys[start:end])  # "Chad Johnson ... Johnson"
                continue
            place = found[0]
            if len(found) > 1:
                place = next((p for p in found if p.country in named), None) or next(
                    (p for p in found if p.country in hinted), place
                )
            stands = _stands_for_place(place, chunk, (start, end), named, story)
            if chunk.position != "title":
                (names if stands else other).add(chunk.words.keys[start:end])
            if stands:
                vague = (
                    start in chunk.words.demonyms
                    or names_a_thing(chunk, end)
                    or in_company_name(chunk, end)
                )
                mentions.append(_new_mention((place, chunk.position, index, start, end, vague)))
    # A title capitalises every word, so "CHASE MANHATTAN" looks like a place; a city or area
    # named there (not a capital) counts only when the story names it as a place elsewhere too,
    # and no name counts there that the text writes only as a word of another ("Gulf and
    # Western Inc").
    confirmed = {m.place for m in mentions if m.position != "title"}
    only_other = other - names
    return [
        m
        for m in mentions
        if m.position != "title" or _title_place(m, chunks, confirmed, only_other)
    ]


def _spans(
    chunk: Chunk, placed: tuple[Place, ...] | None
) -> tuple[tuple[int, int, tuple[Place, ...]], ...]:
    """Return the place names of a chunk: its spans, or the whole run when it names a town
    with its state after it that running text does not know alone ("Pittsfield, Mass.")."""
    if chunk.words.spans or not placed:
        return chunk.words.spans
    return ((0, len(chunk.words.keys), placed),)


def _countries(
    chunks: Sequence[Chunk],
    dateline: Place | None,
    personal: frozenset[Key],
    placed: dict[int, tuple[Place, ...]],
) -> tuple[set[str], set[str]]:
    """Return the countries a story names (and its dateline's, a town's with its state:
    *placed*), and those and the countries of its other places ("Atlanta ... Georgia"), a
    place's word in a person's name aside."""
    named = {dateline.country} if dateline is not None else set()
    named.update(place.country for places in placed.values() for place in places)
    hinted = set(named)
    for index, chunk in enumerate(chunks):
        for start, end, found in chunk.words.spans if index not in placed else ():
            if len(found) == 1 and chunk.words.keys[start:end] not in personal:
                hinted.add(found[0].country)
                if found[0].kind == "country":
                    named.add(found[0].country)
    return named, hinted


def _title_place(
    mention: Mention, chunks: Sequence[Chunk], confirmed: set[Place], only_other: set[Key]
) -> bool:
    if chunks[mention.chunk].words.keys[mention.start : mention.end] in only_other:
        return False
    return mention.place.kind in ("country", "region", "capital") or mention.place in confirmed


class _Story(NamedTuple):
    """The story a name stands in: its running text, its chunks, the gazetteer."""

    text: str
    chunks: Sequence[Chunk]
    gazetteer: Gazetteer
    skip: frozenset[str]  # words that are never a name alone: titles, generic nouns
    # The story's language capitalises every noun (German): a capitalised word after a
    # country's name says nothing ("Österreichs Regierung").
    nouns_capitalised: bool = False
    # Its language names a place's institutions with a possessive (Turkish "İstanbul Valiliği").
    heads_marked: bool = False
    # Countries' names it writes in lower case too (word_countries), and the countries its
    # places name otherwise: such a name is its country only when the country is among them.
    common: frozenset[Key] = frozenset()
    hinted: frozenset[str] | set[str] = frozenset()


def _stands_for_place(
    place: Place, chunk: Chunk, span: tuple[int, int], named: set[str], story: _Story
) -> bool:
    """Tell whether words that name *place* mean it here."""
    start, end = span
    text = story.text
    own = story.heads_marked and names_an_institution(chunk.words.keys, end)  # "İstanbul Valiliği"
    if chunk.words.keys[start:end] in story.common and place.country not in story.hinted:
        return False  # "Turkey prices ... a 16-pound turkey": a common noun
    if place.kind == "region" and in_company_name(chunk, end):
        return False  # "Gulf and Western Inc": a word of the name, not where it is
    if place.kind in ("country", "region"):  # "Kenya Barris", "Georgia Tech": no place
        company = in_company_name(chunk, end)  # "Japan Tobacco Inc": where it is from
        opens = not story.nouns_capitalised and opens_a_name(
            chunk, start, end, story.skip, story.text
        )
        return place.kind == "region" or company or not opens or own

    words = chunk.words
    if end - start == 1:
        if not (chunk.capitalised or own) and _inside_longer_name(chunk, start, end):
            return False
        if in_lower_case(words.keys[start], text) and not _in_capitals(words.words[start:end]):
            return False
    if place.listed or place.kind == "area" or place.population >= BIG_CITY:
        return True
    if place.kind == "capital" and place.population >= _BIG_CAPITAL:
        return True
    if place.country in named:
        return True
    return not named and place.kind == "city" and _unrivalled(place, chunk, span, story)


def _unrivalled(place: Place, chunk: Chunk, span: tuple[int, int], story: _Story) -> bool:
    """Tell whether a city of running text (`classify.min_city_population` people or more)
    named in a story that names no country is the place meant all the same ("Lyon",
    "Rennes", "Frankfurt"), as a city of a million is: the place of that name ten times
    bigger than any other country's ("Santa Fe" is not told without its country), written
    as a name, not an acronym ("GAO"), and never a word of a longer name in the story
    ("Toyota Motor Corp", "Warrington Inc")."""
    start, end = span
    words = chunk.words
    if not chunk.capitalised and _in_capitals(words.words[start:end]):
        return False
    key = words.keys[start:end]
    for other in story.gazetteer.dateline_places.get(key, ()):
        if other.country != place.country and other.population * _DOMINANT > place.population:
            return False
    return not any(_in_longer_name(other, key) for other in story.chunks)


def _in_longer_name(chunk: Chunk, key: Key) -> bool:
    """Tell whether a chunk of the story writes the words *key* inside a longer name."""
    if chunk.capitalised:
        return False  # (a title capitalises every word: its neighbours say nothing)
    for start, end, _ in chunk.words.spans:
        if chunk.words.keys[start:end] == key and (
            _inside_longer_name(chunk, start, end) or in_company_name(chunk, end)
        ):
            return True
    return False


def _inside_longer_name(chunk: Chunk, start: int, end: int) -> bool:
    """Tell whether the words next to a name are part of the same name ("Washington Post")."""
    words, spans = chunk.words.words, chunk.words.spans
    opener = chunk.sentence_start and start == 1  # "In Baghdad": "In" only opens the sentence
    before = start > 0 and not opener and words[start - 1][0].isupper()
    after = end < len(words) and words[end][0].isupper()
    if before and any(s[0] <= start - 1 < s[1] for s in spans):
        before = False  # "Japan-South Korea": the neighbour is a place too
    if after and any(s[0] <= end < s[1] for s in spans):
        after = False
    if words[end - 1].endswith(("'s", "\u2019s")):
        after = False  # "Baghdad's Jadiriya neighbourhood": the possessive ends the name
    return before or after
