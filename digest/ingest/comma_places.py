"""Comma places: "NAME, STATE" is one place, the one of that name there, in a dateline
("RICHMOND, Va.": `dateline_place`) as in a story's text (`in_areas`).

US and Canadian papers name every town outside the big cities with its state or province
after a comma ("in Moscow, Idaho,", "Paris, Texas", "Athens, Georgia", "Sydney, Nova
Scotia"), as their datelines do ("MOSCOW, Idaho (AP) -"). The name is then that state's town
(the gazetteer's, when it knows one there), never the capital of another country: a town it
does not know there names no place, the state naming the country. A name whose own country
the second one can name is left as it is ("Tbilisi, Georgia": Georgia is a country too).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from digest.ingest.dates import Dateline
from digest.ingest.gazetteer import Gazetteer, Place, name_key, word_key

if TYPE_CHECKING:
    from digest.ingest.personal_names import Chunk


def in_areas(
    chunks: Sequence[Chunk], text: str, gazetteer: Gazetteer
) -> dict[int, tuple[Place, ...]]:
    """Return, by the index of its chunk, the places a run naming a place and followed in
    *text* by a comma and a state's or province's name means: those of its name in that
    state's country, () for none."""
    found: dict[int, tuple[Place, ...]] = {}
    for index in range(len(chunks) - 1):
        chunk, after = chunks[index], chunks[index + 1]
        words = chunk.words
        if chunk.capitalised or len(words.spans) > 1:
            continue  # (a title's words, or more than one place)
        if words.spans and words.spans[0][1] - words.spans[0][0] != len(words.keys):
            continue  # (most runs: no place, or a longer name)
        area = gazetteer.dateline_areas.get(word_key(after.words.text))
        if area is None or f"{words.text}, {after.words.text}" not in text:
            continue
        # (a town too small for running text is known with its state: "Pittsfield, Mass.")
        places = words.spans[0][2] if words.spans else ()
        countries = {
            p.country for _, _, named in after.words.spans for p in named if p.kind == "country"
        }
        if any(place.country in countries for place in places):
            continue  # "Tbilisi, Georgia": the country's
        there = gazetteer.dateline_places.get(words.keys, ())
        found[index] = tuple(place for place in there if place.country == area.country)
    return found


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
