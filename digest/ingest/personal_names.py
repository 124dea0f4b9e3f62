"""Personal names: a place's name that is a person's in a story ("Chad Johnson", "Michael Jordan").

News copy names a person in full once, then by the surname alone ("Chad Johnson signed ...
Johnson caught 67 passes"). A one-word place name written beside capitalised words that are
no place, no title and no generic noun is a person's given name when the story writes the
name's last word alone too ("Chad Johnson", "Israel Adesanya", "Georgia Smith"), and a
person's surname when the story writes the place's word alone too ("Michael Jordan ...
Jordan scored"), where the story names the place's country in no other way (a city of it,
its people, its dateline: "Israeli Defence Minister Israel Katz ... near Haifa" is Israel's,
"Statistics Canada ... Canada" Canada's). Such a word is no place wherever the story
writes it, in its title too.
Regions and names both ask whether a story writes a word in lower case (`in_lower_case`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

from digest.ingest.gazetteer import Key, Place


class _Words(Protocol):
    """A run of capitalised words as regions reads it (`regions.Words`)."""

    @property
    def text(self) -> str: ...

    @property
    def words(self) -> tuple[str, ...]: ...
    @property
    def keys(self) -> Key: ...
    @property
    def spans(self) -> tuple[tuple[int, int, tuple[Place, ...]], ...]: ...
    @property
    def span_words(self) -> frozenset[int]: ...
    @property
    def demonyms(self) -> frozenset[int]: ...


class Chunk(Protocol):
    """One occurrence of a run in a story (`regions.Chunk`: regions imports this module)."""

    @property
    def sentence_start(self) -> bool: ...
    @property
    def capitalised(self) -> bool: ...
    @property
    def words(self) -> _Words: ...
    @property
    def follows(self) -> str: ...


# A person's name here: the place's word and one or two more ("Chad Ochocinco Johnson").
_MOST_WORDS = 3


class People(NamedTuple):
    """The persons' names of a story that hold a place's word, and those words."""

    names: frozenset[Key]  # ("chad", "johnson"), ("michael", "jordan")
    words: frozenset[str]  # the places' words in them: "chad", "jordan"
    alone: frozenset[Key]  # ... as keys of one word: ("chad",), ("jordan",)


NOBODY = People(frozenset(), frozenset(), frozenset())


def find_people(
    chunks: Sequence[Chunk], text: str, skip: frozenset[str], dateline: str | None
) -> People:
    """Return the persons' names of a story's *chunks* that hold a one-word place name
    whose country the story names in no other way (a city of it, its people, its
    *dateline*'s country): "Michael Jordan" in a basketball story; "Statistics Canada" or
    "Given Brazil's" in a story that names Ottawa or Brazilians are no persons' names.

    *text* is the story's running text, *skip* the words that are never a name alone
    (titles, openers, generic nouns).
    """
    alone = {c.words.keys[0] for c in chunks if len(c.words.keys) == 1 and not c.capitalised}
    if not alone:
        return NOBODY
    countries: dict[Key, set[str]] = {}  # the countries each name of a place is of (made
    # when a name is found: most stories have none)
    names: dict[Key, str] = {}  # a person's name -> the place's word in it
    for chunk in chunks:
        keys = chunk.words.keys
        if chunk.capitalised or len(keys) < 2 or not chunk.words.spans:
            continue
        for start, end, found in chunk.words.spans:
            if (
                end - start != 1
                or start in chunk.words.demonyms  # "Heineken's Spanish", "Univisa Spanish"
                or found[0].kind == "region"  # "sub-Sahara Africa"
            ):
                continue
            bounds = _bounds(chunk, start, skip)
            if bounds is None:
                continue
            begin, finish = bounds
            told = keys[finish - 1] if begin == start else keys[start]  # written alone too
            if told not in alone:
                continue
            if not all(keys[at] in skip or at in chunk.words.span_words for at in range(begin)):
                continue  # "Israeli Defence Minister Israel Katz"; not "Bank of Israel Governor"
            if not all(
                _name_word(chunk, at, text, skip) for at in range(begin, finish) if at != start
            ):
                continue
            if begin == start and _after_a_place_word_in(chunk, start, text):
                continue  # "Prime Minister of India Narendra Modi ... Modi"
            if not countries:
                countries = _countries_of(chunks)
            if not _named_otherwise(keys[start:end], countries, dateline):
                names[keys[begin:finish]] = keys[start]
    # A company's name is no person's: "China Evergrande ... Evergrande" in "China
    # Evergrande Group" too.
    for chunk in chunks if names else ():
        keys = chunk.words.keys
        for name in [name for name in names if len(keys) > len(name)]:
            at = _find(keys, name)
            if at >= 0 and at + len(name) < len(keys) and keys[at + len(name)] in skip:
                del names[name]
    if not names:
        return NOBODY
    words = frozenset(names.values())
    return People(frozenset(names), words, frozenset((word,) for word in words))


def _countries_of(chunks: Sequence[Chunk]) -> dict[Key, set[str]]:
    """Return the countries each place's name a story writes is of."""
    countries: dict[Key, set[str]] = {}
    for chunk in chunks:
        for start, end, found in chunk.words.spans:
            countries.setdefault(chunk.words.keys[start:end], set()).update(
                place.country for place in found
            )
    return countries


def _named_otherwise(key: Key, countries: dict[Key, set[str]], dateline: str | None) -> bool:
    """Tell whether a story names a country of the place *key* names by another name."""
    mine = countries[key]
    return dateline in mine or any(
        not mine.isdisjoint(theirs) for other, theirs in countries.items() if other != key
    )


def _bounds(chunk: Chunk, start: int, skip: frozenset[str]) -> tuple[int, int] | None:
    """Return where a person's name holding the place at *start* would be in its run: the
    place and the words after it to the run's end (a given name), or the words before it
    back to a title (a surname); None when the place has no such neighbours."""
    keys = chunk.words.keys
    after = len(keys) - start - 1
    if 1 <= after < _MOST_WORDS:
        owner = chunk.words.words[start].endswith(("'s", "\u2019s"))  # "Brazil's Funaro"
        return None if owner else (start, len(keys))
    if after == 0 and start >= 1:
        begin = start
        while begin > 0 and start - begin + 1 < _MOST_WORDS and keys[begin - 1] not in skip:
            begin -= 1
        return (begin, start + 1) if begin < start else None
    return None


def _name_word(
    chunk: Chunk,
    at: int,
    text: str,
    skip: frozenset[str],
) -> bool:
    """Tell whether a run's word may be a person's name beside a place's: capitalised, not
    in capitals, no place, no title nor generic noun, never written in lower case, and no
    verb or adverb opening the sentence ("Visiting Jordan", "Normally Syria"), no owner."""
    word, key = chunk.words.words[at], chunk.words.keys[at]
    if not (word[:1].isupper() and any(c.islower() for c in word)):
        return False
    if key in skip or at in chunk.words.span_words or in_lower_case(key, text):
        return False
    if word.endswith(("'s", "\u2019s")) and at < len(chunk.words.keys) - 1:
        return False  # "Heineken's Spanish": an owner, no given name
    return not (at == 0 and chunk.sentence_start and key.endswith(("ing", "ed", "ly")))


def in_lower_case(word: str, text: str) -> bool:
    """Tell whether *text* writes *word* in lower case as a word of its own ("police")."""
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "-" or after.isalnum() or after == "-"):
            return True
        start = text.find(word, start + 1)
    return False


