"""Regions: a story's sections -> the places it names and the regions it belongs to, with why.

Where a place is named weighs more than how often: a dateline counts 6 (where a story was
filed is, most often, where it happened), the title 5, the first paragraph 3 and a caption
2, once each per region; the rest of the body adds half a point a mention, 3 at most. The
first place in the title adds 1 (the headline's subject) and, for a region named before the
body, each further country of it 1 (at most 2). A further region needs a share of the
primary region's score and a mention in the title, the dateline or the first paragraph by a
place that counts fully (so "US forces" alone never add North America to
an Iraq story).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from digest.config import ClassifyConfig
from digest.ingest.dates import Dateline
from digest.ingest.gazetteer import BIG_CITY, WORD, Gazetteer, Place, name_key, word_key

Position = Literal["title", "dateline", "lead", "caption", "body"]

POINTS: dict[Position, float] = {"title": 5.0, "dateline": 6.0, "lead": 3.0, "caption": 2.0}
_LABELS: dict[Position, str] = {
    "title": "title",
    "dateline": "dateline",
    "lead": "first paragraph",
    "caption": "caption",
}
BODY_POINTS = 0.5
BODY_CAP = 3.0
_SUBJECT_BONUS = 1.0
_MAX_MORE_COUNTRIES = 2
# Capitals this big count wherever they are named; smaller places need their country named too.
_BIG_CAPITAL = 100_000

# A run of capitalised words, with the small words that join names ("Bosnia and Herzegovina"),
# and the two characters before it. The pattern opens with a capital letter, not an assertion,
# so that the regex engine skips fast to the next capital.
_CAP = r"[A-ZÀ-ÖØ-Þ](?:\.(?:[A-Z]\.)*|\w*(?:['\u2019]\w+)*)"
_JOIN = (
    r"(?:of|and|the|de|del|della|di|da|das|do|dos|du|des|la|le|el|al|es|en|au|aux|on|upon"
    r"|for|y|van|von|der|den|bin|ibn)"
)
_CHUNK = re.compile(
    r"([A-ZÀ-ÖØ-Þ](?<=([\s\S]{2})[A-ZÀ-ÖØ-Þ])(?:\.(?:[A-Z]\.)*|\w*(?:['\u2019]\w+)*)"
    rf"(?:(?:[ \t]+|-|[ \t]*&[ \t]*)(?:{_JOIN}(?:[ \t]+|-))*{_CAP})*)"
)
_SENTENCE_END = frozenset(".!?:;\"\u201c\u201d\u2018'(\u2014\u2013-")
_WORD_START = _SENTENCE_END | {" ", "\t", "\n"}


class Section(NamedTuple):
    """A piece of a story and where it stands in it."""

    position: Position
    text: str
    capitalised: bool = False  # a title or heading that capitalises most of its words


@dataclass(frozen=True, slots=True)
class Words:
    """A run of capitalised words and the places named in it, read once however often seen."""

    text: str
    words: tuple[str, ...]  # as written
    keys: tuple[str, ...]  # as looked up
    spans: tuple[tuple[int, int, tuple[Place, ...]], ...]  # words [start, end) naming places
    span_words: frozenset[int]  # the words of all spans


class Chunk(NamedTuple):
    """One occurrence of a run of capitalised words in a story."""

    position: Position
    sentence_start: bool
    capitalised: bool
    words: Words


class Mention(NamedTuple):
    """A place named in a story, where, and which words of which chunk name it."""

    place: Place
    position: Position
    chunk: int  # index into the story's chunks; -1 for the dateline
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RegionGuess:
    """The regions of a story (primary first), why, and its places ranked for tagging."""

    regions: tuple[str, ...]
    reasons: tuple[str, ...]
    places: tuple[tuple[Place, float], ...]  # place and its own score, best first


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
    for position, text, capitalised in sections:
        # The ". " makes the first run of a section open a sentence.
        for run, before in _CHUNK.findall(". " + text):
            if before[1] not in _WORD_START:
                continue  # a capital inside a word: "iPhone"
            if run in memo:
                words = memo[run]
            else:
                words = memo[run] = _read_words(run, gazetteer, skip)
            if words is not None:
                opens = before[1] != " " or before[0] in _SENTENCE_END
                chunks.append(Chunk(position, opens, capitalised, words))
    return chunks


def _read_words(text: str, gazetteer: Gazetteer, skip: frozenset[str]) -> Words | None:
    """Split a run into words and find the place names in it; None for a lone skip word."""
    words = tuple(WORD.findall(text))
    if not words:
        return None
    keys = tuple(word_key(word) for word in words)
    spans = _place_spans(words, keys, gazetteer)
    if len(keys) == 1 and keys[0] in skip and not spans:
        return None
    span_words = frozenset(i for start, end, _ in spans for i in range(start, end))
    return Words(text, words, keys, spans, span_words)


def _place_spans(
    words: tuple[str, ...], keys: tuple[str, ...], gazetteer: Gazetteer
) -> tuple[tuple[int, int, tuple[Place, ...]], ...]:
    """Find the longest place names in a chunk, left to right."""
    spans = []
    i, count = 0, len(keys)
    while i < count:
        longest = gazetteer.longest.get(keys[i], 0)
        size = min(longest, count - i) if words[i][0].isupper() else 0
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


def dateline_place(line: Dateline, gazetteer: Gazetteer) -> Place | None:
    """Return the place a dateline names: "RICHMOND, Va." is Richmond in the United States."""
    if not line.place:
        return None
    area: Place | None = None
    if line.area:
        area = gazetteer.dateline_areas.get(word_key(line.area))
        if area is None:
            found = gazetteer.dateline_places.get(name_key(line.area), ())
            area = found[0] if found else None
    candidates = gazetteer.dateline_places.get(name_key(line.place), ())
    if area is not None:
        inside = [place for place in candidates if place.country == area.country]
        return inside[0] if inside else area
    return candidates[0] if candidates else None


def find_mentions(chunks: Sequence[Chunk], dateline: Place | None, text: str) -> list[Mention]:
    """Return the place names that stand for places, each resolved to one place.

    A name with several places ("Georgia") is the one whose country the story names otherwise.
    A city or area name that is part of a longer name ("Washington Post"), or a word the story's
    *text* also writes in lower case ("police"), is no place; a small city counts only when the
    story names its country too.
    """
    named = {dateline.country} if dateline is not None else set()
    for chunk in chunks:
        for _, _, found in chunk.words.spans:
            if len(found) == 1 and found[0].kind == "country":
                named.add(found[0].country)
    mentions = [Mention(dateline, "dateline", -1, 0, 0)] if dateline is not None else []
    for index, chunk in enumerate(chunks):
        for start, end, found in chunk.words.spans:
            place = found[0]
            if len(found) > 1:
                place = next((p for p in found if p.country in named), place)
            if _stands_for_place(place, chunk, start, end, named, text):
                mentions.append(Mention(place, chunk.position, index, start, end))
    # A title capitalises every word, so "CHASE MANHATTAN" looks like a place; a city or area
    # named there (not a capital) counts only when the story names it as a place elsewhere too.
    confirmed = {m.place for m in mentions if m.position != "title"}
    return [
        m
        for m in mentions
        if m.position != "title"
        or m.place.kind in ("country", "region", "capital")
        or m.place in confirmed
    ]


def _stands_for_place(
    place: Place,
    chunk: Chunk,
    start: int,
    end: int,
    named: set[str],
    text: str,
) -> bool:
    """Tell whether words that name *place* mean it here."""
    if place.kind in ("country", "region"):
        return True
    words = chunk.words
    if end - start == 1:
        if not chunk.capitalised and _inside_longer_name(chunk, start, end):
            return False
        if in_lower_case(words.keys[start], text) and not _in_capitals(words.words[start:end]):
            return False
    if place.listed or place.kind == "area" or place.population >= BIG_CITY:
        return True
    if place.kind == "capital" and place.population >= _BIG_CAPITAL:
        return True
    return place.country in named


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


def guess_regions(
    mentions: Sequence[Mention], gazetteer: Gazetteer, config: ClassifyConfig
) -> RegionGuess:
    """Score the regions the mentions point to; return the best ones and why."""
    scores: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    first_seen: dict[str, int] = {}
    for order, mention in enumerate(mentions):
        if mention.place.region:
            first_seen.setdefault(mention.place.region, order)
    title_subject = next((m.place.region for m in mentions if m.position == "title"), None)
    for region in first_seen:
        inside = [m for m in mentions if m.place.region == region]
        score, parts = _region_score(inside, region == title_subject)
        scores[region], reasons[region] = score, parts
    ranked = sorted(scores, key=lambda r: (-scores[r], first_seen[r]))
    chosen = ranked[:1]
    for region in ranked[1:]:
        # A place that counts less (the United States) cannot make a further region alone.
        leading = any(
            m.place.region == region
            and m.position in ("title", "dateline", "lead")
            and m.place.weight >= 1
            for m in mentions
        )
        if leading and scores[region] >= config.secondary_share * scores[ranked[0]]:
            chosen.append(region)
    chosen = chosen[: config.max_regions]
    return RegionGuess(
        tuple(chosen),
        tuple(f"{r}: {', '.join(reasons[r])} = {scores[r]:g}" for r in chosen),
        _place_scores(mentions, gazetteer),
    )


def _region_score(mentions: Sequence[Mention], subject: bool) -> tuple[float, list[str]]:
    """Return the score of one region's mentions and the reasons that add up to it."""
    score = 0.0
    parts: list[str] = []
    for position, points in POINTS.items():
        here = [m for m in mentions if m.position == position]
        if here:
            best = max(here, key=lambda m: (m.place.weight, m.place.kind == "country"))
            gained = points * best.place.weight
            score += gained
            parts.append(f"{best.place.name} in {_LABELS[position]} (+{gained:g})")
    body = [m for m in mentions if m.position == "body"]
    if body:
        gained = min(BODY_CAP, BODY_POINTS * len(body)) * max(m.place.weight for m in body)
        score += gained
        parts.append(f"{len(body)} mention{'s' * (len(body) > 1)} in body (+{gained:g})")
    if subject:
        score += _SUBJECT_BONUS
        parts.append(f"first place in title (+{_SUBJECT_BONUS:g})")
    countries = {m.place.country for m in mentions if m.place.country}
    more = min(_MAX_MORE_COUNTRIES, len(countries) - 1)
    if more > 0 and len(body) < len(mentions):  # only for a region named before the body
        score += more
        parts.append(f"{more} more countr{'ies' if more > 1 else 'y'} (+{more})")
    return score, parts


def _place_scores(
    mentions: Sequence[Mention], gazetteer: Gazetteer
) -> tuple[tuple[Place, float], ...]:
    """Score each place named, a city's mentions counting for its country too."""
    positions: dict[Place, set[Position]] = {}
    body: dict[Place, int] = {}
    first: dict[Place, int] = {}
    for order, mention in enumerate(mentions):
        targets = [mention.place]
        country = gazetteer.countries.get(mention.place.country)
        if country is not None and country is not mention.place:
            targets.append(country)
        for place in targets:
            first.setdefault(place, order)
            if mention.position == "body":
                body[place] = body.get(place, 0) + 1
            else:
                positions.setdefault(place, set()).add(mention.position)
    scores = {
        place: sum(POINTS[p] for p in positions.get(place, ()))
        + min(BODY_CAP, BODY_POINTS * body.get(place, 0))
        for place in first
    }
    ranked = sorted(scores, key=lambda p: (-scores[p], first[p]))
    return tuple((place, scores[place]) for place in ranked)
