"""Names: the people and organisations a story is about.

A person or organisation is a run of capitalised words that recurs (or is in the title), with
titles ("President"), sentence openers ("But") and places taken off; a shorter form ("Kim")
counts for the longer name that starts or ends with it ("Kim Jong Un").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from digest.ingest.gazetteer import Key, Place, name_key
from digest.ingest.personal_names import in_lower_case
from digest.ingest.regions import Chunk, Mention, Words
from digest.ingest.vocabulary import JOIN_WORDS, Vocabulary

# The words that name a place's kind beside its name ("County Clare", "Hatay Province").
_DESIGNATORS = frozenset(
    {"county", "co", "province", "prefecture", "governorate", "oblast", "district", "parish"}
)

_NO_WORDS: frozenset[int] = frozenset()
# German's articles (as keys) and its commonest small words (as written): capitalises_nouns.
_ARTICLES = frozenset({"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einen"})
_GERMAN_SMALL_WORDS = frozenset(
    {
        "der", "die", "das", "den", "dem", "des", "und", "ist", "sind", "nicht", "mit", "sich",
        "auf", "für", "von", "zu", "im", "ein", "eine", "einen",
    }
)  # fmt: skip
_LANGUAGE_WORDS = 200  # the words of a story its language is told by
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
_MAX_NAME_WORDS = 6


@dataclass(slots=True)
class _Name:
    """A person or organisation as counted in one story."""

    key: Key
    count: int = 0
    inside: int = 0  # mentions not opening a sentence
    lead: bool = False
    forms: dict[str, int] = field(default_factory=dict)  # as written -> how often


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
    seen: dict[tuple[str, bool, bool], int] = {}  # (a dict: Counter's __missing__ is Python)
    names: dict[Key, _Name] = {}
    for index, chunk in enumerate(chunks):
        if chunk.capitalised:
            continue
        words = chunk.words
        taken = places.get(index, _NO_WORDS)
        if taken == words.span_words:
            runs[words.text] = words
            occurrence = (words.text, chunk.sentence_start, chunk.position == "lead")
            seen[occurrence] = seen.get(occurrence, 0) + 1
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
    short = _short_forms([m.place for m in mentions] + [p for c in chunks for p in _spanned(c)])
    title_keys = set(name_key(title)) - vocabulary.stopwords - vocabulary.titles
    nouns = capitalises_nouns(text)
    found: list[tuple[str, float]] = []
    for key, name in names.items():
        in_title = not title_keys.isdisjoint(key)
        if not (in_title or (name.count >= 2 and name.inside >= 1)):
            continue
        if len(key) == 1 and (name.inside == 0 or in_lower_case(key[0], text) or key in short):
            continue
        display = vocabulary.aliases.get(key) or max(name.forms, key=name.forms.__getitem__)
        if nouns and key not in vocabulary.aliases:
            display = _noun_name(key, display)
            if not display:
                continue
        found.append((display, name.count + 3.0 * in_title + 1.0 * name.lead))
    return sorted(found, key=lambda item: -item[1])


def _spanned(chunk: Chunk) -> list[Place]:
    """The places a run of words names, taken as places or not (a title's "Co Clare")."""
    return [places[0] for _, _, places in chunk.words.spans]


def _short_forms(places: Sequence[Place]) -> frozenset[Key]:
    """Return the short forms of the places the story names with their designator: "Clare"
    of "Co Clare" or "County Clare", "Orange" of "Orange County", "Hatay" of "Hatay
    Province": the same place where the story writes it alone, never a person's name."""
    found: set[Key] = set()
    for place in places:
        words = name_key(place.name)
        if len(words) == 2 and words[0] in _DESIGNATORS:
            found.add(words[1:])
        elif len(words) == 2 and words[1] in _DESIGNATORS:
            found.add(words[:1])
    return frozenset(found)


def capitalises_nouns(text: str) -> bool:
    """Tell whether *text* is written in German, which capitalises every noun: a tenth of
    its words at least are its articles and small words."""
    words = text.split(None, _LANGUAGE_WORDS)[:_LANGUAGE_WORDS]
    if len(words) < 20:
        return False
    # (the lookups counted in C: a generator's frame a word cost five times that)
    return 10 * sum(map(_GERMAN_SMALL_WORDS.__contains__, words)) >= len(words)


def _noun_name(key: Key, display: str) -> str:
    """Return the name *key* is in a German text ("" for none): a word alone ("Streik",
    "Ausfällen") or words joined by an article ("Rentenpaket der Bundesregierung") are
    nouns, no name; an article opening one is not part of it ("Die Deutsche Bahn")."""
    if key[0] in _ARTICLES and len(key) > 2:
        key, display = key[1:], display.split(" ", 1)[1]
    return "" if len(key) == 1 or not _ARTICLES.isdisjoint(key) else display


def _without_opener(piece: Piece, text: str) -> Piece:
    """Drop a sentence's first word that the story also writes in lower case ("Shares of Dome
    Petroleum" is "Dome Petroleum", "Should Citicorp" is "Citicorp")."""
    if not in_lower_case(piece.key[0], text):
        return piece
    drop = 1
    while drop < len(piece.key) - 1 and piece.key[drop] in JOIN_WORDS:
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
        keys[end - 1] in JOIN_WORDS or keys[end - 1] in _COMPANY or len(keys[end - 1]) == 1
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
    if all(k in vocabulary.generic or k in JOIN_WORDS for k in key):
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