def _find(keys: Key, name: Key) -> int:
    """Return where *name* is in *keys*, or -1."""
    for at in range(len(keys) - len(name) + 1):
        if keys[at : at + len(name)] == name:
            return at
    return -1


# Generic nouns that make a country's name before them the name of a place or a school of
# their own ("Congo Square", "Lebanon Valley College"), not of one of its institutions.
_PLACE_NOUNS = frozenset(
    {
        "square", "street", "road", "avenue", "valley", "river", "lake", "island", "islands",
        "bay", "coast", "beach", "park", "gate", "delta", "college", "university", "school",
        "hospital", "airport", "station", "stadium", "mountains", "hill", "hills",
    }
)  # fmt: skip


# The words a place's name follows, never a name's opening one: "the Panama Canal", "envoy
# for Ukraine Kurt Volker", "President of France Emmanuel Macron", "in Georgia Tech's ...".
_BEFORE_PLACES = frozenset({"the", "of", "for", "in", "from", "to", "into", "across"})
_LONGEST_BEFORE = 8  # characters before a run its word is looked for in


def opens_a_name(chunk: Chunk, start: int, end: int, skip: frozenset[str], text: str) -> bool:
    """Tell whether a country's name written as a word opens another's name, once: "Jordan
    Henderson", "Kenya Barris", "Georgia Tech", "Congo Square", "Niger Delta"; the next
    word capitalised, no place, and no title or generic noun of the country's institutions
    ("Israel Defense Forces", "China Daily", "Pakistan Prime Minister" are the country's).
    Not a title's words (all capitalised), a people's name, an owner ("Jordan's King"),
    nor an abbreviation or a name in capitals ("U.S. Embassy", "UK", "JORDAN"), nor a name
    the story's *text* writes after "the", "of", "for", "in" and the like, or whose next word
    it writes in lower case too: a thing of the country's ("the Panama Canal", "the North
    China Plain", "Panama Canal ... the canal"), or the country before a name ("envoy for
    Ukraine Kurt Volker"), as a person's never is."""
    words = chunk.words
    if chunk.capitalised or end - start != 1 or end >= len(words.words):
        return False
    written, after = words.words[start], words.words[end]
    if start in words.demonyms or not written[1:].isalpha() or not written[1:].islower():
        return False
    if not (after[:1].isupper() and any(c.islower() for c in after)):
        return False
    if end in words.span_words and not _small_town_at(chunk, end):
        return False  # "Jordan Henderson": a surname that a small town has too, no place
    key = words.keys[end]
    if key in _FEATURES:
        return True  # "the Niger Delta", "the Jordan River": the river's, no country's
    if (key in skip and key not in _PLACE_NOUNS) or in_lower_case(key, text):
        return False  # "Panama Canal ... the canal": a thing of the country's
    return not _after_a_place_word_in(chunk, start, text)


