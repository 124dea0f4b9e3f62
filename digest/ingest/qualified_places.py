"""Qualified places: a place named with its state, province or country after a comma.

Papers write a town outside the big cities with its state ("Officials in Moscow, Idaho,
said", AP's style), and wires a town that shares a famous name ("Paris, Texas", "London,
Ontario", "Athens, Georgia"). The pair names one place, the town in that state or country,
here and wherever the story names the town again: never the capital of the same name, nor
the country "Lebanon" in "Lebanon, Pennsylvania", nor the country "Georgia" in "Athens,
Georgia". A dateline's "CITY, STATE" is read so already (`regions.dateline_place`); this is
the same reading for running text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from digest.ingest.gazetteer import Gazetteer, Key, Place

# A place of one of these kinds, named before a state that has no town of its name in the
# gazetteer, is a town too small to be listed there: no place of the story's.
_TOWN_KINDS = ("city", "capital")
_POSSESSIVE = ("'s", "\u2019s")


class Named(Protocol):
    """A run of capitalised words and the places named in it (`regions.Words`)."""

    @property
    def text(self) -> str: ...
    @property
    def words(self) -> tuple[str, ...]: ...
    @property
    def keys(self) -> tuple[str, ...]: ...
    @property
    def spans(self) -> tuple[tuple[int, int, tuple[Place, ...]], ...]: ...


def qualified_places(
    runs: Sequence[Named], text: str, gazetteer: Gazetteer
) -> dict[Key, Place | None]:
    """Return, by name, the place each name of a "NAME, STATE" pair in *text* stands for,
    the town's and the state's (None: a town the gazetteer does not know, no place at all).
    *runs* are the story's runs of capitalised words in the order they stand."""
    found: dict[Key, Place | None] = {}
    for index in range(len(runs) - 1):
        town, state = runs[index], runs[index + 1]
        if not town.spans or town.spans[-1][1] != len(town.keys):
            continue  # (most runs: no place at the end of the run)
        states = _state_places(state, gazetteer)
        if not states or f"{town.text}, {state.text}" not in text:
            continue
        start, end, towns = town.spans[-1]
        pair = _pair(town.keys[start:end], towns, states, gazetteer)
        if pair is None:
            continue
        found[town.keys[start:end]] = pair[0]
        if pair[1] is not None and state.spans and state.spans[0][0] == 0:
            found[state.keys[: state.spans[0][1]]] = pair[1]
    return found


def _state_places(state: Named, gazetteer: Gazetteer) -> tuple[Place, ...]:
    """Return what the first words of a run may name as a town's state, province or country
    ("Texas", "Ontario", "Georgia"; an abbreviation of a dateline, "Tex.": its country);
    nothing for a city ("Paris, London"), or a name in the possessive ("Moscow, Georgia's
    president": a new clause)."""
    named = state.spans[0][1] if state.spans and state.spans[0][0] == 0 else 1
    if any(word.endswith(_POSSESSIVE) for word in state.words[:named]):
        return ()
    if state.spans and state.spans[0][0] == 0:
        places = tuple(p for p in state.spans[0][2] if p.kind in ("area", "country"))
        if places:
            return places
    country = gazetteer.dateline_areas.get(state.keys[0])
    return (country,) if country is not None else ()


def _pair(
    key: Key, towns: tuple[Place, ...], states: tuple[Place, ...], gazetteer: Gazetteer
) -> tuple[Place | None, Place | None] | None:
    """Return the town and the state a pair names: the first of the state's places (best
    first) whose country has a place of the town's name; a town of a name the gazetteer
    does not know in a state that is no country is None. None when the pair says nothing
    (a list of countries: "France, Georgia and Armenia")."""
    for state in states:
        home = [p for p in gazetteer.dateline_places.get(key, ()) if p.country == state.country]
        if home:
            return home[0], state
    if towns[0].kind in _TOWN_KINDS and all(state.kind != "country" for state in states):
        return None, states[0]
    return None