# A land's features named after a river: the river's name, which may run through several
# countries ("the Niger Delta" is Nigeria's, "the Jordan Valley" two countries'), not its
# country's.
_FEATURES = frozenset({"delta", "river", "basin", "valley"})


def _small_town_at(chunk: Chunk, at: int) -> bool:
    """Tell whether a run's word at *at* is, alone, a place of running text that is only
    a town or city (not listed, no capital, country or area): "Henderson", "Barris" too."""
    for start, end, found in chunk.words.spans:
        if start == at:
            return end == at + 1 and all(p.kind == "city" and not p.listed for p in found)
    return False


def _after_a_place_word_in(chunk: Chunk, start: int, text: str) -> bool:
    """Tell whether the word at *start* of a run follows a word a place's name follows, in
    the run ("The Kenya Ports Authority said", "Prime Minister of India Narendra Modi") or
    in the story's *text* ("envoy for Ukraine Kurt Volker")."""
    words = chunk.words
    if start > 0 and words.keys[start - 1] in _BEFORE_PLACES:
        return True
    run = words.text  # "the North China Plain": the word before the run in the text
    at = text.find(run)
    while at != -1:
        before = text[max(0, at - _LONGEST_BEFORE) : at].rstrip().rpartition(" ")[2]
        if before.casefold() in _BEFORE_PLACES and at > len(before):
            return True
        at = text.find(run, at + len(run))
    return False
